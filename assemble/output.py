"""Writing outputs atomically: a failed build never damages the last good file."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


STEM_LIMIT = 60
# Words a cut name should not end on ("...-report-of-the"): English, French, Spanish.
TRAILING = {"a", "an", "and", "the", "of", "on", "in", "for", "to", "by", "de", "la", "le", "les", "des", "du",
            "et", "en", "sur", "del", "el", "los", "las", "y", "para", "por"}


def safe_stem(name: str, limit: int = STEM_LIMIT) -> str:
    """A file-name stem that cannot leave build/: [a-z0-9-] only, never empty, at most `limit`
    characters, cut between words (a long title gives its first words, the same at every build)."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if len(stem) > limit:
        head = stem[:limit + 1]
        if "-" not in head:
            return stem[:limit]
        words = head.split("-")[:-1]
        while len(words) > 1 and words[-1] in TRAILING:
            words.pop()
        stem = "-".join(words)
    return stem or "report"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
