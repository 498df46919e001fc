"""`assemble check`: the build's own stages and checks, without writing anything."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from assemble.problems import BuildError, Problem, Problems


def check_workspace(root: Path, strict: bool = False, final: bool = False) -> list[Problem]:
    """Every problem in the folder, errors and warnings; with `strict` warnings count as errors."""
    return check_submission(root, strict, final)[0]


def check_submission(root: Path, strict: bool = False, final: bool = True):
    """(problems, checklist): with `final`, the checklist (checks/submission.Submission) of the
    selected body; else None."""
    from assemble.build import read_report
    from assemble.checks.submission import submission_checklist

    problems = Problems(root)
    workspace = report = None
    try:
        workspace, report = read_report(root, problems, final=final, keep_going=True)
    except BuildError:
        report = None  # a stage that could not go on (a broken template) has recorded why
    if report is not None and not problems.errors and (root / "templates" / "report.typ").exists():
        from assemble.render.pdf.compile import template_problem

        found = template_problem(report, root)  # the build would refuse it: say so now
        if found:
            problems.items.append(found)
    check_translations(root, problems)
    problems.tidy()
    checklist = submission_checklist(workspace, report) if final and report is not None else None
    if strict:
        return [dataclasses.replace(p, severity="error") for p in problems.items], checklist
    return list(problems.items), checklist


def check_translations(root: Path, problems: Problems) -> None:
    """Each translations/<lang>/ read as its own build would read it; only what concerns the
    translated files is added (the source's problems are listed already)."""
    from assemble.build import read_report

    folder = root / "translations"
    if not folder.is_dir():
        return
    from assemble.load.config import load_config

    config = load_config(root, Problems(root), partial=True)
    listed = set(config.translations) if config else set()
    for lang in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        if lang not in listed:  # a build could not reach it: say so rather than skip it silently
            problems.warning(folder / lang, None, f"'{lang}' is not one of the report's translations "
                             f"({', '.join(sorted(listed)) or 'none'})",
                             "add it to 'translations:' in report.yml, or remove the folder")
            continue
        theirs = Problems(root)
        try:
            read_report(root, theirs, lang, allow_missing=True, keep_going=True)
        except BuildError:
            pass  # a translation that cannot be aligned stops its build; its problems are recorded
        problems.items.extend(p for p in theirs.items if p.file.startswith(f"translations/{lang}/"))
