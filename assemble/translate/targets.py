"""A translator's target, as read from XLIFF or PO (text and numbered codes), turned into the
unit's Markdown so that what the translator typed stays literal text:

* codes are checked against the source unit (each standalone code once, each pair opened and
  closed once, in order);
* line breaks typed in a target are spaces (a unit is one paragraph; a real line break is a code);
* spaces just inside a pair move outside it (`* a *` would print its asterisks);
* text right after or before a code is escaped where Markdown would join them: `(2016)` after a
  citation is not a link, `1` after `@sec:art-2` does not make `@sec:art-21`.

`comparable` gives the form in which a target and its Markdown read back are compared."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assemble.translate.units import MD_SPECIAL, Code, Unit, escape_markdown
from assemble.typography import dashes


@dataclass(frozen=True)
class Ref:
    id: int


@dataclass(frozen=True)
class Open:
    id: int


@dataclass(frozen=True)
class Close:
    id: int


Piece = "str | Ref | Open | Close"
XREF_CHAR = re.compile(r"[A-Za-z0-9_-]")
ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Smart quotes turn ' and " into the language's quotes (a Russian ' may become „): compared as one
ANY_QUOTE = str.maketrans({c: '"' for c in "'‘’‚‛“”„‟«»‹›"})


def is_empty(pieces: list) -> bool:
    """No text and no code: the unit is not translated yet (never an empty paragraph)."""
    return all(isinstance(p, str) and not p.strip() for p in pieces)


def check_codes(unit: Unit, pieces: list) -> str | None:
    """Why the codes of a target do not fit the source unit, or None."""
    codes = unit.codes()
    seen: dict[int, list[str]] = {}
    stack: list[int] = []
    wrong: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            continue
        code = codes.get(piece.id)
        kind = {Ref: "ref", Open: "open", Close: "close"}[type(piece)]
        seen.setdefault(piece.id, []).append(kind)
        if code is None:
            continue
        if code.paired != (kind != "ref"):
            wrong.append(f"{{{piece.id}}} is {'a pair' if code.paired else 'a single code'} in the source")
        elif kind == "open":
            stack.append(piece.id)
        elif kind == "close":
            if not stack or stack[-1] != piece.id:
                wrong.append(f"{{{piece.id}}} closes out of order")
            else:
                stack.pop()
    missing = [n for n in codes if n not in seen]
    unknown = sorted(n for n in seen if n not in codes)
    repeated = sorted(n for n, kinds in seen.items() if n in codes and
                      (kinds.count("ref") > 1 or kinds.count("open") > 1 or kinds.count("close") > 1))
    unclosed = sorted(n for n, kinds in seen.items() if n in codes and codes[n].paired
                      and sorted(kinds) != ["close", "open"] and n not in repeated)
    detail = []
    if missing:
        detail.append("lost " + ", ".join(f"{{{n}}} ({codes[n].describe()})" for n in missing))
    if unknown or repeated:
        detail.append("unknown or repeated " + ", ".join(f"{{{n}}}" for n in sorted(set(unknown + repeated))))
    if unclosed:
        detail.append("unpaired " + ", ".join(f"{{{n}}} ({codes[n].describe()})" for n in unclosed))
    if not detail:
        detail = wrong
    return "; ".join(dict.fromkeys(detail)) if detail else None


def normalise(unit: Unit, pieces: list) -> list:
    """The target as it will be written: one line, spaces outside pairs, empty style pairs gone."""
    codes = unit.codes()
    out: list = [re.sub(r"\s*\n\s*", " ", p) if isinstance(p, str) else p for p in pieces]
    changed = True
    while changed:
        changed = False
        out = merge_text(out)
        for i, piece in enumerate(out):
            nxt = out[i + 1] if i + 1 < len(out) else None
            prev = out[i - 1] if i else None
            if isinstance(piece, Open) and isinstance(nxt, str) and nxt[:1].isspace():
                out[i:i + 2] = [" ", piece, nxt.lstrip()]
                changed = True
                break
            if isinstance(piece, Close) and isinstance(prev, str) and prev[-1:].isspace():
                out[i - 1:i + 1] = [prev.rstrip(), piece, " "]
                changed = True
                break
            if (isinstance(piece, Open) and isinstance(nxt, Close) and nxt.id == piece.id
                    and codes[piece.id].ctype != "link"):
                del out[i:i + 2]  # italics around nothing: nothing to format
                changed = True
                break
    out = merge_text(out)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return [p for p in out if p != ""]


def merge_text(pieces: list) -> list:
    """Adjacent text pieces joined, empty ones dropped."""
    out: list = []
    for p in pieces:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return out


def target_markdown(unit: Unit, pieces: list) -> str:
    """The normalised target (see `normalise`) as Markdown."""
    codes = unit.codes()
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            before = _code_text(pieces[i - 1], codes) if i else ""
            after = _code_text(pieces[i + 1], codes) if i + 1 < len(pieces) else ""
            out.append(escape_text(piece, before, after, at_start=i == 0))
        else:
            out.append(_code_text(piece, codes))
    return "".join(out)


def _code_text(piece, codes: dict[int, Code]) -> str:
    if isinstance(piece, str):
        return ""
    code = codes[piece.id]
    return code.closing if isinstance(piece, Close) else code.markdown


def escape_text(text: str, before: str, after: str, at_start: bool = False) -> str:
    """Text -> Markdown that reads back as the same text between the codes `before` and `after`."""
    lead = trail = ""
    core = text
    if before.startswith("@") and XREF_CHAR.match(core[:1]):  # @sec:art-2 + "1" is not @sec:art-21
        lead, core = f"&#{ord(core[0])};", core[1:]
    elif before.endswith(("]", ")")) and core[:1] in ("(", ":", "!"):  # [@a] + "(2016)" is not a link
        lead, core = "\\" + core[0], core[1:]
    if after.startswith("@") and core and (core[-1].isalnum() or core[-1] in "_."):  # "word@sec:x": a word
        core, trail = core[:-1], f"&#{ord(core[-1])};"
    elif after.startswith("[") and core.endswith("!"):  # "!" + "[" is not an image
        core, trail = core[:-1], "\\!"
    # a unit is one line, so only its start can begin a list, a quote or "{.unnumbered}"
    body = escape_markdown(core) if at_start else "".join("\\" + c if c in MD_SPECIAL else c for c in core)
    body = ENTITY_LIKE.sub("&amp;", body)  # "&copy;" typed stays those six letters
    if at_start:
        body = re.sub(r"^\{", r"\\{", body)
    return lead + body + trail


def comparable(items) -> list[tuple[str, frozenset]]:
    """Characters and codes, each with the pairs around it, whitespace collapsed: how a target
    and the unit read back from its Markdown are compared. `items` are (text or None, code
    Markdown or None, open/close/None) triples."""
    out: list[tuple[str, frozenset]] = []
    styles: list[str] = []
    for text, markdown, pair in items:
        if pair == "open":
            styles.append(markdown)
        elif pair == "close":
            if styles:
                styles.pop()
        elif markdown is not None:
            out.append(("\0" + markdown, frozenset()))
        else:
            for char in dashes(text).translate(ANY_QUOTE):  # the build's typography, on both sides
                if char.isspace():
                    if out and out[-1][0] != " ":
                        out.append((" ", frozenset()))
                else:
                    out.append((char, frozenset(styles)))
    while out and out[0][0] == " ":
        out.pop(0)
    while out and out[-1][0] == " ":
        out.pop()
    return out


def target_items(unit: Unit, pieces: list):
    codes = unit.codes()
    for piece in pieces:
        if isinstance(piece, str):
            yield piece, None, None
        elif isinstance(piece, Ref):
            yield None, codes[piece.id].markdown, None
        elif isinstance(piece, Open):
            yield None, _pair_name(codes[piece.id]), "open"
        else:
            yield None, _pair_name(codes[piece.id]), "close"


def _pair_name(code: Code) -> str:
    return code.markdown + code.closing


def pieces_of(unit: Unit) -> list:
    """The unit's own text and codes, as a reader of an exchange file would give them back."""
    out: list = []
    for number, segment in unit.numbered():
        if number is None:
            out.append(segment.text)
        else:
            out.append({"open": Open, "close": Close}.get(segment.pair, Ref)(number))
    return out
