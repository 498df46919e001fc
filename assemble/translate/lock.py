"""sections.lock: the frozen section set. Each freeze records per section the hash of its
source and of every unit; earlier versions are kept so an old translation can still be diffed."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from assemble import paths
from assemble.model import Section
from assemble.output import write_atomic
from assemble.problems import BuildError, Problem
from assemble.translate.units import Segment, Unit, section_hash, section_units

LOCK_NAME = "sections.lock"


def unit_records(section: Section) -> list[dict]:
    """Each unit's hash, and its text and codes, so a later export can show what it said."""
    return [{"key": u.key, "kind": u.kind, "hash": u.hash, "label": u.label, "number": u.number,
             "segments": [s.as_json() for s in u.segments]} for u in section_units(section)]


def record_unit(record: dict) -> Unit | None:
    """The unit a lock record describes, when the lock has its text (locks since format 2)."""
    segments = record.get("segments")
    if not isinstance(segments, list):
        return None
    try:
        return Unit(record["key"], record["kind"], [Segment(*s) for s in segments])
    except (TypeError, KeyError):
        return None


def read_lock(root: Path) -> dict | None:
    path = root / LOCK_NAME
    if not path.exists():
        return None
    restore = "restore it with 'git checkout sections.lock', or delete it and run 'assemble freeze' again"
    try:
        lock = json.loads(paths.read_bytes(path, root).decode("utf-8-sig"))  # the path rule; a BOM changes nothing
    except UnicodeDecodeError:
        raise BuildError([Problem(LOCK_NAME, None, "this file is not UTF-8 text, so it was damaged", hint=restore)])
    except json.JSONDecodeError as exc:
        raise BuildError([Problem(LOCK_NAME, exc.lineno, f"this file is damaged (not valid JSON: {exc.msg})",
                                  hint=restore)])
    except OSError as exc:
        raise BuildError([Problem(LOCK_NAME, None, f"this file cannot be read ({exc.strerror})")])
    versions = lock.get("versions") if isinstance(lock, dict) else None
    if (not isinstance(lock, dict) or not isinstance(lock.get("sections", {}), dict) or not isinstance(versions, dict)
            or not all(isinstance(v, dict) and isinstance(v.get("units"), list) for v in versions.values())
            or not all(isinstance(s, dict) and "hash" in s for s in lock.get("sections", {}).values())):
        raise BuildError([Problem(LOCK_NAME, None, "this file is damaged (it is not the lock 'assemble freeze' "
                                  "writes)", hint=restore)])
    return lock


def freeze(root: Path, sections: list[Section], tag: str, date: str) -> dict:
    old = read_lock(root) or {}
    versions = dict(old.get("versions", {}))
    frozen = {}
    for section in sections:
        source_hash = section_hash(section)
        units = unit_records(section)
        frozen[section.id] = {"file": section.file.relative_to(root).as_posix(), "hash": source_hash}
        versions[source_hash] = {"section": section.id, "units": units}
    lock = {"format": 2, "tag": tag, "date": date or dt.date.today().isoformat(),
            "sections": frozen, "versions": dict(sorted(versions.items()))}
    text = json.dumps(lock, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    write_atomic(root / LOCK_NAME, text.encode("utf-8"), root=root)  # a full disk leaves the old lock whole
    return lock
