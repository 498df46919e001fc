"""Skip a build whose inputs and outputs are exactly as the last time.

The fingerprint covers every input file of the report (every file at the top of the report
folder such as report.yml, sections, sources, every file under templates/ including the ones a
template includes, translations, and the fonts folder report.yml names), the build options, and assemble's own files (code, catalogues, templates,
fonts), so any change anywhere means a real build. The outputs are checked byte for byte (by
hash), so a deleted or edited output is rebuilt too.

A cache only saves time: a record that cannot be read, is of the wrong shape or cannot be
written is ignored and overwritten by the next build, never an error. Standard library only
(and assemble's own small writer): a cache hit never imports the pipeline.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assemble.output import write_atomic
from assemble.paths import Refused, files_under, is_regular

PACKAGE = Path(__file__).resolve().parent
# "*": every file at the top of the report folder (report.yml, upr-recommendations.csv, ...),
# so an input a new feature reads from there is never forgotten.
INPUT_GLOBS = ("*", "sections/*.md", "footnotes/*.bib", "translations/*/*.md")
INPUT_FOLDERS = ("templates",)  # with every file in them, at any depth


@dataclass(frozen=True)
class Stamp:
    digest: str
    folders: tuple[str, ...] = ()  # input folders outside the globs (fonts:), as the last build used them


def _files(root: Path, folders: tuple[str, ...]) -> list[Path]:
    found = [p for pattern in INPUT_GLOBS for p in root.glob(pattern)]
    found += [p for folder in (*(root / f for f in INPUT_FOLDERS), *map(Path, folders)) for p in files_under(folder)]
    found += [p for p in PACKAGE.rglob("*") if "__pycache__" not in p.parts]
    return sorted({p for p in found if is_regular(p)})  # never a FIFO or a device


def fingerprint(root: Path, options: dict, folders: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256(json.dumps([options, folders], sort_keys=True).encode())
    for path in _files(root, folders):
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _record_path(root: Path, options: dict) -> Path:
    key = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:16]
    return root / "build" / ".cache" / f"build-{key}.json"


def _hash_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if is_regular(path) else None
    except OSError:
        return None


def _read_record(root: Path, options: dict) -> dict | None:
    """The last build's record, or None if there is none or it is not one (corrupt, edited, old)."""
    path = _record_path(root, options)
    if not is_regular(path):
        return None
    try:
        record = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    shape = {"fingerprint": str, "outputs": dict, "summary": str, "warnings": list, "folders": list}
    if not isinstance(record, dict) or any(not isinstance(record.get(k), t) for k, t in shape.items()):
        return None
    if not all(isinstance(v, str) for v in [*record["warnings"], *record["folders"], *record["outputs"].values()]):
        return None
    return record


def lookup(root: Path, options: dict) -> tuple[Stamp | None, dict | None]:
    """(fingerprint, the last build's record if nothing changed since, else None)."""
    record = _read_record(root, options)
    folders = tuple(record["folders"]) if record else ()
    try:
        stamp = Stamp(fingerprint(root, options, folders), folders)
    except OSError:
        return None, None
    if record is None or record["fingerprint"] != stamp.digest:
        return stamp, None
    for path, digest in record["outputs"].items():
        if _hash_file(Path(path)) != digest:
            return stamp, None
    return stamp, record


def store(root: Path, options: dict, stamp: Stamp | None, outputs: list[Path], summary: str,
          warnings: list[str], folders: list[Path] = ()) -> None:
    """Record a successful build; `folders` are its inputs outside the globs (the fonts folder)."""
    if stamp is None:
        return
    used = tuple(sorted(str(Path(f).resolve()) for f in folders))
    try:
        digest = stamp.digest if used == stamp.folders else fingerprint(root, options, used)
        record = {"fingerprint": digest, "outputs": {str(p): _hash_file(p) for p in outputs},
                  "summary": summary, "warnings": warnings, "folders": list(used)}
        write_atomic(_record_path(root, options), json.dumps(record).encode("utf-8"), root=root)
    except (OSError, Refused):
        pass  # a cache we cannot write only costs time
