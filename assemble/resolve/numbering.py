"""UN numbering, computed once: parts I., sections A., sub-headings 1./(a)/(i), one paragraph
sequence for the whole report, one recommendation sequence; labels registered on the way."""
from __future__ import annotations

from assemble.model import (Heading, ListBlock, Paragraph, Part, Quote, RecBlock, Recommendation, Section,
                            walk_blocks)
from assemble.problems import Problems
from assemble.resolve.anchors import anchor_for

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


class Numberer:
    def __init__(self, problems: Problems):
        self.problems = problems
        self.labels: dict[str, object] = {}
        self.label_locs: dict[str, object] = {}
        self.paragraph = 0
        self.recommendation = 0
        self.headings = 0
        self.open: list[Heading] = []  # the headings the next one may stand under, outermost first
        self.recommendations: list[Recommendation] = []

    def register(self, label: str | None, target, loc) -> str:
        if not label:
            return ""
        if label in self.labels:
            first = self.label_locs[label]
            self.problems.error(loc.file, loc.line, f"label '{label}' is already used at {first.file}:{first.line}",
                                "labels must be unique in the report")
            return anchor_for(label)
        self.labels[label] = target
        self.label_locs[label] = loc
        return anchor_for(label)

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
            heading.number = heading_number(level, counters[level - 1])
            heading.full_number = f"{parent}.{heading.number}" if parent else heading.number
        else:  # a reference to an unnumbered heading names the numbered one it stands under
            heading.full_number = parent
        self.open.append(heading)
        heading.anchor = self.register(heading.label, heading, heading.loc) or f"h_{self.headings}"

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

    def blocks(self, section: Section, blocks, counters, top=False) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.numbered and top:
                    self.paragraph += 1
                    block.number = self.paragraph
                else:
                    block.number = None
                if block.label:
                    block.anchor = self.register(block.label, block, block.loc)
            elif isinstance(block, Heading):
                self.heading(block, counters)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    self.blocks(section, item.blocks, counters)
            elif isinstance(block, Quote):
                self.blocks(section, block.blocks, counters)
            elif isinstance(block, RecBlock) and block.kind == "recommendations":
                for item in block.items:
                    self.recommendation += 1
                    item.number = self.recommendation
                    item.section_id = section.id
                    item.anchor = self.register(item.label, item, item.loc) or f"rec_n{item.number}"
                    self.recommendations.append(item)


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


def set_list_depths(blocks, depth: int = 0) -> None:
    """Ordered lists: (a) at depth 0, (i) at depth 1, a. and i. deeper."""
    for block in blocks:
        if isinstance(block, ListBlock):
            if block.ordered:
                block.depth = depth
            for item in block.items:
                set_list_depths(item.blocks, depth + 1 if block.ordered else depth)
        elif isinstance(block, Quote):
            set_list_depths(block.blocks, depth)
