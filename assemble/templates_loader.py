"""Templates: the report's own templates/ folder first, then the defaults shipped with assemble."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2

DEFAULTS = Path(__file__).resolve().parent / "templates"


def template_path(root: Path, name: str) -> Path:
    own = root / "templates" / name
    return own if own.exists() else DEFAULTS / name


@lru_cache(maxsize=4)
def _bytecode_cache(autoescape: bool) -> jinja2.BytecodeCache | None:
    """Compiled templates, reused across builds: Jinja checks each entry against the template's
    source hash, so an edited template is always recompiled. Settings get their own folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "assemble" / f"jinja-{jinja2.__version__}-{'html' if autoescape else 'text'}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(root: Path, autoescape: bool) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(root / "templates"), str(DEFAULTS)])
    return jinja2.Environment(loader=loader, autoescape=autoescape, undefined=jinja2.ChainableUndefined,
                              keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True,
                              bytecode_cache=_bytecode_cache(autoescape))
