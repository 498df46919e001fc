"""Every command under every fault (issue 13): no traceback, no "internal error", and nothing
changed outside the files the command writes; a failed or interrupted command changes nothing.

The matrix holds every command of `assemble`: a new command fails
test_every_command_is_in_the_matrix until it is added to COMMANDS below.
"""
from __future__ import annotations

import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from assemble.cli import main
from conftest import CACHE_HOME, WORKSPACE
from faults import assert_clean, corrupt_caches, fill, read_only, run, signal_during, small_disk, snapshot


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]  # {root} is the report folder, {po} a translated PO file outside it
    writes: tuple[str, ...] = ()  # what it may change, relative to the report folder
    codes: tuple[int, ...] = (0,)  # its exit codes on the prepared report
    first: str = ""  # the first file it writes, as the error names it
    full: str = ""  # what a full disk names, where that is not `first` (a folder can still be made)
    reads: int = 1_000  # how many files it reads (fewer than a test's `after`: that moment never comes)

    def argv(self, root: Path, po: Path) -> list[str]:
        return [a.format(root=root, po=po) for a in self.args]


COMMANDS = {
    "build": Command(("build", "--root", "{root}"), ("build",), first="build/test-report.docx"),
    "build --format docx --lang": Command(("build", "--root", "{root}", "--format", "docx", "--lang", "ru",
                                           "--allow-missing"), ("build",), first="build/test-report-ru.docx"),
    "check": Command(("check", "--root", "{root}")),
    "stats": Command(("stats", "--root", "{root}")),
    "freeze": Command(("freeze", "--root", "{root}", "--tag", "round-2"), ("sections.lock",), first="sections.lock"),
    "status": Command(("status", "--root", "{root}", "--lang", "ru"), codes=(0, 1)),
    "export": Command(("export", "--root", "{root}", "--lang", "ru", "--format", "po"), ("build",),
                      first="build/translation-ru.po"),
    "import": Command(("import", "--root", "{root}", "{po}"), ("translations",), first="translations/ru/art-21.md"),
    "comments": Command(("comments", "--root", "{root}", "{root}/build/test-report.docx")),
    # the prepared report is not in git: diff says so (its redlines: tests/test_review.py)
    "diff": Command(("diff", "--root", "{root}", "--since", "HEAD", "--format", "text"), codes=(1,)),
    # a new report folder, named on the command line (here inside the watched one), all or nothing
    "new": Command(("new", "{root}/new-report", "--treaty", "CAT", "--state-party", "Testland"), ("new-report",),
                   first="{root}/new-report", full="{root}/new-report/report.yml", reads=3),
}
WRITERS = [name for name, command in COMMANDS.items() if command.writes]


# Commands that run until stopped cannot run to an end under each fault; their tests say why.
LONG_RUNNING = {"preview": "a server until Ctrl-C: tests/test_preview.py covers a failed build (shown in the page, "
                           "last good kept), a port in use, the outputs it writes and the stop"}


def test_every_command_is_in_the_matrix():
    covered = {c.args[0] for c in COMMANDS.values()} | set(LONG_RUNNING)
    missing = set(main.commands) - covered
    assert not missing, f"add {sorted(missing)} to COMMANDS in tests/test_faults.py (and tests/test_hostile.py)"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, Path]:
    """A report that has been built, frozen, exported and imported once (the 'last good' files),
    and the translated PO file, outside it, for `import`."""
    base = tmp_path_factory.mktemp("prepared")
    root = base / "ws"
    shutil.copytree(WORKSPACE, root, ignore=shutil.ignore_patterns("build"))
    po = base / "ru.po"
    for args in (["build", "--root", str(root)], ["freeze", "--root", str(root)],
                 ["export", "--root", str(root), "--lang", "ru", "--format", "po", "--output", str(po)]):
        assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
    translated = polib.pofile(str(po))
    for entry in translated:
        entry.msgstr = "Перевод: " + entry.msgid
    translated.save(str(po))
    assert CliRunner().invoke(main, ["import", "--root", str(root), str(po)], catch_exceptions=False).exit_code == 0
    return root, po


