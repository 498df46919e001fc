"""Translation units: every paragraph, heading, list item, table cell, recommendation and
footnote text of a section, with a stable hash and its text in Markdown with codes.

One walk over a section (`section_layout`) gives both the units and the frame the Markdown
writer fills with their translations, so the two cannot drift apart. Units are read off the
parsed model (never the rendered text), so a unit's hash changes only when its own source
changes, not when a note elsewhere turns "Ibid." into "supra".

Inside a unit, what a translator must not touch travels as codes: standalone ones (a citation,
a cross-reference, a footnote call, a line break, a code span) and pairs that enclose text
(italics, bold, a link), so CAT tools can keep pairs balanced.
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
    pair: str = ""  # "open" / "close" for the two ends of italics, bold and links
    ctype: str = ""  # what the code is, as XLIFF's ctype says it

    def as_json(self) -> list:
        return [self.text, self.protected, self.pair, self.ctype]


@dataclass(frozen=True)
class Code:
    """One code of a unit as the exchange file numbers it; a pair has an opening and a closing."""

    id: int
    markdown: str  # the standalone code, or the opening of a pair
    ctype: str
    closing: str = ""  # pairs only

    @property
    def paired(self) -> bool:
        return bool(self.closing)

    def describe(self) -> str:
        return f"{self.markdown}…{self.closing}" if self.paired else self.markdown


# What a reader calls each kind of unit, in alignment errors and in `translate status`.
KIND_NAMES = {"title": "section title", "para": "numbered paragraph", "text": "unnumbered paragraph", "li": "list item",
              "heading": "heading", "cell": "table cell", "rec": "recommendation", "q": "question",
              "fn": "footnote paragraph"}


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

    def numbered(self) -> list[tuple[int | None, Segment]]:
        """Each segment with its code number (None for text); a pair's two ends share one."""
        out, number, opened = [], 0, []
        for segment in self.segments:
            if not segment.protected:
                out.append((None, segment))
            elif segment.pair == "close":
                out.append((opened.pop(), segment))
            else:
                number += 1
                if segment.pair == "open":
                    opened.append(number)
                out.append((number, segment))
        return out

    def codes(self) -> dict[int, Code]:
        found: dict[int, Code] = {}
        for number, segment in self.numbered():
            if number is None:
                continue
            if segment.pair == "close":
                found[number] = Code(number, found[number].markdown, found[number].ctype, segment.text)
            else:
                found[number] = Code(number, segment.text, segment.ctype)
        return found

    def placeholders(self) -> dict[int, str]:
        return {n: c.describe() for n, c in self.codes().items()}


def escape_markdown(text: str) -> str:
    """Plain text -> Markdown that reads back as the same text (never as markup or a list)."""
    text = "".join("\\" + c if c in MD_SPECIAL else c for c in text)
    text = re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", text)
    # ":::" at a line start opens a fenced div (the container plugin), so a leading ":" is escaped too
    return re.sub(r"(?m)^(\s*)([-+>=~:])", r"\1\\\2", text)


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


STYLES = (("bold", "**", "bold"), ("italic", "*", "italic"))  # outer first: ***x*** is bold italic


class InlineWriter:
    """Inline nodes -> segments; free notes met on the way are collected for their own units.

    Bold and italics become pairs that stay open across a citation or a reference between two
    runs of the same style, so `*a [@x] b*` is one pair around a code, as the author wrote it."""

    def __init__(self):
        self.notes: list[tuple[str, Note]] = []
        self.keys: list[str] = []
        self.refs: list[str] = []

    def segments(self, inlines) -> list[Segment]:
        out: list[Segment] = []
        self._write(inlines, out)
        return _join(out)

    def _write(self, inlines, out: list[Segment]) -> None:
        open_styles: list[str] = []  # the style pairs open now, outermost first
        for index, node in enumerate(inlines):
            wanted = self._styles_at(inlines, index, open_styles)
            while open_styles and (open_styles[-1] not in wanted or [s for s in open_styles if s in wanted]
                                   != open_styles):
                out.append(Segment(dict((s, m) for s, m, _ in STYLES)[open_styles.pop()], True, "close"))
            for style, marker, ctype in STYLES:
                if style in wanted and style not in open_styles:
                    open_styles.append(style)
                    out.append(Segment(marker, True, "open", ctype))
            self._node(node, out)
        while open_styles:
            out.append(Segment(dict((s, m) for s, m, _ in STYLES)[open_styles.pop()], True, "close"))

    @staticmethod
    def _styles_at(inlines, index, open_styles) -> set[str]:
        node = inlines[index]
        if isinstance(node, Text) and not node.code:
            return {s for s, _, _ in STYLES if getattr(node, s)}
        if isinstance(node, Text):  # a code span ends bold and italics around it
            return set()
        # a citation, reference or note call keeps a style open when the text after it has it too
        after = next((n for n in inlines[index + 1:] if isinstance(n, Text) and not n.code), None)
        return {s for s in open_styles if after is not None and getattr(after, s)}

    def _node(self, node, out: list[Segment]) -> None:
        if isinstance(node, Text):
            if node.code:
                out.append(Segment("`" + node.text + "`", True, ctype="x-code"))
            else:
                out.append(Segment(node.text))
        elif isinstance(node, LineBreak):
            out.append(Segment("\\\n", True, ctype="lb"))
        elif isinstance(node, Link):
            out.append(Segment("[", True, "open", "link"))
            self._write(node.children, out)
            out.append(Segment(f"]({node.url})", True, "close"))
        elif isinstance(node, Cite):
            self.keys.extend(i.key for i in node.items)
            out.append(Segment(cite_markdown(node), True, ctype="x-citation"))
        elif isinstance(node, XRef):
            self.refs.append(node.label)
            out.append(Segment("@" + node.label, True, ctype="x-reference"))
        elif isinstance(node, NoteRef):
            if node.name == "intext":  # the in-text Cite just before it wrote it
                return
            if node.note is not None and node.note.cite is not None:  # a citation after resolve
                self.keys.extend(i.key for i in node.note.cite.items)
                out.append(Segment(cite_markdown(node.note.cite), True, ctype="x-citation"))
            elif node.note is not None:
                name = node.name if not node.name.startswith("inline-") else f"n{len(self.notes) + 1}"
                if not any(n == name for n, _ in self.notes):  # a named note called twice is one note
                    self.notes.append((name, node.note))
                out.append(Segment(f"[^{name}]", True, ctype="x-footnote"))


