"""The HTML page: the DOCX's numbers, notes and cross-reference texts; valid HTML; every note
call joined to its note and back; section text that stays text; `build --format html`."""
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest

from assemble.build import build_report

from docxread import Docx, WordNumbering
from test_docx import EXPECTED_NOTES


def parse(data: bytes):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    tree = parser.parse(data)
    return tree, parser.errors


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def find(tree, tag: str, cls: str | None = None) -> list:
    return [e for e in tree.iter(tag) if cls is None or cls in classes(e)]


def build(root: Path, formats=("docx", "html")):
    built = build_report(root, list(formats))
    return built, {p.suffix[1:]: p for p in built.outputs}


def note_texts(tree) -> dict[int, str]:
    notes = {}
    for li in find(tree, "li"):
        if (li.get("id") or "").startswith("fn-"):
            back = [a for a in li.iter("a") if "note-back" in classes(a)]
            assert len(back) == 1
            notes[int(li.get("id")[3:])] = " ".join(text(p) for p in li.iter("p"))
    return notes


def test_numbers_notes_and_cross_references_are_the_docx_ones(workspace):
    _, out = build(workspace)
    tree, _ = parse(out["html"].read_bytes())
    doc = Docx(out["docx"])
    markers = [text(p.find("span")) for p in find(tree, "p", "numbered")]
    assert markers == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    word = [label for style, label, _ in WordNumbering(doc.document).labels(doc.body) if style == "NumberedParagraph"]
    assert markers == word
    assert note_texts(tree) == EXPECTED_NOTES == doc.footnotes()
    calls = [int(a.get("href")[4:]) for a in find(tree, "a", "note-call")]
    assert calls == doc.note_calls() == list(range(1, 18))
    xrefs = [text(a) for a in find(tree, "a", "xref")]
    # art-9's recommendation, art-21's paragraph, the annex repeating the recommendation
    assert xrefs == ["para. 2", "para. 2", "section III.A", "recommendation 2", "para. 2"]
    results = [result for instr, result in doc.fields() if instr.startswith("REF ")]
    assert len(results) == len(xrefs) and all(x.endswith(r) for x, r in zip(xrefs, results))
    recommendation = next(e for e in tree.iter() if e.get("id") == "rec_free_assembly")
    assert text(recommendation).startswith("2. ")


def test_the_page_is_valid_html_and_every_link_has_its_target(workspace):
    _, out = build(workspace, ["html"])
    tree, errors = parse(out["html"].read_bytes())
    assert errors == []
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    calls = find(tree, "a", "note-call")
    assert len(calls) == 17
    for call in calls:
        note = next(e for e in tree.iter("li") if e.get("id") == call.get("href")[1:])
        back = next(a for a in note.iter("a") if "note-back" in classes(a))
        assert back.get("href") == "#" + call.get("id")
        assert call.get("role") == "doc-noteref" and back.get("role") == "doc-backlink"
    for link in tree.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, href
    html = tree.find("html") if tree.tag != "html" else tree
    assert html.get("lang") == "en"
    assert [text(h) for h in tree.iter("h1")] == ["Test alternative report"]


def test_cover_contents_abbreviations_and_annex(workspace):
    _, out = build(workspace, ["html"])
    tree, _ = parse(out["html"].read_bytes())
    contents = [text(a) for nav in tree.iter("nav") for a in nav.iter("a")]
    # a lone section in its part has no letter (the Committee's style)
    assert contents[:3] == ["List of abbreviations", "I. Introduction", "Introduction and methodology"]
    assert contents[-1] == "Annex: Summary of recommendations"
    abbreviations = [(text(dt), text(dd)) for dl in find(tree, "dl", "abbreviations")
                     for dt, dd in zip(dl.iter("dt"), dl.iter("dd"))]
    assert abbreviations == [("NGO", "non-governmental organization"),
                             ("OSCE", "Organization for Security and Co-operation in Europe")]
    annex = find(tree, "section", "annex")[0]
    items = [text(li) for li in annex.iter("li")]
    assert items == ["1. The State party should end arbitrary detention, see para. 2.",
                     "2. The State party should repeal the permission requirement.",
                     "3. The State party should release detained protesters."]
    assert "@media print" in out["html"].read_text()


def test_section_text_never_becomes_markup(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + '\nA <script>alert(1)</script> and [a link](javascript:alert(2)) '
                    'and <b onclick="x()">bold</b> and {{ 7 * 7 }} and [a site](https://example.org/a?b=1&c=2).\n')
    _, out = build(workspace, ["html"])
    data = out["html"].read_text()
    tree, errors = parse(data.encode())
    assert errors == []
    assert list(tree.iter("script")) == [] and not any(e.get("onclick") for e in tree.iter())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in data and "{{ 7 * 7 }}" in data
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert "https://example.org/a?b=1&c=2" in hrefs
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    assert "a link" in text(tree)


def test_build_format_html_writes_build_name_html(workspace):
    done = subprocess.run([sys.executable, "-m", "assemble", "build", "--root", str(workspace), "--format", "html"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = workspace / "build" / "test-report.html"
    assert done.stdout.strip().endswith("s") and str(page) in done.stdout
    assert sorted(p.name for p in (workspace / "build").iterdir() if not p.name.startswith(".")) == ["test-report.html"]
    assert re.search(r'<html lang="en">', page.read_text())
