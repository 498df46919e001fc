"""Web addresses become links: a URL typed in a section or printed by a citation
("http://adilet.zan.kz/... (accessed ...)") is clickable in the DOCX and the PDF alike."""
from __future__ import annotations

import re

from assemble.model import Cite, Link, Note, Section, Text, block_inlines

URL = re.compile(r"https?://[^\s<>\"«»“”‘’]+")
TRAILING = ".,;:!?"


def _url_end(url: str) -> str:
    """Drop sentence punctuation after a URL, and a closing bracket it does not open."""
    while url and (url[-1] in TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _split(node: Text) -> list:
    out, position = [], 0
    for match in URL.finditer(node.text):
        url = _url_end(match.group(0))
        if len(url) <= len("https://"):
            continue
        start, end = match.start(), match.start() + len(url)
        if start > position:
            out.append(Text(node.text[position:start], node.italic, node.bold))
        out.append(Link(url, [Text(url, node.italic, node.bold)]))
        position = end
    if not out:
        return [node]
    if position < len(node.text):
        out.append(Text(node.text[position:], node.italic, node.bold))
    return out


def linkify(inlines: list) -> None:
    """Replace, in place, each URL inside a Text of `inlines` (and of citation texts) by a Link."""
    index = 0
    while index < len(inlines):
        node = inlines[index]
        if isinstance(node, Text) and not node.code and "://" in node.text:
            pieces = _split(node)
            inlines[index:index + 1] = pieces
            index += len(pieces)
            continue
        if isinstance(node, Cite) and node.rendered:
            linkify(node.rendered)
        index += 1


def link_urls(sections: list[Section], notes: list[Note]) -> None:
    for section in sections:
        for inlines in block_inlines(section.blocks):
            linkify(inlines)
    for note in notes:
        for paragraph in note.paragraphs:
            linkify(paragraph)
