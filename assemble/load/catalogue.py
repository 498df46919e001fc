"""Rule packs: one data file per treaty body (assemble/data/<name>.yml), selected by `treaty:`.

A pack holds the instrument's article catalogue (short titles per language), the CRC's clusters
or the UPR's themes, the structures the body accepts, and its rules, each with its source and
whether that source confirms it (docs/treaties/README.md). Packs ship with assemble, so an error
in one is ours, found by the test suite, not the user's.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assemble.load.yamlfile import load_packaged

DATA = Path(__file__).resolve().parent.parent / "data"
STATUSES = ("confirmed", "guidance", "unconfirmed")


def treaties() -> list[str]:
    return sorted(p.stem.upper() for p in DATA.glob("*.yml"))


@lru_cache(maxsize=None)
def treaty_catalogue(treaty: str) -> dict | None:
    """The pack named `treaty` (any letter case), or None when there is none."""
    path = DATA / f"{treaty.lower()}.yml"
    if not treaty.isalnum() or not path.exists():  # a name, never a path
        return None
    data = load_packaged(path)
    titles: dict[str, dict[int, str]] = {}
    for number, names in (data.get("articles") or {}).items():
        for lang, title in names.items():
            titles.setdefault(lang, {})[int(number)] = title
    data["titles"] = titles
    # `articles` stays {number: English title}: what most code needs (coverage, messages).
    data["articles"] = dict(titles.get("en", {}))
    data.setdefault("clusters", [])
    data.setdefault("themes", [])
    data.setdefault("rules", {})
    data.setdefault("sources", {})
    return data


def localised(names: dict | str, lang: str) -> str:
    """One of a pack's {en: ..., fr: ...} texts in `lang`, else in English."""
    if isinstance(names, str):
        return names
    return names.get(lang) or names.get(lang.split("-")[0]) or names["en"]


def article_title(pack: dict, number: int, lang: str) -> str:
    base = lang.split("-")[0]
    return (pack["titles"].get(lang) or pack["titles"].get(base) or {}).get(number) or pack["articles"][number]


def theme(pack: dict, theme_id: str) -> dict | None:
    return next((t for t in pack["themes"] if t["id"] == theme_id), None)


def cluster(pack: dict, cluster_id: str) -> dict | None:
    return next((c for c in pack["clusters"] if c["id"] == cluster_id), None)


def cluster_for_articles(pack: dict, articles: list[int]) -> dict | None:
    """The home cluster of the first of `articles` (each article has one in the pack)."""
    if not articles:
        return None
    return next((c for c in pack["clusters"] if articles[0] in c["articles"]), None)


def rule(pack: dict, name: str) -> dict:
    return pack["rules"].get(name) or {}


def source_text(pack: dict, rule_: dict) -> str:
    """'OHCHR, ... page, https://...': what a finding cites."""
    source = pack["sources"].get(rule_.get("source", ""), {})
    return ", ".join(x for x in (source.get("title", ""), source.get("url", "")) if x)
