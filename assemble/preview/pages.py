"""The preview's own page parts: the live-update script and status bar added to the report
page, and the page that lists the problems (file:line) while the report cannot be built."""
from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


def _bar(rendering) -> str:
    return _environment().get_template("bar.html.j2").render(
        r=rendering, at=time.strftime("%H:%M:%S", time.localtime(rendering.finished or time.time())),
        script=(HERE / "live.js").read_text(encoding="utf-8"))


def with_preview(page: bytes, rendering) -> bytes:
    """The report page with the status bar and the script that updates it in place. Both go
    just before </body>: the report's own markup is left as it is."""
    text = page.decode("utf-8")
    at = text.rfind("</body>")
    at = at if at >= 0 else len(text)
    return (text[:at] + _bar(rendering) + text[at:]).encode("utf-8")


def problems_page(rendering, has_last_good: bool) -> bytes:
    html = _environment().get_template("problems.html.j2").render(
        r=rendering, has_last_good=has_last_good, errors=[p for p in rendering.problems if p.severity == "error"]
        or rendering.problems)
    return with_preview(html.encode("utf-8"), rendering)
