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

from assemble.model import Heading, ListBlock, Paragraph, Part, Quote, RecBlock, Recommendation, Section
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

    def heading(self, heading: Heading, counters: list[int], parent: str) -> None:
        self.headings += 1
        if heading.numbered:
            level = heading.level
            counters[level - 1] += 1
            for deeper in range(level, len(counters)):
                counters[deeper] = 0
            heading.number = heading_number(level, counters[level - 1])
            heading.full_number = f"{parent}.{heading.number}" if parent else heading.number
            heading.marker = heading_label(level, heading.number)
        heading.anchor = self.register(heading.label, heading, heading.loc) or self.anchors.claim(f"h_{self.headings}")

    def number_parts(self, parts: list[Part]) -> None:
        counters = [0, 0, 0, 0, 0]
        for part in parts:
            self.heading(part.heading, counters, "")
            for section in part.sections:
                self.heading(section.heading, counters, part.heading.full_number)
                self.blocks(section, section.blocks, counters, top=True)

    def blocks(self, section: Section, blocks, counters, top=False) -> None:
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
                parent_level = block.level - 1
                parent = section.heading.full_number
                if parent_level > 2:
                    parent = ".".join([parent] + [heading_number(lv + 1, counters[lv])
                                                 for lv in range(2, parent_level)])
                self.heading(block, counters, parent)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    self.blocks(section, item.blocks, counters)
            elif isinstance(block, Quote):
                self.blocks(section, block.blocks, counters)
            elif isinstance(block, RecBlock) and block.kind == "recommendations":
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


def set_list_depths(blocks, ordered: int = 0, nested: int = 0) -> None:
    """List levels and item labels: ordered lists (a) at depth 0, (i) at 1, a. and i. deeper,
    counted over ordered lists; bullets by how deep the list sits in any lists."""
    for block in blocks:
        if isinstance(block, ListBlock):
            if block.ordered:
                block.depth = min(ordered, ORDERED_LEVELS - 1)
                for index, item in enumerate(block.items):
                    item.marker = list_marker(block.depth, block.start + index)
            else:
                block.depth = min(nested, len(BULLETS) - 1)
                for item in block.items:
                    item.marker = BULLETS[block.depth]
            for item in block.items:
                set_list_depths(item.blocks, ordered + 1 if block.ordered else ordered, nested + 1)
        elif isinstance(block, Quote):
            set_list_depths(block.blocks, ordered, nested)
