"""UN numbering, computed once: parts I., sections A., sub-headings 1./(a)/(i), one paragraph
sequence for the whole report, one recommendation sequence, list labels (a)/(i); labels
registered and anchors handed out on the way.

This is the one place printed numbers are made: every `marker` of the model (heading labels,
paragraph and recommendation numbers, list labels) is set here and renderers only print it.
The DOCX keeps Word's own numbering (so an editor's new paragraph is numbered too): the formats
below are those of templates/reference.docx, level by level, and tests/test_docx.py compares
the two on a real build.
"""
from __future__ import annotations

from assemble.model import (Heading, ListBlock, Paragraph, Part, Quote, RecBlock, RecKind, Recommendation, Section,
                            iter_paragraphs, walk_blocks)
from assemble.problems import Problems
from assemble.resolve.anchors import Anchors

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (as Word's upperLetter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def heading_number(level: int, n: int) -> str:
    if level == 1:
        return roman(n)
    if level == 2:
        return letters(n)
    if level == 3:
        return str(n)
    if level == 4:
        return letters(n).lower()
    return roman(n).lower()


def heading_label(level: int, number: str) -> str:
    """How the number is printed before the heading text."""
    return f"({number})" if level >= 4 else f"{number}."


# Ordered lists and bullets, by level (reference.docx's sub-paragraph and bullet numbering);
# lists nested deeper keep the last level's look, so no text is ever without its style.
ORDERED_LEVELS = 4
BULLETS = ("\u2022", "\u2013", "\u25aa")


def list_marker(depth: int, n: int) -> str:
    """(a), (i), a., i.: the label of item `n` of an ordered list at `depth`."""
    if depth == 0:
        return f"({letters(n).lower()})"
    if depth == 1:
        return f"({roman(n).lower()})"
    return f"{letters(n).lower()}." if depth % 2 == 0 else f"{roman(n).lower()}."


class Numberer:
    def __init__(self, problems: Problems, anchors: Anchors | None = None):
        self.problems = problems
        self.anchors = anchors or Anchors()
        self.labels: dict[str, object] = {}
        self.label_locs: dict[str, object] = {}
        self.paragraph = 0
        self.recommendation = 0
        self.headings = 0
        self.open: list[Heading] = []  # the headings the next one may stand under, outermost first
        self.recommendations: list[Recommendation] = []

    def register(self, label: str | None, target, loc) -> str:
        """The target's anchor ("" without a label); the label is recorded for cross-references."""
        if not label:
            return ""
        if label in self.labels:
            first = self.label_locs[label]
            self.problems.error(loc.file, loc.line, f"label '{label}' is already used at {first.file}:{first.line}",
                                "labels must be unique in the report")
            return self.anchors.for_label(label)
        self.labels[label] = target
        self.label_locs[label] = loc
        return self.anchors.for_label(label)

    def heading(self, heading: Heading, counters: list[int]) -> None:
        """Number a heading under the nearest heading above it of a higher level (part, section,
        `##`, ...): "II.C.1"; a heading of any kind restarts the count of the levels below it."""
        self.headings += 1
        level = heading.level
        while self.open and self.open[-1].level >= level:
            self.open.pop()
        parent = self.open[-1].full_number if self.open else ""
        for deeper in range(level, len(counters)):
            counters[deeper] = 0
        if heading.numbered:
            counters[level - 1] += 1
            heading.ordinal = counters[level - 1]
            heading.number = heading_number(level, counters[level - 1])
            heading.full_number = f"{parent}.{heading.number}" if parent else heading.number
            heading.marker = heading_label(level, heading.number)
        else:  # a reference to an unnumbered heading names the numbered one it stands under
            heading.full_number = parent
        self.open.append(heading)
        heading.anchor = self.register(heading.label, heading, heading.loc) or self.anchors.claim(f"h_{self.headings}")

    def number_parts(self, parts: list[Part]) -> None:
        counters = [0, 0, 0, 0, 0]
        for part in parts:
            self.heading(part.heading, counters)
            if len(part.sections) == 1:  # no single subdivision: see unnumber_lone_headings
                part.sections[0].heading.numbered = False
            for section in part.sections:
                unnumber_lone_headings(section.blocks)
                self.heading(section.heading, counters)
                self.blocks(section, section.blocks, counters, top=True)

    def blocks(self, section: Section, blocks, counters, top=False, ordered: int = 0, nested: int = 0) -> None:
        """Number the blocks in reading order. `ordered`/`nested`: how deep in ordered lists / in
        any lists these blocks stand. Ordered lists are labelled (a) at depth 0, (i) at 1, a. and
        i. deeper, counted over ordered lists; bullets by how deep the list sits in any lists."""
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.numbered and top:
                    self.paragraph += 1
                    block.number = self.paragraph
                    block.marker = f"{block.number}."
                else:
                    block.number = None
                    block.marker = ""
                if block.label:
                    block.anchor = self.register(block.label, block, block.loc)
            elif isinstance(block, Heading):
                self.heading(block, counters)
            elif isinstance(block, ListBlock):
                if block.ordered:
                    block.depth = min(ordered, ORDERED_LEVELS - 1)
                    for index, item in enumerate(block.items):
                        item.marker = list_marker(block.depth, block.start + index)
                else:
                    block.depth = min(nested, len(BULLETS) - 1)
                    for item in block.items:
                        item.marker = BULLETS[block.depth]
                for item in block.items:
                    self.blocks(section, item.blocks, counters, ordered=ordered + block.ordered, nested=nested + 1)
            elif isinstance(block, Quote):
                self.blocks(section, block.blocks, counters, ordered=ordered, nested=nested)
            elif isinstance(block, RecBlock) and block.kind is RecKind.RECOMMENDATIONS:
                for item in block.items:
                    self.recommendation += 1
                    item.number = self.recommendation
                    item.marker = f"{item.number}."
                    item.section_id = section.id
                    item.anchor = (self.register(item.label, item, item.loc)
                                   or self.anchors.claim(f"rec_n{item.number}"))
                    self.recommendations.append(item)
            elif isinstance(block, RecBlock):  # questions: bullets, never numbered or labelled
                for item in block.items:
                    item.marker = BULLETS[0]


def paragraph_range(numbers: list[int]) -> str:
    """"1–5" (UN contents give each heading's paragraphs), "6" for one, "" for none."""
    if not numbers:
        return ""
    first, last = min(numbers), max(numbers)
    return str(first) if first == last else f"{first}\u2013{last}"


def set_paragraph_ranges(parts: list[Part]) -> None:
    """The paragraphs of each part and section, for the contents ("Paragraphs 1–5 ... Page 3"):
    exact without any layout, the same in every output."""
    for part in parts:
        everything = []
        for section in part.sections:
            numbers = [p.number for p in iter_paragraphs(section.blocks)]
            section.heading.paragraphs = paragraph_range(numbers)
            everything.extend(numbers)
        part.heading.paragraphs = paragraph_range(everything)


def unnumber_lone_headings(blocks) -> None:
    """UN editorial practice has no single subdivision ("if there is an A there must be a B"): a
    heading that would be the only numbered one under its parent heading gets no number (the
    only section of a part no letter, the only `##` of a section no "1."). References to it print
    the number of the heading it stands under."""
    children: dict[int, list[Heading]] = {}
    stack: list[Heading] = []
    for block in walk_blocks(blocks):
        if not isinstance(block, Heading):
            continue
        while stack and stack[-1].level >= block.level:
            stack.pop()
        if block.numbered:
            children.setdefault(id(stack[-1]) if stack else 0, []).append(block)
        stack.append(block)
    for group in children.values():
        if len(group) == 1:
            group[0].numbered = False
