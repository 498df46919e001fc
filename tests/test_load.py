"""Load stage: report.yml, front matter and .bib problems name the file and line."""
from pathlib import Path

import pytest

from assemble.build import read_report
from assemble.problems import BuildError, Problems


def problems_of(root: Path) -> list[str]:
    problems = Problems(root)
    with pytest.raises(BuildError) as info:
        read_report(root, problems)
    return [str(p) for p in info.value.problems]


def test_workspace_loads_without_problems(workspace):
    problems = Problems(workspace)
    _, report = read_report(workspace, problems)
    assert problems.items == []
    assert len(report.sections) == 4


def test_unknown_key_in_report_yml_names_its_line(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("session: 150th session", "sesion: 150th session"))
    assert problems_of(workspace) == [
        "report.yml:5: error: unknown key 'sesion' in report.yml (did you mean 'session'?)"]


def test_missing_and_wrong_typed_keys(workspace):
    config = workspace / "report.yml"
    text = config.read_text().replace("title: Test alternative report\n", "")
    text = text.replace("word_limit: 10000", "word_limit: many").replace("date: 2026-03-01", "date: 1 March")
    config.write_text(text)
    found = problems_of(workspace)
    assert "report.yml:1: error: report.yml needs 'title'" in found
    assert any(p.startswith("report.yml:19: error: 'word_limit' must be a whole number") for p in found)
    assert any(p.startswith("report.yml:17: error: date '1 March' must be written YYYY-MM-DD") for p in found)


def test_missing_report_yml(tmp_path):
    assert problems_of(tmp_path) == [
        "report.yml: error: report.yml is missing; create it in the report folder (see docs/format.md)"]


def test_yaml_syntax_error_has_line(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("organisations:\n", "organisations: [\n"))
    found = problems_of(workspace)
    assert len(found) == 1 and found[0].startswith("report.yml:") and "YAML syntax error" in found[0]


def test_front_matter_problems(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text().replace("articles: [9]", "articles: [9, 31]")
                    .replace("organisations: [SCM]", "organisations: [XYZ]").replace("status: draft", "stat: draft"))
    found = problems_of(workspace)
    assert "sections/art-9.md:4: error: article 31 is not in the ICCPR (articles 1-27)" in found
    assert any(p.startswith("sections/art-9.md:5: error: organisation 'XYZ' is not listed in report.yml")
               for p in found)
    assert any(p.startswith("sections/art-9.md:6: error: unknown front-matter key 'stat'") for p in found)


def test_duplicate_section_ids(workspace):
    (workspace / "sections" / "copy.md").write_text("---\nid: art-9\npart: articles\narticles: [9]\n---\nText.\n")
    found = problems_of(workspace)
    assert any("sections/copy.md:2: error: section id 'art-9' is also used by sections/art-9.md" in p
               for p in found) or any("sections/art-9.md" in p and "copy.md" in p for p in found)


def test_duplicate_bib_keys_across_files_in_any_case(workspace):
    (workspace / "footnotes" / "more.bib").write_text(
        "% more sources\n\n@book{Book-Y,\n  title = {Another},\n  year = {2000},\n}\n")
    found = problems_of(workspace)
    assert found == ["footnotes/sources.bib:45: error: citation key 'book-y' is already defined at "
                     "footnotes/more.bib:3 (keys are compared without regard to case) "
                     "(give one of them another key)"]


def test_unparsable_bib_block_reports_one_based_line(workspace):
    """An entry nobody cites is a warning (the report builds without it); cited, an error."""
    bib = workspace / "footnotes" / "sources.bib"
    bib.write_text("@misc{broken,\n  title = {unclosed\n\n" + bib.read_text())
    problems = Problems(workspace)
    read_report(workspace, problems)
    assert [str(p) for p in problems.items if "broken" in str(p)] == [
        "footnotes/sources.bib:1: warning: source 'broken' cannot be read (check its braces, quotes and commas) "
        "(fix it, or delete it: the report does not cite it, so it builds without it)"]
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text().replace("[@co-2016, para. 5]", "[@broken, para. 5]"))
    assert problems_of(workspace) == [
        "footnotes/sources.bib:1: error: source 'broken' is cited (sections/followup.md:8) but cannot be read "
        "(check its braces, quotes and commas) (fix the entry in the .bib file)"]


def test_unknown_citation_key_suggests_close_key(workspace):
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text().replace("[@co-2016, para. 5]", "[@co-2061, para. 5]"))
    assert problems_of(workspace) == [
        "sections/followup.md:8: error: unknown citation key '@co-2061' (did you mean @co-2016?)"]


def test_dangling_cross_reference_and_duplicate_label(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\n{#para:method}\nA second label.\n\nSee @para:methd.\n")
    found = problems_of(workspace)
    assert any(p.startswith("sections/art-9.md:17: error: label 'para:method' is already used at "
                            "sections/intro.md:12") for p in found)
    assert "sections/art-9.md:19: error: cross-reference '@para:methd' points to no label " \
           "(did you mean @para:method?)" in found


def test_crlf_bom_and_front_matter_lines(workspace):
    path = workspace / "sections" / "followup.md"
    text = "\ufeff" + path.read_text().replace("\n", "\r\n").replace("[@co-2016", "[@nope")
    path.write_bytes(text.encode("utf-8"))
    assert problems_of(workspace) == ["sections/followup.md:8: error: unknown citation key '@nope'"
                                      " (add it to a .bib file in footnotes/)"]


def test_citation_in_an_inline_note_names_its_own_line(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\nFirst line of a paragraph\nsecond with a note^[It cites [@nokey].]\nthird.\n")
    line = path.read_text().splitlines().index("second with a note^[It cites [@nokey].]") + 1
    assert problems_of(workspace) == [f"sections/art-9.md:{line}: error: unknown citation key '@nokey' "
                                      "(add it to a .bib file in footnotes/)"]
