"""Anchor (bookmark) names: start with a letter, at most 40 characters, only [A-Za-z0-9_], and
unique in the report as Word compares them, without case.

Every anchor of a report is handed out here, once: labelled targets (`{#para:x}` ->
`para_x`), unlabelled headings and recommendations (`h_3`, `rec_n1`) and the generated
headings. Two labels that differ only in case or in `-`/`_` (`para:a-b`, `para:A_b`) would
give one bookmark name; the later one gets a suffix (`para_A_b_2`) so each REF field points
at its own target.
"""
from __future__ import annotations

import hashlib
import re

MAX_LENGTH = 40  # Word truncates longer bookmark names


def anchor_for(label: str) -> str:
    """The preferred bookmark name of a label (not yet unique)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", label)
    if not name[:1].isalpha():
        name = "a_" + name
    if len(name) > MAX_LENGTH:
        digest = hashlib.sha1(label.encode()).hexdigest()[:8]
        name = name[:MAX_LENGTH - 9] + "_" + digest
    return name


class Anchors:
    """Hands out bookmark names, each different from every other without regard to case."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, name: str) -> str:
        """`name` itself if no earlier anchor has it (case-insensitively), else `name_2`, `name_3`..."""
        candidate, n = name, 1
        while candidate.casefold() in self._used:
            n += 1
            suffix = f"_{n}"
            candidate = name[:MAX_LENGTH - len(suffix)] + suffix
        self._used.add(candidate.casefold())
        return candidate

    def for_label(self, label: str) -> str:
        return self.claim(anchor_for(label))
