"""Templates: the report's own templates/ folder first, then the defaults shipped with assemble.

A report's own template is read under the one path rule (paths.py: inside the report folder, a
regular file), as UTF-8 with any BOM dropped, so a template saved by Word or Notepad renders
exactly as the same text without one. Errors a template's author can cause (bad bytes, a
missing macro, a filter given the wrong type) become a Problem naming the template and line.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.bccache

from assemble import paths
from assemble.problems import BuildError, Problem

DEFAULTS = Path(__file__).resolve().parent / "templates"
FIX = "fix the template, or delete it to use the built-in one"


def template_path(root: Path, name: str) -> Path:
    """The report's own templates/<name> if there is one (checked by the path rule), else the default."""
    own = root / "templates" / name
    if not os.path.lexists(own):
        return DEFAULTS / name
    paths.check_inside(root, own)
    paths.check_regular(own)
    return own


def decode(path: Path, data: bytes, shown: str | None = None) -> str:
    """A template's text: UTF-8, BOM dropped; a BuildError naming the line of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError([Problem(shown or str(path), line,
                                  "the file is not UTF-8 text; save it as UTF-8 in your editor")]) from None


class WorkspaceLoader(jinja2.BaseLoader):
    """FileSystemLoader's search (templates/ of the report, then the defaults), reading each file
    of the report under the path rule."""

    def __init__(self, root: Path):
        self.root = root
        self.own = root / "templates"

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)  # refuses '..'
        own = self.own.joinpath(*pieces)
        if os.path.lexists(own):
            data = paths.read_bytes(own, self.root)
            path = own
        else:
            path = DEFAULTS.joinpath(*pieces)
            if not path.is_file():
                raise jinja2.TemplateNotFound(template)
            data = path.read_bytes()
        shown = f"templates/{'/'.join(pieces)}"
        source = decode(path, data, shown)
        mtime = os.stat(path).st_mtime_ns
        return source, str(path), lambda: _mtime(path) == mtime

    def list_templates(self):
        names = {p.relative_to(d).as_posix() for d in (self.own, DEFAULTS) if d.is_dir()
                 for p in d.rglob("*") if p.is_file()}
        return sorted(names)


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class HealingBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates, reused across builds. A cache only saves time: an entry that cannot be
    read (corrupt, truncated, from another Python) is recompiled, and one that cannot be written
    (read-only or full disk) is skipped, so a broken cache never fails a build."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - whatever the bytes are, the answer is to recompile
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=4)
def _bytecode_cache(autoescape: bool) -> jinja2.BytecodeCache | None:
    """Jinja checks each entry against the template's source hash, so an edited template is always
    recompiled. Settings get their own folder (assemble's user cache, never the report folder)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "assemble" / f"jinja-{jinja2.__version__}-{'html' if autoescape else 'text'}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return HealingBytecodeCache(str(folder))


def environment(root: Path, autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(loader=WorkspaceLoader(root), autoescape=autoescape,
                              undefined=jinja2.ChainableUndefined, keep_trailing_newline=False,
                              trim_blocks=True, lstrip_blocks=True, bytecode_cache=_bytecode_cache(autoescape))


def require_macros(module, name: str, macros: tuple[str, ...], root: Path) -> None:
    """A report's own template must define the macros assemble calls (e.g. full_misc in citations.j2)."""
    missing = [m for m in macros if not callable(getattr(module, m, None))]
    if missing:
        shown = f"templates/{name}" if os.path.lexists(root / "templates" / name) else name
        raise BuildError([Problem(shown, None, f"the template has no macro {', '.join(missing)}",
                                  hint=f"copy {'it' if len(missing) == 1 else 'them'} from assemble's built-in {name}")])


def template_line(exc: BaseException) -> tuple[str, int] | None:
    """(template file, line) of the innermost template frame an exception passed through: Jinja
    rewrites tracebacks so that template code shows its own file and line."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_errors(exc: Exception, root: Path) -> Problem | None:
    """A Problem for an exception raised by template code (a filter given the wrong type, a
    division by zero, ...), or None when the exception did not come from a template."""
    where = template_line(exc)
    if where is None:
        return None
    filename, line = where
    path = Path(filename)
    try:
        shown = "templates/" + path.resolve().relative_to((root / "templates").resolve()).as_posix()
    except ValueError:
        shown = f"{path.name} (built-in)"
    return Problem(shown, line, f"template error: {exc} ({type(exc).__name__})", hint=FIX)

