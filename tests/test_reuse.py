"""Work reused between builds: the PDF's input split per section (an edit rewrites one file),
and a build importing only the stacks of the formats it writes."""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from assemble.build import build_report, read_report
from assemble.parse.cache import ParseCache, disk_cache
from assemble.render.docx.writer import render_docx
from assemble.resolve import inline_text
from assemble.templates_loader import DEFAULTS
from assemble.problems import Problems
from assemble.render.pdf.compile import TypstSession, compile_report

from pdfread import Pdf, squash

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "report.typ"


def pdf_of(root: Path, session: TypstSession) -> bytes:
    _, report = read_report(root, Problems(root))
    return compile_report(report, root, session)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_edit_to_one_section_rewrites_only_that_sections_file(workspace, tmp_path):
    folder = tmp_path / "typst"
    with TypstSession(folder) as session:
        first = Pdf(pdf_of(workspace, session))
        before = contents(folder)
        # The demo has 3 parts (front, follow-up, articles) and 4 sections: one file each.
        assert sorted(before) == ["body-0000.json", "body-0001.json", "body-0002.json", "body-0003.json",
                                  "body-0004.json", "body-0005.json", "body-0006.json", "report.json"]
        report = json.loads(before["report.json"])
        assert [Path(name).name for name in report["body"]] == sorted(before)[:-1]
        path = workspace / "sections" / "art-9.md"
        path.write_text(path.read_text().replace("Detention is common.", "Detention is widespread."))
        second = Pdf(pdf_of(workspace, session))
        after = contents(folder)
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["body-0005.json"]  # part I, intro, part II, follow-up, part III, art-9
    assert b"Detention is widespread." in after["body-0005.json"]
    assert "Detentioniscommon." in squash(first.body_text())
    assert "Detentioniswidespread." in squash(second.body_text())


def test_a_one_shot_build_leaves_no_input_files_behind(workspace, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _, report = read_report(workspace, Problems(workspace))
    assert compile_report(report, workspace).startswith(b"%PDF")
    assert list(scratch.iterdir()) == []


def test_a_template_copied_before_the_split_still_gets_the_report(workspace):
    """Restyled copies read the whole report from sys.inputs.data and walk data.body."""
    old = TEMPLATE.read_text()
    old = old.replace("#let data = json(sys.inputs.report)",
                      '#let data = json(bytes(sys.inputs.at("data", default: "{}")))')
    old = old.replace('#for file in data.at("body", default: ()) {\n  for b in json(file) { body-block(b) }\n}',
                      '#for b in data.at("body", default: ()) { body-block(b) }')
    assert "json(sys.inputs.report)" not in old and "json(file)" not in old
    (workspace / "templates").mkdir()
    (workspace / "templates" / "report.typ").write_text(old)
    with TypstSession() as session:
        text = squash(Pdf(pdf_of(workspace, session)).body_text())
    assert "Detentioniscommon." in text


def imported_by_build(root: Path, formats: list[str]) -> set[str]:
    code = ("import sys; from pathlib import Path; from assemble.build import build_report; "
            f"build_report(Path({str(root)!r}), {formats!r}); "
            "print(' '.join(sorted(m for m in ('docx', 'typst') if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_build_imports_only_the_stacks_of_its_formats(workspace):
    assert imported_by_build(workspace, ["docx"]) == {"docx"}
    assert imported_by_build(workspace, ["pdf"]) == {"typst"}
    assert imported_by_build(workspace, ["html"]) == set()


# ---- the parse cache ---------------------------------------------------------------------------

def read_with(root: Path, cache: ParseCache):
    problems = Problems(root)
    _, report = read_report(root, problems, parse_cache=cache)
    return report, [str(p) for p in problems.items]


def test_cached_sections_give_the_same_report_and_messages(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\n# A heading written with one hash\n\nMore text.\n")
    fresh, fresh_messages = read_with(workspace, ParseCache())
    cache = disk_cache(workspace)
    read_with(workspace, cache)
    cache.save()
    again = disk_cache(workspace)  # a new process: only the files on disk
    cached, cached_messages = read_with(workspace, again)
    assert again.parsed == 0
    warning = "sections/art-9.md:16: warning: a '#' heading in a section body is shown as a '##' sub-heading"
    assert [m for m in fresh_messages if "'#' heading" in m] == [m for m in cached_messages if "'#' heading" in m]
    assert any(m.startswith(warning) for m in cached_messages)
    reference = workspace / "templates" / "reference.docx"
    assert render_docx(cached, reference if reference.exists() else DEFAULTS / "reference.docx") == \
        render_docx(fresh, reference if reference.exists() else DEFAULTS / "reference.docx")
    assert [p.number for p in cached.paragraphs()] == list(range(1, 9))  # "More text." is the 8th
    assert [n.number for n in cached.notes] == list(range(1, 18))


def test_an_edit_parses_only_the_edited_section_again(workspace):
    cache = ParseCache()
    read_with(workspace, cache)
    assert cache.parsed == 4
    path = workspace / "sections" / "art-21.md"
    path.write_text(path.read_text().replace("permission", "authorisation", 1))
    report, _ = read_with(workspace, cache)
    assert cache.parsed == 5
    read_with(workspace, cache)  # numbers were filled into the last build's blocks: never reused
    assert cache.parsed == 5
    assert "authorisation" in inline_text(next(s for s in report.sections if s.id == "art-21").blocks[0].inlines)


def test_a_damaged_cache_file_is_parsed_again(workspace):
    cache = disk_cache(workspace)
    read_with(workspace, cache)
    assert not (workspace / "build").exists()  # written only once a build has succeeded
    cache.save()
    folder = workspace / "build" / ".cache" / "parse"
    files = sorted(folder.iterdir())
    assert len(files) == 4
    files[0].write_text("{not json")
    files[1].write_bytes(b"\xff\xfe")
    files[2].write_text('{"key": "x", "blocks": [{"@": "NoSuchNode", "f": []}], "problems": []}')
    text = files[3].read_text()
    files[3].write_text(text.replace('"@": "Paragraph"', '"@": "NoSuchNode"'))
    again = disk_cache(workspace)
    report, messages = read_with(workspace, again)
    assert again.parsed == 4
    assert [p.number for p in report.paragraphs()] == list(range(1, 8))


def test_the_cache_forgets_deleted_sections(workspace):
    build_report(workspace, ["docx"])
    folder = workspace / "build" / ".cache" / "parse"
    assert len(list(folder.iterdir())) == 4
    (workspace / "sections" / "followup.md").unlink()
    build_report(workspace, ["docx"])
    assert len(list(folder.iterdir())) == 3