def copy_of(prepared, where: Path) -> tuple[Path, Path]:
    root, po = prepared
    shutil.copytree(root, where, symlinks=True)
    return where, po


# ---- read-only disk ---------------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_read_only_disk(name, prepared, tmp_path):
    root, po = copy_of(prepared, tmp_path / "ws")
    command = COMMANDS[name]
    with read_only(root):
        outcome = run(command.argv(root, po), root)
    assert_clean(outcome, ())
    if command.writes:
        assert outcome.code == 1, outcome.output
        assert outcome.lines() == [f"{command.first.format(root=root)}: error: this is on a read-only disk (work in a copy of the "
                                   "report folder on a writable disk)", "1 error: nothing was written"]
    else:
        assert outcome.code in command.codes, outcome.output


# ---- full disk ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_full_disk(name, prepared, tmp_path):
    disk = tmp_path / "disk"
    with small_disk(disk):
        root, po = copy_of(prepared, disk / "ws")
        if name == "import":  # a second import over the same files would write nothing new
            shutil.rmtree(root / "translations", ignore_errors=True)
        fill(disk)
        outcome = run(COMMANDS[name].argv(root, po), root)
        assert_clean(outcome, ())  # a failed write changes nothing: the last good files stay
        if COMMANDS[name].writes:
            assert outcome.code == 1, outcome.output
            assert outcome.lines()[-2:] == [f"{(COMMANDS[name].full or COMMANDS[name].first).format(root=root)}: error: the disk is full (free some space, "
                                            "then run the command again)", "1 error: nothing was written"]
        else:
            assert outcome.code in COMMANDS[name].codes, outcome.output


# ---- Ctrl-C and SIGTERM while reading or writing --------------------------------------------

@pytest.mark.parametrize("stage, after", [("read", 1), ("read", 6), ("write", 1)])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("name", COMMANDS)
def test_interrupted(name, signum, stage, after, prepared, tmp_path):
    root, po = copy_of(prepared, tmp_path / "ws")
    if name == "import":
        shutil.rmtree(root / "translations", ignore_errors=True)
    command = COMMANDS[name]
    with signal_during(stage, signum, after) as calls:
        outcome = run(command.argv(root, po), root)
    expected = {signal.SIGINT: (130, "interrupted"), signal.SIGTERM: (143, "stopped (SIGTERM)")}[signum]
    if stage == "write" and not command.writes:  # that moment never comes
        assert calls["n"] == 0 and outcome.code in command.codes, outcome.output
        assert_clean(outcome, ())
        return
    if stage == "read" and after > command.reads:  # it reads fewer files: done before the moment
        assert calls["n"] < after and outcome.code in command.codes, outcome.output
        assert_clean(outcome, command.writes)
        return
    assert calls["n"] >= after, "the signal was never sent"
    assert outcome.code == expected[0], outcome.output
    assert outcome.lines() == [f"{expected[1]}: nothing more was written; files already in build/ are as they were"]
    assert_clean(outcome, ())  # the last good files are untouched, no temporary file is left


# ---- caches turned to garbage -------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_corrupt_caches_heal(name, prepared, tmp_path):
    root, po = copy_of(prepared, tmp_path / "ws")
    command = COMMANDS[name]
    assert corrupt_caches(root, CACHE_HOME)  # build/.cache and the compiled templates
    outcome = run(command.argv(root, po), root)
    assert_clean(outcome, command.writes)
    assert outcome.code in command.codes, outcome.output


def test_corrupt_build_cache_is_rebuilt_and_overwritten(prepared, tmp_path):
    root, _ = copy_of(prepared, tmp_path / "ws")
    args = ["build", "--root", str(root), "--format", "docx"]
    assert run(args, root).code == 0
    before = (root / "build" / "test-report.docx").read_bytes()
    assert corrupt_caches(root, CACHE_HOME)
    rebuilt = run(args, root)
    assert rebuilt.code == 0 and "(unchanged)" not in rebuilt.output, rebuilt.output
    assert (root / "build" / "test-report.docx").read_bytes() == before
    again = run(args, root)  # the record was overwritten with a good one
    assert again.code == 0 and again.output.strip().endswith("(unchanged)"), again.output


