"""Treaty catalogues (articles, committee, word limit) kept as data files."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"


def treaties() -> list[str]:
    return sorted(p.stem.upper() for p in DATA.glob("*.yml"))


@lru_cache(maxsize=None)
def treaty_catalogue(treaty: str) -> dict | None:
    path = DATA / f"{treaty.lower()}.yml"
    if not treaty.isalnum() or not path.exists():  # a name, never a path
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["articles"] = {int(k): v for k, v in data["articles"].items()}
    return data
