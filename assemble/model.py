"""The neutral document model: what parse produces, resolve completes and renderers read.

Parse fills the structure (blocks, inlines, unresolved Cite/XRef/NoteRef nodes).
Resolve fills every number and generated text exactly once. Renderers only read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Loc:
    file: str
    line: int | None = None


# ---- inlines -------------------------------------------------------------------------

@dataclass
class Text:
    text: str
    italic: bool = False
    bold: bool = False
    code: bool = False


@dataclass
class Link:
    url: str
    children: list["Inline"]


@dataclass
class LineBreak:
    pass


class Kind(str, Enum):
    """A closed set of names (a typo is an AttributeError, not a silent no-match); each member
    is its string, so it compares, sorts and serialises (JSON for Typst, templates) as one."""

    def __str__(self) -> str:
        return self.value


class Position(Kind):
    """Where a cited item stands among the citations of the same source (resolve/positions.py)."""

    FIRST = "first"
    SUBSEQUENT = "subsequent"
    IBID = "ibid"
    IBID_WITH_LOCATOR = "ibid-with-locator"


@dataclass
class CiteItem:
    key: str
    prefix: str = ""
    locator: str = ""
    # filled by resolve (positions.py): position among the citations, note of the first citation
    position: Position | None = None
    first_note: int = 0


@dataclass
class Cite:
    """A bracketed citation group `[see @a, p. 3; @b]`; in the body it becomes one footnote."""

    items: list[CiteItem]
    loc: Loc
    intext: bool = False  # `@key` in a sentence: the author's name in the text, the note after it
    # filled by resolve: the formatted note text of this group (for an in-text one in the body,
    # the words it puts in the sentence)
    rendered: list["Inline"] | None = None


@dataclass
class NoteRef:
    """A footnote call. `note` is set by parse for free notes and by resolve for citations."""

    name: str
    loc: Loc
    note: "Note | None" = None


class RefKind(Kind):
    """What a cross-reference points to: the part of its label before the colon."""

    PARA = "para"
    SEC = "sec"
    REC = "rec"
    UPR = "upr"  # a recommendation of the previous UPR cycle (upr-recommendations.csv)


@dataclass
class XRef:
    kind: RefKind
    label: str  # full label, e.g. "para:criminal-code"
    loc: Loc
    # filled by resolve (crossrefs.py)
    target: str = ""  # bookmark / anchor name of the target ("" when there is none to point to)
    number: str = ""  # "45", "II.C", "12"
    text: str = ""  # "para. 45": before + number + after
    before: str = ""  # the words around the number, in the build language: "para. ", ""
    after: str = ""


@dataclass
class Comment:
    """A Markdown comment `<!-- ... -->`, on its own lines (a block) or in the text (an inline).

    Kept for review copies (Word comments); the report itself, its word counts and its
    translations never show it. `author` is set when the comment starts with an organisation's
    acronym or a person's name and a colon: `<!-- KIBHR: check the date -->`.
    """

    text: str
    loc: Loc
    author: str = ""


Inline = Union[Text, Link, LineBreak, Cite, NoteRef, XRef, Comment]


# ---- blocks --------------------------------------------------------------------------

@dataclass
class Paragraph:
    inlines: list[Inline]
    loc: Loc
    numbered: bool = True
    label: str | None = None
    number: int | None = None  # filled by resolve
    marker: str = ""  # filled by resolve: the printed number, "12."
    anchor: str = ""  # filled by resolve when labelled
    uid: str = ""  # filled by resolve: the stable block anchor (resolve/blockids.py)


@dataclass
class Heading:
    level: int  # 1 part, 2 section, 3 sub-heading, 4 sub-sub-heading
    inlines: list[Inline]
    loc: Loc
    label: str | None = None
    numbered: bool = True
    number: str = ""  # "II", "C", "1": filled by resolve
    full_number: str = ""  # "II.C"
    marker: str = ""  # filled by resolve: the printed label, "II.", "(a)"; "" when unnumbered
    ordinal: int = 0  # filled by resolve: the count `number` writes (3 for "C")
    anchor: str = ""
    paragraphs: str = ""  # filled by resolve for contents entries: the paragraphs under it, "1–5"
    uid: str = ""  # filled by resolve: the stable block anchor (resolve/blockids.py)


@dataclass
class ListItem:
    blocks: list["Block"]
    marker: str = ""  # filled by resolve: "(a)", "(ii)", "•"


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem]
    loc: Loc
    start: int = 1
    # filled by resolve: the list level of its kind, as reference.docx numbers it (ordered:
    # 0 (a), 1 (i), 2 a., 3 i.; bullets: 0 •, 1 –, 2 ▪); deeper lists stay at the last level
    depth: int = 0


@dataclass
class Table:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    aligns: list[str]
    loc: Loc
    uid: str = ""  # filled by resolve: the stable block anchor (resolve/blockids.py)


class QuoteKind(Kind):
    QUOTE = ""  # `> ...`: a quotation
    # `::: committee-recommendation`: the Committee's own earlier recommendation quoted (in a
    # follow-up section), never numbered or collected as the coalition's
    COMMITTEE = "committee"


@dataclass
class Quote:
    blocks: list["Block"]
    loc: Loc
    kind: QuoteKind = QuoteKind.QUOTE


@dataclass
class Recommendation:
    inlines: list[Inline]
    loc: Loc
    label: str | None = None
    number: int | None = None  # report-wide, filled by resolve
    marker: str = ""  # filled by resolve: "12." (recommendations) or "•" (questions)
    anchor: str = ""
    section_id: str = ""
    uid: str = ""  # filled by resolve: the stable block anchor (resolve/blockids.py)


class RecKind(Kind):
    RECOMMENDATIONS = "recommendations"  # numbered report-wide, listed again in the summary annex
    QUESTIONS = "questions"  # suggested questions for the State party: bullets, never numbered


@dataclass
class RecBlock:
    """`::: recommendations` or `::: questions`."""

    kind: RecKind
    items: list[Recommendation]
    loc: Loc


Block = Union[Paragraph, Heading, ListBlock, Table, Quote, RecBlock, Comment]


# ---- notes ---------------------------------------------------------------------------

@dataclass
class Note:
    """A footnote: either a free note (its own paragraphs) or a citation group."""

    paragraphs: list[list[Inline]]
    loc: Loc
    cite: Cite | None = None
    number: int = 0  # filled by resolve
    uid: str = ""  # filled by resolve: the stable block anchor (resolve/blockids.py)


# ---- sections and report -------------------------------------------------------------

@dataclass
class Section:
    id: str
    title: str
    part: str
    file: Path
    loc: Loc
    blocks: list[Block] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    loi: list[int] = field(default_factory=list)
    state_report: list[str] = field(default_factory=list)
    concluding_observations: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    cluster: str = ""  # CRC: the cluster of articles it belongs to (given, or from its first article)
    theme: str = ""  # UPR: the theme it covers
    order: float = 0
    status: str = "draft"
    source_text: str = ""  # the file text, for hashing (translations)
    source_hash: str = ""  # translations: the hash of the source section translated
    language: str = ""  # the language its text is written in (a source section in a translated build)
    heading: Heading | None = None  # filled by resolve: the generated section heading


@dataclass
class Organisation:
    name: str
    acronym: str
    url: str = ""
    email: str = ""
    role: str = "contributor"
    localised: dict[str, str] = field(default_factory=dict)  # "name_ru": the name in a Russian build

    def text(self, key: str, lang: str) -> str:
        return self.localised.get(f"{key}_{lang}") or getattr(self, key)


@dataclass
class Config:
    title: str
    state_party: str
    organisations: list[Organisation]
    file: Path
    subtitle: str = ""
    treaty: str = "ICCPR"
    session: str = ""
    documents: dict[str, str] = field(default_factory=dict)
    date: str = ""
    language: str = "en"
    translations: list[str] = field(default_factory=list)
    word_limit: int | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)
    abbreviations_in: dict[str, dict[str, str]] = field(default_factory=dict)  # "ru": abbreviations_ru
    structure: str = "articles"
    confidential: bool = False
    output: str = ""
    fonts: str = ""
    allow_outside: list[str] = field(default_factory=list)  # folders outside the report that may be read
    contact: dict[str, str] = field(default_factory=dict)  # name, name_<lang>, organisation (acronym), email, phone
    notes_after_punctuation: bool | None = None  # "text [@key]." -> "text.¹"; None: the build language's custom
    localised: dict[str, str] = field(default_factory=dict)  # "title_ru": cover text of a Russian build
    lines: dict[str, int] = field(default_factory=dict)  # key path -> line, for messages

    def text(self, key: str, lang: str) -> str:
        """A cover field in the build language: `title_ru` in a Russian build, else `title`."""
        return self.localised.get(f"{key}_{lang}") or getattr(self, key)

    def abbreviations_for(self, lang: str) -> dict[str, str]:
        """The list of abbreviations of a build in `lang`: `abbreviations_ru` in a Russian build
        (its text uses its own abbreviations, "НПО" for "NGO"), else `abbreviations`."""
        if lang != self.language and lang in self.abbreviations_in:
            return self.abbreviations_in[lang]
        return self.abbreviations


@dataclass
class Metadata:
    """The document properties (DOCX core properties, PDF metadata), in the build language, with
    smart typography; each renderer fits them to its own limits."""

    title: str
    subject: str
    authors: list[str]  # organisation names, in report.yml order
    acronyms: list[str]
    lead: str  # the lead organisation's name
    lead_acronym: str
    keywords: list[str]
    language: str


@dataclass
class Part:
    key: str  # front | followup | articles | annex
    heading: Heading
    sections: list[Section]


class CoverStyle(Kind):
    """The looks a cover line may have (templates/cover.j2 names one per line; reference.docx and
    report.typ give each its look)."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    LABEL = "label"
    TEXT = "text"
    ORG = "org"
    NOTE = "note"
    SPACE = "space"  # an empty gap


