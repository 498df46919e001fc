"""Accessible outputs by default: the PDF declares and meets PDF/UA-1, the DOCX carries what Word's
accessibility checker looks for (language, title, heading styles, table header rows)."""
import shutil
from pathlib import Path

import pikepdf
import pytest
from docx.oxml.ns import qn

from assemble.build import build_report
from docxread import NS, Docx

ROOT = Path(__file__).resolve().parent.parent
TITLE = ("Kazakhstan: Alternative report on the implementation of the International Covenant on Civil and "
         "Political Rights")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    target = tmp_path_factory.mktemp("demo")
    for name in ("report.yml", "sections", "footnotes", "translations", "sections.lock"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    built = build_report(target, ["docx", "pdf"])
    return target, {p.suffix: p for p in built.outputs}


def structure_types(pdf) -> dict[str, int]:
    found: dict[str, int] = {}
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if "/S" in node:
            found[str(node.S)] = found.get(str(node.S), 0) + 1
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif kids is not None:
            stack.append(kids)
    return found


def test_the_pdf_declares_pdf_ua_1_with_language_and_title(demo):
    _, out = demo
    with pikepdf.open(out[".pdf"]) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
            assert xmp["{http://purl.org/dc/elements/1.1/}title"] == TITLE
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True  # the title, not the file name
        types = structure_types(pdf)
        # headings, footnotes, tables with header cells, links: all tagged
        for kind in ("/H1", "/H2", "/H3", "/P", "/Note", "/Table", "/TH", "/TD", "/Link"):
            assert types.get(kind, 0) > 0, kind
        assert types["/Note"] > 100  # exactly how many: test_every_footnote_is_a_note_tag_but_the_folded_ones
        with pdf.open_outline() as outline:  # bookmarks
            assert [item.title for item in outline.root] == [
                "List of abbreviations", "I. Introduction", "II. Follow-up to the previous concluding observations",
                "III. Implementation of the Covenant", "Annex Summary of recommendations"]


def test_every_footnote_is_a_note_tag_but_the_folded_ones(demo):
    """One Note tag per footnote of the DOCX (the other renderer), less the notes the PDF folds into
    the note before so that they stay on their mark's page (render/pdf/notes.py): a folded note is
    read out inside the note it joined. The demo's counts change with its content, so both are read."""
    from assemble.build import read_report
    from assemble.problems import Problems
    from assemble.render.pdf.compile import TypstSession, prepare

    root, out = demo
    _, report = read_report(root, Problems(root))
    job = prepare(report, root)
    with TypstSession() as session:
        made = session.compile(job)
    folded = [n for n, note in job.notes.items() if note.get("t") == "m"]  # a plain mark now
    assert made == out[".pdf"].read_bytes()  # the build's PDF, folds and all
    with pikepdf.open(out[".pdf"]) as pdf:
        assert structure_types(pdf)["/Note"] == len(Docx(out[".docx"]).footnotes()) - len(folded)


def test_the_pdf_ua_checker_finds_nothing_in_the_demo(demo):
    from pdfua import validate

    _, out = demo
    report = validate(str(out[".pdf"]))
    assert [(f.rule_id, f.message) for f in report.findings] == []


def test_the_docx_has_language_title_heading_styles_and_table_headers(demo):
    root, out = demo
    doc = Docx(out[".docx"])
    assert doc.document.core_properties.title == TITLE
    assert doc.document.core_properties.language == "en"
    langs = {el.get(qn("w:val")) for el in doc.document.styles.element.iter(qn("w:lang"))}
    assert langs == {"en"}
    tables = doc.body.findall(".//w:tbl", NS)
    assert tables  # the demo has tables: every one has a header row, repeated on each page
    for table in tables:
        assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
    # real headings: styles with an outline level (what Word's navigation and screen readers use)
    levels = {}
    for style in doc.document.styles.element.findall("w:style", NS):
        level = style.find("w:pPr/w:outlineLvl", NS)
        if level is not None:
            levels[style.get(qn("w:styleId"))] = int(level.get(qn("w:val")))
    outline = [levels[style] for style, _, _ in doc.paragraphs() if style in levels]
    # parts (3 numbered, the list of abbreviations and the annex), 16 sections, 23 sub-headings
    assert (outline.count(0), outline.count(1), outline.count(2)) == (5, 16, 23)
    texts = {text for style, text, _ in doc.paragraphs() if style in levels}
    assert {"Right of peaceful assembly (art. 21)", "The permission regime until 2020"} <= texts
    assert not doc.body.findall(".//w:drawing", NS)  # no image, so none without alt text
    built = build_report(root, ["docx"], lang="ru", allow_missing=True)
    ru = Docx(built.outputs[0])
    assert {el.get(qn("w:val")) for el in ru.document.styles.element.iter(qn("w:lang"))} == {"ru"}
    assert ru.document.core_properties.language == "ru"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_libreoffice_engine_declares_pdf_ua_1_too(tmp_path):
    from test_treaties import section, workspace_of

    root = workspace_of(tmp_path / "w", "CRPD", {"a.md": section("articles: [9]", "Ramps.\n\n| a | b |\n|---|---|\n| 1 | 2 |")})
    built = build_report(root, ["pdf"], pdf_engine="libreoffice")
    with pikepdf.open(built.outputs[0]) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        assert bool(pdf.Root.MarkInfo.Marked) is True


def test_a_skipped_heading_level_is_a_warning_and_the_pdf_is_then_only_tagged(tmp_path):
    from assemble.checks.run import check_workspace
    from test_treaties import section, workspace_of

    root = workspace_of(tmp_path / "w", "ICCPR", {"a.md": section("articles: [9]", "Text.\n\n#### Deep\n\nMore.")})
    expected = ("sections/a.md:6: warning: this '####' heading skips a level after the section title (use '##' here: "
                "screen readers lose the outline, and the PDF cannot be PDF/UA-1)")
    assert [str(p) for p in check_workspace(root)] == [expected]
    built = build_report(root, ["pdf"])
    assert [str(w) for w in built.warnings] == [expected]
    with pikepdf.open(built.outputs[0]) as pdf:
        with pdf.open_metadata() as xmp:
            assert "{http://www.aiim.org/pdfua/ns/id/}part" not in xmp
        assert bool(pdf.Root.MarkInfo.Marked) is True  # still tagged
    (root / "sections" / "a.md").write_text(section("articles: [9]", "Text.\n\n## Deep\n\nMore."))
    assert check_workspace(root) == []
    with pikepdf.open(build_report(root, ["pdf"]).outputs[0]) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
