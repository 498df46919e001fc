"""Section-level checks: empty sections, drafts in a final check, files that are silently not read."""
from __future__ import annotations

from pathlib import Path

from assemble.load.sections import SourceFile
from assemble.problems import Problems

EDITOR_LEFTOVERS = ("~", ".swp", ".bak", ".tmp")


def check_sections(sources: list[SourceFile], problems: Problems, final: bool) -> None:
    for source in sources:
        section = source.section
        if not section.blocks:
            report = problems.error if final else problems.warning
            report(section.file, source.body_line, f"section '{section.id}' has no text yet",
                   "write its text, or delete the file if the section is not needed")
        if final and section.status != "final":
            problems.error(section.file, source.front_lines.get(("status",), 1),
                           f"section '{section.id}' has status '{section.status}', not 'final'",
                           "set 'status: final' once the coalition has agreed the text")


def check_stray_files(root: Path, problems: Problems) -> None:
    """A section saved as .txt or .markdown would silently be missing from the report."""
    for folder, suffix, what in (("sections", ".md", "is a section"), ("footnotes", ".bib", "holds sources")):
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            name = path.name
            if name.startswith(".") or name.endswith(EDITOR_LEFTOVERS) or path.is_dir():
                continue
            if path.suffix != suffix:
                problems.warning(path, None, f"this file is not read: only {suffix} files in {folder}/ are",
                                 f"rename it to end in {suffix} if it {what}")
