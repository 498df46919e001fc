"""markdown-it's syntax tree -> typed model nodes, once; the token stream goes no further.

The tokens are read as markdown-it's own SyntaxTreeNode tree (open/close pairs already
matched), so each construct is one function of its node. Footnotes are read from the
footnote block the plugin appends to the stream, where markdown-it's later rules (smart
quotes, the joining of escaped characters) have already run, never from the plugin's
private `env` store.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from assemble.load.sections import SourceFile
from assemble.model import (Cite, CiteItem, Comment, Heading, LineBreak, Link, ListBlock, ListItem, Loc, Note,
                            NoteRef, Paragraph, Quote, QuoteKind, RecBlock, RecKind, Recommendation, RefKind, Table,
                            Text, XRef, block_inlines, copy_tree, walk_blocks, walk_inlines)
from assemble.parse.comments import comment, split_comments
from assemble.parse.lint import Lint
from assemble.parse.rules import citations_plugin
from assemble.typography import dashes_rule
from assemble.problems import Problems

CONTAINERS = (*(kind.value for kind in RecKind), "committee-recommendation")
LEADING_LABEL = re.compile(r"^\{#((?:rec|para):[A-Za-z0-9][A-Za-z0-9_-]*)\}\s*")
LABEL_RE = re.compile(r"^(para|sec|rec):[A-Za-z0-9][A-Za-z0-9_-]*$")
# markdown-it stops reading, without a word, inside blocks nested deeper than maxNesting (20 by
# default: 9 lists). We allow a little more (Word's 9 list levels, inside a quote or a
# `:::` block) and refuse, with the line, what would still be cut off. Each level costs
# time on long runs of brackets, so not much more.
MAX_NESTING = 24
MAX_LISTS, MAX_QUOTES = (MAX_NESTING - 1) // 2, MAX_NESTING - 1


@lru_cache(maxsize=8)
def markdown(quotes: tuple = ("“", "”", "‘", "’")) -> MarkdownIt:
    # Straight quotes become the language's typographic ones and -- / --- / ... dashes and an
    # ellipsis, as pandoc's `smart` does (assemble/typography.py); markdown-it's other
    # "replacements" stay off: they would turn a legal "(c)" into "©".
    md = MarkdownIt("commonmark", {"linkify": False, "typographer": True, "quotes": list(quotes),
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "smartquotes"])
    md.core.ruler.after("text_join", "dashes", dashes_rule)
    md.use(footnote_plugin).use(attrs_block_plugin).use(citations_plugin)
    # A defined note's call is a call even when a bracket follows (`[^1](see above)`): the link
    # rule, which runs first in the plugin's order, would take it for a link and drop the note.
    md.inline.ruler.disable("footnote_ref")
    md.inline.ruler.before("cite", "note_call", footnote_ref)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    return md


class _Converter:
    def __init__(self, source: SourceFile, problems: Problems):
        self.source = source
        self.problems = problems
        self.file = problems.rel(source.section.file)
        self.env: dict = {}
        self.notes: dict[int, Note] = {}  # footnotes defined with [^name]: by markdown-it's id
        self.inline_notes: dict[int, SyntaxTreeNode] = {}  # ^[...]: read where they are called
        self.line = source.body_line
        self._lead: list | None = None  # text after a comment, for the paragraph on the next line

    def loc(self, node: SyntaxTreeNode | None = None) -> Loc:
        if node is not None and node.map:
            self.line = node.map[0] + self.source.body_line
        return Loc(self.file, self.line)

    def error(self, line: int, message: str, hint: str) -> None:
        self.problems.error(self.file, line, message, hint)

    # ---- blocks -------------------------------------------------------------------
    def convert(self) -> list:
        md = markdown(self.source.quotes)
        tokens = md.parse(self.source.body, self.env)
        Lint(self.source.body, self.source.body_line, self.file, self.problems, CONTAINERS).run(tokens, self.env)
        self._check_depth(tokens)
        tree = SyntaxTreeNode(tokens)
        body = [n for n in tree.children if n.type != "footnote_block"]
        for block in tree.children:
            if block.type == "footnote_block":
                self._read_notes(block)
        return self.blocks(body, top=True)

    def _check_depth(self, tokens) -> None:
        """Blocks deeper than markdown-it reads come out empty: say where, once."""
        cut = next((t for t, after in zip(tokens, tokens[1:])
                    if t.nesting == 1 and t.level >= MAX_NESTING - 1 and after.nesting == -1), None)
        if cut is not None:
            line = (cut.map or [0])[0] + self.source.body_line
            self.error(line, f"lists or quotes here are nested too deeply to be read whole (at most {MAX_LISTS} "
                             f"lists or {MAX_QUOTES} quotes inside each other)",
                       "flatten them: the report's styles show 4 levels of numbered lists and 3 of bullets")

    def blocks(self, nodes, top: bool = False) -> list:
        out: list = []
        for index, node in enumerate(nodes):
            kind = node.type
            if kind == "paragraph":
                out.append(self.paragraph(node, top))
            elif kind == "heading":
                out.append(self.heading(node))
            elif kind in ("bullet_list", "ordered_list"):
                out.append(self.list_block(node))
            elif kind == "blockquote":
                loc = self.loc(node)
                out.append(Quote(self.blocks(node.children), loc))
            elif kind == "table":
                out.append(self.table(node))
            elif kind == "container_committee-recommendation":  # a quote, not the coalition's
                out.append(Quote(self.blocks(node.children), self.loc(node), kind=QuoteKind.COMMITTEE))
            elif kind.startswith("container_"):
                loc = self.loc(node)
                out.extend(self.rec_block(kind[len("container_"):], self.blocks(node.children), loc))
            elif kind in ("fence", "code_block"):
                out.append(Paragraph([Text(node.content.rstrip("\n"), code=True)], self.loc(node), numbered=False))
            elif kind == "html_block":
                out.extend(self.html_block(node, top, nodes[index + 1] if index + 1 < len(nodes) else None))
            # hr: a thematic break has no place in a UN report
        return out

    def paragraph(self, node: SyntaxTreeNode, top: bool) -> Paragraph:
        loc = self.loc(node)
        label = node.attrs.get("id")
        if label is not None:
            self._check_label(label, "para", loc)
        numbered = top and "unnumbered" not in str(node.attrs.get("class", "")).split()
        inlines = self.inline_of(node)
        if self._lead:  # text after a comment on the line just before
            inlines = _merge_text(self._lead + [Text(" ")] + inlines)
            self._lead = None
        return Paragraph(inlines, loc, numbered=numbered, label=str(label) if label else None)

    def heading(self, node: SyntaxTreeNode) -> Heading:
        loc = self.loc(node)
        label = node.attrs.get("id")
        if label is not None:
            self._check_label(label, "sec", loc)
        level = int(node.tag[1])
        if level == 1:
            self.problems.warning(self.file, loc.line, "a '#' heading in a section body is shown as a '##' sub-heading",
                                  "the section title comes from the front matter")
        inlines = self.inline_of(node)
        classes = str(node.attrs.get("class", "")).split()
        trailing = _trailing_attributes(inlines)  # pandoc style: ## Practice {#sec:practice}
        if trailing:
            attr_label, attr_classes = trailing
            classes += attr_classes
            if attr_label:
                self._check_label(attr_label, "sec", loc)
                label = label or attr_label
        return Heading(min(max(level, 2) + 1, 5), inlines, loc, label=str(label) if label else None,
                       numbered="unnumbered" not in classes)

    def list_block(self, node: SyntaxTreeNode) -> ListBlock:
        loc = self.loc(node)
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        items = [ListItem(self.blocks(item.children)) for item in node.children if item.type == "list_item"]
        return ListBlock(ordered, items, loc, start=start)

    def table(self, node: SyntaxTreeNode) -> Table:
        loc = self.loc(node)
        header, rows, aligns = [], [], []
        for group in node.children:  # thead, tbody
            for tr in group.children:
                cells = [self.inline_of(cell) for cell in tr.children]
                if group.type == "thead":
                    header = cells
                    aligns = [str(cell.attrs.get("style", "")).replace("text-align:", "") or "left"
                              for cell in tr.children]
                else:
                    rows.append(cells)
        return Table(header, rows, aligns, loc)

    def html_block(self, node: SyntaxTreeNode, top: bool, following: SyntaxTreeNode | None) -> list:
        """Comments become Comment blocks; text after one on its line joins the paragraph below
        it (or stands alone); other HTML is shown as written."""
        loc = self.loc(node)
        pieces = split_comments(node.content)
        if pieces is None:
            return [Paragraph([Text(node.content.strip())], loc, numbered=top)]
        out: list = []
        for piece in pieces:
            line = loc.line + node.content.count("\n", 0, piece.offset)
            if piece.kind == "unclosed":
                self.error(line, "this comment '<!--' is never closed, so the rest of the section is hidden",
                           "end the comment with '-->'")
                out.append(comment(piece.text, Loc(self.file, line), self.source.authors))
            elif piece.kind == "comment":
                out.append(comment(piece.text, Loc(self.file, line), self.source.authors))
            else:
                lead = self.inline_text(piece.text.strip(), line)
                joins = (following is not None and following.type == "paragraph" and following.map
                         and node.map and following.map[0] == node.map[1] and piece is pieces[-1])
                if joins:
                    self._lead = lead
                else:
                    out.append(Paragraph(lead, Loc(self.file, line), numbered=top))
        return out

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
                        elif isinstance(sub, Comment):
                            inlines.append(sub)
                        else:  # a recommendation is one numbered text: nothing else has a place in it
                            what = {ListBlock: "list", Quote: "quotation", Table: "table",
                                    Heading: "heading"}.get(type(sub), "block")
                            self.problems.error(self.file, sub.loc.line, f"a {what} inside a '::: {kind}' item "
                                                "cannot be printed: an item is one numbered text",
                                                "write its points in the item's text ('(a) ...; (b) ...') or make "
                                                "them items of their own")
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
        return before + [RecBlock(RecKind(kind), items, loc)]

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
    def _read_notes(self, block: SyntaxTreeNode) -> None:
        """Every `[^name]:` note gets its Note first, so a note may call one defined after it."""
        defined = []
        for node in block.children:
            note_id = node.meta["id"]
            if node.meta.get("label") is None:  # ^[...]
                self.inline_notes[note_id] = next((c for c in node.children if c.type == "paragraph"), node)
            else:
                self.notes[note_id] = Note([], Loc(self.file, self.line))
                defined.append(node)
        for node in defined:
            note = self.notes[node.meta["id"]]
            blocks = self.blocks(node.children)
            note.paragraphs = _note_paragraphs(blocks, self.problems, self.file)
            note.loc = next((b.loc for b in blocks if hasattr(b, "loc")), note.loc)

    # ---- inlines ------------------------------------------------------------------
    def inline_of(self, node: SyntaxTreeNode) -> list:
        """The inlines of a paragraph, heading or table cell node."""
        inline = next((c for c in node.children if c.type == "inline"), None)
        return self.inlines(inline.children) if inline is not None else []

    def inline_text(self, text: str, line: int) -> list:
        """Markdown text outside a paragraph (after a comment on its line) -> inlines."""
        self.line = line
        tokens = markdown(self.source.quotes).parseInline(text, self.env)
        return self.inlines(SyntaxTreeNode(tokens).children[0].children) if tokens else []

    def inlines(self, nodes, italic: bool = False, bold: bool = False) -> list:
        out: list = []
        for node in nodes:
            kind = node.type
            if kind in ("text", "text_special"):
                if node.content:
                    out.append(Text(node.content, italic=italic, bold=bold))
            elif kind == "softbreak":
                self.line += 1  # so a citation's message names its own line, not its paragraph's
                out.append(Text(" ", italic=italic, bold=bold))
            elif kind == "hardbreak":
                self.line += 1
                out.append(LineBreak())
            elif kind == "em":
                out.extend(self.inlines(node.children, True, bold))
            elif kind == "strong":
                out.extend(self.inlines(node.children, italic, True))
            elif kind == "code_inline":
                out.append(Text(node.content, code=True))
            elif kind == "link":
                out.append(Link(str(node.attrs.get("href", "")), self.inlines(node.children, italic, bold)))
            elif kind == "image":
                out.append(Text(node.content or str(node.attrs.get("alt", ""))))
            elif kind == "html_inline":
                if node.content.startswith("<!--"):
                    out.append(comment(node.content[4:-3], Loc(self.file, self.line), self.source.authors))
                    self.line += node.content.count("\n")
                else:
                    out.append(Text(node.content))
            elif kind == "cite":
                items = [CiteItem(it["key"], it["prefix"], it["locator"]) for it in node.meta["items"]]
                out.append(Cite(items, Loc(self.file, self.line), intext=node.meta.get("intext", False)))
            elif kind == "xref":
                out.append(XRef(RefKind(node.meta["kind"]), node.meta["label"], Loc(self.file, self.line)))
            elif kind == "footnote_ref":
                out.append(self.note_ref(node))
        return _merge_text(out)

    def note_ref(self, node: SyntaxTreeNode) -> NoteRef:
        note_id = node.meta["id"]
        here = Loc(self.file, self.line)
        note = self.notes.get(note_id)
        if note is None and note_id in self.inline_notes:  # ^[...]: read where it is called
            note = self.notes[note_id] = Note([self.inline_of(self.inline_notes[note_id])], here)
            self.line = here.line  # the note's own line breaks are not the paragraph's
        return NoteRef(str(node.meta.get("label") or f"inline-{note_id}"), here, note)


def _note_paragraphs(blocks, problems: Problems, file: str) -> list[list]:
    """A note's paragraphs, in reading order: its paragraphs, list items' and quotations'
    paragraphs, a heading's words as a paragraph; a comment joins the paragraph before it. A
    table has no place in a footnote: refused with its line, never dropped."""
    paragraphs = []
    for block in walk_blocks(blocks):
        if isinstance(block, (Paragraph, Heading)):
            paragraphs.append(block.inlines)
        elif isinstance(block, Comment) and paragraphs:
            paragraphs[-1].append(block)
        elif isinstance(block, Table):
            problems.error(file, block.loc.line, "a table inside a footnote cannot be printed",
                           "put the table in the section's text and refer to it from the note")
    return paragraphs


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
    """Adjacent runs of one style joined; the space doubled around an inline comment halved."""
    out: list = []
    for node in inlines:
        if (isinstance(node, Text) and len(out) >= 2 and isinstance(out[-1], Comment)
                and isinstance(out[-2], Text) and out[-2].text.endswith(" ") and node.text.startswith(" ")):
            node = Text(node.text[1:], node.italic, node.bold, node.code)
            if not node.text:
                continue
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
    _copy_notes_called_twice(blocks)
    source.section.blocks = blocks


def _copy_notes_called_twice(blocks) -> None:
    """A note called twice prints twice: each call gets its own copy."""
    seen: set[int] = set()
    for inlines in block_inlines(blocks):
        for node in walk_inlines(inlines):
            if isinstance(node, NoteRef) and node.note is not None:
                if id(node.note) in seen:
                    node.note = copy_tree(node.note)
                seen.add(id(node.note))
