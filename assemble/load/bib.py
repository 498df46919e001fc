"""footnotes/*.bib -> BibEntry records with their file and line.

bibtexparser never raises: failed blocks are reported with 1-based lines, and keys are compared
case-insensitively across all files (BibTeX does, the parser does not). An entry that cannot be
read is an error only when the report cites it (a warning otherwise), so one broken export does
not stop a report that never uses it.

What bibtexparser 2.1 leaves to us (its own source says "TODO Middleware to resolve Crossref"):
`#` concatenation of strings and month macros (a middleware of its kind, below), and `crossref` /
`xdata` inheritance across files, with BibLaTeX's field mapping (a book's title is its chapter's
booktitle). LaTeX is decoded lazily, field by field, only for the entries a build cites; URL
fields are taken verbatim.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import RemoveEnclosingMiddleware
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names

from assemble.load.text import read_text
from assemble.problems import Problems

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
VERBATIM = ("url", "doi", "eprint", "file", "verba", "urlraw")  # BibLaTeX verbatim fields: never decoded


@dataclass(frozen=True)
class Name:
    """One person or body. `corporate`: a name in braces as a whole ({Human Rights Committee})."""

    family: str = ""
    given: str = ""
    prefix: str = ""  # von, van der
    suffix: str = ""  # Jr.
    corporate: bool = False
    others: bool = False  # BibTeX's 'and others': printed as the catalogue's "and others"

    @property
    def cjk(self) -> bool:
        return _is_cjk(self.family) and (not self.given or _is_cjk(self.given))

    def full(self) -> str:
        """As a note prints it: 'Marten van Dijk', '肖发民' (family first, no space, in CJK)."""
        if self.corporate:
            return self.family
        if self.cjk:
            return self.family + self.given
        return " ".join(p for p in (self.given, self._family(), self.suffix) if p)

    def short(self) -> str:
        """As a short form prints it: the family name ('van Dijk'); CJK and bodies in full."""
        if self.corporate or self.cjk or not self.family:
            return self.full()
        return self._family()

    def _family(self) -> str:
        """'van' + 'Dijk' -> 'van Dijk'; "d'" + 'Almeida' -> "d'Almeida"; 'al-' + 'One' -> 'al-One'."""
        if not self.prefix:
            return self.family
        joined = self.prefix.endswith(("'", "\u2019", "-"))
        return self.prefix + ("" if joined else " ") + self.family


@dataclass
class BibEntry:
    key: str
    type: str
    raw: dict[str, str]
    file: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    broken: str = ""  # why the entry could not be read ("" when it could)

    def get(self, name: str, lang: str = "") -> str:
        """The decoded field; `title_ru` wins over `title` in a Russian build."""
        value = self.raw.get(f"{name}_{lang}") if lang else None
        if value is None:
            value = self.raw.get(name, "")
        if name in VERBATIM:
            return verbatim(value)
        return decode_latex(value)

    def has(self, name: str, lang: str = "") -> bool:
        return bool(self.raw.get(f"{name}_{lang}" if lang else name, "").strip())

    def people(self, name: str = "author", lang: str = "") -> list[Name]:
        value = (self.raw.get(f"{name}_{lang}") if lang else None) or self.raw.get(name, "")
        return parse_names(value)

    def names(self, name: str = "author") -> list[str]:
        """Persons and corporate names as printed: '{Barnes and Noble}' stays one name."""
        return [n.full() for n in self.people(name)]

    def month(self) -> int | None:
        return parse_month(self.raw.get("month", ""))


# ---- names ------------------------------------------------------------------------------

EXTENDED_PART = re.compile(r"^\s*(family|given|prefix|suffix|useprefix|given-i|family-i)\s*=", re.I)


def parse_names(value: str) -> list[Name]:
    """A BibTeX name list -> Names. Reads the classic forms ('Family, Given', 'Given von Family',
    '{Corporate Body}'), BibLaTeX's extended form ('family=Dijk, given=Marten, prefix=van',
    Better BibTeX's default), and tolerates the separators Word and web exports leave
    ('A. Smith, B. Jones, and C. Lee', a trailing comma)."""
    if not value or not value.strip():
        return []
    out: list[Name] = []
    for person in split_multiple_persons_names(value):
        person = person.strip()
        listed = person.endswith(",")  # 'A. Smith, B. Jones, and C. Lee': a list written with commas
        person = person.strip(",").strip()
        if not person:
            continue
        if person.lower() == "others":
            out.append(Name(others=True))
            continue
        out.extend(_one_or_more(person, listed))
    return out


def _one_or_more(person: str, listed: bool = False) -> list[Name]:
    if _whole_group(person):
        return [Name(family=decode_latex(person), corporate=True)]
    pieces = _top_level_split(person, ",")
    if any(EXTENDED_PART.match(p) for p in pieces):
        return [_extended(pieces)]
    if len(pieces) > 3 or (listed and len(pieces) >= 2 and all(len(p.split()) >= 2 for p in pieces)):
        # 'K.J.J. Hintikka, J.M.E. Moravcsik,' (a list written with commas), not 'Family, Given'
        return [n for p in pieces for n in _one_or_more(p)]
    try:
        parts = parse_single_name_into_parts(person, strict=False)
    except InvalidNameError:
        return [Name(family=decode_latex(person))]
    return [Name(family=decode_latex(" ".join(parts.last)), given=decode_latex(" ".join(parts.first)),
                 prefix=decode_latex(" ".join(parts.von)), suffix=decode_latex(" ".join(parts.jr)))]


def _extended(pieces: list[str]) -> Name:
    found: dict[str, str] = {}
    for piece in pieces:
        key, _, value = piece.partition("=")
        found[key.strip().lower()] = decode_latex(value.strip())
    return Name(family=found.get("family", ""), given=found.get("given", ""),
                prefix=found.get("prefix", ""), suffix=found.get("suffix", ""))


def _whole_group(text: str) -> bool:
    """'{Ortega y Gasset}' is one group; '{Ortega y Gasset}, Jos{\\'e}' is not."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(text):
        if char == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif char == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return True


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, current = [], 0, []
    for i, char in enumerate(text):
        escaped = i > 0 and text[i - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth -= 1
        if char == sep and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _is_cjk(text: str) -> bool:
    return bool(text) and all(unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
                              for c in text if not c.isspace())


# ---- field values -----------------------------------------------------------------------

def parse_month(value: str) -> int | None:
    """'3', '03', 'mar', 'March', 'mars' -> 3; anything else None."""
    value = value.strip().strip("{}").strip().rstrip(".").lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return MONTHS.index(value[:3]) + 1 if len(value) >= 3 and value[:3] in MONTHS else None


_ESCAPED = re.compile(r"\\([_%&#$~{}])")
_HREF_ESCAPED = re.compile(r"\\([_%&#$~{}\\])")


def verbatim(value: str, href: bool = False) -> str:
    """A URL or DOI as written: only the escapes some exporters add are undone, '~' stays '~';
    in \\href's first argument `\\\\` is a backslash too (hyperref's rule)."""
    value = value.strip()
    while _whole_group(value):
        value = value[1:-1].strip()
    return (_HREF_ESCAPED if href else _ESCAPED).sub(r"\1", value).replace("{", "").replace("}", "")


_NEEDS_DECODING = re.compile(r"[\\{}~$`'-]")
_HREF = re.compile(r"\\href\s*\{((?:[^{}]|\{[^{}]*\})*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_URL_CMD = re.compile(r"\\(?:url|nolinkurl)\s*\{([^{}]*)\}")
# \url or \href cut off before its braces: no address to print (the decoder printed "<%s>")
_BARE_LINK = re.compile(r"\\(?:url|nolinkurl|href)(?![A-Za-z])\s*(?!\s*\{)")
_BIBSTRING = re.compile(r"\\bibstring\s*\{([^{}]*)\}")
_MATH = re.compile(r"(?<!\\)\$([^$]*)(?<!\\)\$")
_SCRIPT_CMD = re.compile(r"\\(texttt|textsuperscript|textsubscript|mbox|ensuremath|textrm|textnormal|textup|hbox)\s*\{([^{}]*)\}")
BIBSTRINGS = {"nodate": "n.d.", "andothers": "and others", "and": "and", "editor": "ed.", "editors": "eds",
              "translator": "trans.", "volume": "vol.", "page": "p.", "pages": "pp.", "chapter": "ch.",
              "number": "No.", "in": "in", "edition": "edn", "thesis": "thesis", "phdthesis": "PhD thesis",
              "mathesis": "Master's thesis", "techreport": "Technical report", "url": "URL",
              "urlseen": "accessed", "inpress": "in press", "forthcoming": "forthcoming", "unpublished": "unpublished"}
SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
SUP = str.maketrans("0123456789+-=()inabdeghkmoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵃᵇᵈᵉᵍʰᵏᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")


def _script(match: re.Match) -> str:
    """\\textsuperscript{o} -> 'ᵒ' where Unicode has it; \\mbox{x}, \\texttt{x} -> x."""
    body = match[2]
    table = {"textsuperscript": SUP, "textsubscript": SUB}.get(match[1])
    if table is not None and all(ord(c) in table for c in body):
        return body.translate(table)
    return body


_PHANTOM = re.compile(r"(?:\\\{)*\\vphantom\s*(?:\{(?:\\[{}])*\}|\\[{}])(?:\\\})*")
# TeX that Zotero holds as typed text and an export escaped once more: `\$R\_2\$` prints "$R_2$",
# `\textbackslash{}times` prints "\times". Nobody means those characters: they are read again as TeX.
_LITERAL_TEX = re.compile(r"\$(?:[^$]*[\\^_\u02c6{][^$]*|[A-Za-z])\$|(?<=\w)[_^\u02c6]\{[^{}]*\}|\\[A-Za-z]{2,}")
_TEXT_SCRIPT = re.compile(r"(?<=[\w)])[_^]\{[^{}]*\}")


@lru_cache(maxsize=8192)
def decode_latex(value: str) -> str:
    """LaTeX in a field -> the text a reader sees: accents, dashes, quotes, math sub/superscripts;
    commands that only mark up (\\emph, \\textit) leave their text; never raises. Better BibTeX's
    case-protection phantoms (`\\{\\vphantom\\}{{GaN}}\\vphantom\\{\\}`, an invisible box
    and the literal braces it balances) are dropped; TeX left as literal text by a double escape is
    read once more."""
    if not value:
        return ""
    if not _NEEDS_DECODING.search(value):
        return collapse(value)
    text = _decode_once(_PHANTOM.sub("", value) if "vphantom" in value else value)
    if _LITERAL_TEX.search(text):
        again = _TEXT_SCRIPT.sub(lambda m: _math(m[0]), text.replace("\u02c6", "^"))
        if all(_known_command(c) for c in re.findall(r"\\([A-Za-z]+)", again)):
            text = _decode_once(again)
    return text


def _decode_once(value: str) -> str:
    kept: list[str] = []  # URLs and decoded math taken out while the rest is decoded

    def keep(text: str) -> str:
        kept.append(text)
        return f"\ue000{len(kept) - 1}\ue001"

    value = _HREF.sub(lambda m: _href(keep(verbatim(m[1], href=True)), m[2], verbatim(m[1], href=True)), value)
    value = _URL_CMD.sub(lambda m: keep(verbatim(m[1])), value)
    value = _BARE_LINK.sub("", value)
    value = _BIBSTRING.sub(lambda m: BIBSTRINGS.get(m[1].strip(), m[1].strip()), value)
    value = _MATH.sub(lambda m: keep(_math(m[1])), value)
    value = _SCRIPT_CMD.sub(_script, value)
    value = value.replace("``", "\u201c").replace("''", "\u201d").replace("`", "\u2018")
    value = value.replace("---", "\u2014").replace("--", "\u2013")
    if "\\" in value:
        # a bare % or & is text in a Zotero field; to the LaTeX decoder a comment and a column break
        value = _pylatexenc(re.sub(r"(?<!\\)([%&])", r"\\\1", value))
    else:
        value = value.replace("{", "").replace("}", "").replace("~", "\u00a0")
    value = re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m[1])], value)
    return collapse(value)


