"""markdown-it rules for pandoc's citation syntax and `@para:x` references.

Citations as pandoc reads them: `[@key]`, `[see @key, p. 5; @other]`, `[-@key]`, braced keys
`[@{foo.bar}]`, keys in any script (`[@胡適1917]`), locators in braces `[@key, {pp. iv, vi-xi}]`,
and in-text forms `@key`, `@key [p. 33]`, `@key's`, `(@key)`. Each rule emits one token with the
parsed data in `token.meta`; to_model turns it into a node.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import link as link_rule

XREF_KINDS = ("para", "sec", "rec", "upr")
# pandoc: a key starts with a letter, digit or _ and may hold internal punctuation :.#$%&-+?<>~/
KEY = r"(?:\{(?P<braced>[^{}]+)\}|(?P<plain>[^\W][\w:.#$%&+?<>~/-]*))"
ITEM_RE = re.compile(rf"^(?P<prefix>.*?)(?<![\w@])(?P<suppress>-?)@{KEY}(?P<rest>.*)$", re.S)
INTEXT_RE = re.compile(KEY)
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


def _split_items(content: str) -> list[str]:
    """'a; b {p. 1; 3}; c' -> three groups: a ';' inside braces is the locator's own."""
    groups, depth, current = [], 0, []
    for char in content:
        depth += char == "{"
        depth -= char == "}" and depth > 0
        if char == ";" and depth == 0:
            groups.append("".join(current))
            current = []
        else:
            current.append(char)
    groups.append("".join(current))
    return groups


def _item(match: re.Match, whole_rest: bool) -> dict | None:
    if match["braced"] is not None:
        key, rest = match["braced"].strip(), match["rest"]
    else:
        key, rest = split_key(match["plain"], match["rest"])
        if whole_rest and rest and not rest.strip(".:,;?/-") and "-" in rest:
            key, rest = key + rest, ""  # [@smith-]: a key Better BibTeX made, ending in '-'
    if not key or key.split(":")[0] in XREF_KINDS:
        return None
    locator = rest.strip()
    if locator.startswith(","):
        locator = locator[1:].strip()
    if locator.startswith("{") and "}" in locator:  # pandoc's explicit locator: {pp. iv, vi-xi}
        inner, _, after = locator[1:].partition("}")
        locator = (inner + after).strip()
    return {"prefix": " ".join(match["prefix"].split()), "key": key, "locator": " ".join(locator.split()),
            "suppress_author": bool(match["suppress"])}


def parse_cite_items(content: str) -> list[dict] | None:
    """'see @a, art. 5; @b' -> [{prefix, key, locator}, ...], or None if this is not a citation."""
    if "@" not in content:
        return None
    items = []
    for group in _split_items(content):
        match = ITEM_RE.match(group.strip())
        if not match:
            return None
        item = _item(match, whole_rest=True)
        if item is None:
            return None
        items.append(item)
    return items


def cite_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    if src[pos] != "[" or src.startswith("[^", pos):
        return False
    if silent:
        # Only markdown-it's bracket scan asks silently; a citation token there would look like a
        # link nested in a link and break `[the report [@key]](url)`: let it count the brackets.
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
        token.meta = {"items": items, "intext": False}
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


def intext_rule(state: StateInline, silent: bool) -> bool:
    """`@key says`, `@key [p. 33] says`, `@key's`: an in-text citation, as in pandoc. An '@'
    after a letter or digit is an e-mail address; `\\@` is a literal '@'."""
    pos = state.pos
    src = state.src
    if src[pos] != "@" or (pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "_.@\\")):
        return False
    if pos >= 2 and src.startswith("\\[", pos - 2):
        return False  # '\[@key': the author escaped the bracket to write '[@key' as text
    match = INTEXT_RE.match(src, pos + 1)
    if not match:
        return False
    if match["braced"] is not None:
        key, end = match["braced"].strip(), match.end()
    else:
        key, _ = split_key(match["plain"], "")
        end = pos + 1 + len(key)
    if not key or key.split(":")[0] in XREF_KINDS:
        return False
    locator = ""
    bracket = re.match(r" ?\[([^\[\]@]*)\]", src[end:state.posMax])
    if bracket and not src.startswith(("(", "["), end + bracket.end()):
        locator = bracket[1].strip()
        if locator.startswith("{") and "}" in locator:
            inner, _, after = locator[1:].partition("}")
            locator = (inner + after).strip()
        end += bracket.end()
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"items": [{"prefix": "", "key": key, "locator": " ".join(locator.split()),
                                 "suppress_author": False}], "intext": True}
        token.content = src[pos:end]
    state.pos = end
    return True


def xref_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    after_xref = not state.pending and bool(state.tokens) and state.tokens[-1].type == "xref"
    if src[pos] != "@" or (pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "_.") and not after_xref):
        return False  # an e-mail address or a word, unless it is a reference right after another
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
    md.inline.ruler.after("xref", "intext_cite", intext_rule)
    md.inline.add_terminator_char("@")
