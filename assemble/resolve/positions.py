"""Citation positions, the one place they are decided: one pass over the notes in report order
gives every cited item its position (first, subsequent with the note of its first citation,
ibid, ibid with a new locator), as citeproc does before any formatting.

The rules (docs/format.md, "Citations"):
- the first citation of a source is `FIRST`; every later one is `SUBSEQUENT` and knows the
  note of that first citation (the N of "supra note N");
- a citation is `IBID` when the citation just before it is of the same source: either the item
  before it in the same note, or, for the first item of a note, the previous note, provided
  that note cites that one source and nothing else. Decided per note, not per bracketed group:
  a free note "Compare [@a] with [@b]." cites two sources, so a following [@b] is not ibid;
- `IBID_WITH_LOCATOR` when that ibid brings a new pinpoint; a previous pinpoint and none now
  is not ibid (it would carry the old pinpoint over): the short form is used instead;
- the first item of a group of several sources is never ibid ("Ibid.; X" is not written);
- a note without citations breaks the chain.
"""
from __future__ import annotations

from assemble.model import Cite, CiteItem, Link, Note, Position


def note_cites(note: Note) -> list[Cite]:
    """The citation groups of a note in reading order (a citation note has exactly one)."""
    if note.cite is not None:
        return [note.cite]
    found: list[Cite] = []
    for paragraph in note.paragraphs:
        found.extend(_cites_in(paragraph))
    return found


def _cites_in(inlines) -> list[Cite]:
    found: list[Cite] = []
    for node in inlines:
        if isinstance(node, Cite):
            found.append(node)
        elif isinstance(node, Link):
            found.extend(_cites_in(node.children))
    return found


def assign_positions(notes: list[Note], known) -> None:
    """Set `position` and `first_note` on every CiteItem whose key is in `known` (keys already
    in their canonical case); items with unknown keys keep no position."""
    first_note: dict[str, int] = {}
    previous_note: list[CiteItem] = []  # the items of the note just before, in order
    for note in notes:
        items = [(cite, item) for cite in note_cites(note) for item in cite.items if item.key in known]
        before: CiteItem | None = None  # the item just before, inside this note
        for cite, item in items:
            if before is not None:
                candidate = before if len(cite.items) == 1 or item is not cite.items[0] else None
            else:
                single = {i.key for i in previous_note}
                candidate = previous_note[-1] if len(single) == 1 and len(cite.items) == 1 else None
            first = item.key not in first_note
            item.first_note = first_note.setdefault(item.key, note.number)
            item.position = Position.FIRST if first else _later(item, candidate)
            before = item
        previous_note = [item for _, item in items]


def _later(item: CiteItem, candidate: CiteItem | None) -> Position:
    if candidate is not None and candidate.key == item.key and not (candidate.locator and not item.locator):
        if item.locator and item.locator != candidate.locator:
            return Position.IBID_WITH_LOCATOR
        return Position.IBID
    return Position.SUBSEQUENT
