"""PDF output: Typst over the resolved model (default), or LibreOffice converting our DOCX."""
from __future__ import annotations

from pathlib import Path

from assemble.model import Report

ENGINES = ("typst", "libreoffice")


def render_pdf(report: Report, root: Path, engine: str = "typst") -> bytes:
    if engine == "libreoffice":
        from assemble.render.pdf.libreoffice import render_with_libreoffice
        from assemble.templates_loader import template_path

        return render_with_libreoffice(report, template_path(root, "reference.docx"))[1]
    from assemble.render.pdf.compile import compile_report

    return compile_report(report, root)
