"""Writing files atomically: a failed or interrupted command never damages the last good file.

Every file assemble writes (outputs, sections.lock, exchange files, translations, caches) goes
through `write_atomic`: the bytes go to a temporary file next to the target, are flushed to the
disk, and replace the target in one rename. A full disk, a read-only folder, Ctrl-C or SIGTERM
leave the old file as it was and remove the temporary file; a temporary file left by SIGKILL
(or a power cut) is removed by the next write into that folder.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
from pathlib import Path

from assemble.paths import check_named_write, check_write

# .<target name>.<pid>-<random>.tmp: the pid tells a later run whether its writer is still alive.
TEMP_RE = re.compile(r"^\..+\.(\d+)-[0-9a-f]{8}\.tmp$")


STEM_LIMIT = 60
# Words a cut name should not end on ("...-report-of-the"): English, French, Spanish.
TRAILING = {"a", "an", "and", "the", "of", "on", "in", "for", "to", "by", "de", "la", "le", "les", "des", "du",
            "et", "en", "sur", "del", "el", "los", "las", "y", "para", "por"}


def safe_stem(name: str, limit: int = STEM_LIMIT) -> str:
    """A file-name stem that cannot leave build/: [a-z0-9-] only, never empty, at most `limit`
    characters, cut between words (a long title gives its first words, the same at every build)."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if len(stem) > limit:
        head = stem[:limit + 1]
        if "-" not in head:
            return stem[:limit]
        words = head.split("-")[:-1]
        while len(words) > 1 and words[-1] in TRAILING:
            words.pop()
        stem = "-".join(words)
    return stem or "report"


def write_atomic(path: Path, data: bytes, *, root: Path | None, named: bool = False) -> None:
    """Write `data` to `path` all or nothing.

    `root` is the report folder: the path must then stay inside its build/ or translations/
    folder or be its sections.lock (paths.check_write); with `named`, it is a file the user
    named with --output, which may be anywhere but among the report's sources
    (paths.check_named_write). `root=None` is for the files `import` and `new` are asked to
    write (they check their own targets). Raises paths.Refused, or OSError naming the file.
    """
    write_all_atomic({path: data}, root=root, named=named)


def write_all_atomic(files: dict[Path, bytes], *, root: Path | None, named: bool = False) -> None:
    """Write several files (a DOCX and its PDF) so that either all are new or none is: every
    temporary file is written and flushed before the first one replaces its target."""
    for path in files:
        if root is not None:
            (check_named_write if named else check_write)(root, path)
    written: dict[Path, Path] = {}
    created: list[Path] = []
    try:
        for path, data in files.items():
            created += _make_folder(path.parent)
            remove_stale_temps(path.parent)
            tmp = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
            written[path] = tmp
            _write_synced(tmp, path, data)
        for path, tmp in written.items():
            try:
                os.replace(tmp, path)
            except OSError as exc:  # e.g. a folder where the file should go: name the file, not the temporary one
                exc.filename, exc.filename2 = str(path), None
                raise
    except BaseException:  # a full disk, Ctrl-C, SIGTERM (cli.py makes it an exception), anything
        for tmp in written.values():
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass  # a read-only disk: the temporary file could not be made either
        for folder in reversed(created):  # a failed command leaves no trace, not even a folder
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    for folder in {path.parent for path in files}:
        _sync_folder(folder)


def _write_synced(tmp: Path, path: Path, data: bytes) -> None:
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        # write() and fsync() errors carry no file name, and the temporary name means nothing
        # to the user: name the file being written.
        if not exc.filename or Path(exc.filename) == tmp:
            exc.filename = str(path)
        raise


def _make_folder(folder: Path) -> list[Path]:
    """Create the folder and its missing parents; returns those it created, outermost first."""
    missing = [p for p in [folder, *folder.parents] if not os.path.lexists(p)][::-1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file stands where a folder is needed: say which one
        blocking = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), folder)
        raise NotADirectoryError(errno.ENOTDIR, "a file is in the way where a folder is needed", str(blocking)) from None
    return missing


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files whose writer is gone (killed with SIGKILL, power cut)."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        found = TEMP_RE.match(name)
        if not found or _alive(int(found[1])):
            continue
        try:
            (folder / name).unlink()
            removed.append(folder / name)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's live process (or a number we cannot test): leave it
    return True
