"""Reading our DOCX back the way a test (or a suspicious reader) would: python-docx + lxml."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def text_of(element, raw: bool = False) -> str:
    """Visible text of an element: w:t, tabs and non-breaking hyphens, field instructions
    excluded. Non-breaking spaces read as spaces (as a reader sees them) unless `raw`."""
    out = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:noBreakHyphen")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            if node.getparent().tag == qn("w:r"):
                out.append("\t")
        elif node.tag == qn("w:noBreakHyphen"):
            out.append("\u2011" if raw else "-")
        elif node.get(qn("w:type")) in (None, "textWrapping"):
            out.append("\n")
    text = "".join(out)
    return text if raw else text.replace("\u00a0", " ")


class Docx:
    def __init__(self, path: Path):
        self.path = path
        self.document = docx.Document(str(path))
        with zipfile.ZipFile(path) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        self.body = self.document.element.body
        self.footnotes_xml = etree.fromstring(self.parts["word/footnotes.xml"])

    def footnotes(self) -> dict[int, str]:
        notes = {}
        for fn in self.footnotes_xml.findall("w:footnote", NS):
            note_id = int(fn.get(qn("w:id")))
            if note_id > 0:
                notes[note_id] = "\n".join(text_of(p).lstrip("\t") for p in fn.findall("w:p", NS))
        return notes

    def note_calls(self) -> list[int]:
        return [int(r.get(qn("w:id"))) for r in self.body.iter(qn("w:footnoteReference"))]

    def paragraphs(self):
        """(style id, text, element) of every body paragraph, in order."""
        for p in self.body.iter(qn("w:p")):
            style = p.find("w:pPr/w:pStyle", NS)
            yield (style.get(qn("w:val")) if style is not None else "Normal", text_of(p), p)

    def styled(self, style: str) -> list[str]:
        return [text for s, text, _ in self.paragraphs() if s == style]

    def bookmarks(self) -> dict[str, object]:
        return {b.get(qn("w:name")): b.getparent() for b in self.body.iter(qn("w:bookmarkStart"))}

    def fields(self) -> list[tuple[str, str]]:
        """(instruction, cached result text) of every complex field in the body, in order."""
        found, stack = [], []  # fields nest (PAGEREF inside TOC): a stack of [instr, result, state]
        for node in self.body.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
            if node.tag == qn("w:fldChar"):
                kind = node.get(qn("w:fldCharType"))
                if kind == "begin":
                    stack.append([[], [], "instr"])
                elif kind == "separate" and stack:
                    stack[-1][2] = "result"
                elif kind == "end" and stack:
                    instr, result, _ = stack.pop()
                    found.append(("".join(instr).strip(), "".join(result)))
            elif node.tag == qn("w:instrText") and stack and stack[-1][2] == "instr":
                stack[-1][0].append(node.text or "")
            elif node.tag == qn("w:t") and stack:
                for frame in stack:
                    if frame[2] == "result":
                        frame[1].append(node.text or "")
        return found


# ---- Word's own numbering, computed from numbering.xml as Word does ---------------------------
# Hand-written from ECMA-376 17.9 (not from assemble's code), to compare what Word will show
# with the labels the model holds.

def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out


def _format(fmt: str, n: int) -> str:
    if fmt == "decimal":
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: y, z, aa, bb
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    raise AssertionError(f"numbering format {fmt} not expected in a report")


class WordNumbering:
    """The label Word prints before each paragraph of a document's body."""

    def __init__(self, document):
        numbering = document.part.numbering_part.element
        self.abstracts = {a.get(qn("w:abstractNumId")): {int(lvl.get(qn("w:ilvl"))): lvl
                                                        for lvl in a.findall("w:lvl", NS)}
                          for a in numbering.findall("w:abstractNum", NS)}
        self.nums = {}
        for num in numbering.findall("w:num", NS):
            overrides = {int(o.get(qn("w:ilvl"))): int(o.find("w:startOverride", NS).get(qn("w:val")))
                         for o in num.findall("w:lvlOverride", NS) if o.find("w:startOverride", NS) is not None}
            self.nums[num.get(qn("w:numId"))] = (num.find("w:abstractNumId", NS).get(qn("w:val")), overrides)
        self.styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall("w:style", NS)}
        self.counters: dict[str, dict[int, int]] = {}

    def _num_pr(self, p):
        """(numId, ilvl) from the paragraph, else from its style chain; None when not numbered."""
        direct = p.find("w:pPr/w:numPr", NS)
        num_id = ilvl = None
        if direct is not None:
            num_id = direct.find("w:numId", NS)
            ilvl = direct.find("w:ilvl", NS)
            num_id = num_id.get(qn("w:val")) if num_id is not None else None
            ilvl = ilvl.get(qn("w:val")) if ilvl is not None else None
        style = p.find("w:pPr/w:pStyle", NS)
        style_id = style.get(qn("w:val")) if style is not None else None
        while style_id and (num_id is None or ilvl is None):
            element = self.styles.get(style_id)
            if element is None:
                break
            numpr = element.find("w:pPr/w:numPr", NS)
            if numpr is not None:
                if num_id is None and numpr.find("w:numId", NS) is not None:
                    num_id = numpr.find("w:numId", NS).get(qn("w:val"))
                if ilvl is None and numpr.find("w:ilvl", NS) is not None:
                    ilvl = numpr.find("w:ilvl", NS).get(qn("w:val"))
            based = element.find("w:basedOn", NS)
            style_id = based.get(qn("w:val")) if based is not None else None
        if num_id in (None, "0"):
            return None
        return num_id, int(ilvl or 0)

    def label(self, p) -> str:
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstracts[abstract_id]
        counters = self.counters.setdefault(num_id, {})

        def start(level):
            if level in overrides:
                return overrides[level]
            element = levels[level].find("w:start", NS)
            return int(element.get(qn("w:val"))) if element is not None else 0

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start(ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # lvlRestart: a deeper level starts again after this one
        lvl = levels[ilvl]
        fmt = lvl.find("w:numFmt", NS).get(qn("w:val"))
        text = lvl.find("w:lvlText", NS).get(qn("w:val"))
        if fmt == "bullet":
            return text
        for level in range(ilvl + 1):
            placeholder = f"%{level + 1}"
            if placeholder in text:
                level_fmt = levels[level].find("w:numFmt", NS).get(qn("w:val"))
                text = text.replace(placeholder, _format(level_fmt, counters.get(level, start(level))))
        return text

    def labels(self, body) -> list[tuple[str, str, str]]:
        """(style id, Word's label, text) of every numbered paragraph of the body, in order."""
        out = []
        for p in body.iter(qn("w:p")):
            label = self.label(p)
            if label:
                style = p.find("w:pPr/w:pStyle", NS)
                out.append((style.get(qn("w:val")) if style is not None else "Normal", label, text_of(p)))
        return out
