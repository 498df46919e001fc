"""Reading our DOCX back the way a test (or a suspicious reader) would: python-docx + lxml."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def text_of(element) -> str:
    """Visible text of an element: w:t and tabs, field instructions excluded."""
    out = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            if node.getparent().tag == qn("w:r"):
                out.append("\t")
        elif node.get(qn("w:type")) in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


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
