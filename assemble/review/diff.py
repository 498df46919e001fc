"""`assemble diff --since REF`: the redline for a sign-off round (docs/review.md)."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from assemble.problems import BuildError, Problem, Problems
from assemble.review.redline import SectionChanges, apply, compare
from assemble.review.since import resolve_ref, sources_at


def changes_since(root: Path, since: str):
    """(today's report, the changes since `since`, the commit it names)."""
    from assemble.build import read_report

    problems = Problems(root)
    _, report = read_report(root, problems)  # today's report first: its errors come before git's
    commit = resolve_ref(root, since)
    old_root = sources_at(root, commit)
    try:
        old_problems = Problems(old_root)
        try:
            _, old = read_report(old_root, old_problems)
        except BuildError as exc:
            first = exc.problems[0] if exc.problems else None
            raise BuildError([Problem("--since", None, f"the report at '{since}' ({commit[:10]}) does not build, so "
                                      "it cannot be compared" + (f": {first.file}:{first.line or ''} "
                                                                  f"{first.message}" if first else ""),
                                      hint="give a revision whose sources built (e.g. the commit of a sign-off)")]) \
                from None
        changes = compare(old, report, problems.rel, old_problems.rel)
    finally:
        shutil.rmtree(old_root, ignore_errors=True)
    return report, changes, commit


def _counts(changes) -> list[str]:
    """"2 changed (para. 5, para. 7), 1 removed (was para. 9)"."""
    parts = []
    for kind in ("changed", "added", "removed"):
        found = [c.old.label if kind == "removed" else c.new.label for c in changes if c.kind == kind]
        if found:
            names = [("was " if kind == "removed" else "") + name for name in found]
            parts.append(f"{len(found)} {kind} ({', '.join(names)})")
    return parts


def summary(changes: list[SectionChanges]) -> list[str]:
    """One line per changed section: what was added, removed, changed, with report numbers."""
    lines = []
    for section in changes:
        if section.status != "changed":
            count = len(section.blocks)
            lines.append(f"{section.file}: section {section.status} ({count} block{'s' if count != 1 else ''})")
            continue
        notes = _counts(section.notes)
        lines.append(f"{section.file}: " + ", ".join(_counts(section.blocks) or ["no block changed"])
                     + (f"; notes: {', '.join(notes)}" if notes else ""))
    return lines


def redline_docx(report, changes: list[SectionChanges], root: Path, date: str) -> bytes:
    """Today's DOCX with `changes` as tracked changes (author "assemble", dated `date`)."""
    from assemble.render.docx.package import fixed_zip
    from assemble.render.docx.writer import render_docx
    from assemble.templates_loader import template_path

    data = render_docx(report, template_path(root, "reference.docx"))
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    footnotes = etree.fromstring(parts["word/footnotes.xml"]) if "word/footnotes.xml" in parts else None
    apply(changes, document, footnotes, date)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    if footnotes is not None:
        parts["word/footnotes.xml"] = etree.tostring(footnotes, xml_declaration=True, encoding="UTF-8",
                                                     standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    year, month, day = (int(x) for x in date.split("-"))
    return fixed_zip(out.getvalue(), (year, month, day))


def do_diff(root: Path, since: str, output: Path | None, fmt: str) -> tuple[list[str], Path | None]:
    from assemble.build import output_stem
    from assemble.output import write_all_atomic

    report, changes, _ = changes_since(root, since)
    lines = summary(changes) or [f"nothing changed since '{since}'"]
    if fmt == "text":
        return lines, None
    target = output or root / "build" / f"{output_stem(report)}.redline.docx"
    data = redline_docx(report, changes, root, dt.date.today().isoformat())
    write_all_atomic({target: data}, root=root, named=output is not None)
    return lines, target
