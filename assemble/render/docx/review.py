"""The review copy's Word comments (`assemble build --review`): each Markdown comment
`<!-- ... -->` of the sources becomes a Word comment on its paragraph, and each section heading
carries its status (draft / review / final) in the margin.

A comment in the text covers its paragraph up to where it stands; a comment on lines of its own
covers the whole next paragraph of its section (the last one when nothing follows it). It is
signed by the name it starts with (`<!-- KIBHR: ... -->`), else by the section's organisations.
Comments are dated with the report's date, so a review copy is byte-identical for identical
inputs, as every build.
"""
from __future__ import annotations

import datetime as dt

from docx.oxml.ns import qn

from assemble.model import Comment, Section
from assemble.render.docx.oxml import el, sub

STATUS_AUTHOR = "assemble"
STATUS_PREFIX = "Status: "
NOTE_PREFIX = "In note {n}: "  # a comment written in a footnote, shown on the note's call


def initials(author: str) -> str:
    """'Jane Doe' -> 'JD'; 'KIBHR, ADR' -> 'KIBHR'; an acronym stays itself."""
    first = author.split(",")[0].strip()
    words = first.split()
    return first if len(words) == 1 else "".join(word[0] for word in words if word[:1].isalpha()).upper()


class ReviewComments:
    def __init__(self, document, date: str):
        self.comments = document.comments  # python-docx 1.2: creates word/comments.xml on first use
        year, month, day = (int(x) for x in date.split("-"))
        self.date = dt.datetime(year, month, day, tzinfo=dt.timezone.utc)

    def add(self, text: str, author: str) -> int:
        author = author or "unknown"
        comment = self.comments.add_comment("", author=author, initials=initials(author))
        paragraphs = [line.strip() for line in text.strip().splitlines() if line.strip()] or [""]
        comment.paragraphs[0].add_run(paragraphs[0])
        for line in paragraphs[1:]:
            comment.add_paragraph(line)
        comment._comment_elm.date = self.date
        return comment.comment_id

    def of_source(self, node: Comment, section: Section | None, note: int | None = None) -> int:
        """A comment of the sources; one written in a footnote's text says which note."""
        text = f"{NOTE_PREFIX.format(n=note)}{node.text}" if note is not None else node.text
        return self.add(text, node.author or ", ".join(section.organisations if section else []))

    def status(self, section: Section) -> int:
        return self.add(f"{STATUS_PREFIX}{section.status}", STATUS_AUTHOR)


def reference_runs(comment_id: int) -> list:
    """The end of a comment's range and its mark in the text."""
    end = el("w:commentRangeEnd", {"w:id": comment_id})
    r = el("w:r")
    sub(sub(r, "w:rPr"), "w:rStyle", {"w:val": "CommentReference"})
    sub(r, "w:commentReference", {"w:id": comment_id})
    return [end, r]


def close_ranges(root) -> None:
    """Start each comment's range at the beginning of the paragraph that holds its end (unless
    it starts elsewhere already: a footnote's comment covers the note's call)."""
    started = {s.get(qn("w:id")) for s in root.iter(qn("w:commentRangeStart"))}
    for end in list(root.iter(qn("w:commentRangeEnd"))):
        if end.get(qn("w:id")) in started:
            continue
        p = next((a for a in end.iterancestors() if a.tag == qn("w:p")), None)
        if p is None:
            continue
        ppr = p.find(qn("w:pPr"))
        start = el("w:commentRangeStart", {"w:id": end.get(qn("w:id"))})
        p.insert(1 if ppr is not None else 0, start)


def add_styles(document) -> None:
    """Word's comment styles, when reference.docx lacks them (Word's own sizes)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    names = {s.name for s in document.styles}
    if "annotation text" not in names and "Comment Text" not in names:
        style = document.styles.add_style("Comment Text", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(10)
    if "annotation reference" not in names and "Comment Reference" not in names:
        style = document.styles.add_style("Comment Reference", WD_STYLE_TYPE.CHARACTER)
        style.font.size = Pt(8)
