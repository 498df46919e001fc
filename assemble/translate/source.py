"""Reading the source and translated section sets of a workspace, parsed (and resolved)."""
from __future__ import annotations

from pathlib import Path

from assemble.load import Workspace, load_workspace
from assemble.load.sections import SourceFile, load_section
from assemble.parse import parse_section
from assemble.problems import Problems
from assemble.translate.language import canonical


def translation_folder(root: Path, lang: str) -> Path:
    if canonical(lang) is None:  # callers pass the report's own codes; never let a path through
        raise ValueError(f"not a language code: {lang!r}")
    return root / "translations" / lang


def load_translations(workspace: Workspace, lang: str, problems: Problems) -> dict[str, SourceFile]:
    """translations/<lang>/*.md by section id, parsed."""
    folder = translation_folder(workspace.root, lang)
    found: dict[str, SourceFile] = {}
    if not folder.is_dir():
        return found
    known = {s.section.id for s in workspace.sources}
    for path in sorted(folder.glob("*.md")):
        source = load_section(path, workspace.config, workspace.treaty, problems, language=lang)
        if source is None:
            continue
        sid = source.section.id
        if sid not in known:
            problems.error(path, source.front_lines.get(("id",), 1),
                           f"translation of section '{sid}', which does not exist in sections/",
                           "give it the id of the section it translates")
            continue
        if sid in found:
            problems.error(path, 1, f"section '{sid}' is translated twice in {problems.rel(folder)}",
                           "keep one file per section")
            continue
        if not source.section.source_hash:
            problems.error(path, 1, "a translated section needs 'source_hash' in its front matter",
                           "run 'assemble status' to see the hash of the source it translates")
        parse_section(source, problems)
        found[sid] = source
    return found


def load_parsed(root: Path, problems: Problems) -> Workspace | None:
    workspace = load_workspace(root, problems)
    if workspace is None:
        return None
    for source in workspace.sources:
        parse_section(source, problems)
    return workspace