_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def collapse(text: str) -> str:
    """Runs of spaces and line breaks -> one space; a no-break space (BibTeX's `~`) is kept."""
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=256)
def _known_command(name: str) -> bool:
    """A command the decoder prints something for (\\times, \\bar); an unknown one (a style's
    own \\parteditandtrans) would vanish, so text holding one is left as it is."""
    return bool(_pylatexenc(f"\\{name}{{x}}").replace("x", "").strip()) or name in (
        "mathrm", "mathsf", "mathbf", "mathit", "boldsymbol", "text", "textrm", "textit", "textbf", "emph",
        "bar", "overline", "hat", "vec", "tilde")


def _href(placeholder: str, text: str, url: str) -> str:
    """`\\href{url}{text}` -> "text (url)", or the URL alone when the text only repeats it."""
    text = text.strip()
    shown = _SCRIPT_CMD.sub(lambda m: m[2], text)
    if not shown or verbatim(shown, href=True).rstrip("/") == url.rstrip("/") \
            or _decode_once(shown).rstrip("/") == url.rstrip("/"):
        return placeholder
    return f"{text} ({placeholder})"


_MATH_FONT = re.compile(r"\\(?:mathrm|mathsf|mathbf|mathit|mathtt|boldsymbol|text|textrm|textit|textbf)\s*\{([^{}]*)\}")


