"""Earlier translations offered again on export: each unit of an aligned translation becomes
the unit's target, and units whose source changed since the translation are marked for
review (XLIFF needs-review-translation, PO fuzzy), so a translator sees exactly what to redo."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assemble.load import Workspace
from assemble.model import Report
from assemble.problems import Problems
from assemble.translate.align import check_alignment
from assemble.translate.lock import read_lock
from assemble.translate.source import load_translations
from assemble.translate.status import section_statuses
from assemble.translate.units import Unit, section_units


@dataclass
class Prefill:
    pieces: list  # text and placeholder numbers, as read back from a translated file
    review: bool  # the source of this unit changed after it was translated


def previous_translations(root: Path, workspace: Workspace, report: Report, lang: str) -> dict[str, Prefill]:
    scratch = Problems(root)  # a translation that no longer aligns is simply not offered
    translations = load_translations(workspace, lang, scratch)
    statuses = {s.id: s for s in section_statuses(root, report.sections, translations, read_lock(root))}
    found: dict[str, Prefill] = {}
    for section in report.sections:
        translation = translations.get(section.id)
        if translation is None or not check_alignment(section, translation.section, Problems(root)):
            continue
        status = statuses[section.id]
        changed = {c.unit for c in status.changes if c.kind != "removed"}
        unsure = status.state == "stale" and not status.baseline_known
        for source, translated in zip(section_units(section), section_units(translation.section)):
            pieces = _pieces(source, translated)
            if pieces is not None:
                found[f"{section.id}/{source.key}"] = Prefill(pieces, unsure or source.key in changed)
    return found


def _pieces(source: Unit, translated: Unit) -> list | None:
    """The translated unit with its protected Markdown turned back into the source's numbers."""
    free = dict(source.placeholders())
    pieces: list = []
    for segment in translated.segments:
        if not segment.protected:
            pieces.append(segment.text)
            continue
        number = next((n for n, text in free.items() if text == segment.text), None)
        if number is None:
            return None
        del free[number]
        pieces.append(number)
    return None if free else pieces