def _join(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if out and not out[-1].protected and not s.protected:
            out[-1] = Segment(out[-1].text + s.text)
        elif s.protected or s.text:
            out.append(s)
    return out


# ---- the layout: units and the frame the Markdown writer fills ------------------------

@dataclass
class Frame:
    """One block of the section as the writer writes it back; `units` hold its text."""

    kind: str  # paragraph | heading | code | list | quote | table | recommendations | questions | raw
    units: list[Unit] = field(default_factory=list)
    children: list[list["Frame"]] = field(default_factory=list)  # list items; a quote's one body
    label: str | None = None
    numbered: bool = True
    level: int = 0
    ordered: bool = False
    start: int = 1
    text: str = ""  # code and raw blocks: kept as they are
    container: str = ""  # a quote written as `::: committee-recommendation`
    aligns: list[str] = field(default_factory=list)
    columns: int = 0


@dataclass
class Layout:
    title: Unit
    blocks: list[Frame]
    notes: list[tuple[str, list[Unit]]]  # note name -> its paragraphs' units, in definition order
    units: list[Unit]  # every unit in reading order: title, body, then notes


def section_layout(section: Section) -> Layout:
    """The one walk over a section: its units in reading order and the frame around them."""
    units: list[Unit] = []
    counters: dict[str, int] = {}
    writer = InlineWriter()

    def add(kind: str, prefix: str, inlines, line=None, label=None, number=None, numbered=True) -> Unit:
        counters[prefix] = counters.get(prefix, 0) + 1
        writer.keys, writer.refs = [], []
        segments = writer.segments(inlines)
        unit = Unit(f"{prefix}{counters[prefix]}", kind, segments, line, label, number,
                    (kind, label, tuple(writer.keys), tuple(writer.refs), numbered))
        units.append(unit)
        return unit

    title = add("title", "title", [Text(section.title)], section.loc.line)
    title.key = "title"

    def walk(blocks, in_list=False, top=False) -> list[Frame]:
        frames: list[Frame] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.inlines and isinstance(block.inlines[0], Text) and block.inlines[0].code:
                    frames.append(Frame("code", text=block.inlines[0].text))  # code is not translated
                    continue
                kind = "li" if in_list else ("para" if block.number is not None or block.numbered else "text")
                unit = add(kind, "li" if in_list else "p", block.inlines, block.loc.line, block.label, block.number)
                frames.append(Frame("paragraph", [unit], label=block.label, numbered=block.numbered or not top))
            elif isinstance(block, Heading):
                unit = add("heading", "h", block.inlines, block.loc.line, block.label, numbered=block.numbered)
                frames.append(Frame("heading", [unit], label=block.label, numbered=block.numbered,
                                    level=block.level))
            elif isinstance(block, ListBlock):
                items = [walk(item.blocks, in_list=True) for item in block.items]
                frames.append(Frame("list", children=items, ordered=block.ordered, start=block.start))
            elif isinstance(block, Quote):
                frames.append(Frame("quote", children=[walk(block.blocks, in_list)],
                                    container="committee-recommendation" if block.kind == "committee" else ""))
            elif isinstance(block, Table):
                cells = [add("cell", "cell", cell, block.loc.line) for row in [block.header, *block.rows]
                         for cell in row]
                frames.append(Frame("table", cells, aligns=list(block.aligns), columns=len(block.header)))
            elif isinstance(block, RecBlock):
                prefix = "rec" if block.kind == "recommendations" else "q"
                items = [add(prefix, prefix, item.inlines, item.loc.line, item.label, item.number)
                         for item in block.items]
                frames.append(Frame(block.kind, items))
            else:  # a block kind this writer does not know yet must not vanish from a translation
                raise TypeError(f"translation layout: unknown block {type(block).__name__}")
        return frames

    blocks = walk(section.blocks, top=True)
    notes: list[tuple[str, list[Unit]]] = []
    index = 0
    while index < len(writer.notes):  # a note may call another note: read until none is left
        name, note = writer.notes[index]
        notes.append((name, []))
        for paragraph in note.paragraphs:
            unit = add("fn", "fn", paragraph, note.loc.line)
            unit.note_name = name
            notes[-1][1].append(unit)
        index += 1
    return Layout(title, blocks, notes, units)


def section_units(section: Section) -> list[Unit]:
    """All units of a section in reading order; free notes last, as their definitions are."""
    return section_layout(section).units
