"""HTML output: one self-contained page (styles inside, no scripts, no outside files) from the
resolved report, through templates/report.html.j2. A third renderer of the same model as the
DOCX and the PDF, so it shows their numbers, notes and cross-reference texts by construction."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from assemble.model import Report
from assemble.render.html.view import page_data
from assemble.templates_loader import environment

TEMPLATE = "report.html.j2"


def render_html(report: Report, root: Path, fragments: dict | None = None) -> bytes:
    """The page. With `fragments` (kept by assemble preview between builds), each section's HTML
    is kept by a hash of its data and of the template, and only sections whose data changed
    (their text, or a number in them) are rendered again."""
    env = environment(root, autoescape=True)
    template = env.get_template(TEMPLATE)
    page = page_data(report)
    if fragments is None:
        return template.render(page=page).encode("utf-8")
    source = env.loader.get_source(env, TEMPLATE)[0]
    macro = template.module.section_block
    salt = hashlib.sha256(source.encode("utf-8")).digest()
    used: dict = {}

    def section_html(section: dict):
        key = hashlib.sha256(salt + json.dumps(section, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        html = fragments.get(key)
        if html is None:
            html = macro(section)
        used[key] = html
        return html

    rendered = template.render(page=page, section_html=section_html).encode("utf-8")
    fragments.clear()
    fragments.update(used)  # only the current sections: the cache never grows past one report
    return rendered
