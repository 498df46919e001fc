"""PDF output: Typst over the resolved model (default), or LibreOffice converting our DOCX."""
from __future__ import annotations

from pathlib import Path

from assemble.model import Report

ENGINES = ("typst", "libreoffice")


def render_pdf(report: Report, root: Path, engine: str = "typst") -> bytes:
    from assemble.build import render  # the one place that chooses the engine

    return render(report, root, ["pdf"], engine)["pdf"]
