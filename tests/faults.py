"""Run any assemble command under a fault and see what a user would see.

The faults a shared report folder meets: a read-only disk, a full disk (a small tmpfs filled to
the brim; both need `mount`, so the tests skip with the reason where it is not permitted), an
interrupt (SIGINT, SIGTERM) in the middle of reading or writing, and caches turned to garbage.

`Outcome` holds the exit code, the output and which files changed, so a test can assert the
three things that must hold under every fault: no traceback, no "internal error", and no change
outside the files the command is meant to write.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from assemble.cli import main


@dataclass
class Outcome:
    code: int
    output: str  # stdout and stderr, as the user's terminal shows them
    changed: set[str]  # paths (relative to the watched folder) added, removed or modified

    def lines(self) -> list[str]:
        return self.output.splitlines()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, link and folder under `folder` with what it holds."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(top) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[rel] = "folder"
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = "special"
    return found


def changes(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def run(args: list[str], watch: Path) -> Outcome:
    """The command in this process (click's runner: the same boundary as the real command line)."""
    before = snapshot(watch)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return Outcome(result.exit_code, result.output, changes(before, snapshot(watch)))


def assert_clean(outcome: Outcome, allowed: tuple[str, ...]) -> None:
    """No traceback, no internal error, no temporary file left, nothing changed outside `allowed`
    (folder or file names relative to the watched folder)."""
    assert "Traceback" not in outcome.output, outcome.output
    assert "internal error" not in outcome.output, outcome.output
    assert not [c for c in outcome.changed if Path(c).name.endswith(".tmp") and Path(c).name.startswith(".")], \
        outcome.changed
    stray = {c for c in outcome.changed if not any(c == a or c.startswith(a + "/") for a in allowed)}
    assert not stray, f"changed outside {allowed}: {sorted(stray)}\n{outcome.output}"


# ---- faults -------------------------------------------------------------------------------

def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this fault needs 'mount' ({done.stderr.strip() or 'not permitted'})")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextmanager
def read_only(folder: Path):
    """`folder` on a read-only mount (chmod does not stop root, a read-only file system does)."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield
    finally:
        _umount(folder)


@contextmanager
def small_disk(folder: Path, size: str = "16m"):
    """An empty tmpfs of `size` at `folder`; `fill(folder)` then uses up what is left."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield
    finally:
        _umount(folder)


def fill(folder: Path) -> None:
    """Use up every free byte of the disk that holds `folder`."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)


@contextmanager
def signal_during(stage: str, signum: int, after: int = 1):
    """Send `signum` to this process from inside assemble, at the `after`-th file it reads
    (stage "read") or while it writes a file, after the temporary file is on the disk (stage
    "write"): the moments a Ctrl-C or a kill from outside most often hit."""
    import assemble.output as output
    import assemble.paths as paths

    calls = {"n": 0}
    if stage == "read":
        target, name = paths, "read_bytes"
    else:
        target, name = output, "_write_synced"
    real = getattr(target, name)

    def patched(*args, **kwargs):
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == after:
            os.kill(os.getpid(), signum)
        return result

    setattr(target, name, patched)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        yield calls  # calls["n"] >= after: the signal was sent
    finally:
        setattr(target, name, real)
        signal.signal(signal.SIGTERM, previous)


def corrupt_caches(root: Path, cache_home: Path) -> list[Path]:
    """Replace every cache file (build/.cache, Jinja's compiled templates) by garbage of several
    kinds; returns the files changed."""
    import jinja2.bccache

    garbage = [b"\x00\xff garbage", b"[]", b'{"fingerprint": 5}', jinja2.bccache.bc_magic + b"\x80\x04 not a pickle",
               b'{"fingerprint": "x", "outputs": [], "summary": 1, "warnings": {}, "folders": 3}']
    spoiled = []
    folders = [root / "build" / ".cache", cache_home / "assemble"]
    for folder in folders:
        for i, path in enumerate(sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []):
            path.write_bytes(garbage[i % len(garbage)])
            spoiled.append(path)
    return spoiled
