"""Problems a user can cause: collected with file and line, reported in one sentence each."""
from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    # keyword-only: a hint passed where the severity goes printed "file: <hint>: message" (issue 12, bug 5)
    severity: str = field(default="error", kw_only=True)  # "error" | "warning"
    hint: str | None = field(default=None, kw_only=True)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "severity": self.severity,
                "message": self.message, "hint": self.hint}


class BuildError(Exception):
    """Raised when a stage cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Problems:
    """A collector shared by the stages, so one run lists every problem, not just the first."""

    root: Path = field(default_factory=Path.cwd)
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        """The path as the user sees it in the folder: a symlinked file keeps its own name."""
        path = Path(path)
        for mine, root in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),
                           (path.resolve(), self.root.resolve())):
            try:
                return mine.relative_to(root).as_posix()
            except ValueError:
                continue
        return str(path)

    def error(self, file, line, message, hint=None) -> None:
        self.items.append(Problem(self.rel(file), line, message, severity="error", hint=hint))

    def warning(self, file, line, message, hint=None) -> None:
        self.items.append(Problem(self.rel(file), line, message, severity="warning", hint=hint))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def tidy(self) -> None:
        """Sorted the way people read a report folder (report.yml, sections, sources), duplicates dropped."""
        rank = {"report.yml": 0, "sections": 1, "translations": 2, "footnotes": 3, "templates": 4}
        unique = list(dict.fromkeys(self.items))
        self.items[:] = sorted(unique, key=lambda p: (rank.get(p.file.split("/")[0], 5), p.file, p.line or 0))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(self.errors)


# errno -> what happened and what to do, for an OSError that reaches the command line
_OS_SENTENCES = {
    errno.ENOSPC: ("the disk is full", "free some space, then run the command again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, then run the command again"),
    errno.EROFS: ("this is on a read-only disk", "work in a copy of the report folder on a writable disk"),
    errno.EACCES: ("permission denied", "make it readable and writable for you (or work in a copy you own)"),
    errno.EPERM: ("the system does not allow this", "make it writable for you (or work in a copy you own)"),
    errno.ENOTDIR: ("a file is in the way where a folder is needed", "move or rename the file"),
    errno.EEXIST: ("a file is in the way where a folder is needed", "move or rename the file"),
    errno.EISDIR: ("this is a folder, not a file", "move or rename the folder, or choose another file name"),
    errno.ENOENT: ("this does not exist", "check the path"),
    errno.ENAMETOOLONG: ("the file name is too long", "choose a shorter name or a shorter folder path"),
    errno.ELOOP: ("these links point at each other in a loop", "replace the links with real files"),
    errno.EIO: ("the disk could not be read or written (input/output error)", "check the disk or network drive"),
    errno.EMFILE: ("too many files are open", "close other programs and run the command again"),
}


def os_problem(exc: OSError, root: Path | None = None) -> Problem:
    """One sentence for an operating-system error: which file, what happened, what to do."""
    what, todo = _OS_SENTENCES.get(exc.errno, (exc.strerror or str(exc), "check the file and run the command again"))
    name = exc.filename or ""
    shown = Problems(root).rel(name) if (name and root is not None) else str(name or "assemble")
    return Problem(shown, None, what, hint=todo)


def problem_of(exc: BaseException, root: Path | None = None) -> Problem | None:
    """The sentence for an error a user's files or machine cause (a refused path, an operating-system
    error, too little memory, too deep nesting); None for anything else (a bug in assemble).
    One mapping for every place that reports errors: the command line and the preview."""
    from assemble.paths import Refused

    if isinstance(exc, Refused):
        return Problem(Problems(root or Path.cwd()).rel(exc.path), None, exc.message, hint=exc.hint)
    if isinstance(exc, OSError):
        return os_problem(exc, root)
    if isinstance(exc, MemoryError):
        return Problem(str(root or "."), None, "there is not enough memory to build this report",
                       hint="close other programs, or look for a file that is unusually large")
    if isinstance(exc, RecursionError):
        return Problem(str(root or "."), None, "a part of the report is nested too deeply to process",
                       hint="look for very deeply nested lists, quotes or YAML values")
    return None


def docx_part_fault(exc: BaseException) -> str | None:
    """What python-docx's error on a broken package says is wrong with the file, in words (its
    exceptions name its own classes); None when it does not say. For the report's reference.docx
    and a partner's Word file alike."""
    text = str(exc)
    if "no relationship of type" in text:
        return "its list of parts, _rels/.rels, names no document"
    missing = re.search(r"no item named '([^']+)'", text)  # zipfile: "There is no item named 'word/x.xml' ..."
    return f"its part {missing[1]} is missing" if missing else None
