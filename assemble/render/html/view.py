"""Report -> plain data that templates/report.html.j2 lays out as one HTML page.

Like the PDF's data.py, every number and generated word comes from the resolved model
(resolve/ computed them once); this module only chooses what goes where: the notes each
section lists at its end, which links may be live, and the ids that join a note call to
its note and back. Text stays plain strings, which the template (autoescaped) prints as
text, so nothing in a section can become markup. Only http(s), mailto and links to an
anchor of this report are live; anything else (a `javascript:` URL) is printed as text.
"""
from __future__ import annotations

import re

from assemble.model import (Cite, Heading, LineBreak, Link, ListBlock, NoteRef, Paragraph, Quote, RecBlock,
                            Report, Table, Text, XRef)

SAFE_URL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
ALIGNS = ("left", "center", "right")


def note_id(number: int) -> str:
    """Model anchors are [A-Za-z0-9_] only: ids with a hyphen never collide with them."""
    return f"fn-{number}"


def call_id(number: int) -> str:
    return f"fnref-{number}"


class HtmlView:
    def __init__(self, report: Report):
        self.report = report
        self.words = report.words
        self.anchors = {a for a in report.anchors() if a}
        self.pending: list = []  # notes called in the section being built, in call order
        self.in_summary = False

    def page(self) -> dict:
        report = self.report
        config = report.config
        parts = []
        for part in report.parts:
            sections = []
            for section in part.sections:
                self.pending = []
                heading = self.heading(section.heading)
                blocks = [b for block in section.blocks for b in self.block(block)]
                sections.append({"id": section.id, "heading": heading, "blocks": blocks,
                                 "notes": self.notes(), "notes_label": self.words["html"]["notes"]})
            parts.append({"heading": self.heading(part.heading), "sections": sections})
        return {
            "lang": report.language,
            "title": config.text("title", report.language),
            "authors": [o.name for o in config.organisations],
            "description": f"{config.treaty}: {config.state_party}",
            "words": {"contents": self.words["contents"]},
            "cover": [{"style": line.style, "text": line.text} for line in report.cover],
            "toc": [{"level": level, "marker": h.marker, "anchor": h.anchor,
                     "text": self.flat(h.inlines)} for level, h in report.contents()],
            "abbreviations": self.abbreviations(),
            "parts": parts,
            "summary": self.summary(),
        }

    def abbreviations(self) -> dict | None:
        heading = self.report.abbreviations_heading
        if not heading:
            return None
        return {"heading": self.heading(heading),
                "entries": [{"short": short, "long": long} for short, long in self.report.abbreviations]}

    def summary(self) -> dict | None:
        report = self.report
        if not report.summary_heading:
            return None
        self.in_summary = True  # the annex repeats recommendations without their notes
        groups = [{"number": section.heading.full_number, "anchor": section.heading.anchor,
                   "text": self.flat(section.heading.inlines),
                   "entries": [{"marker": r.marker, "anchor": r.anchor, "c": self.inlines(r.inlines)} for r in recs]}
                  for section, recs in report.summary_groups()]
        self.in_summary = False
        return {"heading": self.heading(report.summary_heading), "groups": groups}

    # ---- blocks -------------------------------------------------------------------
    def heading(self, heading: Heading) -> dict:
        return {"t": "h", "level": heading.level, "marker": heading.marker, "anchor": heading.anchor,
                "c": self.inlines(heading.inlines)}

    def block(self, block, quoted: bool = False) -> list[dict]:
        if isinstance(block, Paragraph):
            return [{"t": "p", "numbered": block.number is not None, "marker": block.marker,
                     "anchor": block.anchor, "c": self.inlines(block.inlines)}]
        if isinstance(block, Heading):
            return [self.heading(block)]
        if isinstance(block, ListBlock):
            return [{"t": "list", "ordered": block.ordered, "depth": block.depth,
                     "entries": [{"marker": item.marker,
                                "blocks": [b for sub in item.blocks for b in self.block(sub)]}
                               for item in block.items]}]
        if isinstance(block, Quote):
            return [{"t": "quote", "blocks": [b for sub in block.blocks for b in self.block(sub)]}]
        if isinstance(block, Table):
            return [self.table(block)]
        if isinstance(block, RecBlock):
            key = "recommendations" if block.kind == "recommendations" else "questions"
            return [{"t": "recs", "kind": block.kind, "title": self.words[key],
                     "entries": [{"marker": item.marker, "anchor": item.anchor, "c": self.inlines(item.inlines)}
                               for item in block.items]}]
        return []

    def table(self, table: Table) -> dict:
        columns = max([len(table.header)] + [len(r) for r in table.rows])
        aligns = [table.aligns[i] if i < len(table.aligns) and table.aligns[i] in ALIGNS else "left"
                  for i in range(columns)]

        def cells(row):
            return [{"align": aligns[i], "c": self.inlines(row[i]) if i < len(row) else []} for i in range(columns)]

        return {"t": "table", "header": cells(table.header) if table.header else None,
                "rows": [cells(r) for r in table.rows]}

    # ---- notes --------------------------------------------------------------------
    def notes(self) -> list[dict]:
        """The notes called in this section, each once, with what they call themselves."""
        out, seen, queue = [], set(), list(self.pending)
        while queue:
            note = queue.pop(0)
            if note.number in seen:
                continue
            seen.add(note.number)
            self.pending = []
            paragraphs = [self.inlines(p) for p in (note.paragraphs or [[]])]
            queue.extend(self.pending)  # a note that calls another: that one is listed too
            out.append({"n": note.number, "id": note_id(note.number), "call": call_id(note.number),
                        "paragraphs": paragraphs, "back": self.words["html"]["back_to_text"]})
        self.pending = []
        return sorted(out, key=lambda n: n["n"])

    # ---- inlines ------------------------------------------------------------------
    def flat(self, inlines) -> str:
        """Contents entries and summary titles: the text alone, as the DOCX renderer prints them."""
        out = []
        for node in inlines:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, LineBreak):
                out.append(self.words["title_separator"])
            elif isinstance(node, Link):
                out.append(self.flat(node.children))
            elif isinstance(node, XRef):
                out.append(node.text)
            elif isinstance(node, Cite):
                out.append(self.flat(node.rendered or []))
        return "".join(out)

    def inlines(self, inlines) -> list[dict]:
        out: list[dict] = []
        for node in inlines:
            if isinstance(node, Text):
                if node.text:
                    out.append({"t": "s", "v": node.text, "i": node.italic, "b": node.bold, "m": node.code})
            elif isinstance(node, LineBreak):
                out.append({"t": "br"})
            elif isinstance(node, Link):
                children = self.inlines(node.children)
                url = node.url.strip()
                if url.startswith("#"):
                    href = url if url[1:] in self.anchors else ""
                else:
                    href = url if SAFE_URL.match(url) else ""
                out.append({"t": "a", "href": href, "c": children} if href else {"t": "span", "c": children})
            elif isinstance(node, XRef):
                href = f"#{node.target}" if node.target in self.anchors else ""
                out.append({"t": "x", "v": node.text, "href": href})
            elif isinstance(node, NoteRef):
                if node.note is not None and not self.in_summary:
                    number = node.note.number
                    self.pending.append(node.note)
                    out.append({"t": "n", "n": number, "href": f"#{note_id(number)}", "id": call_id(number),
                                "label": self.words["html"]["note_call"].replace("{n}", str(number))})
            elif isinstance(node, Cite):
                out.extend(self.inlines(node.rendered or []))
        return out


def page_data(report: Report) -> dict:
    return HtmlView(report).page()
