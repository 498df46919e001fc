"""Report -> DOCX bytes: styles from reference.docx, native numbering, real footnotes, fields."""
from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from assemble.model import (Cite, Comment, CoverStyle, Heading, LineBreak, Link, ListBlock, Note, NoteRef, Paragraph,
                            Quote, QuoteKind, RecBlock, RecKind, RefKind, Report, Table, Text, XRef)
from assemble.render.docx import oxml
from assemble.render.docx.oxml import NB_HYPHEN, el, sub
from assemble.render.docx.properties import set_core_properties
from assemble.render.docx.review import ReviewComments, add_styles, close_ranges, reference_runs
from assemble.render.nobreak import segments
from assemble.render.tables import column_widths
from assemble.render.docx.package import add_footnotes_part, configure_settings, fixed_zip

HEADING_STYLES = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4", 5: "Heading5"}
# numbering ids of reference.docx (paragraphs and headings are numbered by their styles)
NUM_HEADINGS, NUM_SUBPARAGRAPHS, NUM_BULLETS = 2, 3, 4
COVER_STYLES = {CoverStyle.TITLE: "CoverTitle", CoverStyle.SUBTITLE: "CoverSubtitle", CoverStyle.LABEL: "CoverLabel",
                CoverStyle.TEXT: "CoverText", CoverStyle.ORG: "CoverOrg", CoverStyle.NOTE: "CoverNote",
                CoverStyle.SPACE: "CoverSpace"}
TABLE_INDENT = 567  # twips: tables start at the paragraphs' text, as numbered paragraphs hang
CONTENTS_INDENT, CONTENTS_PAGE_COLUMN = 567, 1134  # twips: one indent per contents level; the page column
# How Word prints the target's number: a paragraph's or recommendation's own number ("2"), a
# heading's with its context ("III.A"); the words around it are the model's (resolve/crossrefs.py).
REF_SWITCHES = {RefKind.PARA: r"\r \h", RefKind.SEC: r"\w \h", RefKind.REC: r"\r \h"}


LONG_URL = 30  # characters: a web address this long leaves wide gaps in a justified note line


def _long_url(inlines) -> bool:
    return any(isinstance(node, Link) and "://" in node.url and len(node.url) >= LONG_URL for node in inlines) or \
        any(isinstance(node, Cite) and _long_url(node.rendered or []) for node in inlines)


def docx_text(text: str) -> str:
    """Text as printed: no line break after a label or inside a date, none in "333-VI" (Word's
    non-breaking hyphen); see render/nobreak.py."""
    return "".join(piece.replace("-", NB_HYPHEN) if keep else piece for piece, keep in segments(text))


