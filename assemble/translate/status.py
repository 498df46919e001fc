"""Which sections of a language are translated, stale (with the paragraphs that changed) or missing."""
from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from assemble.model import Section
from assemble.translate.lock import unit_records
from assemble.translate.units import KIND_NAMES, section_hash


@dataclass
class Change:
    kind: str  # changed | added | removed
    unit: str  # unit key in the current source (or the old one, for removed)
    what: str  # "para. 23", "list item li2", ...
    number: int | None = None


@dataclass
class SectionStatus:
    id: str
    state: str  # translated | stale | missing
    source_file: str
    translation_file: str = ""
    source_hash: str = ""
    translated_from: str = ""
    changes: list[Change] = field(default_factory=list)
    baseline_known: bool = True
    edited_since_freeze: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def describe(record: dict) -> str:
    if record["kind"] == "para" and record.get("number"):
        return f"para. {record['number']}"
    if record["kind"] == "rec" and record.get("number"):
        return f"recommendation {record['number']}"
    return f"{KIND_NAMES.get(record['kind'], record['kind'])} {record['key']}"


def diff_units(old: list[dict], new: list[dict]) -> list[Change]:
    """Changes from the old source units to the current ones, aligned as a sequence so an
    inserted paragraph shows as one addition, not as every later paragraph changed."""
    matcher = difflib.SequenceMatcher(a=[u["hash"] for u in old], b=[u["hash"] for u in new], autojunk=False)
    changes: list[Change] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            paired = min(a1 - a0, b1 - b0)
            for i in range(paired):
                changes.append(Change("changed", new[b0 + i]["key"], describe(new[b0 + i]), new[b0 + i].get("number")))
            for u in new[b0 + paired:b1]:
                changes.append(Change("added", u["key"], describe(u), u.get("number")))
            for u in old[a0 + paired:a1]:
                changes.append(Change("removed", u["key"], describe(u), u.get("number")))
        elif op == "insert":
            changes.extend(Change("added", u["key"], describe(u), u.get("number")) for u in new[b0:b1])
        elif op == "delete":
            changes.extend(Change("removed", u["key"], describe(u), u.get("number")) for u in old[a0:a1])
    return changes


def section_statuses(root, sections: list[Section], translations: dict, lock: dict | None) -> list[SectionStatus]:
    versions = (lock or {}).get("versions", {})
    frozen = (lock or {}).get("sections", {})
    out = []
    for section in sections:
        current = section_hash(section)
        status = SectionStatus(section.id, "missing", section.file.relative_to(root).as_posix(),
                               source_hash=current)
        if section.id in frozen:
            status.edited_since_freeze = frozen[section.id]["hash"] != current
        translation = translations.get(section.id)
        if translation is not None:
            t = translation.section
            status.translation_file = t.file.relative_to(root).as_posix()
            status.translated_from = t.source_hash
            if t.source_hash == current:
                status.state = "translated"
            else:
                status.state = "stale"
                old = versions.get(t.source_hash)
                if old is None:
                    status.baseline_known = False
                else:
                    status.changes = diff_units(old["units"], unit_records(section))
        out.append(status)
    return out
