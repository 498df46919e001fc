"""Markdown comments `<!-- ... -->`: kept as model nodes for review copies, never printed.

A comment may name who wrote it, as co-authors do in a shared file:
`<!-- KIBHR: check the date -->` (an organisation's acronym or name from report.yml) or
`<!-- Aigerim Nurlanova: source? -->` (a person's name: two to four capitalised words).
`<!-- TODO: ... -->` or `<!-- Note: ... -->` name nobody: their text is the whole comment.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from assemble.model import Comment, Loc

COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
PREFIX_RE = re.compile(r"^\s*([^:\n]{1,80}?)\s*:\s+(\S.*)$", re.S)
NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


def author_of(prefix: str, authors: tuple[str, ...]) -> bool:
    """Whether `prefix` (the text before the first colon) names an author."""
    if prefix in authors:
        return True
    words = prefix.split()
    if not 2 <= len(words) <= 4 or not all(NAME_WORD.match(w) and w[0].isupper() for w in words):
        return False
    return not all(w.isupper() for w in words)  # "TODO NOW" shouts, it does not sign


def comment(inner: str, loc: Loc, authors: tuple[str, ...] = ()) -> Comment:
    text = inner.strip()
    match = PREFIX_RE.match(text)
    if match and author_of(match[1], authors):
        return Comment(match[2].strip(), loc, author=match[1])
    return Comment(text, loc)


class Piece(NamedTuple):
    offset: int  # where the piece starts in the block's text
    text: str
    kind: str  # "text", "comment", or "unclosed" (a '<!--' with no '-->' after it)


def split_comments(html: str) -> list[Piece] | None:
    """An HTML block that starts with a comment -> its comments and the text between them, in
    order; None when it is other HTML (shown as written)."""
    if not html.lstrip().startswith("<!--"):
        return None
    pieces, end = [], 0
    for match in COMMENT_RE.finditer(html):
        if html[end:match.start()].strip():
            pieces.append(Piece(end, html[end:match.start()], "text"))
        pieces.append(Piece(match.start(), match[1], "comment"))
        end = match.end()
    rest = html[end:]
    opened = rest.find("<!--")
    if opened >= 0:
        if rest[:opened].strip():
            pieces.append(Piece(end, rest[:opened], "text"))
        pieces.append(Piece(end + opened, rest[opened + 4:], "unclosed"))
    elif rest.strip():
        pieces.append(Piece(end, rest, "text"))
    return pieces
