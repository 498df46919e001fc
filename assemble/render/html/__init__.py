"""HTML output: one self-contained page (styles inside, no scripts, no outside files) from the
resolved report, through templates/report.html.j2. A third renderer of the same model as the
DOCX and the PDF, so it shows their numbers, notes and cross-reference texts by construction."""
from __future__ import annotations

from pathlib import Path

from assemble.model import Report
from assemble.render.html.view import page_data
from assemble.templates_loader import environment

TEMPLATE = "report.html.j2"


def render_html(report: Report, root: Path) -> bytes:
    template = environment(root, autoescape=True).get_template(TEMPLATE)
    return template.render(page=page_data(report)).encode("utf-8")
