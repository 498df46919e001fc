"""Translation units: every paragraph, heading, list item, table cell, recommendation and
footnote text of a section, with a stable hash and its text in Markdown with placeholders.

Units are read off the parsed model (never the rendered text), so a unit's hash changes
only when its own source changes, not when a note elsewhere turns "Ibid." into "supra".
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from assemble.model import (Cite, Heading, LineBreak, Link, ListBlock, Note, NoteRef, Paragraph, Quote,
                            RecBlock, Section, Table, Text, XRef)

STRAIGHT_QUOTES = str.maketrans({c: '"' for c in "“”«»„"} | {c: "'" for c in "‘’"})
MD_SPECIAL = "\\`*_[]<>@^#|"


def digest(text: str, size: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def section_hash(section: Section) -> str:
    """The hash a translation's `source_hash` refers to: the whole source file's text."""
    return digest(section.source_text.replace("\r\n", "\n"))


@dataclass
class Segment:
    text: str
    protected: bool = False  # Markdown a translator must not touch (citation, reference, markup)


@dataclass
class Unit:
    key: str  # "title", "p3", "h1", "li2", "cell4", "rec1", "q1", "fn2" (position inside the section)
    kind: str
    segments: list[Segment]
    line: int | None = None
    label: str | None = None
    number: int | None = None  # report paragraph or recommendation number, once resolved
    signature: tuple = field(default_factory=tuple)  # what a translation must keep: keys, labels
    note_name: str = ""  # footnote units: the name of their note

    @property
    def source(self) -> str:
        """The unit as Markdown."""
        return "".join(s.text if s.protected else escape_markdown(s.text) for s in self.segments)

    @property
    def hash(self) -> str:
        # Typographic quotes are the parser's choice, not the author's edit: hash them as typed.
        return digest(self.kind + "\0" + self.source.translate(STRAIGHT_QUOTES))

    def placeholders(self) -> dict[int, str]:
        return {i: s.text for i, s in enumerate((s for s in self.segments if s.protected), start=1)}


def escape_markdown(text: str) -> str:
    """Plain text -> Markdown that reads back as the same text (never as markup or a list)."""
    text = "".join("\\" + c if c in MD_SPECIAL else c for c in text)
    text = re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", text)
    return re.sub(r"(?m)^(\s*)([-+>=~])", r"\1\\\2", text)


def cite_markdown(cite: Cite) -> str:
    if cite.intext:  # @key or @key [p. 33], as written in the sentence
        item = cite.items[0]
        return "@" + item.key + (f" [{item.locator}]" if item.locator else "")
    parts = []
    for item in cite.items:
        piece = (item.prefix + " " if item.prefix else "") + "@" + item.key
        if item.locator:
            piece += ", " + item.locator
        parts.append(piece)
    return "[" + "; ".join(parts) + "]"


class InlineWriter:
    """Inline nodes -> segments; free notes met on the way are collected for their own units."""

    def __init__(self):
        self.notes: list[tuple[str, Note]] = []
        self.keys: list[str] = []
        self.refs: list[str] = []

    def segments(self, inlines) -> list[Segment]:
        out: list[Segment] = []
        for node in inlines:
            if isinstance(node, Text):
                if node.code:
                    out.append(Segment("`" + node.text + "`", True))
                    continue
                marks = ("**" if node.bold else "") + ("*" if node.italic else "")
                if marks:
                    out.append(Segment(marks, True))
                out.append(Segment(node.text))
                if marks:
                    out.append(Segment(marks[::-1], True))
            elif isinstance(node, LineBreak):
                out.append(Segment("\\\n", True))
            elif isinstance(node, Link):
                out.append(Segment("[", True))
                out.extend(self.segments(node.children))
                out.append(Segment(f"]({node.url})", True))
            elif isinstance(node, Cite):
                self.keys.extend(i.key for i in node.items)
                out.append(Segment(cite_markdown(node), True))
            elif isinstance(node, XRef):
                self.refs.append(node.label)
                out.append(Segment("@" + node.label, True))
            elif isinstance(node, NoteRef):
                if node.name == "intext":  # the in-text Cite just before wrote it
                    continue
                if node.note is not None and node.note.cite is not None:  # a citation after resolve
                    self.keys.extend(i.key for i in node.note.cite.items)
                    out.append(Segment(cite_markdown(node.note.cite), True))
                elif node.note is not None:
                    name = node.name if not node.name.startswith("inline-") else f"n{len(self.notes) + 1}"
                    self.notes.append((name, node.note))
                    out.append(Segment(f"[^{name}]", True))
        return _join(out)


def _join(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if out and out[-1].protected == s.protected and not s.protected:
            out[-1] = Segment(out[-1].text + s.text)
        else:
            out.append(s)
    return out


def section_units(section: Section) -> list[Unit]:
    """All units of a section in reading order; free notes last, as their definitions are."""
    units: list[Unit] = []
    counters: dict[str, int] = {}
    writer = InlineWriter()

    def add(kind: str, prefix: str, inlines, line=None, label=None, number=None) -> Unit:
        counters[prefix] = counters.get(prefix, 0) + 1
        writer.keys, writer.refs = [], []
        segments = writer.segments(inlines)
        unit = Unit(f"{prefix}{counters[prefix]}", kind, segments, line, label, number,
                    (kind, label, tuple(writer.keys), tuple(writer.refs)))
        units.append(unit)
        return unit

    add("title", "title", [Text(section.title)], section.loc.line).key = "title"

    def walk(blocks, in_list=False):
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.inlines and isinstance(block.inlines[0], Text) and block.inlines[0].code:
                    continue  # code is not translated
                kind = "li" if in_list else ("para" if block.number is not None or block.numbered else "text")
                add(kind, "li" if in_list else "p", block.inlines, block.loc.line, block.label, block.number)
            elif isinstance(block, Heading):
                add("heading", "h", block.inlines, block.loc.line, block.label)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks, in_list=True)
            elif isinstance(block, Quote):
                walk(block.blocks, in_list)
            elif isinstance(block, Table):
                for row in [block.header, *block.rows]:
                    for cell in row:
                        add("cell", "cell", cell, block.loc.line)
            elif isinstance(block, RecBlock):
                prefix = "rec" if block.kind == "recommendations" else "q"
                for item in block.items:
                    add(prefix, prefix, item.inlines, item.loc.line, item.label, item.number)

    walk(section.blocks)
    index = 0
    while index < len(writer.notes):  # a note may call another note: read until none is left
        name, note = writer.notes[index]
        for paragraph in note.paragraphs:
            add("fn", "fn", paragraph, note.loc.line).note_name = name
        index += 1
    return units
