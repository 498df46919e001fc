"""An independent reader: LibreOffice opens our DOCX and prints the same notes and numbers."""
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from assemble.build import build_report
from docxread import Docx
from pdfread import squash
from test_docx import EXPECTED_NOTES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                        ".ci/run installs libreoffice-writer-nogui")


def convert(docx_path, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (docx_path.stem + ".pdf")
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_libreoffice_shows_notes_and_paragraph_numbers(workspace, tmp_path):
    docx_path = build_report(workspace, ["docx"]).outputs[0]
    pages = convert(docx_path, tmp_path)
    text = squash("\n".join(pages))
    for number, note in EXPECTED_NOTES.items():
        assert squash(note) in text, f"note {number} missing in LibreOffice's PDF"
    numbered = Docx(docx_path).styled("NumberedParagraph")
    assert len(numbered) == 7
    position = 0
    for number, paragraph in enumerate(numbered, start=1):  # "N." before each paragraph, in order
        position = text.index(squash(f"{number}.{paragraph[:15]}"), position)
    # cross-references as LibreOffice recomputes them agree with ours
    assert squash("As para. 2 and section III.A show, and as recommendation 2 asks") in text
    assert "Page 2 of" in "\n".join(pages)
    # suggested questions carry their bullet in LibreOffice too (numbering on the paragraph, not
    # only in its style, which LibreOffice ignores)
    assert squash("• How many assemblies were refused in 2024?") in text


def outline_pages(reader) -> dict[str, int]:
    outline = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline[" ".join(item.title.split())] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return outline


def test_libreoffice_shows_ranges_and_pages_on_every_contents_entry(workspace, tmp_path):
    """The default DOCX, opened in LibreOffice: every contents entry shows its paragraph range
    and the page its heading is on (LibreOffice computes the PAGEREF fields itself)."""
    from test_contents import ENTRIES

    docx_path = build_report(workspace, ["docx"]).outputs[0]
    convert(docx_path, tmp_path)
    reader = PdfReader(tmp_path / (docx_path.stem + ".pdf"))
    outline = outline_pages(reader)
    lines = [" ".join(line.split()) for line in reader.pages[1].extract_text().splitlines()]
    assert "Paragraphs Page" in lines
    for number, title, paragraphs in ENTRIES:
        page = outline[(f"{number} {title}".strip()).replace("Annex: ", "Annex ")]
        shown = f"{number} {title}".strip()
        pattern = re.escape(shown) + (r"\.* ?" + re.escape(paragraphs) if paragraphs else "") + rf" ?{page}$"
        assert any(re.fullmatch(pattern, line) for line in lines), (pattern, lines)


def test_libreoffice_engine_fills_the_contents_page_numbers(workspace):
    """With --pdf-engine libreoffice the DOCX also caches LibreOffice's page numbers."""
    import io

    built = build_report(workspace, ["docx", "pdf"], pdf_engine="libreoffice")
    docx_path, pdf_path = built.outputs
    pagerefs = {instr.split()[1]: cached for instr, cached in Docx(docx_path).fields()
                if instr.startswith("PAGEREF")}
    assert pagerefs and all(cached.isdigit() for cached in pagerefs.values())
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    outline = outline_pages(reader)
    assert pagerefs["h_1"] == str(outline["I. Introduction"]) == "3"
    assert pagerefs["sec_art_21"] == str(outline["B. Right of peaceful assembly (art. 21)"])
    text = " ".join(reader.pages[1].extract_text().split())
    assert re.search(r"I\. ?Introduction\.+ ?1–2 ?3", text)
    assert re.search(r"Right of peaceful assembly \(art\. 21\)\.+ ?5–7 ?" + pagerefs["sec_art_21"], text)


def test_libreoffice_never_breaks_inside_symbols_dates_and_labels(workspace, tmp_path):
    from test_layout import line_ends, no_break_section

    no_break_section(workspace)
    docx_path = build_report(workspace, ["docx"]).outputs[0]
    lines = [line for page in convert(docx_path, tmp_path) for line in page.splitlines()]
    assert sum("CCPR/C/KAZ/Q/2" in line for line in lines) >= 30
    assert line_ends(lines) == []
