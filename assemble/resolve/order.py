"""Report order: front, follow-up, the body (in the order of the report's `structure`), annexes."""
from __future__ import annotations

from dataclasses import dataclass

from assemble.model import Section

PART_ORDER = ("front", "followup", "articles", "annex")
LAST = 10_000


@dataclass
class Group:
    """One part of the report: `cluster` is set when the CRC's clusters split the body."""

    key: str
    sections: list[Section]
    cluster: dict | None = None


def article_key(section: Section, structure: str, pack: dict | None = None):
    pack = pack or {}
    if structure in ("list-of-issues", "list-of-themes"):
        first = min(section.loi) if section.loi else LAST
    elif structure == "thematic":
        ids = [t["id"] for t in pack.get("themes", [])]
        first = ids.index(section.theme) if section.theme in ids else LAST
    else:
        first = min(section.articles) if section.articles else LAST
    return (first, section.order, section.id)


def order_sections(sections: list[Section], structure: str, pack: dict | None = None) -> list[Group]:
    """Sections grouped by part, each part in report order; file names never decide.

    With `structure: clusters` the body becomes one part per cluster of the pack, in the
    guidelines' order (empty clusters are left out); inside a cluster, by first article.
    """
    parts: dict[str, list[Section]] = {p: [] for p in PART_ORDER}
    for section in sections:
        parts[section.part].append(section)
    groups = []
    for key, items in parts.items():
        if not items:
            continue
        if key == "articles" and structure == "clusters" and pack and pack.get("clusters"):
            items.sort(key=lambda s: article_key(s, "articles"))
            for cluster in pack["clusters"]:
                mine = [s for s in items if s.cluster == cluster["id"]]
                if mine:
                    groups.append(Group(key, mine, cluster))
            rest = [s for s in items if s.cluster not in {c["id"] for c in pack["clusters"]}]
            if rest:  # a check error already says which cluster they need; still nothing is lost
                groups.append(Group(key, rest))
            continue
        if key == "articles":
            items.sort(key=lambda s: article_key(s, structure, pack))
        else:
            items.sort(key=lambda s: (s.order, s.id))
        groups.append(Group(key, items))
    return groups
