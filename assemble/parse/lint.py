"""Markup that markdown-it silently accepts but the author did not mean.

An unclosed ':::' block swallows the rest of the file, an undefined `[^x]` or a broken `[@key`
prints as literal text: each is found here, on the token stream, with its file line.
"""
from __future__ import annotations

import difflib
import re

from markdown_it.token import Token

from assemble.problems import Problems

CLOSE_RE = re.compile(r"^[\s>]*:{3,}\s*$")
FENCE_LINE = re.compile(r"^\s*:{3,}\s*(\S*)")
NOTE_MARK = re.compile(r"\[\^([^][\s]+)\]")  # no "[" inside: "[^[^[^..." stays linear
ATTR_LINE = re.compile(r"^\{[#.][^}]*\}$")
# Direction controls (U+202A-202E, U+2066-2069) make text display in another order than it is
# read ("Trojan Source"); labels refuse them by their syntax, cross-references must too.
BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
BIDI_XREF = re.compile(rf"@[{BIDI}]*(?:para|sec|rec)[{BIDI}]*:[\w{BIDI}-]*")


class Lint:
    def __init__(self, body: str, body_line: int, file: str, problems: Problems, containers: tuple[str, ...]):
        self.lines = body.split("\n")
        self.offset = body_line  # file line of body line 0
        self.file = file
        self.problems = problems
        self.containers = containers
        self.unknown_open = False  # the ':::' closing an unknown block is not a second problem

    def run(self, tokens: list[Token], env: dict) -> None:
        self.defined = env.get("footnotes", {}).get("refs", {})
        self.containers_closed(tokens)
        ref_lines = self.note_ref_lines(tokens)
        span = None
        for t in tokens:
            if t.type == "footnote_open":
                span = ref_lines.get(t.meta.get("id"))
            if t.type != "inline":
                continue
            where = tuple(t.map) if t.map else span
            if where is None:
                continue
            self.stray_fences(t, where)
            self.literal_marks(t.children or [], where)
        self.unused_definitions(env)
        self.bidi_references()

    # ---- ':::' blocks -------------------------------------------------------------
    def containers_closed(self, tokens: list[Token]) -> None:
        """Our blocks never nest, so a block opening inside another means the first was not closed."""
        open_: list[Token] = []
        reported: set[int] = set()
        for t in tokens:
            if t.type.startswith("container_") and t.nesting == 1:
                if open_:
                    outer = open_[0]
                    if id(outer) not in reported:
                        reported.add(id(outer))
                        self.error(outer.map[0], f"the '{outer.markup} {outer.info.strip()}' block is not closed",
                                   f"add a line ':::' before the block on line {t.map[0] + self.offset}")
                elif not self._closes(t.map[1]):
                    self.error(t.map[0], f"the '{t.markup} {t.info.strip()}' block is never closed",
                               "add a line ':::' after its last item")
                open_.append(t)
            elif t.type.startswith("container_") and t.nesting == -1 and open_:
                open_.pop()

    def _closes(self, index: int) -> bool:
        return index < len(self.lines) and bool(CLOSE_RE.match(self.lines[index]))

    def stray_fences(self, t: Token, where: tuple[int, int]) -> None:
        """'::: recomendations' or a lone ':::' end up as paragraph text."""
        for number, text in enumerate(t.content.split("\n"), start=where[0]):
            match = FENCE_LINE.match(text)
            if match and match[1]:
                self.unknown_open = True
                close = difflib.get_close_matches(match[1], self.containers, n=1)
                self.error(number, f"unknown block '::: {match[1]}'",
                           f"did you mean '::: {close[0]}'?" if close
                           else "blocks are '::: recommendations' and '::: questions'")
            elif match and self.unknown_open:
                self.unknown_open = False
            elif match:
                self.error(number, "this ':::' closes no block",
                           "delete it, or open a block above it with '::: recommendations'")
            elif ATTR_LINE.match(text.strip()):
                self.error(number, f"'{text.strip()}' is not a valid label or class line",
                           "write {#para:name} with a-z, 0-9 and '-', alone on the line before the paragraph")

    # ---- footnote marks and citations left as text ----------------------------------
    def note_ref_lines(self, tokens: list[Token]) -> dict[int, tuple[int, int]]:
        """Inline notes ^[...] have no lines of their own: they live where they are called."""
        found: dict[int, tuple[int, int]] = {}
        for t in tokens:
            if t.type == "inline" and t.map:
                for child in t.children or []:
                    if child.type == "footnote_ref":
                        found.setdefault(child.meta["id"], tuple(t.map))
        return found

    def literal_marks(self, children: list[Token], where: tuple[int, int]) -> None:
        for text in _text_runs(children):
            for match in NOTE_MARK.finditer(text):
                line = self.find(match[0], where)
                if line is not None and f":{match[1]}" not in self.defined:  # defined: this one was escaped
                    self.error(line, f"footnote {match[0]} has no definition",
                               f"add a line '{match[0]}: text of the note' at the end of the file")
            if "[@" in text:
                self.open_bracket(children, where)
        for before, child in zip(children, children[1:]):  # '[@key, p. 5' unclosed: an in-text @key after '['
            if child.type == "cite" and child.meta.get("intext") and before.type == "text" \
                    and before.content.endswith("["):
                self.open_bracket(children, where)
                break

    def open_bracket(self, children: list[Token], where: tuple[int, int]) -> None:
        cites = [c.content for c in children if c.type == "cite" and not c.meta.get("intext")]
        line = self.find("[@", where, skip=cites)
        if line is not None:
            self.warning(line, "this '[@' did not become a citation",
                         "close it with ']' and give every part separated by ';' its own @key")

    def unused_definitions(self, env: dict) -> None:
        refs = env.get("footnotes", {}).get("refs", {})
        for label, used in refs.items():
            if used == -1:
                name = label[1:]
                line = next((i for i, text in enumerate(self.lines)
                             if re.match(rf"^\s*\[\^{re.escape(name)}\]:", text)), 0)
                self.warning(line, f"footnote [^{name}] is defined but never used",
                             f"call it with [^{name}] in the text, or delete the definition")

    def bidi_references(self) -> None:
        for index, line in enumerate(self.lines):
            for match in BIDI_XREF.finditer(line):
                control = next((c for c in match[0] if re.match(f"[{BIDI}]", c)), None)
                if control:
                    self.error(index, f"the cross-reference '{match[0].encode('ascii', 'ignore').decode()}' holds "
                               f"an invisible direction control (U+{ord(control):04X})",
                               "delete it: it makes the text show in another order than it reads")

    # ---- helpers --------------------------------------------------------------------
    def find(self, needle: str, where: tuple[int, int], skip: list[str] = ()) -> int | None:
        """The body line (0-based) within `where` that holds `needle` as written and not as the
        start of one of `skip`; None when the author escaped it (`\\[^x]` is meant literally)."""
        pattern = re.compile(r"(?<!\\)" + re.escape(needle))
        for index in range(where[0], min(where[1], len(self.lines))):
            line = self.lines[index]
            for match in pattern.finditer(line):
                if not any(line.startswith(s, match.start()) for s in skip):
                    return index
        return None

    def error(self, index: int, message: str, hint: str | None = None) -> None:
        self.problems.error(self.file, index + self.offset, message, hint)

    def warning(self, index: int, message: str, hint: str | None = None) -> None:
        self.problems.warning(self.file, index + self.offset, message, hint)


def _text_runs(children: list[Token]):
    """Adjacent text tokens joined: markdown-it may split '[^x]' across several."""
    run: list[str] = []
    for child in children:
        if child.type == "text":
            run.append(child.content)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)
