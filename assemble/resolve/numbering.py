"""UN numbering, computed once: parts I., sections A., sub-headings 1./(a)/(i), one paragraph
sequence for the whole report, one recommendation sequence; labels registered on the way."""
from __future__ import annotations

from assemble.model import Heading, ListBlock, Paragraph, Part, Quote, RecBlock, Recommendation, Section
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

    def heading(self, heading: Heading, counters: list[int], parent: str) -> None:
        self.headings += 1
        if heading.numbered:
            level = heading.level
            counters[level - 1] += 1
            for deeper in range(level, len(counters)):
                counters[deeper] = 0
            heading.number = heading_number(level, counters[level - 1])
            heading.full_number = f"{parent}.{heading.number}" if parent else heading.number
        heading.anchor = self.register(heading.label, heading, heading.loc) or f"h_{self.headings}"

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
                else:
                    block.number = None
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
                    item.section_id = section.id
                    item.anchor = self.register(item.label, item, item.loc) or f"rec_n{item.number}"
                    self.recommendations.append(item)


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
