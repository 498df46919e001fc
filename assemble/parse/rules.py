"""markdown-it rules for pandoc-style citations `[see @key, p. 5; @other]` and `@para:x` references.

Each rule emits one token with the parsed data in `token.meta`; to_model turns it into a node.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import link as link_rule

XREF_KINDS = ("para", "sec", "rec", "upr")
KEY = r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*"
ITEM_RE = re.compile(rf"^(?P<prefix>.*?)(?<![\w@])-?@(?P<key>{KEY})(?P<rest>.*)$", re.S)
XREF_RE = re.compile(r"@(para|sec|rec):([A-Za-z0-9][A-Za-z0-9_-]*)")
# A previous UPR cycle's recommendation by its number in the Working Group's report: @upr:115.23
# (a final full stop ends the sentence, not the number).
UPR_RE = re.compile(r"@(upr):(\d+(?:\.\d+)+)")


def split_key(key: str, rest: str) -> tuple[str, str]:
    """Trailing punctuation belongs to the text after the key, as in pandoc."""
    while key and key[-1] in ".:,;?/-":
        rest = key[-1] + rest
        key = key[:-1]
    return key, rest


def parse_cite_items(content: str) -> list[dict] | None:
    """'see @a, art. 5; @b' -> [{prefix, key, locator}, ...], or None if this is not a citation."""
    if "@" not in content:
        return None
    items = []
    for group in content.split(";"):
        match = ITEM_RE.match(group.strip())
        if not match:
            return None
        key, rest = split_key(match["key"], match["rest"])
        if not key or key.split(":")[0] in XREF_KINDS:
            return None
        locator = rest.strip()
        if locator.startswith(","):
            locator = locator[1:].strip()
        items.append({"prefix": " ".join(match["prefix"].split()), "key": key,
                      "locator": " ".join(locator.split())})
    return items


def cite_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    if src[pos] != "[" or src.startswith("[^", pos):
        return False
    end = state.md.helpers.parseLinkLabel(state, pos, True)
    if end < 0:
        return False
    if _link_at(state, pos, end):
        return False  # a link or reference link: leave it to the link rule
    items = parse_cite_items(src[pos + 1:end])
    if items is None:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"items": items}
        token.content = src[pos:end + 1]
    state.pos = end + 1
    return True


def _link_at(state: StateInline, pos: int, end: int) -> bool:
    """Whether `[...]` at pos, followed by `(` or `[`, is a link markdown-it would make. A
    footnote call `[@a][^n]`, a bracket `[@a]([@b])` or an undefined reference `[@a][@b]` after
    a citation is none: markdown-it would print the citation as text."""
    after = state.src[end + 1:min(end + 3, state.posMax)]
    if not after or after[0] not in "([" or after in ("[^", "(["):
        return False
    saved = state.pos, state.posMax
    state.pos = pos
    try:
        return link_rule(state, True)
    finally:
        state.pos, state.posMax = saved


def xref_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    if src[pos] != "@" or (pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "_.")):
        return False
    match = XREF_RE.match(src, pos) or UPR_RE.match(src, pos)
    if not match:
        return False
    name = match[2].rstrip("-_")
    if not silent:
        token = state.push("xref", "", 0)
        token.meta = {"kind": match[1], "label": f"{match[1]}:{name}"}
        token.content = match[0]
    state.pos = pos + 1 + len(match[1]) + 1 + len(name)
    return True


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "cite", cite_rule)
    md.inline.ruler.before("link", "xref", xref_rule)
    md.inline.add_terminator_char("@")
