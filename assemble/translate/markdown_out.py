"""Write a section back as Markdown, with each unit's text replaced by its translation.

It walks the blocks in the same order as units.section_units, so unit keys line up.
"""
from __future__ import annotations

import re

import yaml

from assemble.model import Heading, ListBlock, Paragraph, Quote, RecBlock, Section, Table, Text
from assemble.translate.units import section_units

ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


def section_markdown(section: Section, texts: dict[str, str], front: dict) -> str:
    units = section_units(section)
    queue = iter(units)

    def take() -> str:
        unit = next(queue)
        return texts.get(unit.key, unit.source)

    title = take()

    def paragraph_lines(block: Paragraph, top: bool) -> list[str]:
        lines = []
        if block.label:
            lines.append("{#" + block.label + "}")
        if top and not block.numbered:
            lines.append("{.unnumbered}")
        lines.extend(take().split("\n"))
        return lines

    def render(blocks, top: bool) -> list[str]:
        lines: list[str] = []

        def add(chunk: list[str]) -> None:
            if lines:
                lines.append("")
            lines.extend(chunk)

        for block in blocks:
            if isinstance(block, Paragraph):
                if block.inlines and isinstance(block.inlines[0], Text) and block.inlines[0].code:
                    add(["```", block.inlines[0].text, "```"])
                else:
                    add(paragraph_lines(block, top))
            elif isinstance(block, Heading):
                head = ["{#" + block.label + "}"] if block.label else []
                add(head + ["#" * (block.level - 1) + " " + take()])
            elif isinstance(block, ListBlock):
                chunk: list[str] = []
                for index, item in enumerate(block.items):
                    marker = f"{block.start + index}. " if block.ordered else "- "
                    inner = render(item.blocks, top=False)
                    for n, line in enumerate(inner):
                        chunk.append((marker if n == 0 else " " * len(marker) if line else "") + line)
                add(chunk)
            elif isinstance(block, Quote):
                add(["> " + line if line else ">" for line in render(block.blocks, top=False)])
            elif isinstance(block, Table):
                rows = [block.header, *block.rows]
                texts_ = [[take() for _ in row] for row in rows]
                table = ["| " + " | ".join(texts_[0]) + " |",
                         "|" + "|".join(ALIGN.get(a, "---") for a in block.aligns) + "|"]
                table += ["| " + " | ".join(r) + " |" for r in texts_[1:]]
                add(table)
            elif isinstance(block, RecBlock):
                chunk = [f"::: {block.kind}"]
                for item in block.items:
                    label = "{#" + item.label + "} " if item.label else ""
                    chunk.append("- " + label + take().replace("\n", "\n  "))
                chunk.append(":::")
                add(chunk)
        return lines

    body = render(section.blocks, top=True)
    notes: dict[str, list[str]] = {}
    for unit in queue:
        if unit.kind == "fn":
            notes.setdefault(unit.note_name, []).append(texts.get(unit.key, unit.source))
    for name, paragraphs in notes.items():
        body += ["", f"[^{name}]: " + "\n\n    ".join(p.replace("\n", "\n    ") for p in paragraphs)]
    front = {**front, "title": re.sub(r"\\(.)", r"\1", title)}
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip()
    return f"---\n{head}\n---\n" + "\n".join(body).rstrip() + "\n"


def translation_front(section: Section, source_hash: str) -> dict:
    """Front matter of a translated file: the source's structure, so the file stands on its own."""
    front = {"id": section.id, "title": section.title, "part": section.part}
    if section.articles:
        front["articles"] = section.articles
    for key in ("loi", "state_report", "concluding_observations", "organisations"):
        if getattr(section, key):
            front[key] = getattr(section, key)
    if section.order:
        front["order"] = section.order
    front["status"] = section.status
    front["source_hash"] = source_hash
    return front
