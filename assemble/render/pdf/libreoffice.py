"""The other PDF engine: LibreOffice converts the DOCX we just rendered (a second, independent reader)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from assemble.problems import BuildError, Problem

TIMEOUT = 300
# PDF/UA-1, as the Typst engine writes (LibreOffice 7.4 and later read the options as JSON).
PDF_FILTER = 'pdf:writer_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"}}'


def _fail(message: str, hint: str | None = None) -> BuildError:
    return BuildError([Problem("--pdf-engine libreoffice", None, message, hint=hint)])


def convert_docx(docx: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise _fail("LibreOffice (soffice) was not found on PATH",
                    "install LibreOffice or use the default --pdf-engine typst")
    with tempfile.TemporaryDirectory(prefix="assemble-lo-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(docx)
        # A private profile: parallel builds and a user's open LibreOffice would otherwise collide.
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", PDF_FILTER, "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise _fail(f"LibreOffice did not finish converting the DOCX within {TIMEOUT} seconds") from None
        result = work / "out" / "report.pdf"
        if done.returncode != 0 or not result.exists():
            detail = " ".join((done.stderr or done.stdout or "").split())[:300]
            raise _fail(f"LibreOffice could not convert the DOCX (exit code {done.returncode})"
                        + (f": {detail}" if detail else ""))
        return result.read_bytes()


def heading_pages(pdf: bytes) -> list[int]:
    """The page of every bookmark LibreOffice wrote (one per heading), in document order."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages: list[int] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.append(reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


def render_with_libreoffice(report, reference: Path) -> tuple[bytes, bytes]:
    """DOCX and PDF whose contents show LibreOffice's page numbers.

    The contents' pages are PAGEREF fields, which LibreOffice computes itself as it lays the
    file out, so one conversion gives a PDF with the right pages. The DOCX written beside it
    then gets those pages as the fields' cached values (read from the PDF's bookmarks, one per
    heading), for readers that show the cached values (Word until its fields are updated)."""
    from assemble.render.docx.writer import render_docx

    docx = render_docx(report, reference)
    pdf = convert_docx(docx)
    headings = report.headings()
    found = heading_pages(pdf)
    if len(found) != len(headings):  # an unexpected outline: keep the file without cached pages
        return docx, pdf
    return render_docx(report, reference, {h.anchor: page for h, page in zip(headings, found)}), pdf