def test_read_only_template_cache_does_not_fail_the_build(prepared, tmp_path):
    root, _ = copy_of(prepared, tmp_path / "ws")
    folder = CACHE_HOME / "assemble"
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.rglob("*.cache"):
        path.unlink()
    cached = snapshot(folder)
    with read_only(folder):
        outcome = run(["build", "--root", str(root), "--format", "docx", "--no-cache"], root)
    assert outcome.code == 0, outcome.output
    assert_clean(outcome, ("build",))
    assert snapshot(folder) == cached


# ---- every operating-system error as one sentence --------------------------------------------

@pytest.mark.parametrize("code, sentence", [
    ("EACCES", "permission denied (make it readable and writable for you (or work in a copy you own))"),
    ("EPERM", "the system does not allow this (make it writable for you (or work in a copy you own))"),
    ("EDQUOT", "the disk quota is used up (free some space, then run the command again)"),
    ("EIO", "the disk could not be read or written (input/output error) (check the disk or network drive)"),
    ("ENAMETOOLONG", "the file name is too long (choose a shorter name or a shorter folder path)"),
    ("EMFILE", "too many files are open (close other programs and run the command again)"),
    ("ENOLINK", "Link has been severed (check the file and run the command again)"),
])
def test_each_os_error_while_writing_is_one_sentence(code, sentence, prepared, tmp_path, monkeypatch):
    """Faults a test cannot cause for real (root passes every permission; no failing disk at hand),
    raised where the disk raises them: when the written bytes are flushed."""
    import errno
    import os

    root, po = copy_of(prepared, tmp_path / "ws")
    number = getattr(errno, code)

    def failing(fd):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", failing)
    outcome = run(["build", "--root", str(root), "--format", "docx", "--no-cache"], root)
    monkeypatch.undo()
    assert_clean(outcome, ())
    assert (outcome.code, outcome.lines()) == (1, [f"build/test-report.docx: error: {sentence}",
                                                   "1 error: nothing was written"])


@pytest.mark.parametrize("fault, line", [
    (MemoryError, "{root}: error: there is not enough memory to build this report (close other programs, or look "
                  "for a file that is unusually large)"),
    (RecursionError, "{root}: error: a part of the report is nested too deeply to process (look for very deeply "
                     "nested lists, quotes or YAML values)"),
])
def test_memory_and_depth_faults_are_one_sentence(fault, line, prepared, tmp_path, monkeypatch):
    import assemble.build

    root, po = copy_of(prepared, tmp_path / "ws")

    def render(*args, **kwargs):
        raise fault()

    monkeypatch.setattr(assemble.build, "render", render)
    outcome = run(["build", "--root", str(root), "--format", "docx", "--no-cache"], root)
    assert_clean(outcome, ())
    assert (outcome.code, outcome.lines()) == (1, [line.format(root=root), "1 error: nothing was written"])


def test_a_disk_error_while_reading_is_one_sentence(prepared, tmp_path, monkeypatch):
    """A section on a failing network drive: check and build say so, not 'check its permissions'."""
    import errno

    import assemble.paths as paths

    root, po = copy_of(prepared, tmp_path / "ws")
    target = root / "sections" / "art-9.md"
    real = paths.read_bytes

    def read_bytes(path, root_=None):
        if path == target:
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path, root_)

    monkeypatch.setattr(paths, "read_bytes", read_bytes)
    expected = ("sections/art-9.md: error: the disk could not be read or written (input/output error) (check the disk "
                "or network drive)")
    checked = run(["check", "--root", str(root)], root)
    assert checked.code == 1 and expected in checked.lines(), checked.output
    built = run(["build", "--root", str(root), "--format", "docx", "--no-cache"], root)
    assert_clean(built, ())
    assert built.code == 1 and expected in built.lines(), built.output  # and the cross-references into it
    assert built.lines()[-1].endswith("errors: nothing was written")
