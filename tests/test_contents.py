"""The contents as UN documents give them: every entry with its paragraph range ("1–5", exact
without any layout) and its page; dots never lead to nothing; "Annex: ..." keeps its colon."""
import re

from docx.oxml.ns import qn

from assemble.build import build_report
from docxread import NS, Docx, text_of
from pdfread import Pdf

# (number, title, paragraphs) of the test workspace, by hand: intro holds paragraphs 1-2,
# followup 3, art-9 4, art-21 5-7; the annex and the abbreviations have none.
ENTRIES = [
    ("", "List of abbreviations", ""),
    ("I.", "Introduction", "1–2"),
    ("", "Introduction and methodology", "1–2"),
    ("II.", "Follow-up to the previous concluding observations", "3"),
    ("", "Follow-up to recommendations", "3"),
    ("III.", "Implementation of the Covenant", "4–7"),
    ("A.", "Liberty and security of person (art. 9)", "4"),
    ("B.", "Right of peaceful assembly (art. 21)", "5–7"),
    ("", "Annex: Summary of recommendations", ""),
]


def contents_rows(doc: Docx):
    """(entry paragraph, page paragraph) of each row of the contents table, header first."""
    table = doc.body.find("w:tbl", NS)
    rows = []
    for tr in table.findall("w:tr", NS):
        cells = [tc.find("w:p", NS) for tc in tr.findall("w:tc", NS)]
        rows.append(cells)
    return rows


def test_docx_contents_entries_give_paragraphs_and_page_fields(workspace):
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    rows = contents_rows(doc)
    header, entries = rows[0], rows[1:]
    assert [text_of(p) for p in header] == ["\tParagraphs", "Page"]
    assert header[0].getparent().getparent().find("w:trPr/w:tblHeader", NS) is not None
    expected = [(f"{n}\t{t}" if n else t) + (f"\t{r}" if r else "") for n, t, r in ENTRIES]
    assert [text_of(entry) for entry, _ in entries] == expected
    marks = doc.bookmarks()
    for (entry, page), (number, _, paragraphs) in zip(entries, ENTRIES):
        instr = "".join(t.text for t in page.iter(qn("w:instrText"))).split()
        assert instr[0] == "PAGEREF" and instr[1] in marks
        assert text_of(page) == ""  # no layout in a default build: Word and LibreOffice compute it
        # the dots lead to the range only: an entry without one has no tab after its title
        tabs = entry.findall(".//w:r/w:tab", NS)
        assert len(tabs) == (1 if number else 0) + (1 if paragraphs else 0)
        dots = [t for t in entry.findall("w:pPr/w:tabs/w:tab", NS) if t.get(qn("w:leader")) == "dot"]
        assert len(dots) == 1
    # a static list: no TOC field an update could rebuild (and lose the ranges and the colon)
    assert not [f for f in doc.fields() if f[0].startswith("TOC")]


def test_pdf_contents_give_paragraphs_and_the_pages_headings_are_on(workspace):
    pdf = Pdf(build_report(workspace, ["pdf"]).outputs[0])
    outline = {" ".join(title.split()): page for _, title, page in pdf.outline()}
    contents = " ".join(pdf.pages[1].split())
    assert contents.startswith("Contents Paragraphs Page ")
    for number, title, paragraphs in ENTRIES:
        bookmark = f"{number} {title}".strip() if number else title
        page = outline[bookmark.replace("Annex: ", "Annex ")]
        dots = r" ?(?:\. ?)+"
        expected = re.escape(f"{number} {title}".strip()) + dots + (re.escape(paragraphs) + " " if paragraphs else " ?")
        assert re.search(expected + str(page) + r"(?!\d)", contents), (expected, page, contents)


def test_russian_contents_heads(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("language: en", "language: ru"))
    built = build_report(workspace, ["docx", "pdf"])
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    assert [text_of(p) for p in contents_rows(doc)[0]] == ["\tПункты", "Стр."]
    assert " ".join(pdf.pages[1].split()).startswith("Содержание Пункты Стр. ")


def test_libreoffice_engine_caches_the_pages_in_the_docx(workspace):
    import pytest

    from test_libreoffice import SOFFICE

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    built = build_report(workspace, ["docx", "pdf"], pdf_engine="libreoffice")
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    outline = {" ".join(title.split()): page for _, title, page in pdf.outline()}
    cached = [text_of(page) for _, page in contents_rows(doc)[1:]]
    expected = [str(outline[(f"{n} {t}".strip()).replace("Annex: ", "Annex ")]) for n, t, _ in ENTRIES]
    assert cached == expected
