"""Blocks and matched notes -> the section file: front matter and Markdown in assemble's format.

Text is escaped so that it reads back as exactly the text typed (a "12." or "- " at the start
of a line, brackets, asterisks and "@" never turn into markup). A note that is nothing but
citations becomes `[@key, pinpoint]` at its call; one with other text an inline note with the
citations inside it; a note of several paragraphs a named note defined at the end.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assemble.frontmatter import front_matter
from assemble.translate.units import escape_markdown
from assemble.wordimport.match import Cited, NoteResult, span_text
from assemble.wordimport.read import Span
from assemble.wordimport.structure import Block, Structured

KEY_RE = re.compile(r"^[A-Za-z0-9_][\w:.#$%&+?<>~/-]*$")


def escape(text: str) -> str:
    text = escape_markdown(text.replace("\t", " "))
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)  # "&amp;" typed as text stays five characters
    text = re.sub(r"(?m)^(\s*)([{:])", r"\1\\\2", text)  # no attribute line, no ':::' block
    return text


def _punct(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch)[0] in "PS")


def cite_group(cites: list[Cited]) -> str:
    items = []
    for c in cites:
        piece = (c.prefix + " " if c.prefix else "") + "@" + c.key
        if c.locator:
            piece += ", " + c.locator
        items.append(piece)
    return "[" + "; ".join(items) + "]"


@dataclass
class Written:
    text: str
    notes: list[NoteResult] = field(default_factory=list)  # in the order they were called
    problems: list[str] = field(default_factory=list)
    dropped_emphasis: int = 0


class _Writer:
    def __init__(self, structured: Structured, results: dict[int, NoteResult], xref_words: list[str]):
        self.structured = structured
        self.results = results
        self.labels = structured.labels
        self.xref_words = sorted({w for w in xref_words if w}, key=len, reverse=True)
        self.definitions: list[str] = []
        self.called: list[NoteResult] = []
        self.dropped_emphasis = 0

    # ---- inlines ---------------------------------------------------------------------------
    def inlines(self, spans: list[Span], in_table: bool = False) -> str:
        out: list[str] = []
        i = 0
        while i < len(spans):
            span = spans[i]
            if span.note is not None:
                out.append(self.note_call(span.note))
                i += 1
                continue
            if span.br:
                out.append(" " if in_table else "\\\n")
                i += 1
                continue
            if span.xref and span.xref in self.labels:
                label = self.labels[span.xref]
                self._drop_reference_word(out)
                out.append("@" + label)
                i += 1
                continue
            if span.url:
                j = i
                group = []
                while j < len(spans) and spans[j].url == span.url and not spans[j].note and not spans[j].br:
                    group.append(spans[j])
                    j += 1
                text = self.formatted(group, out, "")
                url = span.url
                target = url
                if re.search(r"[\s()<>]", url):
                    target = "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
                out.append(f"[{text}]({target})" if text.strip() else escape(span.url))
                i = j
                continue
            following = spans[i + 1].text[:1] if i + 1 < len(spans) and not spans[i + 1].note else ""
            out.append(self.formatted([span], out, following))
            i += 1
        return "".join(out)

    def _drop_reference_word(self, out: list[str]) -> None:
        """'para. ' before a cross-reference is printed by assemble itself: remove the typed one."""
        if not out:
            return
        last = out[-1]
        for word in self.xref_words:
            escaped = escape(word)
            if last.endswith(escaped):
                out[-1] = last[: -len(escaped)]
                return

    def formatted(self, spans: list[Span], out: list[str], following: str) -> str:
        """Text with * / ** marks; a mark CommonMark would not read as emphasis (punctuation
        inside, a letter outside) is left out and counted rather than printed as an asterisk."""
        pieces = []
        for span in spans:
            text = escape(span.text)
            if not (span.italic or span.bold) or not text.strip():
                pieces.append(text)
                continue
            core = text.strip()
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            mark = "***" if span.italic and span.bold else "**" if span.bold else "*"
            before = (("".join(out) + "".join(pieces) + lead)[-1:])
            after = trail[:1] or following
            if (_punct(core[0]) and before and before.isalnum()) or (_punct(core[-1]) and after.isalnum()):
                self.dropped_emphasis += 1
                pieces.append(text)
                continue
            pieces.append(f"{lead}{mark}{core}{mark}{trail}")
        return "".join(pieces)

    # ---- notes -----------------------------------------------------------------------------
    def note_call(self, note) -> str:
        result = self.results.get(id(note))
        if result is None:
            return ""
        self.called.append(result)
        state = result.state
        if state == "empty":
            return ""
        if state == "citation":
            return cite_group(result.cites)
        paragraphs = [self.note_paragraph(p) for p in result.paragraphs if p.text.strip()]
        if len(paragraphs) == 1:
            return "^[" + paragraphs[0] + "]"
        name = f"w{result.note.number}" if result.note.kind == "footnote" else f"e{result.note.number}"
        body = "\n\n".join(p.replace("\n", "\n    ") for p in paragraphs).replace("\n\n", "\n\n    ")
        self.definitions.append(f"[^{name}]: {body}")
        return f"[^{name}]"

    def note_paragraph(self, p) -> str:
        out: list[str] = []
        pos = 0
        text = p.text
        for part in sorted(p.parts, key=lambda x: x.start):
            if not part.cites:
                continue
            out.append(self.slice(p.spans, pos, part.start))
            group = cite_group(part.cites)
            out.append(group)
            typed = text[part.start:part.end].rstrip()
            if typed.endswith(".") and not part.zotero:
                out.append(".")
            pos = part.end
        out.append(self.slice(p.spans, pos, len(text)))
        return "".join(out).strip()

    def slice(self, spans: list[Span], start: int, end: int) -> str:
        """The spans' content between two offsets of their text, with its formatting."""
        if start >= end:
            return ""
        picked: list[Span] = []
        pos = 0
        for span in spans:
            length = len(span_text(span))
            a, b = max(start, pos), min(end, pos + length)
            if a < b or (length == 0 and start <= pos < end):
                if span.br or span.zotero is not None:
                    picked.append(Span(span.text, span.italic, span.bold, span.url, br=span.br))
                else:
                    picked.append(Span(span.text[a - pos:b - pos], span.italic, span.bold, span.url, xref=span.xref
                                       if (a, b) == (pos, pos + length) else ""))
            pos += length
        return self.inlines(picked)

    # ---- blocks ----------------------------------------------------------------------------
    def blocks(self) -> list[str]:
        chunks = []
        for block in self.structured.blocks:
            chunk = self.block(block)
            if chunk:
                chunks.append(chunk)
        return chunks

    def block(self, b: Block) -> str:
        if b.kind == "para":
            lines = []
            if b.label:
                lines.append("{#" + b.label + "}")
            if not b.numbered:
                lines.append("{.unnumbered}")
            text = self.inlines(b.spans)
            if not text.strip():
                return ""
            return "\n".join(lines + [text])
        if b.kind == "heading":
            text = self.inlines(b.spans).replace("\\\n", " ")
            head = ["{#" + b.label + "}"] if b.label else []
            suffix = " {.unnumbered}" if not b.numbered else ""
            return "\n".join(head + ["#" * b.level + " " + text + suffix])
        if b.kind == "list":
            return "\n".join(self.list_lines(b.items))
        if b.kind == "quote":
            lines = []
            for paragraph in b.paragraphs:
                if lines:
                    lines.append(">")
                lines.extend("> " + line for line in self.inlines(paragraph).split("\n"))
            return "\n".join(lines)
        if b.kind == "table":
            rows = [[self.inlines(cell, in_table=True).replace("\n", " ") or " " for cell in row] for row in b.rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            return "\n".join(lines)
        if b.kind in ("recommendations", "questions"):
            lines = [f"::: {b.kind}"]
            for item in b.items:
                label = "{#" + item.label + "} " if item.label else ""
                lines.append("- " + label + self.inlines(item.spans).replace("\n", "\n  "))
            lines.append(":::")
            return "\n".join(lines)
        if b.kind == "comment":
            text = b.text.replace("--", "–").strip()
            return f"<!-- {text} -->"
        return ""

    def list_lines(self, items) -> list[str]:
        lines: list[str] = []
        counters: dict[int, int] = {}
        indents: dict[int, int] = {0: 0}
        for item in items:
            depth = item.depth
            for d in list(counters):
                if d > depth:
                    del counters[d]
            counters[depth] = counters.get(depth, 0) + 1
            marker = f"{counters[depth]}. " if item.ordered else "- "
            indent = indents.get(depth, 0)
            indents[depth + 1] = indent + len(marker)
            text = self.inlines(item.spans).replace("\n", "\n" + " " * (indent + len(marker)))
            lines.append(" " * indent + marker + text)
        return lines


def section_markdown(structured: Structured, results: list[NoteResult], front: dict,
                     xref_words: list[str]) -> Written:
    writer = _Writer(structured, {id(r.note): r for r in results}, xref_words)
    chunks = writer.blocks()
    body = "\n\n".join(chunks)
    if writer.definitions:
        body += "\n\n" + "\n\n".join(writer.definitions)
    problems = []
    for r in results:
        for c in r.cites:
            if not KEY_RE.match(c.key):
                problems.append(f"the key '{c.key}' cannot be written as a citation")
    return Written(front_matter(front) + "\n" + body.rstrip() + "\n", writer.called, problems, writer.dropped_emphasis)
