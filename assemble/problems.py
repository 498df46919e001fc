"""Problems a user can cause: collected with file and line, reported in one sentence each."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" | "warning"
    hint: str | None = None

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
        self.items.append(Problem(self.rel(file), line, message, "error", hint))

    def warning(self, file, line, message, hint=None) -> None:
        self.items.append(Problem(self.rel(file), line, message, "warning", hint))

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
