"""Anchor (bookmark) names: start with a letter, at most 40 characters, only [A-Za-z0-9_]."""
from __future__ import annotations

import hashlib
import re


def anchor_for(label: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", label)
    if not name[:1].isalpha():
        name = "a_" + name
    if len(name) > 40:
        digest = hashlib.sha1(label.encode()).hexdigest()[:8]
        name = name[:31] + "_" + digest
    return name
