"""markdown-it tokens -> typed model nodes, once; the token stream goes no further."""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from assemble.load.sections import SourceFile
from assemble.model import (Cite, CiteItem, Heading, LineBreak, Link, ListBlock, ListItem, Loc, Note,
                            NoteRef, Paragraph, Quote, RecBlock, Recommendation, Table, Text, XRef)
from assemble.parse.lint import Lint
from assemble.parse.rules import citations_plugin
from assemble.typography import dashes_rule
from assemble.problems import Problems

CONTAINERS = ("recommendations", "questions")
LEADING_LABEL = re.compile(r"^\{#((?:rec|para):[A-Za-z0-9][A-Za-z0-9_-]*)\}\s*")
LABEL_RE = re.compile(r"^(para|sec|rec):[A-Za-z0-9][A-Za-z0-9_-]*$")


@lru_cache(maxsize=8)
def markdown(quotes: tuple = ("“", "”", "‘", "’")) -> MarkdownIt:
    # Straight quotes become the language's typographic ones and -- / --- / ... dashes and an
    # ellipsis, as pandoc's `smart` does (assemble/typography.py); markdown-it's other
    # "replacements" stay off: they would turn a legal "(c)" into "©".
    md = MarkdownIt("commonmark", {"linkify": False, "typographer": True, "quotes": list(quotes)})
    md.enable(["table", "smartquotes"])
    md.core.ruler.after("text_join", "dashes", dashes_rule)
    md.use(footnote_plugin).use(attrs_block_plugin).use(citations_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    return md


class _Converter:
    def __init__(self, source: SourceFile, problems: Problems):
        self.source = source
        self.problems = problems
        self.file = problems.rel(source.section.file)
        self.env: dict = {}
        self.notes: dict[int, Note] = {}
        self.line = source.body_line

    def loc(self, token: Token | None) -> Loc:
        if token is not None and token.map:
            self.line = token.map[0] + self.source.body_line
        return Loc(self.file, self.line)

    # ---- blocks -------------------------------------------------------------------
    def convert(self) -> list:
        tokens = markdown(self.source.quotes).parse(self.source.body, self.env)
        Lint(self.source.body, self.source.body_line, self.file, self.problems, CONTAINERS).run(tokens, self.env)
        body_end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
        self._collect_notes(tokens[body_end:])
        blocks, _ = self.blocks(tokens, 0, body_end, top=True)
        return blocks

    def blocks(self, tokens, i, end, top=False, stop=None):
        out = []
        while i < end:
            t = tokens[i]
            if stop and t.type == stop:
                return out, i + 1
            if t.type == "paragraph_open":
                inline = tokens[i + 1]
                loc = self.loc(t)
                label = t.attrs.get("id")
                if label is not None:
                    self._check_label(label, "para", loc)
                numbered = top and "unnumbered" not in str(t.attrs.get("class", "")).split()
                out.append(Paragraph(self.inlines(inline.children or []), loc, numbered=numbered,
                                     label=str(label) if label else None))
                i += 3
            elif t.type == "heading_open":
                loc = self.loc(t)
                label = t.attrs.get("id")
                if label is not None:
                    self._check_label(label, "sec", loc)
                level = int(t.tag[1])
                if level == 1:
                    self.problems.warning(self.file, loc.line,
                                          "a '#' heading in a section body is shown as a '##' sub-heading",
                                          "the section title comes from the front matter")
                inlines = self.inlines(tokens[i + 1].children or [])
                classes = str(t.attrs.get("class", "")).split()
                trailing = _trailing_attributes(inlines)  # pandoc style: ## Practice {#sec:practice}
                if trailing:
                    attr_label, attr_classes = trailing
                    classes += attr_classes
                    if attr_label:
                        self._check_label(attr_label, "sec", loc)
                        label = label or attr_label
                out.append(Heading(min(max(level, 2) + 1, 5), inlines, loc, label=str(label) if label else None,
                                   numbered="unnumbered" not in classes))
                i += 3
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                block, i = self.list_block(tokens, i, end)
                out.append(block)
            elif t.type == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, end, stop="blockquote_close")
                out.append(Quote(inner, self.loc(t)))
            elif t.type == "table_open":
                block, i = self.table(tokens, i, end)
                out.append(block)
            elif t.type.startswith("container_") and t.type.endswith("_open"):
                kind = t.type[len("container_"):-len("_open")]
                loc = self.loc(t)
                inner, i = self.blocks(tokens, i + 1, end, stop=f"container_{kind}_close")
                out.extend(self.rec_block(kind, inner, loc))
            elif t.type in ("fence", "code_block"):
                out.append(Paragraph([Text(t.content.rstrip("\n"), code=True)], self.loc(t), numbered=False))
                i += 1
            elif t.type == "html_block":
                out.append(Paragraph([Text(t.content.strip())], self.loc(t), numbered=top))
                i += 1
            else:  # hr and closing tokens of structures handled by callers
                i += 1
        return out, i

    def list_block(self, tokens, i, end):
        t = tokens[i]
        ordered = t.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        loc = self.loc(t)
        start = int(t.attrs.get("start", 1)) if ordered else 1
        items = []
        i += 1
        while i < end and tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                inner, i = self.blocks(tokens, i + 1, end, stop="list_item_close")
                items.append(ListItem(inner))
            else:
                i += 1
        return ListBlock(ordered, items, loc, start=start), i + 1

    def table(self, tokens, i, end):
        loc = self.loc(tokens[i])
        header, rows, aligns, row = [], [], [], None
        in_head = False
        i += 1
        while i < end and tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open":
                row = []
            elif t.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(row)
            elif t.type in ("th_open", "td_open"):
                style = str(t.attrs.get("style", ""))
                if in_head:
                    aligns.append(style.replace("text-align:", "") or "left")
                row.append(self.inlines(tokens[i + 1].children or []))
                i += 2
            i += 1
        return Table(header, rows, aligns, loc), i + 1

    def rec_block(self, kind, inner, loc):
        items, before = [], []
        for block in inner:
            if isinstance(block, ListBlock):
                for item in block.items:
                    inlines, item_loc = [], loc
                    for sub in item.blocks:
                        if isinstance(sub, Paragraph):
                            if inlines:
                                inlines.append(LineBreak())
                            inlines.extend(sub.inlines)
                            item_loc = sub.loc if item_loc is loc else item_loc
                    label = self._leading_label(inlines, item_loc, kind)
                    items.append(Recommendation(inlines, item_loc, label=label))
            elif isinstance(block, Paragraph):
                block.numbered = False
                before.append(block)
            else:
                before.append(block)
        if not items:
            self.problems.error(self.file, loc.line, f"the '::: {kind}' block has no items",
                                "write each item as a '- ' line inside the block")
        return before + [RecBlock(kind, items, loc)]

    def _leading_label(self, inlines, loc, kind):
        if inlines and isinstance(inlines[0], Text):
            match = LEADING_LABEL.match(inlines[0].text)
            if match:
                inlines[0].text = inlines[0].text[match.end():]
                label = match[1]
                if kind != "recommendations" or not label.startswith("rec:"):
                    self.problems.error(self.file, loc.line, f"label '{label}' cannot stand here",
                                        "recommendation items take labels such as {#rec:name}")
                    return None
                return label
        return None

    def _check_label(self, label, kind, loc):
        if not LABEL_RE.match(str(label)) or not str(label).startswith(kind + ":"):
            self.problems.error(self.file, loc.line, f"label '{label}' is not valid here",
                                f"write {{#{kind}:name}} with a-z, 0-9 and '-' in the name")

    # ---- notes --------------------------------------------------------------------
    def _collect_notes(self, tokens):
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.type == "footnote_open":
                note_id = t.meta["id"]
                inline = "tokens" in self.env.get("footnotes", {}).get("list", {}).get(note_id, {})
                inner, i = self.blocks(tokens, i + 1, len(tokens), stop="footnote_close")
                if inline:
                    continue  # ^[...] is read where it is called, so its messages name that line
                paragraphs = []
                for block in inner:
                    if isinstance(block, Paragraph):
                        paragraphs.append(block.inlines)
                    elif isinstance(block, ListBlock):
                        for item in block.items:
                            for sub in item.blocks:
                                if isinstance(sub, Paragraph):
                                    paragraphs.append(sub.inlines)
                first = next((b.loc for b in inner if hasattr(b, "loc")), Loc(self.file, self.line))
                self.notes[note_id] = Note(paragraphs, first)
            else:
                i += 1

    # ---- inlines ------------------------------------------------------------------
    def inlines(self, children: list[Token]) -> list:
        out: list = []
        stack: list[list] = [out]
        links: list[Link] = []
        italic = bold = 0
        for t in children:
            target = stack[-1]
            kind = t.type
            if kind == "text":
                if t.content:
                    target.append(Text(t.content, italic=italic > 0, bold=bold > 0))
            elif kind == "softbreak":
                self.line += 1  # so a citation's message names its own line, not its paragraph's
                target.append(Text(" ", italic=italic > 0, bold=bold > 0))
            elif kind == "hardbreak":
                self.line += 1
                target.append(LineBreak())
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "code_inline":
                target.append(Text(t.content, code=True))
            elif kind == "link_open":
                link = Link(str(t.attrs.get("href", "")), [])
                target.append(link)
                links.append(link)
                stack.append(link.children)
            elif kind == "link_close":
                if len(stack) > 1:
                    stack.pop()
            elif kind == "image":
                target.append(Text(t.content or str(t.attrs.get("alt", ""))))
            elif kind in ("html_inline",):
                target.append(Text(t.content))
            elif kind == "cite":
                items = [CiteItem(it["key"], it["prefix"], it["locator"]) for it in t.meta["items"]]
                target.append(Cite(items, Loc(self.file, self.line)))
            elif kind == "xref":
                target.append(XRef(t.meta["kind"], t.meta["label"], Loc(self.file, self.line)))
            elif kind == "footnote_ref":
                note = self.notes.get(t.meta["id"])
                info = self.env.get("footnotes", {}).get("list", {}).get(t.meta["id"], {})
                if note is None and "tokens" in info:  # inline ^[...]: read where it is called
                    here = Loc(self.file, self.line)
                    note = self.notes[t.meta["id"]] = Note([self.inlines(info["tokens"])], here)
                    self.line = here.line  # the note's own line breaks are not the paragraph's
                target.append(NoteRef(str(t.meta.get("label") or f"inline-{t.meta['id']}"),
                                      Loc(self.file, self.line), note))
        return _merge_text(out)


