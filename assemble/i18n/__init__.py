"""Per-language catalogues of generated words: one YAML file per language."""
from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache
from pathlib import Path

from assemble.load.yamlfile import load_packaged

HERE = Path(__file__).parent


@lru_cache(maxsize=None)
def _file(lang: str) -> dict:
    path = HERE / f"{lang}.yml"
    return (load_packaged(path) or {}) if path.exists() else {}


@lru_cache(maxsize=None)
def _language(lang: str) -> dict:
    base = copy.deepcopy(_file("en"))
    if lang != "en":
        _merge(base, copy.deepcopy(_file(lang)))
    return base


@lru_cache(maxsize=None)
def catalogue(lang: str, body: str | None = None) -> dict:
    """The words for `lang` (missing ones fall back to English), with those of the treaty body
    `body` (its `bodies:` entry: "Implementation of the Convention", the committee's name)."""
    words = copy.deepcopy(_language(lang))
    bodies = words.pop("bodies", {})
    if body:
        from assemble.load.catalogue import treaty_catalogue

        pack = treaty_catalogue(body) or {}
        words["committee"] = pack.get("committee", "")
        words["instrument"] = pack.get("instrument", "")
        english = _file("en").get("bodies", {})
        _merge(words, copy.deepcopy(english.get(body.upper(), {})))  # what the language lacks: English
        _merge(words, copy.deepcopy(bodies.get(body.upper(), {})))
        if pack:  # cover templates written before packs look the committee up here
            words.setdefault("committees", {})[pack["committee"]] = words["committee"]
    return words


def _merge(base: dict, over: dict) -> None:
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v)
        else:
            base[k] = v


def format_date(value: str, words: dict) -> str:
    """'2020-05-25' -> '25 May 2020'; '2020-05' -> 'May 2020'; '2020' stays. In French the
    first of the month is '1er mars 2026', in Spanish a month on its own 'mayo de 2025'."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            day = words.get("first_day") if d.day == 1 else None
            return words["date_format"].format(day=day or d.day, month=words["months"][d.month - 1], year=d.year)
        if len(parts) == 2:  # a month on its own takes the nominative where a language has cases
            months = words.get("months_standalone") or words["months"]
            month = months[int(parts[1]) - 1]
            return words.get("month_year_format", "{month} {year}").format(month=month, year=int(parts[0]))
    except (ValueError, IndexError):
        pass
    return value
