"""Templates: the report's own templates/ folder first, then the defaults shipped with assemble."""
from __future__ import annotations

from pathlib import Path

import jinja2

DEFAULTS = Path(__file__).resolve().parent / "templates"


def template_path(root: Path, name: str) -> Path:
    own = root / "templates" / name
    return own if own.exists() else DEFAULTS / name


def environment(root: Path, autoescape: bool) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(root / "templates"), str(DEFAULTS)])
    return jinja2.Environment(loader=loader, autoescape=autoescape, undefined=jinja2.ChainableUndefined,
                              keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)
