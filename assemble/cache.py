"""Skip a build whose inputs and outputs are exactly as the last time.

The fingerprint covers every input file of the report (report.yml, sections, sources,
templates, translations), the build options, and assemble's own files (code, catalogues,
templates, fonts), so any change anywhere means a real build. The outputs are checked
byte for byte (by hash), so a deleted or edited output is rebuilt too. Standard library
only: a cache hit never imports the pipeline.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INPUT_GLOBS = ("report.yml", "sections/*.md", "footnotes/*.bib", "templates/*", "translations/*/*.md")


def _files(root: Path) -> list[Path]:
    found = [p for pattern in INPUT_GLOBS for p in root.glob(pattern) if p.is_file()]
    found += [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(set(found))


def fingerprint(root: Path, options: dict) -> str:
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for path in _files(root):
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _record_path(root: Path, options: dict) -> Path:
    key = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:16]
    return root / "build" / ".cache" / f"build-{key}.json"


def _hash_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def lookup(root: Path, options: dict) -> tuple[str, dict | None]:
    """(fingerprint, the last build's record if nothing changed since, else None)."""
    try:
        stamp = fingerprint(root, options)
    except OSError:
        return "", None
    try:
        record = json.loads(_record_path(root, options).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return stamp, None
    if record.get("fingerprint") != stamp:
        return stamp, None
    for path, digest in record.get("outputs", {}).items():
        if _hash_file(Path(path)) != digest:
            return stamp, None
    return stamp, record


def store(root: Path, options: dict, stamp: str, outputs: list[Path], summary: str, warnings: list[str]) -> None:
    if not stamp:
        return
    record = {"fingerprint": stamp, "outputs": {str(p): _hash_file(p) for p in outputs},
              "summary": summary, "warnings": warnings}
    path = _record_path(root, options)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache we cannot write only costs time