@dataclass
class CoverLine:
    style: CoverStyle
    text: str


@dataclass
class Report:
    """The resolved report: everything a renderer needs, every number already computed."""

    config: Config
    parts: list[Part]
    notes: list[Note]
    recommendations: list[Recommendation]
    cover: list[CoverLine]
    words: dict[str, str]  # the language catalogue
    abbreviations: list[tuple[str, str]]
    labels: dict[str, object]
    word_count: int = 0
    language: str = "en"
    cited: set[str] = field(default_factory=set)
    summary_heading: Heading | None = None
    abbreviations_heading: Heading | None = None
    meta: Metadata | None = None

    @property
    def sections(self) -> list[Section]:
        return [s for p in self.parts for s in p.sections]

    def paragraphs(self):
        for section in self.sections:
            yield from iter_paragraphs(section.blocks)

    def contents(self) -> list[tuple[int, "Heading"]]:
        """The table of contents: (level, heading), parts and generated headings at level 1."""
        entries = [(1, self.abbreviations_heading)] if self.abbreviations_heading else []
        for part in self.parts:
            entries.append((1, part.heading))
            entries.extend((2, s.heading) for s in part.sections)
        if self.summary_heading:
            entries.append((1, self.summary_heading))
        return entries

    def summary_groups(self) -> list[tuple[Section, list[Recommendation]]]:
        """The annex's groups: each section that has recommendations, with them, in report order."""
        by_section: dict[str, list[Recommendation]] = {}
        for rec in self.recommendations:
            by_section.setdefault(rec.section_id, []).append(rec)
        return [(s, by_section[s.id]) for s in self.sections if s.id in by_section]

    def headings(self) -> list["Heading"]:
        """Every heading in document order, as a reader's outline (PDF bookmarks) lists them."""
        found = [self.abbreviations_heading] if self.abbreviations_heading else []
        for part in self.parts:
            found.append(part.heading)
            for section in part.sections:
                found.append(section.heading)
                found.extend(b for b in walk_blocks(section.blocks) if isinstance(b, Heading))
        if self.summary_heading:
            found.append(self.summary_heading)
        return found

    def anchors(self):
        """Every anchor a reference or the contents may point to: headings, labelled paragraphs,
        recommendations."""
        yield from (h.anchor for h in self.headings())
        for section in self.sections:
            for block in walk_blocks(section.blocks):
                if isinstance(block, Paragraph) and block.anchor:
                    yield block.anchor
                elif isinstance(block, RecBlock):
                    yield from (item.anchor for item in block.items if item.anchor)


