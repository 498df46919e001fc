"""Where assemble may read and write: one rule for every file it touches.

A report folder is shared: a dozen organisations commit to it, and whoever builds the report
must not have files of their machine read into the DOCX, nor files of theirs overwritten.

- Reading: a file of the report (report.yml, sections, sources, templates and what they
  include, fonts, translations, sections.lock) must resolve, after following links, inside
  the report folder, or inside a folder that report.yml lists under `allow_outside:` (the
  explicit opt-in). It must be a regular file: a link to /dev/zero would fill the memory and
  a named pipe (FIFO) would hang the build, so neither is ever opened.
- Writing: only inside the report's own build/ and translations/ folders and its
  sections.lock, links resolved; a file the user names on the command line (--output,
  `import FILE`, `new DIR`) is the user's choice, but an --output never replaces what the
  report is made of (report.yml, sections.lock, sections/, footnotes/, templates/,
  translations/, the `fonts:` folder report.yml names): a mistyped `--output report.yml` must not turn the report into a DOCX.

Standard library only: the build cache uses it before the pipeline is imported.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

WRITABLE_FOLDERS = ("build", "translations")
WRITABLE_FILES = ("sections.lock",)
# What a report is made of: an --output file may not be written over it or into it.
SOURCE_FOLDERS = ("sections", "footnotes", "templates", "translations")
SOURCE_FILES = ("report.yml", "sections.lock")
_KINDS = ((stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))

# The folders outside each report folder that its report.yml allows (`allow_outside:`), set when
# report.yml is loaded. Readers deep in the pipeline only get the report folder; keyed by it.
_allowed: dict[Path, tuple[Path, ...]] = {}
# Source folders each report.yml names itself (its `fonts:` folder), beside SOURCE_FOLDERS.
_named_sources: dict[Path, tuple[Path, ...]] = {}


class Refused(Exception):
    """A path assemble will not read or write; `message` says why and what to do."""

    def __init__(self, path: Path | str, message: str, hint: str | None = None):
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message
        self.hint = hint


def allow_outside(root: Path, folders: list[Path]) -> None:
    _allowed[_real(root)] = tuple(_real(f) for f in folders)


def named_sources(root: Path, folders: list[Path]) -> None:
    _named_sources[_real(root)] = tuple(_real(f) for f in folders)


def allowed_outside(root: Path) -> tuple[Path, ...]:
    return _allowed.get(_real(root), ())


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _show(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return str(path)


def check_inside(root: Path, path: Path) -> None:
    """Refuse a file of the report that resolves outside the report folder (and outside the
    folders report.yml allows)."""
    real, top = _real(path), _real(root)
    if within(real, top) or any(within(real, folder) for folder in allowed_outside(root)):
        return
    if os.path.islink(path):
        why = f"this is a link to {os.readlink(path)}, outside the report folder"
    else:
        why = f"this file is really {real} (a folder on its way is a link), outside the report folder"
    raise Refused(path, f"{why}; assemble reads only files inside the report folder",
                  "replace the link with a copy of the file, or list the folder under 'allow_outside:' in report.yml")


def check_regular(path: Path) -> os.stat_result:
    """The file's status; refuse anything but a regular file (following links)."""
    info = os.stat(path)
    for test, kind in _KINDS:
        if test(info.st_mode):
            target = f" ({os.path.realpath(path)})" if os.path.islink(path) else ""
            if kind == "a folder":
                raise Refused(path, "this is a folder, not a file", "move or rename it")
            raise Refused(path, f"this is {kind}{target}, not a file; assemble reads only regular files",
                          "delete it, or put a real file in its place")
    return info


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a regular file; with `root`, only of one inside the report folder (see above).

    Raises Refused, or OSError with the file name."""
    if root is not None:
        check_inside(root, path)
    check_regular(path)
    # O_NONBLOCK: a file swapped for a FIFO between the check and the open cannot hang us.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused(path, "this is not a regular file; assemble reads only regular files",
                          "delete it, or put a real file in its place")
        return handle.read()


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def files_under(folder: Path) -> list[Path]:
    """Every file under `folder`, following links to folders but never into a loop."""
    found: list[Path] = []
    seen: set[str] = set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        found += [Path(top) / name for name in sorted(files)]
    return found


def check_tree(root: Path, folder: Path) -> list[Refused]:
    """Every refusal for the files under `folder` (templates/, fonts/): links that leave the
    report folder, devices, FIFOs."""
    refused = []
    for path in files_under(folder):
        try:
            check_inside(root, path)
            check_regular(path)
        except Refused as exc:
            refused.append(exc)
        except OSError:
            continue  # a broken link: nothing is read through it
    return refused


def check_write(root: Path, path: Path) -> None:
    """Refuse to write `path` unless it stays in the report's build/ or translations/ folder or
    is its sections.lock, every link resolved (the file itself is replaced, never followed)."""
    top = _real(root)
    target = _real(path.parent) / path.name
    if path.name in ("", ".", ".."):
        raise Refused(path, "this is not a file name")
    if any(within(target, top / name) and target != top / name for name in WRITABLE_FOLDERS):
        return
    if any(target == top / name for name in WRITABLE_FILES):
        return
    for name in WRITABLE_FOLDERS:  # the usual cause: build/ or a folder in it is a link
        folder = Path(os.path.abspath(root)) / name
        if within(Path(os.path.abspath(path)), folder):
            link = next((p for p in [folder, *Path(os.path.abspath(path)).parents] if p.is_symlink()
                         and within(p, folder)), folder)
            raise Refused(link, f"this is a link to {os.path.realpath(link)}, outside the report folder; "
                          f"assemble writes only into the report's own {name}/ folder",
                          f"delete the link so that assemble can create a real {name}/ folder")
    raise Refused(path, f"assemble writes only into build/, translations/ and sections.lock of the report "
                  f"folder, not to {_show(path, root)}")


def check_named_write(root: Path, path: Path) -> None:
    """Refuse an --output file (named by the user, so anywhere else is allowed) that would
    replace a file the report is made of or land among them, links resolved."""
    top = _real(root)
    target = _real(path.parent) / path.name
    if path.name in ("", ".", ".."):
        raise Refused(path, "this is not a file name")
    hint = "name a file in build/ or outside the report folder"
    for name in SOURCE_FILES:
        if target == top / name:
            raise Refused(path, f"this is the report's own {name}; an output may not replace it", hint)
    for name in SOURCE_FOLDERS:
        if within(target, top / name):
            raise Refused(path, f"this is in the report's {name}/ folder, which holds what the report is made of; "
                          "an output may not be written there", hint)
    for folder in _named_sources.get(top, ()):
        if within(target, folder):
            raise Refused(path, "this is in the fonts folder report.yml names, which holds what the report is made "
                          "of; an output may not be written there", hint)