TRAILING_ATTRS = re.compile(r"\s*\{((?:\s*(?:#[A-Za-z][\w:.-]*|\.[A-Za-z][\w-]*))+)\s*\}\s*$")


def _trailing_attributes(inlines: list) -> tuple[str | None, list[str]] | None:
    """Strip a trailing `{#sec:x .unnumbered}` from a heading's text; (label, classes) or None."""
    if not inlines or not isinstance(inlines[-1], Text):
        return None
    match = TRAILING_ATTRS.search(inlines[-1].text)
    if not match:
        return None
    inlines[-1].text = inlines[-1].text[:match.start()]
    if not inlines[-1].text:
        inlines.pop()
    parts = match[1].split()
    label = next((p[1:] for p in parts if p.startswith("#")), None)
    return label, [p[1:] for p in parts if p.startswith(".")]


def _merge_text(inlines: list) -> list:
    out: list = []
    for node in inlines:
        if (isinstance(node, Text) and out and isinstance(out[-1], Text)
                and (out[-1].italic, out[-1].bold, out[-1].code) == (node.italic, node.bold, node.code)):
            out[-1] = Text(out[-1].text + node.text, node.italic, node.bold, node.code)
        else:
            out.append(node)
    return out


def parse_section(source: SourceFile, problems: Problems) -> None:
    """Fill `source.section.blocks`; notes hang off their NoteRef nodes (one copy per call)."""
    converter = _Converter(source, problems)
    blocks = converter.convert()
    _fill_note_refs(blocks, converter.notes)
    source.section.blocks = blocks


def _fill_note_refs(blocks, notes):
    """Footnotes are defined after the body, so calls are linked after everything is read."""
    from assemble.model import block_inlines, walk_inlines

    seen: set[int] = set()
    for inlines in block_inlines(blocks):
        for node in walk_inlines(inlines):
            if isinstance(node, NoteRef) and node.note is not None:
                if id(node.note) in seen:
                    node.note = copy.deepcopy(node.note)  # a note called twice prints twice
                seen.add(id(node.note))