def iter_paragraphs(blocks):
    """Numbered body paragraphs in order."""
    return (b for b in walk_blocks(blocks) if isinstance(b, Paragraph) and b.number is not None)


def walk_inlines(inlines):
    """Every inline, depth first (links opened)."""
    for node in inlines:
        yield node
        if isinstance(node, Link):
            yield from walk_inlines(node.children)


def inline_text(inlines, atom=None) -> str:
    """The text of `inlines` as printed: links opened, a cross-reference's text, a citation's
    resolved text, a line break as a newline. `atom(node)` may give another text for any node
    (a note mark's width in a table, a citation's keys in a redline); None keeps the default."""
    out = []
    for node in inlines:
        text = atom(node) if atom else None
        if text is not None:
            out.append(text)
        elif isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Link):
            out.append(inline_text(node.children, atom))
        elif isinstance(node, XRef):
            out.append(node.text)
        elif isinstance(node, Cite):
            out.append(inline_text(node.rendered or [], atom))
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


def walk_blocks(blocks):
    """Every block of a block tree, depth first, in reading order (list items and quotes opened)."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item.blocks)
        elif isinstance(block, Quote):
            yield from walk_blocks(block.blocks)


def block_inlines(blocks):
    """Every inline list of a block tree, in reading order."""
    for block in walk_blocks(blocks):
        if isinstance(block, (Paragraph, Heading)):
            yield block.inlines
        elif isinstance(block, Table):
            yield from block.header
            for row in block.rows:
                yield from row
        elif isinstance(block, RecBlock):
            for item in block.items:
                yield item.inlines


_SHARED = (str, int, float, bool, type(None), Loc, Path)


def copy_tree(node, memo: dict | None = None):
    """A deep copy of model nodes (shared nodes stay shared): copy.deepcopy's result, about five
    times faster, as model nodes are plain dataclasses, lists and immutable values."""
    memo = {} if memo is None else memo
    if isinstance(node, _SHARED):
        return node
    if isinstance(node, list):
        return [copy_tree(item, memo) for item in node]
    key = id(node)
    if key in memo:
        return memo[key]
    if hasattr(node, "__dataclass_fields__"):
        new = object.__new__(type(node))
        memo[key] = new
        new.__dict__.update({name: copy_tree(value, memo) for name, value in node.__dict__.items()})
        return new
    if isinstance(node, dict):
        return {k: copy_tree(v, memo) for k, v in node.items()}
    if isinstance(node, (tuple, set, frozenset)):
        return type(node)(copy_tree(v, memo) for v in node)
    raise TypeError(f"copy_tree: {type(node).__name__} is not a model value")
