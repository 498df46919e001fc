"""Smart typography, as pandoc's `smart` extension does it: straight quotes become the language's
typographic ones, apostrophes become ’, `--` an en dash, `---` an em dash, `...` an ellipsis.

One implementation for every text a reader sees: section bodies (a markdown-it rule, see
`dashes_rule`), section titles, report.yml values (title, subtitle, State party, session,
organisation names) and the document properties. Nothing else is replaced: a legal "(c)" stays.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

DEFAULT_QUOTES = ("“", "”", "‘", "’")
# Longest first: "---" before "--". A hyphen run of four or more (a rule, a table border) stays.
DASHES = re.compile(r"(?<!-)---(?!-)|(?<!-)--(?!-)|\.\.\.(?!\.)")
REPLACEMENT = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def dashes(text: str) -> str:
    return DASHES.sub(lambda m: REPLACEMENT[m.group(0)], text)


def dashes_rule(state) -> None:
    """markdown-it core rule: dashes and ellipses in text (never in code, URLs shown as links)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        autolink = 0
        for token in block.children:
            if token.type == "link_open" and token.markup in ("autolink", "linkify"):
                autolink += 1
            elif token.type == "link_close" and autolink:
                autolink -= 1
            elif token.type == "text" and not autolink:
                token.content = dashes(token.content)


@lru_cache(maxsize=8)
def _plain(quotes: tuple) -> MarkdownIt:
    # The "zero" preset reads nothing as Markdown: `*`, `_`, `[` and `\` in a name stay as typed.
    md = MarkdownIt("zero", {"typographer": True, "quotes": list(quotes)})
    md.enable(["smartquotes"])
    md.core.ruler.after("text_join", "dashes", dashes_rule)
    return md


def smarten(text: str, quotes: tuple = DEFAULT_QUOTES) -> str:
    """`text` (one line of plain text, not Markdown) with smart typography in the given quotes."""
    if not text or not any(c in text for c in "\"'-."):
        return text
    tokens = _plain(tuple(quotes)).parseInline(text)
    if not tokens or not tokens[0].children:
        return text
    return "".join(child.content for child in tokens[0].children if child.type == "text")


def quotes_for(words: dict) -> tuple:
    """The typographic quotes of a language catalogue: double open/close, single open/close."""
    return tuple(words.get("quotes") or DEFAULT_QUOTES[:2]) + tuple(words.get("inner_quotes") or DEFAULT_QUOTES[2:])
