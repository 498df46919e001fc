"""Earlier translations offered again on export: each unit of an aligned translation becomes
the unit's target; units whose source changed since the translation are marked for review
(XLIFF needs-review-translation, PO fuzzy) and carry the source they translated (XLIFF
<alt-trans>, PO #| msgid) when sections.lock still knows it, so a translator sees exactly what
changed and what to redo."""
from __future__ import annotations

from pathlib import Path

from assemble.load import Workspace
from assemble.model import Report
from assemble.problems import Problems
from assemble.translate.align import check_alignment
from assemble.translate.exchange import Previous
from assemble.translate.lock import read_lock, record_unit
from assemble.translate.source import load_translations
from assemble.translate.status import section_statuses
from assemble.translate.targets import pieces_of
from assemble.translate.units import Unit, section_units


def previous_translations(root: Path, workspace: Workspace, report: Report, lang: str) -> dict[str, Previous]:
    scratch = Problems(root)  # a translation that no longer aligns is simply not offered
    translations = load_translations(workspace, lang, scratch)
    lock = read_lock(root)
    # aligned as the build aligns them: as parsed (resolve works on its own copy of the sections)
    parsed = {s.section.id: s.section for s in workspace.sources}
    sections = [parsed[s.id] for s in report.sections]
    statuses = {s.id: s for s in section_statuses(root, sections, translations, lock)}
    found: dict[str, Previous] = {}
    for section in sections:
        translation = translations.get(section.id)
        if translation is None or not check_alignment(section, translation.section, Problems(root)):
            continue
        status = statuses[section.id]
        changed = {c.unit for c in status.changes if c.kind != "removed"}
        unsure = status.state == "stale" and not status.baseline_known
        old_units = {}
        if status.state == "stale" and status.baseline_known:
            old_units = {u["key"]: u for u in lock["versions"][status.translated_from]["units"]}
        for source, translated in zip(section_units(section), section_units(translation.section)):
            pieces = _pieces(source, translated)
            if pieces is None:
                continue
            review = unsure or source.key in changed
            old = record_unit(old_units[source.key]) if review and source.key in old_units else None
            found[f"{section.id}/{source.key}"] = Previous(pieces, review, old)
    return found


def _pieces(source: Unit, translated: Unit) -> list | None:
    """The translated unit as text and the source's code numbers (each code matched by its
    Markdown); None when its codes are not the source's."""
    free: dict[tuple, list[int]] = {}
    for number, segment in source.numbered():
        if number is not None and segment.pair != "close":  # a close takes its opening's number
            free.setdefault((segment.text, segment.pair), []).append(number)
    pieces: list = []
    opened: list[int] = []
    for piece, (number, segment) in zip(pieces_of(translated), translated.numbered()):
        if number is None:
            pieces.append(piece)
            continue
        if segment.pair == "close":
            if not opened:
                return None
            pieces.append(type(piece)(opened.pop()))
            continue
        candidates = free.get((segment.text, segment.pair))
        if not candidates:
            return None
        mine = candidates.pop(0)
        if segment.pair == "open":
            opened.append(mine)
        pieces.append(type(piece)(mine))
    return None if any(free.values()) else pieces
