"""Report -> plain JSON-able data that templates/report.typ walks.

Every text the reader sees (numbers included) is computed here or in resolve/, never by Typst;
the template only lays it out. Text travels as JSON strings, which Typst shows literally, so
section text can never become Typst code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assemble.model import (Cite, Heading, LineBreak, Link, ListBlock, Loc, NoteRef, Paragraph, Quote, RecBlock,
                            Report, Table, Text, XRef)
from assemble.render.nobreak import protect, segments
from assemble.render.tables import column_widths

TABLE_WIDTH_PT = (16 - 1) / 2.54 * 72  # the text of A4 less 2.5 cm margins, less the 1 cm indent


def split_template(template: str, *names: str) -> list[str]:
    """'Page {page} of {pages}' -> ['Page ', ' of ', '']: the words around each placeholder."""
    pieces, rest = [], template
    for name in names:
        head, _, rest = rest.partition("{" + name + "}")
        pieces.append(head)
    return pieces + [rest]


class DataBuilder:
    def __init__(self, report: Report):
        self.report = report
        self.words = report.words
        self.anchors: set[str] = set()
        self.notes: dict[int, dict] = {}  # note number -> its inline item, for pagination repairs
        self.note_blocks: dict[int, dict] = {}  # note number -> the body entry that calls it
        self.locs: list[Loc | None] = []  # body[i] came from locs[i]: for error messages
        self.chunks: list[int] = []  # where each part heading and each section starts in body
        self.in_summary = False
        self.paragraph_keys = 0

    # ---- the document ---------------------------------------------------------------
    def build(self) -> dict:
        report = self.report
        config = report.config
        self._collect_anchors()
        body: list[dict] = []
        first = True
        for part in report.parts:
            self.chunks.append(len(body))
            self._add(body, self.heading(part.heading, page_break=first), part.heading.loc)
            first = False
            for section in part.sections:
                self.chunks.append(len(body))
                self._add(body, self.heading(section.heading), section.heading.loc)
                for block in section.blocks:
                    for item in self.block(block):
                        self._add(body, item, getattr(block, "loc", None))
        year, month, day = (int(x) for x in config.date.split("-"))
        lang = report.language if re.fullmatch(r"[a-z]{2,3}", report.language or "") else "en"
        return {
            "lang": lang,
            "meta": {"title": report.meta.title, "authors": report.meta.authors,
                     "description": report.meta.subject, "keywords": report.meta.keywords,
                     "date": [year, month, day]},
            "words": {"contents": self.words["contents"], "contents_paragraphs": self.words["contents_paragraphs"],
                      "contents_page": self.words["contents_page"],
                      "footer": split_template(self.words["page_x_of_y"], "page", "pages")},
            "cover": [{"style": line.style, "text": protect(line.text)} for line in report.cover],
            "toc": self.toc(),
            "abbreviations": self.abbreviations(),
            "body": body,
            "summary": self.summary(),
            "isolated": False,
        }

    def _add(self, body: list, item: dict, loc: Loc | None) -> None:
        body.append(item)
        self.locs.append(loc)
        for number in _note_numbers(item):
            self.note_blocks[number] = item

    def _collect_anchors(self) -> None:
        """Anchors that will exist in the PDF: a link to any other would be a Typst error."""
        self.anchors.update(str(anchor) for anchor in self.report.anchors())

    def toc(self) -> list[dict]:
        return [{"level": level, "number": h.marker, "c": self.inlines(h.inlines, flat=True),
                 "paragraphs": h.paragraphs, "anchor": h.anchor} for level, h in self.report.contents()]

    def abbreviations(self) -> dict | None:
        heading = self.report.abbreviations_heading
        if not heading:
            return None
        return {"heading": self.heading(heading), "items": [list(pair) for pair in self.report.abbreviations]}

    def summary(self) -> dict | None:
        report = self.report
        if not report.summary_heading:
            return None
        self.in_summary = True
        groups = [{"number": section.heading.full_number, "anchor": section.heading.anchor,
                   "c": self.inlines(section.heading.inlines, flat=True),
                   "items": [{"number": r.marker, "anchor": r.anchor, "c": self.inlines(r.inlines)} for r in recs]}
                  for section, recs in report.summary_groups()]
        self.in_summary = False
        return {"heading": self.heading(report.summary_heading, page_break=True), "groups": groups}

    # ---- blocks -------------------------------------------------------------------
    def heading(self, heading: Heading, page_break: bool = False) -> dict:
        return {"t": "h", "level": heading.level, "number": heading.marker,
                "anchor": heading.anchor, "break": page_break,
                "c": self.inlines(heading.inlines, in_heading=True)}

    def block(self, block, style: str = "") -> list[dict]:
        if isinstance(block, Paragraph):
            style = "numbered" if block.number is not None else (style or "unnumbered")
            self.paragraph_keys += 1  # "k": where widow repairs find it again (render/pdf/notes.py)
            return [{"t": "p", "style": style, "number": block.marker, "anchor": block.anchor,
                     "k": self.paragraph_keys, "c": self.inlines(block.inlines)}]
        if isinstance(block, Heading):
            return [self.heading(block)]
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, Quote):
            lead = [{"t": "p", "style": "lead", "number": "", "anchor": "",
                     "c": [{"t": "s", "v": self.words["committee_recommendation"]}]}] if block.kind == "committee" else []
            return lead + [item for sub in block.blocks for item in self.block(sub, style="quote")]
        if isinstance(block, Table):
            return [self.table(block)]
        if isinstance(block, RecBlock):
            return [self.rec_block(block)]
        return []  # a Comment: not part of the report

    def list_block(self, block: ListBlock) -> list[dict]:
        """One entry per list item, indented as reference.docx indents the item's level."""
        indent, hang = 2.0 + block.depth, (1.0 if block.ordered else 0.5)
        out = []
        for item in block.items:
            label = item.marker
            paragraphs: list[dict] = []
            if not item.blocks or not isinstance(item.blocks[0], Paragraph):
                paragraphs.append({"anchor": "", "c": []})  # the item's label, on its own line
            for sub in item.blocks:
                if isinstance(sub, Paragraph):
                    paragraphs.append({"anchor": sub.anchor, "c": self.inlines(sub.inlines)})
                    continue
                if paragraphs:
                    out.append(self._item(label, indent, hang, paragraphs))
                    label, paragraphs = "", []
                if isinstance(sub, ListBlock):
                    out.extend(self.list_block(sub))
                else:
                    out.extend(self.block(sub))
            if paragraphs:
                out.append(self._item(label, indent, hang, paragraphs))
        return out

    @staticmethod
    def _item(label: str, indent: float, hang: float, paragraphs: list[dict]) -> dict:
        return {"t": "li", "label": label, "indent": indent, "hang": hang, "paragraphs": paragraphs}

    def table(self, table: Table) -> dict:
        columns = max([len(table.header)] + [len(r) for r in table.rows])

        def cells(row):
            return [self.inlines(row[i]) if i < len(row) else [] for i in range(columns)]

        aligns = [(table.aligns[i] if i < len(table.aligns) else "left") or "left" for i in range(columns)]
        # The DOCX's widths (render/tables.py), for the same width: the text less one indent.
        sized = column_widths(table, TABLE_WIDTH_PT)
        return {"t": "table", "columns": columns, "aligns": [a if a in ("left", "center", "right") else "left"
                                                               for a in aligns],
                "widths": [round(f, 4) for f in sized.fractions], "hyphenate": not sized.fits,
                "header": cells(table.header) if table.header else None, "rows": [cells(r) for r in table.rows]}

    def rec_block(self, block: RecBlock) -> dict:
        return {"t": "recs", "kind": block.kind.value, "title": self.words[block.kind.value],
                "items": [{"number": item.marker, "anchor": item.anchor, "c": self.inlines(item.inlines)}
                          for item in block.items]}

    # ---- inlines ------------------------------------------------------------------
    def inlines(self, inlines, flat: bool = False, in_heading: bool = False) -> list[dict]:
        """`flat` (contents, summary titles) keeps only the text, as the DOCX renderer does."""
        out: list[dict] = []
        for node in inlines:
            if isinstance(node, Text):
                # No line break after a label, inside a date or a UN symbol (render/nobreak.py):
                # "k" pieces are set whole.
                for piece, keep in ([(node.text, False)] if node.code else segments(node.text)):
                    if not piece:
                        continue
                    item = {"t": "s", "v": piece}
                    for key, on in (("i", node.italic), ("b", node.bold), ("m", node.code), ("k", keep)):
                        if on:
                            item[key] = True
                    out.append(item)
            elif isinstance(node, LineBreak):
                out.append({"t": "s", "v": self.report.words["title_separator"]} if flat else {"t": "br"})
            elif isinstance(node, Link):
                children = self.inlines(node.children, flat, in_heading)
                target = node.url[1:] if node.url.startswith("#") else ""
                if flat or (node.url.startswith("#") and target not in self.anchors) or not node.url.strip():
                    out.extend(children)
                else:
                    out.append({"t": "a", "url": node.url, "to": target, "c": children})
            elif isinstance(node, XRef):
                linked = not flat and node.target in self.anchors
                out.append({"t": "x", "v": node.text, "to": node.target if linked else ""})
            elif isinstance(node, NoteRef):
                if node.note is not None and not flat and not self.in_summary:
                    note = node.note
                    if out and out[-1]["t"] == "s" and out[-1]["v"][-1:].isspace():
                        # A mark never starts a line: Typst would put its note on the page before.
                        out[-1]["v"] = out[-1]["v"].rstrip() + "\u00a0"
                    item = {"t": "n", "n": str(note.number), "h": in_heading,
                            "p": [self.inlines(p) for p in (note.paragraphs or [[]])]}
                    self.notes[note.number] = item
                    out.append(item)
            elif isinstance(node, Cite):
                out.extend(self.inlines(node.rendered or [], flat, in_heading))
        return out


def _note_numbers(value):
    if isinstance(value, dict):
        if value.get("t") == "n":
            yield int(value["n"])
        for child in value.values():
            yield from _note_numbers(child)
    elif isinstance(value, list):
        for child in value:
            yield from _note_numbers(child)


@dataclass
class PdfData:
    """The template's input (`data`), and what compile.py needs beside it."""

    data: dict
    locs: list[Loc | None]  # the source location of each body entry, for error messages
    notes: dict[int, dict]  # by note number: the footnote's item ...
    note_blocks: dict[int, dict]  # ... and the body entry calling it (for pagination repairs)
    chunks: list[int]  # body index where each part and section starts: one input file each


def report_data(report: Report) -> PdfData:
    builder = DataBuilder(report)
    data = builder.build()
    return PdfData(data, builder.locs, builder.notes, builder.note_blocks, builder.chunks)
