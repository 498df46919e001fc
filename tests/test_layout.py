"""Layout a reader notices: tables sized from their content, no single line stranded at a page
top, no line break inside a UN symbol or between a number and its label, clickable URLs."""
import re
import shutil
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from assemble.build import build_report
from assemble.model import Table, Text
from assemble.render.tables import column_widths
from docxread import NS, Docx, text_of
from pdfread import Pdf

ROOT = Path(__file__).resolve().parent.parent
STARTS = re.compile(r"^(\d+\.|[A-Z]\.|[IVX]+\.|\([a-z]+\)|•) ")
BLOCK_TITLES = {"Recommendations", "Suggested questions for the State party"}


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    target = tmp_path_factory.mktemp("demo")
    for name in ("report.yml", "sections", "footnotes", "templates"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return Pdf(build_report(target, ["pdf"]).outputs[0])


def test_no_single_last_line_at_the_top_of_a_page(demo_pdf):
    """A page never starts with the last line of a paragraph alone (a "widow"), even where the
    line carries a note that would not fit on the page before."""
    annex = next(page for _, title, page in demo_pdf.outline() if title.startswith("Annex"))
    widows = []
    for number, text in enumerate(demo_pdf.pages[2:annex - 1], start=3):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        first, second = lines[0], lines[1]
        if not STARTS.match(first) and first not in BLOCK_TITLES and (STARTS.match(second) or second in BLOCK_TITLES):
            widows.append((number, first))
    assert widows == []


def test_every_note_of_the_demo_starts_on_the_page_of_its_mark(demo_pdf):
    """Repairs of widows can push notes off their page; the last layout is checked too (the
    demo once shipped notes 144-146 a page after their marks when the repairs ran out)."""
    notes, calls = demo_pdf.notes(), demo_pdf.note_calls()
    assert len(calls) == len(notes) == 165
    assert [(n, page, notes[n][0]) for n, page in calls if notes[n][0] != page] == []


def cells(*rows):
    return [[[Text(cell)] for cell in row] for row in rows]


def test_column_widths_follow_the_content():
    table = Table(header=cells(["Offence (article of the Criminal Code then in force)", "2009", "2010"])[0],
                  rows=cells(["Interference with correspondence and communications (art. 143)", "73", "38"],
                             ["Violation of privacy (art. 142)", "2", "0"]), aligns=["left"] * 3, loc=None)
    sized = column_widths(table, 425)
    assert sized.fits
    first, second, third = sized.fractions
    assert abs(sum(sized.fractions) - 1) < 1e-9
    assert first > 0.75 and second == third  # the labels take the room the numbers do not need
    # every column has room for its longest word ("communications", 14 characters, plus padding)
    assert first * 425 >= (14 + 2) * 5 and second * 425 >= (4 * 1.1 + 2) * 5
    # short cells that all fit on one line: widths in proportion to their text
    even = column_widths(Table(header=[], rows=cells(["abcd", "abcdefgh"]), aligns=[], loc=None), 425)
    assert even.fractions == pytest.approx([(4 + 2) / 16, (8 + 2) / 16]) and even.fits  # text and padding
    # words longer than the whole table: they must break, and the PDF hyphenates
    crowded = column_widths(Table(header=[], rows=cells(["x" * 60, "y" * 60]), aligns=[], loc=None), 425)
    assert not crowded.fits


def test_tables_are_sized_in_docx_and_pdf(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\n| Offence (article of the Criminal Code then in force) | 2009 | 2010 |\n"
                    "|---|---|---|\n| Interference with correspondence and communications (art. 143) | 73 | 38 |\n"
                    "| Violation of privacy (art. 142) | 2 | 0 |\n")
    built = build_report(workspace, ["docx", "pdf"])
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    table = [t for t in doc.body.iter(qn("w:tbl")) if t.find("w:tblPr/w:tblStyle", NS) is not None][0]
    widths = [int(c.get(qn("w:w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert widths[0] > 6 * widths[1] and widths[1] == widths[2] and 8400 <= sum(widths) <= 8504
    assert table.find("w:tblPr/w:tblLayout", NS).get(qn("w:type")) == "fixed"
    # the PDF keeps "communications" whole, inside its cell
    text = " ".join(" ".join(p.split()) for p in pdf.pages)
    assert "Interference with correspondence and communications (art. 143)" in text


# ---- no line break inside symbols, dates and numbered labels ---------------------------------

NB = "\u00a0"
SENTENCE = ("The Committee raised this in CCPR/C/KAZ/Q/2, para. 12, and in A/HRC/29/25/Add.2 on 25 May 2020 "
            "under Law No. 333-VI of May 2020 (paras. 72–89, art. 21, p. 3); see section III.B.")
FORBIDDEN_ENDS = re.compile(r"(CCPR/|CCPR/C/|KAZ/|HRC/|No\.|para\.|paras\.|art\.|p\.|25 May|25|May|333-|section)$")


def test_protect_and_segments():
    from assemble.render.nobreak import protect, segments

    assert protect("Law No. 333-VI of 25 May 2020, para. 12 and paras. 3–5") == \
        f"Law No.{NB}333-VI of 25{NB}May{NB}2020, para.{NB}12 and paras.{NB}3–5"
    assert protect("in May 2020, art. 21 (2), p. 3, section III.C, supra note 12") == \
        f"in May{NB}2020, art.{NB}21 (2), p.{NB}3, section{NB}III.C, supra note{NB}12"
    assert protect("Закон № 223-IV от 25 мая 2020 г., п. 5, ст. 19; в 2016 г.") == \
        f"Закон №{NB}223-IV от 25{NB}мая{NB}2020{NB}г., п.{NB}5, ст.{NB}19; в 2016{NB}г."
    assert protect("No one may do so in 2020; 12 people") == "No one may do so in 2020; 12 people"
    assert protect("le 1er février 2024") == f"le 1er{NB}février{NB}2024"
    assert segments("see CCPR/C/KAZ/CO/2, para. 5 and Law No. 333-VI.") == [
        ("see ", False), ("CCPR/C/KAZ/CO/2", True), (f", para.{NB}5 and Law No.{NB}", False), ("333-VI", True),
        (".", False)]
    assert segments("OSCE/ODIHR and and/or") == [("OSCE/ODIHR", True), (" and and/or", False)]


def no_break_section(root: Path) -> None:
    body = "\n\n".join("x" * i + " " + SENTENCE for i in range(0, 60, 2))
    (root / "sections" / "art-14.md").write_text(f"---\nid: art-14\npart: articles\narticles: [14]\n---\n{body}\n",
                                                 encoding="utf-8")


def line_ends(lines):
    return [line.rstrip() for line in lines if FORBIDDEN_ENDS.search(line.rstrip())]


def test_pdf_never_breaks_inside_symbols_dates_and_labels(workspace):
    no_break_section(workspace)
    pdf = Pdf(build_report(workspace, ["pdf"]).outputs[0])
    lines = [line for page in pdf.pages for line in page.splitlines()]
    assert sum("CCPR/C/KAZ/Q/2" in line for line in lines) >= 30  # every copy whole on one line
    assert line_ends(lines) == []


def test_docx_writes_no_break_spaces_and_hyphens(workspace):
    no_break_section(workspace)
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    paragraph = next(p for s, t, p in doc.paragraphs() if t.startswith("The Committee raised this"))
    assert text_of(paragraph, raw=True) == (
        f"The Committee raised this in CCPR/C/KAZ/Q/2, para.{NB}12, and in A/HRC/29/25/Add.2 on 25{NB}May{NB}2020 "
        f"under Law No.{NB}333\u2011VI of May{NB}2020 (paras.{NB}72–89, art.{NB}21, p.{NB}3); see section{NB}III.B.")
    assert paragraph.find(".//w:noBreakHyphen", NS) is not None
    # the model keeps the text as written: word counts and translations see plain spaces
    assert "para. 12" in text_of(paragraph)


# ---- web addresses ------------------------------------------------------------------------------

LONG = "https://adilet.zan.kz/rus/docs/Z1100000483_with_a_long_path/and/more"


def url_section(root: Path) -> None:
    (root / "sections" / "art-14.md").write_text(
        "---\nid: art-14\npart: articles\narticles: [14]\n---\n"
        f"The law is online at {LONG}. See also https://example.org/statement, and (https://example.org/x).^["
        f"The text: {LONG}.]\n", encoding="utf-8")


def test_urls_are_links_in_the_docx(workspace):
    url_section(workspace)
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    from lxml import etree

    body_rels = etree.fromstring(doc.parts["word/_rels/document.xml.rels"])
    note_rels = etree.fromstring(doc.parts["word/_rels/footnotes.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in body_rels if r.get("TargetMode") == "External"}
    note_targets = {r.get("Id"): r.get("Target") for r in note_rels if r.get("TargetMode") == "External"}
    paragraph = next(p for s, t, p in doc.paragraphs() if t.startswith("The law is online"))
    links = [(targets[h.get(qn("r:id"))], text_of(h)) for h in paragraph.iter(qn("w:hyperlink"))]
    assert links == [(LONG, LONG), ("https://example.org/statement", "https://example.org/statement"),
                     ("https://example.org/x", "https://example.org/x")]
    assert text_of(paragraph).startswith(f"The law is online at {LONG}. See also https://example.org/statement, "
                                         "and (https://example.org/x).")
    # citation notes and free notes: links too, with the footnotes part's own relationships
    notes = doc.footnotes_xml
    note_links = [(note_targets[h.get(qn("r:id"))], text_of(h)) for h in notes.iter(qn("w:hyperlink"))]
    assert (LONG, LONG) in note_links and ("https://example.org/statement", "https://example.org/statement") \
        in note_links  # the second from the citation of the Front Line Defenders statement
    # a note holding a long address is set ragged right: no stretched word gaps
    for fn in notes.findall("w:footnote", NS):
        for p in fn.findall("w:p", NS):
            jc = p.find("w:pPr/w:jc", NS)
            assert (jc is not None and jc.get(qn("w:val")) == "left") == (LONG in text_of(p))


def test_urls_are_links_in_the_pdf(workspace):
    url_section(workspace)
    pdf = Pdf(build_report(workspace, ["pdf"]).outputs[0])
    uris = set()
    for page in pdf.reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/URI"):
                uris.add(action["/URI"])
    assert {LONG, "https://example.org/statement", "https://example.org/x", "https://example.org/osce",
            "https://example.org/report"} <= uris


def test_and_between_numbers_may_break():
    from assemble.render.nobreak import protect

    assert protect("Between 2010 and 2016, arts. 2 and 26") == "Between 2010 and 2016, arts.\u00a02 and 26"


# ---- the Committee's own recommendation, quoted ------------------------------------------------

def test_committee_recommendation_is_quoted_not_counted(workspace):
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text() + "\n## Views\n\n::: committee-recommendation\nThe State party should "
                    "establish a procedure for giving effect to the Committee's Views.[@co-2016, para. 6]\n:::\n\n"
                    "No procedure exists. Grade C.\n", encoding="utf-8")
    built = build_report(workspace, ["docx", "pdf"])
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    styles = [(s, t) for s, t, _ in doc.paragraphs()]
    at = styles.index(("BlockHeading", "Recommendation of the Committee"))
    assert styles[at + 1] == ("Quote", "The State party should establish a procedure for giving effect to the "
                                       "Committee’s Views.")
    assert styles[at + 2] == ("NumberedParagraph", "No procedure exists. Grade C.")
    # not the coalition's: three recommendations as before, none in the annex from the quote
    assert len(built.report.recommendations) == 3
    assert not any("procedure for giving effect" in t for t in doc.styled("SummaryRecommendation"))
    text = " ".join(" ".join(p.split()) for p in pdf.pages)
    assert ("Recommendation of the Committee The State party should establish a procedure for giving effect "
            "to the Committee’s Views.") in text
    # a translation keeps the block (the exchange writes it back as written)
    from assemble.translate.commands import do_export, do_import
    import polib

    exported = do_export(workspace, "ru", "po", workspace / "build" / "ru.po")
    po = polib.pofile(str(exported))
    for entry in po:
        entry.msgstr = entry.msgid
    po.save(str(exported))
    do_import(workspace, exported)
    translated = (workspace / "translations" / "ru" / "followup.md").read_text(encoding="utf-8")
    assert "::: committee-recommendation\nThe State party should establish a procedure" in translated
