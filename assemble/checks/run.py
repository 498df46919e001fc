"""`assemble check`: the build's own stages and checks, without writing anything."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from assemble.problems import BuildError, Problem, Problems


def check_workspace(root: Path, strict: bool = False, final: bool = False) -> list[Problem]:
    """Every problem in the folder, errors and warnings; with `strict` warnings count as errors."""
    from assemble.build import read_report

    problems = Problems(root)
    try:
        read_report(root, problems, final=final, keep_going=True)
    except BuildError:
        pass  # a stage that could not go on (a broken template) has recorded why
    problems.tidy()
    if strict:
        return [dataclasses.replace(p, severity="error") for p in problems.items]
    return list(problems.items)
