"""`assemble check`: every problem of the folder at once, with file, line and one sentence."""
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from assemble.checks.bib import valid_date
from assemble.checks.run import check_workspace
from assemble.cli import main

ASSEMBLE = [sys.executable, "-m", "assemble"]


def found(root: Path, **options) -> list[str]:
    return [str(p) for p in check_workspace(root, **options)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_clean_workspace_has_no_problems(workspace):
    assert found(workspace) == []
    result = invoke("check", "--root", str(workspace))
    assert result.exit_code == 0 and result.stdout == "no problems found\n"


def test_lists_every_problem_of_every_file_at_once(workspace):
    edit(workspace / "report.yml", "session:", "sesion:")
    edit(workspace / "sections" / "art-9.md", "organisations: [SCM]", "organisations: [SCM]\ncolour: red")
    edit(workspace / "sections" / "art-9.md", "[@book-y]", "[@bok-y]")
    edit(workspace / "sections" / "followup.md", "[@co-2016, para. 5]", "[@co-2016, para. 5] [^nope]")
    problems = found(workspace)
    assert problems == [
        "report.yml:5: error: unknown key 'sesion' in report.yml (did you mean 'session'?)",
        "sections/art-9.md:6: error: unknown front-matter key 'colour' (allowed: id, title, part, articles, loi, "
        "state_report, concluding_observations, organisations, order, status, cluster, theme, source_hash)",
        "sections/art-9.md:10: error: unknown citation key '@bok-y' (did you mean @book-y?)",
        "sections/followup.md:8: error: footnote [^nope] has no definition "
        "(add a line '[^nope]: text of the note' at the end of the file)",
        "footnotes/sources.bib:45: warning: source 'book-y' is never cited (cite it as [@book-y] or delete it)",
    ]
    result = invoke("check", "--root", str(workspace))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == problems + ["4 errors, 1 warning"]


def test_a_broken_report_yml_does_not_hide_the_other_files(workspace):
    edit(workspace / "report.yml", "organisations:\n", "organisations: [\n")
    edit(workspace / "sections" / "followup.md", "[@co-2016", "[@co-2061")
    problems = found(workspace)
    assert problems[0] == "report.yml:11: error: YAML syntax error: expected the node content, but found '-'"
    assert "sections/followup.md:8: error: unknown citation key '@co-2061' (did you mean @co-2016?)" in problems
    assert not any("organisation" in p for p in problems)  # not known, so not checked


def test_warnings_exit_0_unless_strict(workspace):
    (workspace / "footnotes" / "more.bib").write_text("@misc{unused,\n  title = {Never cited},\n}\n")
    expected = "footnotes/more.bib:1: warning: source 'unused' is never cited (cite it as [@unused] or delete it)"
    result = invoke("check", "--root", str(workspace))
    assert result.exit_code == 0 and result.stdout.splitlines() == [expected, "0 errors, 1 warning"]
    result = invoke("check", "--root", str(workspace), "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [expected.replace("warning", "error", 1), "1 error, 0 warnings"]


def test_json_format(workspace):
    edit(workspace / "sections" / "art-9.md", "[@book-y]", "[@bok-y]")
    result = invoke("check", "--root", str(workspace), "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["ok"] is False and data["errors"] == 1 and data["warnings"] == 1
    assert data["problems"][0] == {"file": "sections/art-9.md", "line": 9, "severity": "error",
                                   "message": "unknown citation key '@bok-y'", "hint": "did you mean @book-y?"}


def test_final_flags_sections_not_final(workspace):
    assert found(workspace) == []
    assert found(workspace, final=True) == [
        "sections/art-9.md:6: error: section 'art-9' has status 'draft', not 'final' "
        "(set 'status: final' once the coalition has agreed the text)"]


def test_empty_section_is_a_warning_and_an_error_when_final(workspace):
    (workspace / "sections" / "art-19.md").write_text("---\narticles: [19]\nstatus: final\n---\n\n")
    message = ("sections/art-19.md:5: {}: section 'art-19' has no text yet "
               "(write its text, or delete the file if the section is not needed)")
    assert found(workspace) == [message.format("warning")]
    assert message.format("error") in found(workspace, final=True)


def test_word_limit_counts_body_and_notes_and_names_the_largest_sections(workspace):
    edit(workspace / "report.yml", "word_limit: 10000", "word_limit: 300")
    assert found(workspace) == [
        "report.yml:20: warning: the report has 379 words, 79 over the limit of 300 (footnotes included) "
        "(largest sections: art-21 (169), art-9 (124), intro (71))"]
    assert found(workspace, final=True)[0].startswith("report.yml:20: error: the report has 379 words")
    edit(workspace / "report.yml", "word_limit: 300", "word_limit: 0")
    assert found(workspace) == []


def test_word_limit_defaults_to_the_committee_rules(workspace):
    edit(workspace / "report.yml", "word_limit: 10000\n", "")
    (workspace / "sections" / "long.md").write_text("---\narticles: [19]\n---\n" + "word " * 10_000 + "\n")
    assert found(workspace) == [
        "report.yml:4: warning: the report has 10,386 words, 386 over the limit of 10,000 (footnotes included) "
        "(largest sections: long (10,007), art-21 (169), art-9 (124))"]


def test_suspicious_sources(workspace):
    (workspace / "footnotes" / "more.bib").write_text(
        "@online{web,\n  title = {A page},\n  url = {https://example.org},\n  urldate = {2025-02-30},\n"
        "  year = {20xx},\n}\n@misc{untitled,\n  date = {2020},\n}\n")
    edit(workspace / "sections" / "followup.md", "[@co-2016, para. 5]", "[@co-2016, para. 5; @web; @untitled]")
    assert found(workspace) == [
        "footnotes/more.bib:4: warning: urldate '2025-02-30' of source 'web' is not a date "
        "(write it as YYYY-MM-DD, YYYY-MM or YYYY)",
        "footnotes/more.bib:5: warning: year '20xx' of source 'web' is not a year "
        "(write four digits, e.g. 2020, or use date = {YYYY-MM-DD})",
        "footnotes/more.bib:7: warning: source 'untitled' has no title "
        "(add title = {...}; the footnote would show nothing recognisable)",
    ]
    (workspace / "footnotes" / "more.bib").write_text("@online{web,\n  title = {A page},\n  url = {https://x.org},\n}\n"
                                                       "@misc{untitled,\n  title = {T},\n}\n")
    assert found(workspace) == ["footnotes/more.bib:3: warning: source 'web' has a url but no urldate "
                                "(add urldate = {YYYY-MM-DD}, the day you last opened the page)"]


def test_valid_dates():
    for good in ("2020", "2020-05", "2020-05-25", "2019/2020", "2020-01/2020-03", "2020/"):
        assert valid_date(good), good
    for bad in ("25.05.2020", "2020-13", "2020-02-30", "May 2020", "20", "/2020", "2020/2021/2022"):
        assert not valid_date(bad), bad


def test_unused_footnote_definition_and_undefined_call_in_an_inline_note(workspace):
    path = workspace / "sections" / "intro.md"
    edit(path, "[^method]: Interviews", "[^spare]: Never called.\n\n[^method]: Interviews")
    edit(path, "The coalition gathered", "Noted.^[See [^ghost] here.]\nThen [@co-2016 here.\nThe coalition gathered")
    assert found(workspace) == [
        "sections/intro.md:12: error: footnote [^ghost] has no definition "
        "(add a line '[^ghost]: text of the note' at the end of the file)",
        "sections/intro.md:13: warning: this '[@' did not become a citation "
        "(close it with ']' and give every part separated by ';' its own @key)",
        "sections/intro.md:19: warning: footnote [^spare] is defined but never used "
        "(call it with [^spare] in the text, or delete the definition)",
    ]


def test_unclosed_block_in_the_middle_of_a_file(workspace):
    edit(workspace / "sections" / "art-21.md", "- The State party should release detained protesters.\n:::",
         "- The State party should release detained protesters.\n")
    assert found(workspace) == [
        "sections/art-21.md:36: error: the '::: recommendations' block is not closed "
        "(add a line ':::' before the block on line 41)"]


def test_unreadable_file(workspace, monkeypatch):
    """chmod 000 does not stop root, so the refusal is simulated (every file is read by paths.read_bytes)."""
    from assemble import paths

    target = workspace / "sections" / "art-9.md"
    real = paths.read_bytes

    def read_bytes(path, root=None):
        if path == target:
            raise PermissionError(13, "Permission denied")
        return real(path, root)

    monkeypatch.setattr(paths, "read_bytes", read_bytes)
    problems = found(workspace)
    assert "sections/art-9.md: error: cannot read the file (Permission denied); check its permissions" in problems


def test_build_refuses_with_the_same_messages_and_prints_warnings(workspace):
    (workspace / "footnotes" / "more.bib").write_text("@misc{unused,\n  title = {Never cited},\n}\n")
    warning = "footnotes/more.bib:1: warning: source 'unused' is never cited (cite it as [@unused] or delete it)"
    result = invoke("build", "--root", str(workspace))
    assert result.exit_code == 0 and warning in result.stderr.splitlines()
    edit(workspace / "sections" / "art-9.md", "[@book-y]", "[@bok-y]")
    checked = invoke("check", "--root", str(workspace)).stdout.splitlines()
    built = invoke("build", "--root", str(workspace))
    assert built.exit_code == 1
    errors = [line for line in checked if ": error: " in line]
    assert errors == ["sections/art-9.md:9: error: unknown citation key '@bok-y' (did you mean @book-y?)"]
    assert built.stderr.splitlines()[:1] == errors


def test_real_command_exit_codes(workspace):
    env = {**os.environ, "ASSEMBLE_DEBUG": ""}
    ok = subprocess.run([*ASSEMBLE, "check", "--root", str(workspace)], capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and ok.stdout == "no problems found\n"
    edit(workspace / "sections" / "art-9.md", "@para:method", "@para:methd")
    bad = subprocess.run([*ASSEMBLE, "check", "--root", str(workspace)], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stdout.splitlines()[0] == ("sections/art-9.md:13: error: cross-reference '@para:methd' points to "
                                          "no label (did you mean @para:method?)")


def test_translations_are_checked_too(workspace):
    from test_russian import russian_values

    russian_values(workspace)  # else check lists the report.yml values the Russian build lacks
    folder = workspace / "translations" / "ru"
    folder.mkdir(parents=True)
    (folder / "followup.md").write_text(
        "---\nid: followup\ntitle: Последующие меры\npart: followup\nsource_hash: 0123456789abcdef\n---\n"
        "Рекомендации не выполнены.[@co-2016, para. 5]\n\nЛишний абзац.\n")
    assert found(workspace) == [
        "translations/ru/followup.md:7: error: the translation has 2 numbered paragraphs where the source has 1 "
        "(keep the structure of sections/followup.md)"]


def test_escaped_marks_are_meant_literally(workspace):
    path = workspace / "sections" / "followup.md"
    edit(path, "were not implemented.", "were not implemented \\[^1] \\[@co-2016 and [@co-2016] in full.")
    assert found(workspace) == []
    edit(path, "[@co-2016] in full.", "[@co-2016] in full. Then [@co-2016, para.\n5 here and [^2].")
    assert found(workspace) == [
        "sections/followup.md:8: warning: this '[@' did not become a citation "
        "(close it with ']' and give every part separated by ';' its own @key)",
        "sections/followup.md:9: error: footnote [^2] has no definition "
        "(add a line '[^2]: text of the note' at the end of the file)"]


def test_pathological_markup_is_checked_quickly(workspace):
    """Runs of brackets once made a regular expression backtrack for minutes. The bound is a hang
    guard (exponential backtracking takes minutes), not a speed test: speed is `make bench`'s."""
    import time

    body = "[^" * 5000 + "\n\n" + "[" * 5000 + "\n\n" + "[@" * 5000 + "\n\n" + "*a" * 5000 + "\n"
    (workspace / "sections" / "long.md").write_text("---\narticles: [19]\n---\n" + body)
    started = time.perf_counter()
    problems = found(workspace)
    assert time.perf_counter() - started < 120
    assert all(p.startswith("sections/long.md:") or "words" in p for p in problems), problems