def _math(formula: str) -> str:
    """'_2' -> '₂', '^{+}' -> '⁺' where Unicode has the characters; other math through the
    LaTeX decoder; no '$' left."""
    def script(match):
        body = match[2] if match[2] is not None else match[3]
        table = SUB if match[1] == "_" else SUP
        return body.translate(table) if all(ord(c) in table for c in body) else body

    while _MATH_FONT.search(formula):  # \mathrm{H}, \boldsymbol{\mathsf{x}}: the letters, for the scripts below
        formula = _MATH_FONT.sub(r"\1", formula)
    formula = re.sub(r"([_^])(?:\{([^{}]*)\}|(\w))", script, formula)
    return _pylatexenc(formula) if "\\" in formula else formula.replace("{", "").replace("}", "")


def _pylatexenc(value: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text  # slow to import and run: only when needed

    try:
        return LatexNodes2Text(keep_braced_groups=False, math_mode="text").latex_to_text(value)
    except Exception:  # noqa: BLE001 - a decoder bug must not lose the field: strip the markup instead
        text = re.sub(r"\\[A-Za-z]+\*?\s*", "", value)
        return re.sub(r"\\(.)", r"\1", text).replace("{", "").replace("}", "")


# ---- reading the files ------------------------------------------------------------------

class ConcatenationMiddleware(LibraryMiddleware):
    """`title = jr # " " # {Review}` -> the joined text; `month = mar` -> March. Runs before
    bibtexparser's RemoveEnclosingMiddleware, on raw values, with @strings of earlier files too."""

    def __init__(self, strings: dict[str, str]):
        super().__init__(allow_inplace_modification=True)
        self.strings = strings  # lower-case name -> resolved text, shared across files
        self.undefined: list[tuple[str, str, str]] = []  # (entry key, field, macro name)
        self._where = ("", "")

    @classmethod
    def metadata_key(cls) -> str:
        return "assemble-concatenation"

    def transform(self, library: Library) -> Library:
        for string in library.strings:
            self.strings[string.key.lower()] = self.resolve(string.value)
        for entry in library.entries:
            for f in entry.fields:
                if isinstance(f.value, str) and not _enclosed_whole(f.value):
                    self._where = (entry.key, f.key)
                    f.value = "{" + self.resolve(f.value) + "}"
        return library

    def resolve(self, raw: str) -> str:
        out = []
        for piece in _top_level_split(raw, "#") if "#" in raw else [raw.strip()]:
            piece = piece.strip()
            if _enclosed_whole(piece):
                out.append(piece[1:-1])
            elif piece.lower() in self.strings:
                out.append(self.strings[piece.lower()])
            elif piece.lower()[:3] in MONTHS and len(piece) == 3:
                out.append(str(MONTHS.index(piece.lower()) + 1))
            else:
                if piece and not piece.isdigit() and self._where[0]:
                    self.undefined.append((*self._where, piece))
                out.append(piece)  # a number, or an undefined macro kept as written
        return "".join(out)


def _enclosed_whole(value: str) -> bool:
    value = value.strip()
    if value.startswith('"') and value.endswith('"') and len(value) > 1:
        return '"' not in _strip_groups(value[1:-1])
    return _whole_group(value)


def _strip_groups(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "", text)


# BibLaTeX's default inheritance (manual, appendix B): which parent field a child reads as what
INHERIT = {
    ("mvbook", "book"): {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"},
    ("mvbook", "inbook"): {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"},
    ("book", "inbook"): {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"},
    ("collection", "incollection"): {"title": "booktitle", "subtitle": "booksubtitle"},
    ("mvcollection", "incollection"): {"title": "maintitle", "subtitle": "mainsubtitle"},
    ("reference", "inreference"): {"title": "booktitle", "subtitle": "booksubtitle"},
    ("mvreference", "inreference"): {"title": "maintitle"},
    ("proceedings", "inproceedings"): {"title": "booktitle", "subtitle": "booksubtitle"},
    ("mvproceedings", "inproceedings"): {"title": "maintitle"},
    ("periodical", "article"): {"title": "journaltitle", "subtitle": "journalsubtitle"},
    ("book", "incollection"): {"title": "booktitle"},  # BibTeX habit: a chapter crossrefs a @book
    ("book", "inproceedings"): {"title": "booktitle"},
}
NOT_INHERITED = {"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
                 "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                 "shorthandintro", "sortkey", "keywords", "file", "abstract", "annotation"}


def inherit(entries: dict[str, BibEntry], problems: Problems) -> None:
    """Fill each entry's missing fields from its `crossref` and `xdata` parents (any file)."""
    by_folded = {k.lower(): e for k, e in entries.items()}
    done: set[str] = set()

    def fill(entry: BibEntry, trail: tuple[str, ...]) -> None:
        if entry.key in done:
            return
        for name in ("xdata", "crossref"):
            for parent_key in (k.strip() for k in entry.raw.get(name, "").split(",") if k.strip()):
                parent = by_folded.get(verbatim(parent_key).lower())
                if parent is None:
                    problems.warning(entry.file, entry.field_lines.get(name, entry.line),
                                     f"source '{entry.key}' has {name} = {{{parent_key}}}, which no .bib file "
                                     "defines", "add that entry, or remove the field")
                    continue
                if parent.key in trail:
                    problems.warning(entry.file, entry.field_lines.get(name, entry.line),
                                     f"source '{entry.key}' inherits from itself through {name}",
                                     "break the loop of crossref/xdata fields")
                    continue
                fill(parent, trail + (parent.key,))
                mapping = INHERIT.get((parent.type, entry.type), {}) if name == "crossref" else {}
                for key, value in parent.raw.items():
                    base, sep, lang = key.partition("_")
                    if base not in NOT_INHERITED:
                        entry.raw.setdefault(mapping.get(base, base) + sep + lang, value)
        done.add(entry.key)

    for entry in entries.values():
        fill(entry, (entry.key,))


# bibtexparser logs each failed block to stderr; they are reported as problems instead
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False
# the LaTeX decoder warns on the terminal about markup it cannot read; the field is kept as text
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())
logging.getLogger("pylatexenc").propagate = False

BLOCK_KEY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,")


def load_bibliography(folder: Path, problems: Problems) -> dict[str, BibEntry]:
    """All entries of footnotes/*.bib by key (original case); unreadable entries whose key can
    be made out are kept with `broken` set, for resolve to judge once it knows what is cited."""
    entries: dict[str, BibEntry] = {}
    by_folded: dict[str, BibEntry] = {}
    if not folder.is_dir():
        problems.error(folder, None, "the footnotes folder is missing; create it and put your .bib files in it")
        return entries
    strings: dict[str, str] = {}
    for path in sorted(folder.glob("*.bib")):
        text = read_text(path, problems)
        if text is None:
            continue
        rel = problems.rel(path)
        concatenation = ConcatenationMiddleware(strings)
        library = bibtexparser.parse_string(uncomment(text),
                                            parse_stack=[concatenation, RemoveEnclosingMiddleware(True)])
        # a file of '%' comment lines only is a placeholder (assemble new writes one), not a failed export
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        placeholder = bool(lines) and all(ln.startswith("%") for ln in lines)
        if not library.entries and not library.failed_blocks and not placeholder:
            problems.warning(path, None, "this .bib file holds no entries",
                             "export the sources again from Zotero, or delete the file")
        for entry in library.entries:
            _add(_record(entry, rel), path, entries, by_folded, problems)
        for block in library.failed_blocks:
            _failed(block, path, rel, entries, by_folded, problems, concatenation)
        for key, name, macro in concatenation.undefined:
            record = by_folded.get(key.lower())
            problems.warning(path, record.field_lines.get(name.lower(), record.line) if record else None,
                             f"source '{key}': {name.lower()} = {macro} names an @string that no .bib file defines; "
                             "it is printed as written", f"add @string{{{macro} = {{...}}}}, or write the text in braces")
    inherit(entries, problems)
    for entry in entries.values():
        if not entry.broken and not any(entry.raw.get(f, "").strip() for f in PRINTED):
            entry.broken = "has nothing a note could print (no author, title, number or date)"
    return entries


# a note prints at least one of these; an entry with none of them would be an empty note
PRINTED = ("title", "shorttitle", "titleaddon", "author", "editor", "holder", "organization", "institution",
           "number", "howpublished", "url", "doi", "journaltitle", "journal", "booktitle", "maintitle", "note",
           "date", "year", "publisher")
COMMENTED_ENTRY = re.compile(r"^\s*%+\s*@")


def uncomment(text: str) -> str:
    """An entry commented out line by line (`%@article{...`, each line starting with `%`, as
    Biber and JabRef read it) is blanked, lines kept, so it is neither read nor a duplicate."""
    if "%" not in text:
        return text
    lines = text.split("\n")
    inside = False
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if COMMENTED_ENTRY.match(line):
            inside = True
        elif not stripped.startswith("%"):
            inside = False
        if inside:
            lines[i] = ""
    return "\n".join(lines)


def _record(entry, rel: str, fields=None) -> BibEntry:
    fields = entry.fields if fields is None else fields
    return BibEntry(entry.key, entry.entry_type.lower(), {f.key.lower(): f.value for f in fields}, rel,
                    entry.start_line + 1, {f.key.lower(): (f.start_line or entry.start_line) + 1 for f in fields})


def _add(record: BibEntry, path: Path, entries: dict, by_folded: dict, problems: Problems) -> None:
    if not record.key.strip():
        _no_key(path, record.line, problems)
        return
    first = by_folded.get(record.key.lower())
    if first is not None:
        problems.error(path, record.line,
                       f"citation key '{record.key}' is already defined at {first.file}:{first.line} "
                       f"(keys are compared without regard to case)", "give one of them another key")
        return
    by_folded[record.key.lower()] = record
    entries[record.key] = record


def _no_key(path: Path, line: int, problems: Problems) -> None:
    problems.warning(path, line, "this entry has no citation key, so it cannot be cited",
                     "give it a key; Zotero and Better BibTeX make one, Mendeley may not")


def _failed(block, path: Path, rel: str, entries: dict, by_folded: dict, problems: Problems,
            concatenation: ConcatenationMiddleware) -> None:
    line = block.start_line + 1
    kind = type(block).__name__
    if kind == "DuplicateBlockKeyBlock":
        first = by_folded.get(block.key.lower())
        if not block.key.strip():  # the second entry without a key: not a duplicate of the first
            _no_key(path, line, problems)
            return
        where = f" (first at {first.file}:{first.line})" if first else ""
        problems.error(path, line, f"citation key '{block.key}' is defined twice{where}",
                       "give one of them another key")
    elif kind == "DuplicateFieldKeyBlock" and getattr(block, "ignore_error_block", None) is not None:
        _duplicate_fields(block, path, rel, entries, by_folded, problems, concatenation)
    else:
        match = BLOCK_KEY.match(getattr(block, "raw", "") or "")
        if match and match[2].lower() not in by_folded and match[1].lower() not in ("string", "preamble", "comment"):
            record = BibEntry(match[2], match[1].lower(), {}, rel, line,
                              broken="cannot be read (check its braces, quotes and commas)")
            by_folded[match[2].lower()] = record
            entries[match[2]] = record  # judged in resolve: an error if cited, a warning if not
        else:
            problems.warning(path, line, "this BibTeX entry cannot be read (check its braces, quotes and commas)",
                             "fix it, or delete it if the report does not cite it")


# fields no note prints: given twice (Zotfile's second `file`, Web of Science's `Author-Email`
# per author), the first is used and a warning says so
UNPRINTED = {"file", "abstract", "keywords", "annote", "annotation", "comment", "groups", "owner", "timestamp",
             "date-added", "date-modified", "mendeley-tags", "tags", "priority", "ranking", "readstatus",
             "author-email", "email", "orcid-numbers", "researcherid-numbers", "unique-id", "da", "affiliation",
             "times-cited", "usage-count-last-180-days", "usage-count-since-2013", "cited-references", "funding-text",
             "funding-acknowledgement", "web-of-science-categories", "research-areas", "keywords-plus", "isbn",
             "issn", "eissn", "language", "langid", "bdsk-url-1", "bdsk-url-2"}


def _duplicate_fields(block, path: Path, rel: str, entries: dict, by_folded: dict, problems: Problems,
                      concatenation: ConcatenationMiddleware) -> None:
    """A field given twice. BibTeX keeps the first and warns; assemble does so for a field no
    note prints or a repeat of the same value. Two different values of a printed field (two
    titles) are an error: only the user knows which one is right. The entry is kept, with the
    first, so its citations are not also reported as unknown."""
    entry = block.ignore_error_block
    kept, seen, conflicts = [], {}, []
    for f in entry.fields:
        name = f.key.lower()
        value = f.value
        if isinstance(value, str):
            value = value.strip()
            value = value[1:-1] if _enclosed_whole(value) else concatenation.resolve(value)
        if name in seen:
            first, first_value = seen[name]
            if name in UNPRINTED or " ".join(str(first_value).split()) == " ".join(str(value).split()):
                problems.warning(path, (f.start_line or entry.start_line) + 1,
                                 f"source '{entry.key}' has the field '{f.key}' twice (first at line "
                                 f"{(first.start_line or entry.start_line) + 1}); the first is used",
                                 "delete the one you do not want")
            elif name not in conflicts:
                conflicts.append(name)
            continue
        seen[name] = (f, value)
        kept.append(type(f)(f.key, value, f.start_line))
    if conflicts:
        problems.error(path, entry.start_line + 1, f"source '{entry.key}' has the field '{', '.join(conflicts)}' "
                       "twice", "keep one of them")
    _add(_record(entry, rel, kept), path, entries, by_folded, problems)
