"""Where each anchor of a review copy is in today's sources: file, line, the report number and
the text as the sources give it now, so a reviewed copy older than the sources still finds its
paragraphs (by anchor, and by text when the anchor is gone or now marks another paragraph)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from assemble.model import (Heading, ListBlock, Note, NoteRef, Paragraph, Quote, Recommendation, Report, Table,
                            inline_text, walk_inlines)
from assemble.resolve.blockids import section_blocks

SAME_PARAGRAPH = 0.6  # difflib ratio from which a changed text is still "that paragraph"


@dataclass
class Place:
    anchor: str
    file: str
    line: int | None
    label: str  # "para. 41", "recommendation 12", "note 57", "heading III.A"
    text: str  # today's text, as the DOCX prints it
    order: int  # reading order in the report
    keys: list[str] = field(default_factory=list)  # a note's citation keys


def normalise(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").replace("\u00a0", " ").split())


def _node_text(node) -> str:
    if isinstance(node, Note):
        return normalise(" ".join(inline_text(p) for p in node.paragraphs))
    if isinstance(node, Table):
        cells = node.header[0] if node.header else (node.rows[0][0] if node.rows and node.rows[0] else [])
        return normalise(inline_text(cells))
    return normalise(inline_text(node.inlines))


def _inner_labels(blocks, prefix: str, found: dict[int, str]) -> None:
    """id(paragraph) -> where it stands inside a list or quote: "(b)(ii)", ", bullet point", ", quotation"."""
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                mark = item.marker if block.ordered and item.marker else ""
                inner = prefix + mark if mark else (prefix or "") + ("" if mark else ", bullet point")
                for child in item.blocks:
                    if isinstance(child, Paragraph):
                        found.setdefault(id(child), inner)
                _inner_labels(item.blocks, prefix + mark if mark else prefix, found)
        elif isinstance(block, Quote):
            for child in block.blocks:
                if isinstance(child, Paragraph):
                    found.setdefault(id(child), ", quotation")
            _inner_labels(block.blocks, prefix, found)


def section_labels(section) -> dict[str, str]:
    """uid -> how a reader names each anchored block of `section`: "para. 41", "para. 41 (b)(ii)",
    "recommendation 12", "question", "heading III.A", "table after para. 41", "note 57"."""
    inner: dict[int, str] = {}
    _inner_labels(section.blocks, "", inner)
    labels, last = {}, ""
    for uid, node in section_blocks(section):
        if isinstance(node, Note):
            label = f"note {node.number}"
        elif isinstance(node, Paragraph) and node.number is not None:
            last = label = f"para. {node.number}"
        elif isinstance(node, Heading):
            label = f"heading {node.full_number or node.number}".strip() if node.numbered else "heading"
        elif isinstance(node, Recommendation):
            label = f"recommendation {node.number}" if node.number else "question"
        elif isinstance(node, Table):
            label = f"table after {last}" if last else "table"
        elif id(node) in inner and last:
            mark = inner[id(node)]
            label = f"{last}{mark}" if mark.startswith(",") else f"{last} {mark}"
        else:
            label = f"text after {last}" if last else "text"
        labels[uid] = label
    return labels


def places(report: Report, root_rel) -> dict[str, Place]:
    """anchor -> Place for every anchored block and note of today's report."""
    found: dict[str, Place] = {}
    order = 0
    for section in report.sections:
        file = root_rel(section.file)
        labels = section_labels(section)
        calls: dict[int, int] = {}  # id(note) -> order of the block calling it
        for uid, node in section_blocks(section):
            order += 1
            if isinstance(node, Note):
                keys = [item.key for item in node.cite.items] if node.cite else []
                line = node.loc.line if node.loc else None
                found[uid] = Place(uid, file, line, labels[uid], _node_text(node),
                                   calls.get(id(node), order) * 1000 + node.number % 1000, keys)
                continue
            line = section.loc.line if node is section.heading else node.loc.line if node.loc else None
            found[uid] = Place(uid, file, line, labels[uid], _node_text(node), order * 1000)
            inlines = [] if isinstance(node, Table) else node.inlines
            for ref in walk_inlines(inlines):
                if isinstance(ref, NoteRef) and ref.note is not None:
                    calls.setdefault(id(ref.note), order)
    return found


@dataclass
class Match:
    place: Place | None
    how: str  # anchor | changed | moved | text | none


def locate(anchor: str, text: str, today: dict[str, Place], in_note: bool, own: bool = True) -> Match:
    """The place of the paragraph a review copy had at `anchor` with `text`: by its anchor when
    the text there is the same or close, else by its text (the same text first, in its own
    section first), else the anchor's place as it is.

    `own` False: the paragraph has lost its anchor (a reviewer's program dropped it) and `anchor`
    is the one before it; found by its text only ("text", "text-changed"), else "none"."""
    text = normalise(text)
    if not own:
        return _by_text_only(anchor, text, today, in_note)
    here = today.get(anchor)
    if here is not None and here.text == text:
        return Match(here, "anchor")
    kind = [p for p in today.values() if p.label.startswith("note ") == in_note]
    exact = [p for p in kind if p.text == text and text]
    if exact:
        section = anchor.rsplit("_", 1)[0] + "_"
        exact.sort(key=lambda p: (not p.anchor.startswith(section), p.order))
        return Match(exact[0], "moved" if here is not None else "text")
    if here is not None and _ratio(here.text, text) >= SAME_PARAGRAPH:
        return Match(here, "changed")
    best = max(kind, key=lambda p: _ratio(p.text, text), default=None) if text else None
    if best is not None and _ratio(best.text, text) >= SAME_PARAGRAPH:
        return Match(best, "moved-changed" if here is not None else "text-changed")
    return Match(here, "changed") if here is not None else Match(None, "none")


FUZZY_FROM = 20  # characters: a shorter line without anchor (a title assemble writes) is not guessed at


def _by_text_only(anchor: str, text: str, today: dict[str, Place], in_note: bool) -> Match:
    if not text:
        return Match(None, "none")
    kind = [p for p in today.values() if p.label.startswith("note ") == in_note]
    section = anchor.rsplit("_", 1)[0] + "_"
    exact = sorted((p for p in kind if p.text == text), key=lambda p: (not p.anchor.startswith(section), p.order))
    if exact:
        return Match(exact[0], "text")
    if len(text) < FUZZY_FROM:
        return Match(None, "none")
    best = max(kind, key=lambda p: _ratio(p.text, text), default=None)
    if best is not None and _ratio(best.text, text) >= SAME_PARAGRAPH:
        return Match(best, "text-changed")
    return Match(None, "none")


def _ratio(a: str, b: str) -> float:
    """difflib's ratio where it can reach SAME_PARAGRAPH, else a cheaper bound below it: the
    search over a long report stays fast."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    bound = matcher.real_quick_ratio()
    if bound >= SAME_PARAGRAPH:
        bound = matcher.quick_ratio()
    return matcher.ratio() if bound >= SAME_PARAGRAPH else bound
