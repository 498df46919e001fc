"""The DOCX core properties (File > Properties): meaningful texts within their length limit.

python-docx refuses any core property longer than 255 characters (the OOXML core properties
part allows more, but Word's own dialog and python-docx do not), and a coalition of eleven
organisations with long names passes that easily. Each property is therefore shortened the way
a reader would: whole words only, an ellipsis where text was left out, and the organisations as
acronyms when their full names do not fit (the cover lists them in full).
"""
from __future__ import annotations

import datetime as dt

from assemble.model import Metadata

LIMIT = 255
ELLIPSIS = "\u2026"


def within(text: str, limit: int = LIMIT) -> str:
    """`text` on one line, cut at the last whole word that fits, with an ellipsis; a single word
    longer than the limit is cut inside (nothing shorter would remain)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[:room + 1].rsplit(" ", 1)[0] if " " in text[:room + 1] else text[:room]
    return cut[:room].rstrip(" ,;:-\u2013\u2014") + ELLIPSIS


def joined(names: list[str], short: list[str], limit: int = LIMIT, separator: str = "; ") -> str:
    """All `names` if they fit, else all `short` names (acronyms), else as many as fit."""
    for candidates in (names, short):
        text = separator.join(" ".join(n.split()) for n in candidates)
        if len(text) <= limit:
            return text
    return within(separator.join(short), limit)


def set_core_properties(core, meta: Metadata, date: str) -> None:
    core.title = within(meta.title)
    core.subject = within(meta.subject)
    core.author = joined(meta.authors, meta.acronyms)
    core.last_modified_by = meta.lead if len(meta.lead) <= LIMIT else within(meta.lead_acronym)
    core.language = within(meta.language)
    core.keywords = joined(meta.keywords, meta.keywords)
    core.comments = ""
    core.revision = 1
    stamp = dt.datetime.fromisoformat(date + "T00:00:00")
    core.created = core.modified = core.last_printed = stamp
