"""Report order: front, follow-up, articles (by article or by list-of-issues paragraph), annexes."""
from __future__ import annotations

from assemble.model import Section

PART_ORDER = ("front", "followup", "articles", "annex")
LAST = 10_000


def article_key(section: Section, structure: str):
    if structure == "list-of-issues":
        first = min(section.loi) if section.loi else LAST
    else:
        first = min(section.articles) if section.articles else LAST
    return (first, section.order, section.id)


def order_sections(sections: list[Section], structure: str) -> dict[str, list[Section]]:
    """Sections grouped by part, each part in report order; file names never decide."""
    parts: dict[str, list[Section]] = {p: [] for p in PART_ORDER}
    for section in sections:
        parts[section.part].append(section)
    for key, items in parts.items():
        if key == "articles":
            items.sort(key=lambda s: article_key(s, structure))
        else:
            items.sort(key=lambda s: (s.order, s.id))
    return {k: v for k, v in parts.items() if v}
