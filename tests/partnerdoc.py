"""Word files as partners send them, made by hand with python-docx and lxml (Word is not here).

    doc = PartnerDoc()
    doc.para("12. Text", Note("Ibid., para. 4."), " more.")
    doc.save(path)

A paragraph is a list of pieces: a string, Run(text, italic=..., bold=...), Note(...) (a footnote),
Endnote(...), Ins(text)/Del(text) (tracked changes), Zotero(items, shown), or raw OOXML (Xml).
"""
from __future__ import annotations

import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _t(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


@dataclass
class Run:
    text: str
    italic: bool = False
    bold: bool = False

    def xml(self) -> str:
        props = ("<w:i/>" if self.italic else "") + ("<w:b/>" if self.bold else "")
        return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{_t(self.text)}</w:r>"


@dataclass
class Note:
    pieces: list  # strings / Runs / Zotero of the note's one paragraph, or a list of such lists
    kind: str = "footnote"

    def __init__(self, *pieces, paragraphs=None):
        self.pieces = list(pieces)
        self.paragraphs = paragraphs
        self.kind = "footnote"


class Endnote(Note):
    def __init__(self, *pieces, paragraphs=None):
        super().__init__(*pieces, paragraphs=paragraphs)
        self.kind = "endnote"


@dataclass
class Ins:
    text: str

    def xml(self) -> str:
        return f'<w:ins w:id="{_next_id()}" w:author="Partner" w:date="2026-10-01T10:00:00Z"><w:r>{_t(self.text)}</w:r></w:ins>'


@dataclass
class Del:
    text: str

    def xml(self) -> str:
        from xml.sax.saxutils import escape

        return (f'<w:del w:id="{_next_id()}" w:author="Partner" w:date="2026-10-01T10:00:00Z"><w:r>'
                f'<w:delText xml:space="preserve">{escape(self.text)}</w:delText></w:r></w:del>')


@dataclass
class Zotero:
    """A Zotero Word-plugin citation field: its CSL-JSON items and the text Word shows."""

    items: list[dict]
    shown: str

    def xml(self) -> str:
        from xml.sax.saxutils import escape

        payload = json.dumps({"citationID": "abc123", "properties": {"formattedCitation": self.shown,
                                                                     "plainCitation": self.shown, "noteIndex": 1},
                              "citationItems": self.items, "schema": "https://github.com/citation-style-language/"
                                                                       "schema/raw/master/csl-citation.json"})
        instr = escape(f" ADDIN ZOTERO_ITEM CSL_CITATION {payload} ")
        half = len(instr) // 2  # Word splits long instructions over several runs
        return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve">{instr[:half]}</w:instrText></w:r>'
                f'<w:r><w:instrText xml:space="preserve">{instr[half:]}</w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'<w:r>{_t(self.shown)}</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


@dataclass
class Xml:
    text: str

    def xml(self) -> str:
        return self.text


_ids = [100]


def _next_id() -> int:
    _ids[0] += 1
    return _ids[0]


def tiny_png() -> bytes:
    """A 1x1 white PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


@dataclass
class PartnerDoc:
    doc: object = field(default_factory=docx.Document)
    notes: dict = field(default_factory=lambda: {"footnote": [], "endnote": []})

    def para(self, *pieces, style: str | None = None, num: tuple[int, int] | None = None, indent: int = 0):
        p = self.doc.add_paragraph(style=style)
        if num is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'))
        if indent:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:ind {NSDECL} w:left="{indent}"/>'))
        for piece in pieces:
            for element in self._runs(piece):
                p._p.append(element)
        return p

    def _runs(self, piece) -> list:
        if isinstance(piece, str):
            piece = Run(piece)
        if isinstance(piece, Note):
            number = len(self.notes[piece.kind]) + 1
            self.notes[piece.kind].append(piece)
            tag = "footnoteReference" if piece.kind == "footnote" else "endnoteReference"
            style = "FootnoteReference" if piece.kind == "footnote" else "EndnoteReference"
            return [parse_xml(f'<w:r {NSDECL}><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{tag} w:id="{number}"/></w:r>')]
        return list(parse_xml(f"<w:wrap {NSDECL}>{piece.xml()}</w:wrap>"))

    def comment(self, paragraph, text: str, author: str = "Aigerim") -> None:
        self.doc.add_comment(paragraph.runs or [paragraph.add_run("")], text=text, author=author)

    def image(self, alt: str, path: Path) -> None:
        path.write_bytes(tiny_png())
        self.doc.add_picture(str(path))
        pic = self.doc.paragraphs[-1]._p
        for doc_pr in pic.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            if alt:
                doc_pr.set("descr", alt)

    def _notes_xml(self, kind: str) -> bytes:
        tag = kind
        ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
        style = "FootnoteText" if kind == "footnote" else "EndnoteText"
        parts = [f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>',
                 f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>']
        for number, note in enumerate(self.notes[kind], start=1):
            paragraphs = note.paragraphs or [note.pieces]
            body = []
            for index, pieces in enumerate(paragraphs):
                runs = "".join((Run(p) if isinstance(p, str) else p).xml() for p in pieces)
                mark = f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{ref}/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>' if index == 0 else ""
                body.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{mark}{runs}</w:p>')
            parts.append(f'<w:{tag} w:id="{number}">{"".join(body)}</w:{tag}>')
        return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag}s {NSDECL}>{"".join(parts)}</w:{tag}s>'.encode()

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        kinds = [k for k in ("footnote", "endnote") if self.notes[k]]
        if not kinds:
            return path
        with zipfile.ZipFile(path) as z:
            files = {n: z.read(n) for n in z.namelist()}
        types = etree.fromstring(files["[Content_Types].xml"])
        rels = etree.fromstring(files["word/_rels/document.xml.rels"])
        ct_ns = "http://schemas.openxmlformats.org/package/2006/content-types"
        rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
        for kind in kinds:
            files[f"word/{kind}s.xml"] = self._notes_xml(kind)
            etree.SubElement(types, f"{{{ct_ns}}}Override", PartName=f"/word/{kind}s.xml",
                             ContentType=f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml")
            etree.SubElement(rels, f"{{{rel_ns}}}Relationship", Id=f"rIdNotes{kind}",
                             Type=f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s",
                             Target=f"{kind}s.xml")
        files["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
        files["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                              standalone=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                z.writestr(name, data)
        return path


def numbering_ids(doc: PartnerDoc) -> dict[str, int]:
    """numIds of a decimal, a lowerLetter and a bullet list added to the document's numbering."""
    numbering = doc.doc.part.numbering_part.element
    found = {}
    for fmt, text in (("decimal", "%1."), ("lowerLetter", "(%1)"), ("bullet", "•")):
        abstract_id = 900 + len(found)
        levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt if i == 0 else "lowerRoman"}"/>'
                         f'<w:lvlText w:val="{text if i == 0 else "(%2)"}"/></w:lvl>' for i in range(2))
        abstract = parse_xml(f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num_id = 900 + len(found)
        numbering.append(parse_xml(f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
        found[fmt] = num_id
    return found
