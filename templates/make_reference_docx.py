"""Generate templates/reference.docx: the styles, numbering and page setup of every report.

Run `make reference` after editing this script. Users may instead restyle reference.docx in
Word directly (keep the style names); the build only needs the names and numbering ids below.

Styles: Normal (Times New Roman 12, justified), Heading 1-5 (UN: I. / A. / 1. / (a) / (i)),
Unnumbered Heading 1-5,
Numbered Paragraph, Unnumbered Paragraph, Sub-paragraph, List Bullet, Quote, Recommendation, Question,
Block Heading, Summary Heading, Summary Recommendation, Abbreviation, Footnote Text (10),
Footnote Reference, Cover Title/Subtitle/Label/Text/Org/Note, TOC Heading, TOC Columns, TOC 1-3, Footer.
Numbering ids: 1 paragraphs, 2 headings, 3 sub-paragraphs (a)/(i), 4 bullets, 5 recommendations.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

FONT = "Times New Roman"
W = nsdecls("w")

# name: (type, basedOn, pPr xml, rPr xml, extra) ; sizes in half-points
STYLES = {
    # Widow/orphan control (Word's default, and the PDF's): no single line alone at a page edge.
    "Normal": ("paragraph", None,
               '<w:widowControl/><w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/>',
               f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
               '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-GB"/>'),
    "Heading 1": ("paragraph", "Normal",
                  '<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
                  '<w:spacing w:before="360" w:after="240"/><w:ind w:left="567" w:hanging="567"/>'
                  '<w:jc w:val="left"/><w:outlineLvl w:val="0"/>',
                  '<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    "Heading 2": ("paragraph", "Normal",
                  '<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr>'
                  '<w:spacing w:before="240" w:after="120"/><w:ind w:left="567" w:hanging="567"/>'
                  '<w:jc w:val="left"/><w:outlineLvl w:val="1"/>',
                  '<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    "Heading 3": ("paragraph", "Normal",
                  '<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="2"/><w:numId w:val="2"/></w:numPr>'
                  '<w:spacing w:before="200" w:after="120"/><w:ind w:left="567" w:hanging="567"/>'
                  '<w:jc w:val="left"/><w:outlineLvl w:val="2"/>',
                  '<w:b/><w:bCs/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "Heading 4": ("paragraph", "Normal",
                  '<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="3"/><w:numId w:val="2"/></w:numPr>'
                  '<w:spacing w:before="160" w:after="120"/><w:ind w:left="567" w:hanging="567"/>'
                  '<w:jc w:val="left"/><w:outlineLvl w:val="3"/>',
                  '<w:b/><w:bCs/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "Heading 5": ("paragraph", "Normal",
                  '<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="4"/><w:numId w:val="2"/></w:numPr>'
                  '<w:spacing w:before="160" w:after="120"/><w:ind w:left="567" w:hanging="567"/>'
                  '<w:jc w:val="left"/><w:outlineLvl w:val="4"/>',
                  '<w:i/><w:iCs/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "Numbered Paragraph": ("paragraph", "Normal",
                           '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                           '<w:ind w:left="567" w:hanging="567"/>', ""),
    "Unnumbered Paragraph": ("paragraph", "Normal", '<w:ind w:left="567"/>', ""),
    "Sub-paragraph": ("paragraph", "Normal", '<w:spacing w:after="80"/><w:ind w:left="1134" w:hanging="567"/>', ""),
    "List Bullet": ("paragraph", "Normal",
                    '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr>'
                    '<w:spacing w:after="80"/><w:ind w:left="1134" w:hanging="283"/>', ""),
    "Quote": ("paragraph", "Normal", '<w:spacing w:after="120"/><w:ind w:left="1134" w:right="567"/>',
              '<w:i w:val="0"/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "Block Heading": ("paragraph", "Normal", '<w:keepNext/><w:spacing w:before="160" w:after="80"/>'
                      '<w:ind w:left="567"/><w:jc w:val="left"/>', '<w:b/><w:bCs/>'),
    "Recommendation": ("paragraph", "Normal",
                       '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>'
                       '<w:spacing w:after="80"/><w:ind w:left="1134" w:hanging="567"/>', '<w:b/><w:bCs/>'),
    "Question": ("paragraph", "Normal",
                 '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr>'
                 '<w:spacing w:after="80"/><w:ind w:left="1134" w:hanging="283"/>', '<w:i/><w:iCs/>'),
    "Summary Heading": ("paragraph", "Normal", '<w:keepNext/><w:tabs><w:tab w:val="left" w:pos="851"/></w:tabs>'
                        '<w:spacing w:before="200" w:after="80"/><w:ind w:left="851" w:hanging="851"/>'
                        '<w:jc w:val="left"/>', '<w:b/><w:bCs/>'),
    "Summary Recommendation": ("paragraph", "Normal",
                               '<w:spacing w:after="80"/><w:ind w:left="567" w:hanging="567"/>', ""),
    "Abbreviation": ("paragraph", "Normal", '<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs>'
                     '<w:spacing w:after="40"/><w:ind w:left="1701" w:hanging="1701"/><w:jc w:val="left"/>', ""),
    "Footnote Text": ("paragraph", "Normal", '<w:spacing w:after="0"/><w:ind w:left="284" w:hanging="284"/>'
                      '<w:jc w:val="both"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    "Footnote Reference": ("character", None, "", '<w:vertAlign w:val="superscript"/>'),
    "Hyperlink": ("character", None, "", '<w:color w:val="1F3864"/><w:u w:val="single"/>'),
    "Cover Title": ("paragraph", "Normal", '<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>',
                    '<w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/>'),
    "Cover Subtitle": ("paragraph", "Normal", '<w:spacing w:after="240"/><w:jc w:val="center"/>',
                       '<w:sz w:val="28"/><w:szCs w:val="28"/>'),
    "Cover Label": ("paragraph", "Normal", '<w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>',
                    '<w:b/><w:bCs/><w:smallCaps/>'),
    "Cover Text": ("paragraph", "Normal", '<w:spacing w:after="60"/><w:jc w:val="center"/>', ""),
    "Cover Org": ("paragraph", "Normal", '<w:spacing w:after="40"/><w:jc w:val="center"/>',
                  '<w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "Cover Note": ("paragraph", "Normal", '<w:spacing w:before="240"/><w:jc w:val="center"/>',
                   '<w:i/><w:iCs/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    "Cover Space": ("paragraph", "Normal", '<w:spacing w:before="0" w:after="480"/>', ""),
    "TOC Heading": ("paragraph", "Normal", '<w:keepNext/><w:spacing w:before="240" w:after="240"/>'
                    '<w:jc w:val="left"/>', '<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    # Contents as UN documents set them, in a borderless table of two columns (the page has a
    # column of its own): number, title, dots to the paragraph range; the title wraps before
    # the range (right indent). The build sets the same tab stops on each entry.
    "TOC Columns": ("paragraph", "Normal", '<w:keepNext/><w:tabs><w:tab w:val="right" w:pos="7937"/></w:tabs>'
                    '<w:spacing w:after="60"/><w:jc w:val="left"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    "TOC 1": ("paragraph", "Normal", '<w:tabs><w:tab w:val="left" w:pos="567"/>'
              '<w:tab w:val="right" w:leader="dot" w:pos="7937"/></w:tabs><w:spacing w:before="120" w:after="40"/>'
              '<w:ind w:left="567" w:right="1134" w:hanging="567"/><w:jc w:val="left"/>', ""),
    "TOC 2": ("paragraph", "Normal", '<w:tabs><w:tab w:val="left" w:pos="1134"/>'
              '<w:tab w:val="right" w:leader="dot" w:pos="7937"/></w:tabs><w:spacing w:after="20"/>'
              '<w:ind w:left="1134" w:right="1134" w:hanging="567"/><w:jc w:val="left"/>', ""),
    "TOC 3": ("paragraph", "Normal", '<w:tabs><w:tab w:val="left" w:pos="1701"/>'
              '<w:tab w:val="right" w:leader="dot" w:pos="7937"/></w:tabs><w:spacing w:after="20"/>'
              '<w:ind w:left="1701" w:right="1134" w:hanging="567"/><w:jc w:val="left"/>', ""),
    "Footer": ("paragraph", "Normal", '<w:spacing w:after="0"/><w:jc w:val="center"/>',
               '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    "Table Text": ("paragraph", "Normal", '<w:spacing w:after="0"/><w:jc w:val="left"/>',
                   '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
}


# Unnumbered headings (contents entries such as the annex, `{.unnumbered}` sub-headings): the
# same looks and outline level as the numbered ones, without the list.
for _n in range(1, 6):
    _kind, _based, _ppr, _rpr = STYLES[f"Heading {_n}"]
    _ppr = re.sub(r"<w:numPr>.*?</w:numPr>", "", _ppr).replace('<w:ind w:left="567" w:hanging="567"/>', "")
    STYLES[f"Unnumbered Heading {_n}"] = (_kind, _based, _ppr, _rpr)


def level(ilvl, fmt, text, left, hanging, style=None, bold=False):
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>')


def numbering_xml() -> str:
    abstract = [
        (10, level(0, "decimal", "%1.", 567, 567, "NumberedParagraph")),
        (11, level(0, "upperRoman", "%1.", 567, 567, "Heading1")
             + level(1, "upperLetter", "%2.", 567, 567, "Heading2")
             + level(2, "decimal", "%3.", 567, 567, "Heading3")
             + level(3, "lowerLetter", "(%4)", 567, 567, "Heading4")
             + level(4, "lowerRoman", "(%5)", 567, 567, "Heading5")),
        (12, level(0, "lowerLetter", "(%1)", 1134, 567) + level(1, "lowerRoman", "(%2)", 1701, 567)
             + level(2, "lowerLetter", "%3.", 2268, 567) + level(3, "lowerRoman", "%4.", 2835, 567)),
        (13, level(0, "bullet", "\u2022", 1134, 283) + level(1, "bullet", "\u2013", 1701, 283)
             + level(2, "bullet", "\u25aa", 2268, 283)),
        (14, level(0, "decimal", "%1.", 1134, 567, "Recommendation", bold=True)),
    ]
    body = "".join(f'<w:abstractNum w:abstractNumId="{i}"><w:multiLevelType w:val="hybridMultilevel"/>'
                   f"{levels}</w:abstractNum>" for i, levels in abstract)
    nums = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/></w:num>'
                   for n, a in ((1, 10), (2, 11), (3, 12), (4, 13), (5, 14)))
    return f"<w:numbering {W}>{body}{nums}</w:numbering>"


def style_id(name: str) -> str:
    return name.replace(" ", "").replace("-", "")


def set_style(styles_el, name, kind, based, ppr, rpr):
    sid = style_id(name)
    for old in styles_el.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == sid:
            styles_el.remove(old)
    based_xml = f'<w:basedOn w:val="{style_id(based)}"/>' if based else ""
    default = ' w:default="1"' if name == "Normal" else ""
    extra = '<w:uiPriority w:val="9"/><w:qFormat/>' if name.startswith("Heading") or name == "Normal" else ""
    next_xml = '<w:next w:val="Normal"/>' if kind == "paragraph" and name != "Normal" else ""
    el = parse_xml(f'<w:style {W} w:type="{kind}" w:styleId="{sid}"{default}><w:name w:val="{name}"/>'
                   f"{based_xml}{next_xml}{extra}"
                   f'{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}'
                   "</w:style>")
    styles_el.append(el)


def build(path: Path) -> None:
    document = docx.Document()
    package = document.part.package
    # Drop parts a report does not need; stylesWithEffects would disagree with our styles.
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype.endswith("/customXml"):
            document.part.drop_rel(rel.rId)
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel.rId)
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_el.remove(defaults)
    styles_el.insert(0, parse_xml(
        f'<w:docDefaults {W}><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" '
        f'w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="24"/><w:szCs w:val="24"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault/></w:docDefaults>'))
    for name, (kind, based, ppr, rpr) in STYLES.items():
        set_style(styles_el, name, kind, based, ppr, rpr)
    keep = {style_id(n) for n in STYLES} | {"DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
    for style in styles_el.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            styles_el.remove(style)
    latent = styles_el.find(qn("w:latentStyles"))
    if latent is not None:
        styles_el.remove(latent)
    numbering = document.part.numbering_part
    numbering._element = parse_xml(numbering_xml())
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.footer_distance = Cm(1.25)
    section.different_first_page_header_footer = True
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    core = document.core_properties
    core.author = core.last_modified_by = "assemble"
    core.title = core.subject = core.keywords = core.comments = core.category = ""
    core.revision = 1

    core.created = core.modified = core.last_printed = dt.datetime(2026, 1, 1)
    document.save(str(path))


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("reference.docx")))
    print("wrote", sys.argv[1] if len(sys.argv) > 1 else "templates/reference.docx")
