"""A typed note -> its citation parts: where each part starts and ends, its signal ("See"),
its pinpoint ("para. 14") and any back-reference marker (Ibid., supra note N, (n N), op. cit.).

Parts are found on ";" outside brackets and quotes, and on sentence ends ("… 2016. Ibid."),
never after an abbreviation such as "No." or "art.". Offsets index the note paragraph's
text, so whatever is not a citation is written back exactly as typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "no", "nos", "art", "arts", "para", "paras", "p", "pp", "v", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "inc",
    "ltd", "co", "corp", "rev", "add", "corr", "vol", "vols", "ch", "chap", "sec", "secs", "cf", "e.g", "i.e", "al",
    "ed", "eds", "op", "cit", "doc", "res", "supp", "fig", "n", "nn", "approx", "ca", "c", "s", "ss", "ff", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "gov", "dept", "univ",
    "ст", "п", "пп", "ч", "г", "гг", "т", "см", "др", "ср", "стр", "им", "ул", "etc", "incl", "resp", "u.s", "u.k",
    "u.n", "jr", "sr", "pt", "pts", "reg", "regs", "sub", "cl", "nr", "núm", "art", "al", "pág", "págs",
}
SIGNAL = re.compile(
    r"^(?:(?:see also|see generally|see, e\.g\.,|see, for example,|see, as a model,|see, inter alia,|see e\.g\.|"
    r"but see|see|cf\.|cf|compare|contra|also|and|e\.g\.,|e\.g\.|for example,|for instance,|quoted in|cited in|"
    r"as cited in|reproduced in|inter alia|см\. также|см\.|ср\.|напр\.|например,|voir aussi|voir|véase también|"
    r"véase|vid\.)(?=[\s,:]|$)[,:]?\s*)+", re.I)

LABEL = (r"(?:¶¶?|arts?\.?|articles?|paras?\.?|paragraphs?|pp?\.|pages?|§§?|sections?|secs?\.|ss?\.?(?=\s*\d)|"
         r"chs?\.|chapters?|parts?|pts?\.?(?=\s*[\dIVXLC])|principles?|annex(?:es)?|rules?|r\.?(?=\s*\d)|regs?\.|recs?\.|"
         r"recommendations?|notes?|fns?\.|footnotes?|vols?\.|items?|clauses?|cl\.|sub-?paras?\.?|subparagraphs?|"
         r"ст\.|статья|статьи|п\.|пп\.|ч\.|с\.|стр\.|гл\.|разд\.|al\.|alinéa|párr\.|págs?\.)")
NUM = (r"(?:\[?\d+[\w.]*\]?(?:\s*\((?!(?:1[89]|20)\d\d\))\w{1,4}\))*|\((?!(?:1[89]|20)\d\d\))\w{1,4}\)"
       r"|[IVXLC]+\b|[ivxlc]+\b|[A-Z]\b)")  # "12", "7.2", "951 (3)", "(9)", "I"; never "(2015)"
RANGE = rf"{NUM}(?:\s*[–—-]\s*{NUM})?"
LIST = rf"{RANGE}(?:\s*(?:,|and|&|to|et|и|y)\s*(?!{LABEL}){RANGE})*"
ITEM = rf"(?:{LABEL}\s*{LIST}|introduction|preamble|summary|foreword|executive summary|\[(?!(?:1[89]|20)\d\d\])\d[\d.]*\])"
SEQ = rf"{ITEM}(?:\s*,?\s*(?:and\s+)?{ITEM})*"
PINPOINT_AT_END = re.compile(rf"(?:,\s*|\s+)(?P<pin>{SEQ})\s*\.?\s*$", re.I)
# "…, art. 32, http://… (accessed 15 November 2026)": the pinpoint before the address
PINPOINT_BEFORE_URL = re.compile(
    rf",\s*(?P<pin>{SEQ})(?=\s*,?\s*<?(?:https?://|www\.)[^\s>]+>?\s*(?:\((?:accessed|consulted|viewed|visited|"
    r"retrieved|last accessed|дата обращения)[^)]*\)|(?:accessed|last accessed|consulted)\s+[^,;]+)?\s*\.?\s*$)",
    re.I)
# "… (accessed 1 May 2024)", "…, last visited 3 March 2025", "[viewed 2 June 2023]": when the
# partner read the page, not a fact of the source; kept apart so it neither vetoes the match
# (its year is not the source's) nor is lost (the report names it where the entry lacks it)
_VISIT_DATE = (r"(?:\d{1,2}\.?\s+[^\W\d_]+\.?,?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}"
               r"|\d{1,2}[./]\d{1,2}[./]\d{4})")
ACCESSED = re.compile(
    r"[,\s]*(?:[(\[](?:last\s+)?(?:accessed|consulted|viewed|visited|retrieved|дата обращения|consulté le|"
    r"consultado(?: el)?)(?:\s+on)?:?\s+[^)\]]*[)\]]|(?:last\s+)?(?:accessed|consulted|viewed|visited|retrieved)"
    rf"(?:\s+on)?:?\s+{_VISIT_DATE})", re.I)
# "(Almaty, 2007), 38–52" / "(2007) 38–52": pages after a publication parenthesis (Chicago, OSCOLA)
PAGES_AFTER_PAREN = re.compile(r"\),?\s+(?P<pin>\d+(?:\s*[–—-]\s*\d+)?(?:\s*,\s*\d+(?:\s*[–—-]\s*\d+)?)*)\s*\.?\s*$")
BARE_PINPOINT = re.compile(rf"^[,\s]*(?P<pin>(?:{SEQ}|{LIST}))\s*\.?\s*$", re.I)

IBID = re.compile(r"(?<![\w])(?:ibid(?:em)?|ibíd|id|там же|там же)\b\.?", re.I)
SUPRA = re.compile(
    r"(?:,\s*)?(?:\bsupra,?\s+(?:note|n\.?|fn\.?|footnote)\s*(?P<a>\d+)|\bsupra\s+nota\s*(?P<e>\d+)"
    r"|\((?:n|nn|note|fn)\.?\s*(?P<b>\d+)\)|\babove,?\s+(?:n\.?|note|fn\.?)\s*(?P<c>\d+)"
    r"|\b(?:see\s+)?(?:note|fn\.?|footnote)\s*(?P<d>\d+)\s+above|\bсм\.\s*сноску\s*(?P<f>\d+)"
    r"|\bprécitée?s?,?\s+note\s*(?P<g>\d+)|\bop\.?\s*cit\.?,?\s+(?:note|n\.?)\s*(?P<h>\d+))",
    re.I)
OP_CIT = re.compile(r"(?:,\s*)?\b(?:op\.?\s*cit\.?|loc\.?\s*cit\.?|указ\.\s*соч\.?)", re.I)

OPEN = "([{“«„‘"
CLOSE = ")]}”»“’"


@dataclass
class Piece:
    """A stretch of one note paragraph: start and end offsets in its text."""

    start: int
    end: int


def _depth_split(text: str, start: int, end: int, sep: str) -> list[Piece]:
    """Split text[start:end] at `sep` outside brackets and quotation marks."""
    pieces, depth, quote, last = [], 0, False, start
    for i in range(start, end):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in "“«„":
            quote = True
        elif ch in "”»":
            quote = False
        elif ch == sep and depth == 0 and not quote:
            pieces.append(Piece(last, i))
            last = i + 1
    pieces.append(Piece(last, end))
    return pieces


SENTENCE_END = re.compile(r"(?<=[.!?])[\s\u00a0]+(?=[A-ZА-ЯЁ“\"«(])")


def _sentences(text: str, piece: Piece) -> list[Piece]:
    out, last = [], piece.start
    depth = 0
    chunk = text[piece.start:piece.end]
    for match in SENTENCE_END.finditer(chunk):
        at = piece.start + match.start()
        before = text[last:at]
        if before.count("(") > before.count(")") or before.count("“") > before.count("”") or _in_single_quote(before):
            continue  # inside a bracket or a quotation: not the end of a citation
        word = re.search(r"([\w.]+)\.$", before)
        if word:
            token = word[1].lower()
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or re.fullmatch(r"(?:\w\.)+\w", token):
                continue
        if depth:
            continue
        out.append(Piece(last, at))
        last = piece.start + match.end()
    out.append(Piece(last, piece.end))
    return out


def _in_single_quote(text: str) -> bool:
    """An open ‘…’ (OSCOLA quotes titles so): ‘ after a space opens, ’ before a non-letter closes,
    so the apostrophe in "Kazakhstan’s" is not taken for either."""
    opened = len(re.findall(r"(?:^|(?<=[\s(\[]))‘", text))
    closed = len(re.findall(r"’(?![\w])", text))
    return opened > closed


def split_parts(text: str) -> list[Piece]:
    """The candidate citation parts of one note paragraph, in order (separators excluded)."""
    parts = []
    for piece in _depth_split(text, 0, len(text), ";"):
        for sentence in _sentences(text, piece):
            s, e = sentence.start, sentence.end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                parts.append(Piece(s, e))
    return parts


@dataclass
class Parsed:
    """A part read as a citation: signal, the reference text, back-reference, pinpoint.

    Offsets are relative to the part: `lead` starts at `lead_at` (after the signal); an
    Ibid./supra marker starts at `marker_at`. Text before the citation stays as typed.
    """

    prefix: str  # "See", "See also", as typed
    body: str  # the reference without signal and pinpoint (for supra/op. cit.: the short form)
    locator: str  # the pinpoint as typed ("para. 14"), "" if none
    ibid: bool = False
    supra: int | None = None  # note number pointed at
    op_cit: bool = False
    lead_at: int = 0
    marker_at: int = 0
    accessed: str = ""  # "accessed 1 May 2024", as typed, without its brackets


def _clean_locator(text: str) -> str:
    text = " ".join(text.strip().strip(",").strip().rstrip(".").split())
    return re.sub(r"^at\s+(?=[\d§¶\[(ivxlcIVXLC])", "", text)  # "Id. at 110", "supra note 3, at 5" (US)


def parse_part(part: str) -> Parsed:
    """Read one part as a citation."""
    text = part.rstrip()
    if text.endswith("."):
        text = text[:-1].rstrip()
    signal = SIGNAL.match(text)
    prefix, offset = "", 0
    if signal:
        prefix = signal.group(0).strip()
        if prefix.endswith(":"):
            prefix = prefix[:-1].rstrip()
        offset = signal.end()
    rest = text[offset:]
    supra = SUPRA.search(rest)  # back-references first: their pinpoint follows the marker
    if supra:
        number = next(int(g) for g in supra.groups() if g)
        lead = rest[:supra.start()].strip().rstrip(",").strip()
        return Parsed(_tidy_prefix(prefix), lead, _clean_locator(rest[supra.end():]), supra=number,
                      lead_at=offset, marker_at=offset + supra.start())
    ibid = _find_ibid(rest)
    if ibid:
        lead = rest[:ibid.start()].strip()
        return Parsed(_tidy_prefix(prefix), lead, _clean_locator(rest[ibid.end():]), ibid=True,
                      lead_at=offset, marker_at=offset + ibid.start())
    op_cit = OP_CIT.search(rest)
    if op_cit:
        lead = rest[:op_cit.start()].strip().rstrip(",").strip()
        return Parsed(_tidy_prefix(prefix), lead, _clean_locator(rest[op_cit.end():]), op_cit=True,
                      lead_at=offset, marker_at=offset + op_cit.start())
    accessed = ""
    visit = ACCESSED.search(rest)
    if visit and visit.start() > 0:  # "<http://…> accessed 15 November 2026, art. 32": the pinpoint stays
        accessed = visit.group(0).strip(" ,").strip("()[]").strip()
        rest = rest[:visit.start()] + rest[visit.end():]
    pin = PINPOINT_AT_END.search(rest)
    locator, body = "", rest
    if pin and pin.start() > 0:
        locator = _clean_locator(pin["pin"])
        body = rest[:pin.start()]
    elif PINPOINT_BEFORE_URL.search(rest):
        before_url = PINPOINT_BEFORE_URL.search(rest)
        locator = _clean_locator(before_url["pin"])
        body = rest[:before_url.start()] + rest[before_url.end():]
    else:
        pages = PAGES_AFTER_PAREN.search(rest)
        if pages and not re.fullmatch(r"(?:1[89]|20)\d\d", pages["pin"].strip()):  # "(Form 1-M), 2015": a year
            locator = _clean_locator(pages["pin"])
            body = rest[:pages.start() + 1]
    return Parsed(_tidy_prefix(prefix), body.strip().rstrip(",").strip(), locator, lead_at=offset, accessed=accessed)


def _tidy_prefix(prefix: str) -> str:
    prefix = " ".join(prefix.split())
    return prefix[:-1] if prefix.endswith(",") and prefix.count(",") == 1 else prefix


def _find_ibid(text: str):
    """Ibid./Id. at the start of a part (any case), or a capitalised Ibid. anywhere in it."""
    for match in IBID.finditer(text):
        word = match.group(0)
        at_start = not text[:match.start()].strip()
        if word.lower().startswith("id") and not word.lower().startswith("ibid") and not at_start:
            continue  # "id" inside a sentence is a word, not a citation
        if word.lower().startswith("id") and not at_start:
            continue
        if at_start or word[:1].isupper():
            rest = text[match.end():]
            if not rest.strip() or re.match(r"^[\s,.]*(?:at\s+)?[\w\[(§]", rest) and BARE_PINPOINT.match(rest.lstrip(" ,")):
                return match
            if at_start:
                return match
    return None


def bare_locator(tail: str) -> str | None:
    """A pinpoint after Ibid./supra that may have no label: "ibid 12", "Ibid., 4-6"."""
    tail = tail.strip().lstrip(",").strip()
    if tail.lower().startswith("at "):
        tail = tail[3:]
    if not tail:
        return ""
    return _clean_locator(tail) if BARE_PINPOINT.match(tail) else None
