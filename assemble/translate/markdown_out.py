"""Write a section back as Markdown: the frame of `units.section_layout`, each unit's text
replaced by its translation (already Markdown, see `target_markdown`)."""
from __future__ import annotations

import re

import yaml

from assemble.model import Section
from assemble.translate.units import Frame, Layout

ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


def section_markdown(layout: Layout, texts: dict[str, str], front: dict) -> str:
    """The translated file: front matter, body and note definitions. `texts` holds each unit's
    Markdown by key (the title's as plain text: it goes to the front matter); units without
    one keep their source."""

    def text(unit) -> str:
        return texts.get(unit.key, unit.source)

    def render(frames: list[Frame]) -> list[str]:
        lines: list[str] = []
        for frame in frames:
            chunk = _frame(frame, text, render)
            if lines and chunk:
                lines.append("")
            lines.extend(chunk)
        return lines

    body = render(layout.blocks)
    for name, units in layout.notes:
        paragraphs = [text(u).replace("\n", "\n    ") for u in units]
        body += ["", f"[^{name}]: " + "\n\n    ".join(paragraphs)]
    front = {**front, "title": texts.get(layout.title.key, "".join(s.text for s in layout.title.segments))}
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip()
    return f"---\n{head}\n---\n" + "\n".join(body).rstrip() + "\n"


def _frame(frame: Frame, text, render) -> list[str]:
    label = ["{#" + frame.label + "}"] if frame.label else []
    if frame.kind == "paragraph":
        return label + ([] if frame.numbered else ["{.unnumbered}"]) + text(frame.units[0]).split("\n")
    if frame.kind == "heading":
        return label + ["#" * (frame.level - 1) + " " + text(frame.units[0])
                        + ("" if frame.numbered else " {.unnumbered}")]
    if frame.kind == "code":
        fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", frame.text)), default=0) + 1)
        return [fence, *frame.text.split("\n"), fence]
    if frame.kind == "list":
        chunk: list[str] = []
        for index, item in enumerate(frame.children):
            marker = f"{frame.start + index}. " if frame.ordered else "- "
            for n, line in enumerate(render(item) or [""]):
                chunk.append((marker if n == 0 else " " * len(marker) if line else "") + line)
        return chunk
    if frame.kind == "quote" and frame.container:
        return [f"::: {frame.container}", *render(frame.children[0]), ":::"]
    if frame.kind == "quote":
        return ["> " + line if line else ">" for line in render(frame.children[0])]
    if frame.kind == "table":
        cells = [text(u) for u in frame.units]
        rows = [cells[i:i + frame.columns] for i in range(0, len(cells), frame.columns)] if frame.columns else []
        if not rows:
            return []
        table = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(ALIGN.get(a, "---") for a in frame.aligns) + "|"]
        return table + ["| " + " | ".join(r) + " |" for r in rows[1:]]
    if frame.kind in ("recommendations", "questions"):
        items = [("- {#" + u.label + "} " if u.label else "- ") + text(u).replace("\n", "\n  ") for u in frame.units]
        return [f"::: {frame.kind}", *items, ":::"]
    raise ValueError(f"unknown frame {frame.kind}")


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