class DocxWriter:
    def __init__(self, report: Report, reference: Path, pages: dict[str, int] | None = None,
                 review: bool = False):
        self.report = report
        self.pages = pages or {}  # heading anchor -> page, when a reader has laid the file out
        self.words = report.words
        self.document = docx.Document(str(reference))
        self.body = self.document.element.body
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)
        self.footnotes_part = add_footnotes_part(self.document)
        self.footnotes = self.footnotes_part.element
        self.story = self.document.part  # the part whose relationships a link being written joins
        self.numbering = self.document.part.numbering_part.element
        self.next_num_id = 1 + max((int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))),
                                   default=0)
        self.sub_abstract = self._abstract_of(NUM_SUBPARAGRAPHS)
        self.heading_ordinals = [0, 0, 0, 0, 0]  # of the last numbered heading per level, as written
        self.restarts: list[list] = []  # [level, w:num or None] of each unnumbered heading still open
        self.bookmarks = 0
        self.out: list = []
        self.in_summary = False
        # the review copy (render/docx/review.py): Word comments from the sources' comments
        self.review = ReviewComments(self.document, report.config.date) if review else None
        self.section = None
        self.pending: list[Comment] = []  # comments on lines of their own, waiting for their paragraph
        # comments written in a footnote's text, while it is written: they go on its call in the body
        self.note_comments: list[Comment] | None = None

    # ---- the document ---------------------------------------------------------------
    def render(self) -> bytes:
        report = self.report
        self.cover()
        self.contents()
        if report.abbreviations_heading:
            self.heading(report.abbreviations_heading)
            for acronym, expansion in report.abbreviations:
                p = oxml.paragraph("Abbreviation")
                p.append(oxml.run(f"{acronym}\t{expansion}"))
                self.out.append(p)
        first = True
        for part in report.parts:
            self.heading(part.heading, page_break=first)
            first = False
            for section in part.sections:
                self.section = section
                self.heading(section.heading)
                if self.review:
                    self._comment(self.out[-1], self.review.status(section))
                self.blocks(section.blocks)
                if self.pending:  # comments after the last paragraph: on the last paragraph
                    last = next(e for e in reversed(self.out) if e.tag == qn("w:p"))
                    self._flush(last)
                self.section = None
        if report.summary_heading:
            self.summary()
        sect_pr = self.body.find(qn("w:sectPr"))
        for element in self.out:
            sect_pr.addprevious(element)
        if self.review:
            add_styles(self.document)
            close_ranges(self.body)
            close_ranges(self.footnotes)
        self.footer()
        self.properties()
        configure_settings(self.document)
        buffer = io.BytesIO()
        self.document.save(buffer)
        year, month, day = (int(x) for x in report.config.date.split("-"))
        return fixed_zip(buffer.getvalue(), (year, month, day))

    def cover(self) -> None:
        for line in self.report.cover:
            p = oxml.paragraph(COVER_STYLES[line.style])
            if line.text:
                p.append(oxml.run(docx_text(line.text)))
            self.out.append(p)
        self.out[-1].append(oxml.break_run("page"))

    def contents(self) -> None:
        """The contents as UN documents give them: each heading with its paragraphs and its page
        ("I. Introduction ...... 1–5 | 3"). A borderless table of static entries, not a Word TOC
        field: updating such a field (Word, LibreOffice) rebuilds the entries from the headings
        alone, dropping the paragraph ranges and the colon of "Annex: ...". The page is a
        PAGEREF field, which LibreOffice computes itself on opening and Word on its update
        prompt; its cached value is the page LibreOffice found when the build laid the file out
        (`pages`), else empty. The page has a column of its own: LibreOffice wraps a second tab
        stop beyond a paragraph's right indent to the next line."""
        title = oxml.paragraph("TOCHeading")
        title.append(oxml.run(self.words["contents"]))
        self.out.append(title)
        width = self._text_width()
        page_width = CONTENTS_PAGE_COLUMN
        range_tab = width - page_width
        table = el("w:tbl")
        tbl_pr = sub(table, "w:tblPr")
        sub(tbl_pr, "w:tblW", {"w:w": width, "w:type": "dxa"})
        sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
        margins = sub(tbl_pr, "w:tblCellMar")
        for side in ("w:left", "w:right"):
            sub(margins, side, {"w:w": 0, "w:type": "dxa"})
        sub(tbl_pr, "w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0, "w:firstColumn": 0,
                                  "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1})
        grid = sub(table, "w:tblGrid")
        sub(grid, "w:gridCol", {"w:w": range_tab})
        sub(grid, "w:gridCol", {"w:w": page_width})

        def row(header: bool = False):
            tr = sub(table, "w:tr")
            tr_pr = sub(tr, "w:trPr")
            sub(tr_pr, "w:cantSplit")
            if header:
                sub(tr_pr, "w:tblHeader")
            cells = []
            for cell_width in (range_tab, page_width):
                tc = sub(tr, "w:tc")
                tc_pr = sub(tc, "w:tcPr")
                sub(tc_pr, "w:tcW", {"w:w": cell_width, "w:type": "dxa"})
                sub(tc_pr, "w:vAlign", {"w:val": "bottom"})
                cells.append(tc)
            return cells

        def tabs(p, *stops) -> None:
            ppr = p.find(qn("w:pPr"))
            element = el("w:tabs")
            for kind, position, leader in stops:
                sub(element, "w:tab", {"w:val": kind, "w:pos": position, **({"w:leader": leader} if leader else {})})
            ppr.find(qn("w:pStyle")).addnext(element)

        left, right = row(header=True)
        heads = oxml.paragraph("TOCColumns")
        tabs(heads, ("right", range_tab, None))
        heads.append(oxml.run(f"\t{self.words['contents_paragraphs']}"))
        left.append(heads)
        page_head = oxml.paragraph("TOCColumns")
        sub(page_head.find(qn("w:pPr")), "w:jc", {"w:val": "right"})
        page_head.append(oxml.run(self.words["contents_page"]))
        right.append(page_head)
        for level, heading in self.report.contents():
            left, right = row()
            p = oxml.paragraph(f"TOC{level}")
            tabs(p, ("left", CONTENTS_INDENT * level, None), ("right", range_tab, "dot"))
            if not heading.marker:  # the title where its numbered neighbours' titles start
                sub(p.find(qn("w:pPr")), "w:ind", {"w:left": CONTENTS_INDENT * level, "w:hanging": 0,
                                                   "w:right": page_width})
            link = oxml.hyperlink(anchor=heading.anchor)
            if heading.marker:
                link.append(oxml.run(heading.marker + "\t"))
            self.inlines(link, heading.inlines, flat=True)
            p.append(link)
            if heading.paragraphs:  # no paragraphs (abbreviations, the annex): no dots to nothing
                p.append(oxml.run("\t" + heading.paragraphs))
            left.append(p)
            page = str(self.pages.get(heading.anchor, ""))
            number = oxml.paragraph(f"TOC{level}")
            number_ppr = number.find(qn("w:pPr"))
            sub(number_ppr, "w:ind", {"w:left": 0, "w:right": 0, "w:hanging": 0})
            sub(number_ppr, "w:jc", {"w:val": "right"})
            link = oxml.hyperlink(anchor=heading.anchor)
            link.extend(oxml.field(f"PAGEREF {heading.anchor} \\h", [oxml.run(page)] if page else []))
            number.append(link)
            right.append(number)
        self.out.append(table)

    def _text_width(self) -> int:
        """The width between the margins of reference.docx, in twips (restyled files differ)."""
        section = self.document.sections[0]
        try:
            return int((section.page_width - section.left_margin - section.right_margin) / 635)
        except TypeError:  # a reference.docx without page size: A4 with 2.5 cm margins
            return 9071

    def heading(self, heading: Heading, page_break: bool = False) -> None:
        style = HEADING_STYLES[heading.level]
        p = oxml.paragraph(style if heading.numbered else "Unnumbered" + style, num=self._heading_num(heading))
        if page_break:
            sub(p.find(qn("w:pPr")), "w:pageBreakBefore")
        self.inlines(p, heading.inlines)
        self._bookmark(p, heading.anchor)
        self._bookmark(p, heading.uid)
        if heading is not (self.section.heading if self.section else None):
            self._flush(p)
        self.out.append(p)

    # ---- blocks -------------------------------------------------------------------
    def blocks(self, blocks, style: str | None = None) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.number is not None:
                    p = oxml.paragraph("NumberedParagraph")
                else:
                    p = oxml.paragraph(style or "UnnumberedParagraph")
                self.inlines(p, block.inlines)
                self._bookmark(p, block.anchor)
                self._bookmark(p, block.uid)
                self._flush(p)
                self.out.append(p)
            elif isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, ListBlock):
                self.list_block(block)
            elif isinstance(block, Quote):
                if block.kind is QuoteKind.COMMITTEE:  # the Committee's words, set apart from the coalition's
                    lead = oxml.paragraph("BlockHeading")
                    lead.append(oxml.run(self.words["committee_recommendation"]))
                    self.out.append(lead)
                self.blocks(block.blocks, style="Quote")
            elif isinstance(block, Table):
                table = self.table(block)
                self._flush(table.find(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:p')}"))
                self.out.append(table)
            elif isinstance(block, RecBlock):
                self.rec_block(block)
            elif isinstance(block, Comment) and self.review:
                self.pending.append(block)
            # Comment blocks and inlines are not part of the report: only review copies show them

    def list_block(self, block: ListBlock) -> None:
        """Items numbered by Word at the model's level (resolve chose it and its labels)."""
        if block.ordered:
            num, style = (self._restarted_num(block.depth, block.start), block.depth), "Subparagraph"
        else:
            num, style = (NUM_BULLETS, block.depth), "ListBullet"
        for item in block.items:
            first = True
            if not item.blocks or not isinstance(item.blocks[0], Paragraph):
                self.out.append(oxml.paragraph(style, num=num))  # the item's label, on its own line
                first = False
            for sub_block in item.blocks:
                if isinstance(sub_block, Paragraph):
                    if first:
                        p = oxml.paragraph(style, num=num)
                    else:  # a further paragraph of the item: no label, at the item's text indent
                        p = oxml.paragraph("Subparagraph")
                        sub(p.find(qn("w:pPr")), "w:ind", {"w:left": self._level_indent(*num), "w:hanging": 0})
                    self.inlines(p, sub_block.inlines)
                    self._bookmark(p, sub_block.anchor)
                    self._bookmark(p, sub_block.uid)
                    self._flush(p)
                    self.out.append(p)
                    first = False
                elif isinstance(sub_block, ListBlock):
                    self.list_block(sub_block)
                else:
                    self.blocks([sub_block])

    def table(self, table: Table):
        tbl = el("w:tbl")
        tbl_pr = sub(tbl, "w:tblPr")
        # Columns sized from their content (render/tables.py), fixed so every reader keeps them.
        available = self._text_width() - TABLE_INDENT
        fractions = column_widths(table, available / 20).fractions
        widths = [int(available * f) for f in fractions]
        columns = len(widths)
        sub(tbl_pr, "w:tblStyle", {"w:val": "TableGrid"})
        sub(tbl_pr, "w:tblW", {"w:w": sum(widths), "w:type": "dxa"})
        sub(tbl_pr, "w:tblInd", {"w:w": TABLE_INDENT, "w:type": "dxa"})
        sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
        grid = sub(tbl, "w:tblGrid")
        for width in widths:
            sub(grid, "w:gridCol", {"w:w": width})
        rows = ([(table.header, True)] if table.header else []) + [(r, False) for r in table.rows]
        for cells, is_header in rows:
            tr = sub(tbl, "w:tr")
            if is_header:
                sub(sub(tr, "w:trPr"), "w:tblHeader")
            for index in range(columns):
                tc = sub(tr, "w:tc")
                sub(sub(tc, "w:tcPr"), "w:tcW", {"w:w": widths[index], "w:type": "dxa"})
                p = oxml.paragraph("TableText")
                align = table.aligns[index] if index < len(table.aligns) else "left"
                if align in ("right", "center"):
                    sub(p.find(qn("w:pPr")), "w:jc", {"w:val": align})
                inlines = cells[index] if index < len(cells) else []
                if is_header:
                    inlines = [Text(n.text, n.italic, True, n.code) if isinstance(n, Text) else n for n in inlines]
                self.inlines(p, inlines)
                tc.append(p)
        first_cell = tbl.find(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:p')}")
        if first_cell is not None:
            self._bookmark(first_cell, table.uid)
        return tbl

    def rec_block(self, block: RecBlock) -> None:
        title = self.words[block.kind.value]
        lead = oxml.paragraph("BlockHeading")
        lead.append(oxml.run(title))
        self.out.append(lead)
        for item in block.items:
            # The bullet is set on the paragraph too: LibreOffice ignores a bullet list that only
            # the paragraph style names (Word shows both the same).
            p = oxml.paragraph("Recommendation") if block.kind is RecKind.RECOMMENDATIONS else \
                oxml.paragraph("Question", num=(NUM_BULLETS, 0))
            self.inlines(p, item.inlines)
            self._bookmark(p, item.anchor)
            self._bookmark(p, item.uid)
            self._flush(p)
            self.out.append(p)

    def summary(self) -> None:
        report = self.report
        self.heading(report.summary_heading, page_break=True)
        self.in_summary = True
        by_section = {}
        for rec in report.recommendations:
            by_section.setdefault(rec.section_id, []).append(rec)
        for section in report.sections:
            recs = by_section.get(section.id)
            if not recs:
                continue
            p = oxml.paragraph("SummaryHeading")
            link = oxml.hyperlink(anchor=section.heading.anchor)
            link.append(oxml.run(f"{section.heading.full_number}\t"))
            self.inlines(link, section.heading.inlines, flat=True)
            p.append(link)
            self.out.append(p)
            for rec in recs:
                p = oxml.paragraph("SummaryRecommendation")
                link = oxml.hyperlink(anchor=rec.anchor)
                link.append(oxml.run(rec.marker, bold=True))
                p.append(link)
                p.append(oxml.tab_run())
                self.inlines(p, rec.inlines)
                self.out.append(p)
        self.in_summary = False

    # ---- inlines ------------------------------------------------------------------
    def inlines(self, parent, inlines, flat: bool = False) -> None:
        """Append runs for `inlines`; `flat` (TOC, summary titles) keeps only the text."""
        for node in inlines:
            if isinstance(node, Text):
                parent.append(oxml.run(node.text if node.code else docx_text(node.text), node.italic, node.bold,
                                       node.code))
            elif isinstance(node, LineBreak):
                parent.append(oxml.run(self.words["title_separator"]) if flat else oxml.break_run())
            elif isinstance(node, Link):
                if flat:
                    self.inlines(parent, node.children, flat)
                    continue
                if node.url.startswith("#"):
                    link = oxml.hyperlink(anchor=node.url[1:])
                else:
                    rel_id = self.story.relate_to(node.url, RT.HYPERLINK, is_external=True)
                    link = oxml.hyperlink(rel_id=rel_id)
                for child in node.children:
                    if isinstance(child, Text):
                        link.append(oxml.run(child.text, child.italic, child.bold, child.code, style="Hyperlink"))
                    else:
                        self.inlines(link, [child])
                parent.append(link)
            elif isinstance(node, XRef):
                self.xref(parent, node, flat)
            elif isinstance(node, NoteRef):
                if node.note is not None and not flat and not self.in_summary:
                    call = oxml.footnote_reference(node.note.number)
                    parent.append(call)
                    for comment in self.footnote(node.note):
                        comment_id = self.review.of_source(comment, self.section, note=node.note.number)
                        call.addprevious(el("w:commentRangeStart", {"w:id": comment_id}))
                        parent.extend(reference_runs(comment_id))
            elif isinstance(node, Cite):
                self.inlines(parent, node.rendered or [], flat)
            elif isinstance(node, Comment) and self.review and not flat and not self.in_summary:
                if self.note_comments is not None:
                    self.note_comments.append(node)
                else:
                    parent.extend(reference_runs(self.review.of_source(node, self.section)))

    def xref(self, parent, ref: XRef, flat: bool) -> None:
        if not ref.target or flat:
            parent.append(oxml.run(ref.text))
            return
        # The words around the number are the reference's own (resolve chose them in the
        # language of its paragraph), the number a live field.
        if ref.before:
            parent.append(oxml.run(ref.before))
        parent.extend(oxml.field(f"REF {ref.target} {REF_SWITCHES[ref.kind]}", [oxml.run(ref.number)]))
        if ref.after:
            parent.append(oxml.run(ref.after))

    def footnote(self, note: Note) -> list[Comment]:
        """Write `note` into footnotes.xml; returns the sources' comments in its text, which a
        review copy puts on the note's call: LibreOffice (7.4) cannot open a DOCX with a comment
        in a footnote at all, and it has no comments in notes of its own."""
        fn = sub(self.footnotes, "w:footnote", {"w:id": note.number})
        body, self.story = self.story, self.footnotes_part
        outer, self.note_comments = self.note_comments, []
        for index, paragraph in enumerate(note.paragraphs or [[]]):
            p = oxml.paragraph("FootnoteText")
            if _long_url(paragraph):
                # A web address cannot break: justified, its line would stretch into wide gaps.
                sub(p.find(qn("w:pPr")), "w:jc", {"w:val": "left"})
            if index == 0:
                mark = oxml.run(style="FootnoteReference")
                sub(mark, "w:footnoteRef")
                p.append(mark)
                p.append(oxml.tab_run())
            if index == 0 and note.uid:
                # after the mark and its tab: LibreOffice drops a note's bookmark that starts before
                # the mark, except in the first note (measured with 7.x, `soffice --convert-to docx`)
                self.bookmarks += 1
                p.append(el("w:bookmarkStart", {"w:id": self.bookmarks, "w:name": note.uid}))
                start_id = self.bookmarks
            self.inlines(p, paragraph)
            if index == 0 and note.uid:
                p.append(el("w:bookmarkEnd", {"w:id": start_id}))
            fn.append(p)
        self.story = body
        found, self.note_comments = self.note_comments, outer
        return found

    # ---- helpers ------------------------------------------------------------------
    def _comment(self, p, comment_id: int) -> None:
        """A comment over the whole paragraph `p` (its range starts where close_ranges puts it)."""
        p.extend(reference_runs(comment_id))

    def _flush(self, p) -> None:
        """The comments written on lines of their own before `p`: on `p`."""
        if p is None or not self.pending:
            return
        for node in self.pending:
            self._comment(p, self.review.of_source(node, self.section))
        self.pending = []

    def _bookmark(self, p, name: str) -> None:
        if not name:
            return
        self.bookmarks += 1
        oxml.bookmark(p, name, self.bookmarks)

    def _abstract_of(self, num_id: int) -> str:
        for num in self.numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                return num.find(qn("w:abstractNumId")).get(qn("w:val"))
        raise UnusableReference(f"it lacks the list numbering {num_id} of the built-in reference.docx, which "
                                f"numbers the report's paragraphs and lists")

    def _level_indent(self, num_id: int, level: int) -> int:
        """The text indent (twips) reference.docx gives a list level: where an item's text starts."""
        abstract = self._abstract_of(num_id)
        for lvl in self.numbering.iter(qn("w:lvl")):
            if lvl.getparent().get(qn("w:abstractNumId")) == abstract and lvl.get(qn("w:ilvl")) == str(level):
                ind = lvl.find(qn("w:pPr") + "/" + qn("w:ind"))
                if ind is not None and ind.get(qn("w:left")):
                    return int(ind.get(qn("w:left")))
        return 1134

    def _heading_num(self, heading: Heading) -> tuple[int, int] | None:
        """Word numbers headings by their styles, and an unnumbered heading (a style without
        numbering) restarts nothing, while the model counts the headings under it from 1 again.
        Numbered headings under an unnumbered one therefore get their own w:num, started where
        the model stands; elsewhere the style's numbering (None) is the model's."""
        level = heading.level
        while self.restarts and self.restarts[-1][0] >= level:
            self.restarts.pop()
        if not heading.numbered:
            self.restarts.append([level, None])
            return None
        self.heading_ordinals[level - 1:] = [heading.ordinal] + [0] * (len(self.heading_ordinals) - level)
        if not self.restarts:
            return None
        opened = self.restarts[-1]
        if opened[1] is None:
            starts = {ilvl: max(self.heading_ordinals[ilvl], 1) for ilvl in range(opened[0])}
            starts.update({ilvl: 1 for ilvl in range(opened[0], len(self.heading_ordinals))})
            opened[1] = self._new_num(self._abstract_of(NUM_HEADINGS), starts)
        return opened[1], level - 1

    def _new_num(self, abstract: str, starts: dict[int, int]) -> int:
        """A new w:num over `abstract`, each level in `starts` starting at its value."""
        num_id = self.next_num_id
        self.next_num_id += 1
        num = sub(self.numbering, "w:num", {"w:numId": num_id})
        sub(num, "w:abstractNumId", {"w:val": abstract})
        for level, start in sorted(starts.items()):
            override = sub(num, "w:lvlOverride", {"w:ilvl": level})
            sub(override, "w:startOverride", {"w:val": start})
        return num_id

    def _restarted_num(self, level: int, start: int) -> int:
        """A new w:num over the sub-paragraph list so each ordered list starts again at (a)."""
        return self._new_num(self.sub_abstract, {level: start})

    def footer(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        footer = section.footer
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        p = oxml.paragraph("Footer")
        template = self.words["page_x_of_y"]
        head, _, rest = template.partition("{page}")
        middle, _, tail = rest.partition("{pages}")
        for text, instruction in ((head, "PAGE"), (middle, "NUMPAGES"), (tail, None)):
            if text:
                p.append(oxml.run(text))
            if instruction:
                p.extend(oxml.field(instruction, [oxml.run("1")]))
        element.append(p)

    def properties(self) -> None:
        core = self.document.core_properties
        set_core_properties(core, self.report.meta, self.report.config.date)
        styles = self.document.styles.element
        for lang in styles.iter(qn("w:lang")):
            lang.set(qn("w:val"), core.language)


def render_docx(report: Report, reference: Path, pages: dict[str, int] | None = None,
                review: bool = False) -> bytes:
    """The DOCX; `pages` (heading anchor -> page) fills the contents' page numbers; `review` makes
    the review copy (the sources' comments and each section's status as Word comments)."""
    from assemble.templates_loader import DEFAULTS

    if reference.parent.resolve() == DEFAULTS.resolve():
        return DocxWriter(report, reference, pages, review).render()  # a failure here is a bug in assemble
    try:
        return DocxWriter(report, reference, pages, review).render()
    except (OSError, MemoryError, RecursionError):
        raise  # the error boundary names these faults itself
    except Exception as exc:  # noqa: BLE001 - a report's own styles file python-docx or the writer cannot use
        from assemble.problems import BuildError, Problem

        raise BuildError([Problem(f"templates/{reference.name}", None,
                                  f"assemble cannot take the report's styles from this Word document ({_describe(exc)})",
                                  hint=REFERENCE_HINT)]) from None


REFERENCE_HINT = ("make it from a copy of assemble's built-in reference.docx (docs/format.md), or delete it to use "
                  "the built-in one")


class UnusableReference(ValueError):
    """The report's own reference.docx lacks what the writer needs; the message says what."""


def _describe(exc: Exception) -> str:
    """What is wrong with the file, in words (python-docx's exceptions name its own classes)."""
    from assemble.problems import docx_part_fault

    if isinstance(exc, UnusableReference):
        return str(exc)
    return docx_part_fault(exc) or "one of its parts is not in the shape Word writes"


def reference_problem(reference: Path) -> str | None:
    """Why the writer cannot take a report's styles from `reference` (a report's own
    templates/reference.docx), or None: the parts and definitions it uses, opened and changed as
    the writer does, on a throwaway copy. `check` and `build` refuse with this sentence."""
    try:
        document = docx.Document(str(reference))
        if document.element.body is None:
            raise UnusableReference("its main part has no document body")
        add_footnotes_part(document)
        numbering = document.part.numbering_part.element
        for num_id in (NUM_HEADINGS, NUM_SUBPARAGRAPHS, NUM_BULLETS):
            DocxWriter._abstract_of(_Numbering(numbering), num_id)
        configure_settings(document)
        core = document.core_properties
        core.title = core.title or ""
        document.styles.element.findall(qn("w:style"))
        document.save(io.BytesIO())
    except (OSError, MemoryError, RecursionError):
        raise  # the error boundary names these faults itself
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for parts it cannot use
        return f"assemble cannot take the report's styles from this Word document ({_describe(exc)})"
    return None


class _Numbering:
    """Just enough of a writer for `_abstract_of`."""

    def __init__(self, numbering):
        self.numbering = numbering
