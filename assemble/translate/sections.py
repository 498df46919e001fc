"""The section set of a translated build: each source section replaced by its aligned translation."""
from __future__ import annotations

from assemble.load import Workspace
from assemble.model import Section
from assemble.problems import Problems
from assemble.translate.align import check_alignment
from assemble.translate.source import load_translations, translation_folder
from assemble.translate.units import section_hash

STRUCTURE = ("part", "articles", "loi", "state_report", "concluding_observations", "organisations", "cluster",
             "theme", "order")


def translated_sections(workspace: Workspace, lang: str, allow_missing: bool, problems: Problems) -> list[Section]:
    translations = load_translations(workspace, lang, problems)
    folder = problems.rel(translation_folder(workspace.root, lang))
    sections = []
    for source in workspace.sources:
        original = source.section
        translation = translations.get(original.id)
        if translation is None:
            if allow_missing:
                problems.warning(original.file, 1, f"section '{original.id}' has no '{lang}' translation in "
                                 f"{folder}; the source text is used")
                sections.append(original)
            else:
                problems.error(original.file, 1, f"section '{original.id}' has no '{lang}' translation in {folder}",
                               "translate it, or build with --allow-missing to use the source text")
            continue
        section = translation.section
        if not check_alignment(original, section, problems):
            continue
        if section.source_hash and section.source_hash != section_hash(original):
            problems.warning(section.file, 1, f"this translation is stale: the source {problems.rel(original.file)} "
                             "changed after it was made", f"run 'assemble status --lang {lang}' to see what changed")
        for key in STRUCTURE:  # the source decides where a section goes, so both builds agree
            setattr(section, key, getattr(original, key))
        sections.append(section)
    return sections
