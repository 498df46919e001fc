"""A thin OOXML layer: functions that return lxml elements for runs, fields, bookmarks and notes."""
from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NB_HYPHEN = "\u2011"  # written as Word's <w:noBreakHyphen/>, which every reader shows as a hyphen


def el(tag: str, attrs: dict | None = None, *children) -> etree._Element:
    element = etree.Element(qn(tag), nsmap=None)
    if attrs:
        for k, v in attrs.items():
            element.set(qn(k), str(v))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def sub(parent, tag: str, attrs: dict | None = None) -> etree._Element:
    child = el(tag, attrs)
    parent.append(child)
    return child


def paragraph(style: str | None = None, num: tuple[int, int] | None = None, keep_next: bool = False):
    p = el("w:p")
    if style or num or keep_next:
        ppr = sub(p, "w:pPr")
        if style:
            sub(ppr, "w:pStyle", {"w:val": style})
        if keep_next:
            sub(ppr, "w:keepNext")
        if num is not None:
            numpr = sub(ppr, "w:numPr")
            sub(numpr, "w:ilvl", {"w:val": num[1]})
            sub(numpr, "w:numId", {"w:val": num[0]})
    return p


def run(text: str = "", italic=False, bold=False, code=False, style: str | None = None,
        vanish=False) -> etree._Element:
    r = el("w:r")
    if italic or bold or code or style or vanish:
        rpr = sub(r, "w:rPr")
        if style:
            sub(rpr, "w:rStyle", {"w:val": style})
        if code:
            sub(rpr, "w:rFonts", {"w:ascii": "Courier New", "w:hAnsi": "Courier New", "w:cs": "Courier New"})
        if bold:
            sub(rpr, "w:b")
        if italic:
            sub(rpr, "w:i")
        if vanish:
            sub(rpr, "w:vanish")
    if text:
        _add_text(r, text)
    return r


def _add_text(r, text: str) -> None:
    for piece in re.split(f"(\t|{NB_HYPHEN})", text):
        if piece == "\t":
            sub(r, "w:tab")
        elif piece == NB_HYPHEN:
            sub(r, "w:noBreakHyphen")
        elif piece:
            t = sub(r, "w:t")
            t.text = _xml_safe(piece)
            if piece != piece.strip() or "  " in piece:
                t.set(XML_SPACE, "preserve")


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters from pasted text)."""
    return _NOT_XML.sub("", text)


def tab_run() -> etree._Element:
    r = el("w:r")
    sub(r, "w:tab")
    return r


def break_run(kind: str | None = None) -> etree._Element:
    r = el("w:r")
    sub(r, "w:br", {"w:type": kind} if kind else None)
    return r


def field(instruction: str, cached: list[etree._Element], dirty: bool = False) -> list[etree._Element]:
    """A complex field: begin / instrText / separate / cached result runs / end."""
    begin = el("w:r")
    sub(begin, "w:fldChar", {"w:fldCharType": "begin", **({"w:dirty": "true"} if dirty else {})})
    instr = el("w:r")
    text = sub(instr, "w:instrText")
    text.text = f" {instruction} "
    text.set(XML_SPACE, "preserve")
    separate = el("w:r")
    sub(separate, "w:fldChar", {"w:fldCharType": "separate"})
    end = el("w:r")
    sub(end, "w:fldChar", {"w:fldCharType": "end"})
    return [begin, instr, separate, *cached, end]


def field_begin(instruction: str, dirty: bool = False) -> list[etree._Element]:
    runs = field(instruction, [], dirty)
    return runs[:3]


def field_end() -> etree._Element:
    end = el("w:r")
    sub(end, "w:fldChar", {"w:fldCharType": "end"})
    return end


def bookmark(p, name: str, bookmark_id: int) -> None:
    """Wrap the paragraph's content (after pPr) in a bookmark."""
    start = el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
    ppr = p.find(qn("w:pPr"))
    p.insert(1 if ppr is not None else 0, start)
    p.append(el("w:bookmarkEnd", {"w:id": bookmark_id}))


def hyperlink(anchor: str | None = None, rel_id: str | None = None) -> etree._Element:
    attrs = {}
    if anchor:
        attrs["w:anchor"] = anchor
        attrs["w:history"] = "1"
    h = el("w:hyperlink", attrs)
    if rel_id:
        h.set(qn("r:id"), rel_id)
    return h


def footnote_reference(note_id: int) -> etree._Element:
    r = run(style="FootnoteReference")
    sub(r, "w:footnoteReference", {"w:id": note_id})
    return r
