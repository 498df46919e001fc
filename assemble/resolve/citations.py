"""Citation forms, the one place they are made: a cited item with its position (from
resolve/positions.py) -> text runs. The full / short / in-text wording of each kind of source
comes from templates/citations.j2; this module adds the legal note forms around it (prefix,
"supra note N", "Ibid.", the pinpoint) in the build's words. Pure: the same item, position and
entry always give the same runs.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from assemble.i18n import catalogue, format_date
from assemble.load.bib import BibEntry, Name, collapse
from assemble.model import CiteItem, Position, Text
from assemble.templates_loader import environment, require_macros

KINDS = {
    "legislation": "legislation", "statute": "legislation", "law": "legislation", "bill": "legislation",
    "legal": "treaty", "treaty": "treaty",
    "jurisdiction": "jurisdiction", "case": "jurisdiction",
    "undoc": "undoc",
    "report": "report", "techreport": "report",
    "online": "online", "webpage": "online", "electronic": "online", "www": "online",
    "article": "article",
    "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book", "proceedings": "book",
    "mvproceedings": "book", "reference": "book", "mvreference": "book", "manual": "book", "booklet": "book",
    "incollection": "incollection", "inbook": "incollection", "inproceedings": "incollection",
    "conference": "incollection", "bookinbook": "incollection", "suppbook": "incollection",
    "suppcollection": "incollection",
    "inreference": "inreference",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "patent": "patent",
    "software": "software", "dataset": "software", "softwareversion": "software", "softwaremodule": "software",
    "codefragment": "software",
    "misc": "misc", "unpublished": "misc",
}
UN_SYMBOL = re.compile(r"^(A|S|E|CCPR|CERD|CAT|CEDAW|CRC|CRPD|CED|CMW|E/C\.12|HRI|ST)/[A-Za-z0-9./()-]+$")
NEUTRAL = re.compile(r"^\[\d{4}\]\s+\S")  # a neutral citation: [2006] UKHL 55
LANGIDS = {"english": "en", "american": "en", "british": "en", "russian": "ru", "french": "fr", "spanish": "es",
           "german": "de", "chinese": "zh", "arabic": "ar"}
# fields whose text does not depend on the language it is written in
NEUTRAL_FIELDS = {"url", "urldate", "doi", "date", "year", "month", "number", "volume", "pages", "issue", "edition",
                  "eventdate", "isbn", "issn", "version", "key", "eprint", "link", "neutral", "editor_count",
                  "author", "editor", "author_short", "editor_short", "holder"}
PLACEHOLDER = "\ue002"  # where the pinpoint goes inside a full form


def entry_kind(entry: BibEntry) -> str:
    kind = KINDS.get(entry.type, "misc")
    if kind in ("report", "misc") and UN_SYMBOL.match(entry.get("number")):
        return "undoc"
    return kind


def entry_language(entry: BibEntry) -> str:
    """The language its plain fields are written in, when the entry says (`langid`, `language`)."""
    value = (entry.get("langid") or entry.get("language")).strip().lower()
    return LANGIDS.get(value, value if len(value) == 2 else "")


def localised_for(entry: BibEntry, lang: str) -> bool:
    """The entry has words in `lang`: `title_ru` and the like, or plain fields in that language."""
    suffix = f"_{lang}"
    return entry_language(entry) == lang or any(k.endswith(suffix) and v.strip() for k, v in entry.raw.items())


class EntryView:
    """What a template sees of an entry: decoded fields in the build language's typography,
    names joined as legal notes print them, dates formatted. Records which language-bound
    fields a form used, so a translated build can say which are missing."""

    def __init__(self, entry: BibEntry, words: dict, lang: str):
        self._entry, self._words, self._lang = entry, words, lang
        self.used: set[str] = set()

    def _names(self, role: str, short: bool) -> str:
        people = self._entry.people(role, self._lang)
        others = any(p.others for p in people)
        people = [p for p in people if not p.others]
        if not people:
            return ""
        if all(p.corporate for p in people):
            self.used.add(role)  # a body's name is words of a language; a person's is not
        and_others = self._words["cite"]["and_others"]
        if len(people) > 3 or (others and len(people) > 1):
            return typography(f"{(people[0].short() if short else people[0].full())} {and_others}", self._words)
        shown = [typography(p.short() if short else p.full(), self._words) for p in people]
        if others:
            return f"{shown[0]} {and_others}"
        return self._join(shown)

    def _join(self, names: list[str]) -> str:
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + f" {self._words['and']} " + names[-1]

    def _text(self, name: str) -> str:
        value = self._entry.get(name, self._lang)
        if value and name not in NEUTRAL_FIELDS:
            self.used.add(name)
        return typography(value, self._words)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        entry = self._entry
        if name in ("author", "author_short"):
            found = self._names("author", name.endswith("short"))
            if not found and entry.type in ("patent",):
                found = self._names("holder", name.endswith("short"))
            return found or self._text("organization") or (self._text("institution") if entry_kind(entry) in (
                "report", "online", "misc", "undoc") else "")
        if name in ("editor", "editor_short"):
            return self._names("editor", name.endswith("short"))
        if name == "editor_count":
            return len([p for p in entry.people("editor") if not p.others])
        if name in ("date", "urldate", "eventdate"):
            return self._date(name)
        if name == "year":
            return self._year()
        if name == "key":
            return entry.key
        if name == "link":
            url = entry.get("url")
            doi = entry.get("doi")
            return url or (doi if doi.startswith("http") else f"https://doi.org/{doi}" if doi else "")
        if name == "own_name":
            return self._own_name()
        if name == "neutral":
            number = entry.get("number")
            return number if NEUTRAL.match(number) else ""
        if name == "number":
            number = entry.get("number")
            return "" if NEUTRAL.match(number) and entry_kind(entry) == "jurisdiction" else typography(number, self._words)
        if name == "type":
            return self._type(self._text("type"))
        if name == "thesis_type":
            given = self._type(self._text("type"))
            default = {"phdthesis": "phdthesis", "mastersthesis": "mathesis"}.get(entry.type, "")
            return given or self._type(default) or ""
        if name == "edition":
            return self._edition()
        if name == "pages":  # '130-153' -> '130–153'
            return re.sub(r"(?<=\w)\s*-\s*(?=\w)", "\u2013", self._text("pages")) if re.search(r"\d\s*-\s*\d",
                                                                                    self._text("pages")) else self._text("pages")
        if name == "booktitle":  # Qiqqa and some JabRef files put a chapter's book in `journal`
            return self._text("booktitle") or (self._text("journaltitle") or self._text("journal")
                                               if entry_kind(entry) == "incollection" else "")
        if name == "location":  # BibTeX's `address` is BibLaTeX's `location`
            return self._text("location") or self._text("address")
        if name == "journaltitle":
            return self._text("journaltitle") or self._text("journal")
        if name == "institution" and entry_kind(entry) == "thesis":
            return self._text("institution") or self._text("school")
        if name == "shorttitle" and not entry.has("shorttitle", self._lang) and entry.has("shorttitle"):
            # a translated title needs its own short title; the source-language one would mix languages
            return self._text("title") if entry.has("title", self._lang) else self._text("shorttitle")
        return self._text(name)

    def _date(self, name: str) -> str:
        """BibLaTeX's `date`, else `year` + `month`. A month goes with a date that is only the
        year (`date = 2015, month = jun`: June 2015), and with the first year of a range
        (`year = 1984--1985, month = 1`: January 1984–1985)."""
        entry = self._entry
        value = entry.get(name)
        month = entry.month() if name == "date" else None
        if not value and name == "date" and entry.get("year"):
            value = re.sub(r"^(\d{4})\s*[\u2013\u2014/-]+\s*(\d{4})$", r"\1/\2", entry.get("year"))
        if month and re.match(r"^\d{4}(?:/|$)", value):
            value = f"{value[:4]}-{month:02d}{value[4:]}"
        return format_date_range(value, self._words) if value else ""

    def _year(self) -> str:
        year = self._entry.get("year")
        if year:
            return year
        return year_range(self._entry.get("date"))

    def _type(self, value: str) -> str:
        return (self._words["cite"].get("types") or {}).get(value.lower().replace(" ", ""), value)

    def _edition(self) -> str:
        value = self._entry.get("edition")
        if value.isdigit():
            if int(value) == 1:
                return ""
            ordinal = english_ordinal(int(value)) if self._words.get("ordinal_suffixes") else value
            return self._words["cite"]["edition"].replace("{n}", ordinal)
        return typography(value, self._words)

    def _own_name(self) -> bool:
        """The title is the act's own name, not its subject ("On ..."): see citations.j2."""
        title = self._entry.get("title", self._lang)
        kind = self._entry.get("type", self._lang)
        if any(title.startswith(word) for word in self._words["cite"].get("subject_words", [])):
            return False
        return not kind or kind.lower() in title.lower()


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_date_range(value: str, words: dict) -> str:
    """BibLaTeX dates: '2020-05-25', '2020-05', '2020', '2004/2006'; an unknown or open end
    ('unknown/2006', '2004/..') is left out; uncertainty marks ('2006?', '2006~') are dropped."""
    value = value.strip().rstrip("?~%")
    if "/" not in value:
        return format_date(value, words)
    start, _, end = value.partition("/")
    parts = [format_date(p.strip().rstrip("?~%"), words) for p in (start, end)
             if re.match(r"^\d{4}", p.strip())]
    return "\u2013".join(parts)


def year_range(value: str) -> str:
    years = re.findall(r"(?<!\d)(\d{4})(?:-\d\d){0,2}(?=$|/|[?~%])", value)
    return "\u2013".join(dict.fromkeys(years))


_DOUBLE_QUOTES = re.compile(r'"([^"]*)"')
_CATALOGUE_SPACE = re.compile(r"(?<=[^\s:;,]) +([:;])(?=\s|$)")


def typography(text: str, words: dict) -> str:
    """Straight quotes and apostrophes of a source field -> the build language's; library
    catalogues' spacing ("Title : subtitle", "London ; New York") closed up, except in a
    language that sets a space before a colon (French: `space_before_colon` in its catalogue)."""
    if not words.get("space_before_colon") and (" :" in text or " ;" in text):
        text = _CATALOGUE_SPACE.sub(r"\1", text)
    if '"' in text:
        quotes = words.get("quotes", ["\u201c", "\u201d"])
        text = _DOUBLE_QUOTES.sub(lambda m: quotes[0] + m[1] + quotes[1], text)
    if "'" in text:
        inner = words.get("inner_quotes", ["\u2018", "\u2019"])
        text = re.sub(r"(?<![\w.,;:!?\u2019])'(?=\w)([^']*?\w[.!?]?)'(?!\w)", lambda m: inner[0] + m[1] + inner[1], text)
        text = text.replace("'", "\u2019")
    return text


class CitationFormatter:
    """The forms of one build: the build language's words, and the source language's for
    entries that have no fields in the build language (printed whole in their own language,
    never as a mix: "Law of the Republic of Kazakhstan No. 223-IV “On ...”", not "Закон Republic")."""

    def __init__(self, root: Path, words: dict, lang: str, source_lang: str | None = None,
                 treaty: str | None = None):
        self.words = words
        self.lang = lang
        self.source_lang = source_lang or lang
        self.source_words = catalogue(self.source_lang, treaty) if self.source_lang != lang else words
        env = environment(root, autoescape=True)
        self.modules = {}
        self._env = env
        self._root = root
        self._cache: dict[tuple, list[Text]] = {}
        self.gaps: dict[str, tuple[BibEntry, list[str]]] = {}  # key -> (entry, fields lacking the language)
        self.fallbacks: dict[str, BibEntry] = {}  # entries printed in the source language
        self._module(words)  # a report's own template without the fallback macros fails here, named

    def _module(self, words: dict):
        lang = words.get("language", "")
        if lang not in self.modules:
            module = self._env.get_template("citations.j2").make_module({"w": words})
            require_macros(module, "citations.j2", ("full_misc", "short_misc"), self._root)  # the fallbacks
            self.modules[lang] = module
        return self.modules[lang]

    def view(self, entry: BibEntry) -> EntryView:
        if self.lang == self.source_lang or localised_for(entry, self.lang):
            return EntryView(entry, self.words, self.lang)
        self.fallbacks[entry.key] = entry
        return EntryView(entry, self.source_words, "")

    def form(self, entry: BibEntry, which: str, with_pinpoint: bool = False) -> list[Text]:
        """'full', 'short' or 'intext' form of an entry as inline text runs; a full form made
        `with_pinpoint` holds PLACEHOLDER where the pinpoint belongs."""
        cache_key = (entry.key, which, with_pinpoint)
        if cache_key not in self._cache:
            view = self.view(entry)
            module = self._module(view._words)
            kind = entry_kind(entry)
            macro = getattr(module, f"{which}_{kind}", None) or getattr(module, f"{which}_misc", None)
            if macro is None and which == "intext":
                macro = getattr(module, f"short_{kind}", None) or getattr(module, "short_misc")
            if which == "full" and "at" in getattr(macro, "arguments", ()):
                markup = str(macro(view, PLACEHOLDER if with_pinpoint else ""))
            else:  # a template of an older layout: the pinpoint follows the whole form
                markup = str(macro(view)) + (", " + PLACEHOLDER if with_pinpoint else "")
            runs = markup_to_runs(markup)
            if which != "full" and not "".join(r.text for r in runs).strip():
                runs = self.form(entry, "full")  # no author or title to shorten: the full form again
            self._cache[cache_key] = runs
            if self.lang != self.source_lang and localised_for(entry, self.lang):
                missing = {f for f in view.used if not entry.has(f, self.lang)}
                if missing:
                    known = set(self.gaps.get(entry.key, (entry, []))[1])
                    self.gaps[entry.key] = (entry, sorted(known | missing))
        return [Text(t.text, t.italic, t.bold) for t in self._cache[cache_key]]


def item_runs(item: CiteItem, entry: BibEntry, formatter: CitationFormatter, capital: bool) -> list[Text]:
    """One cited item in its position: prefix, then Ibid. / short form + supra note N / full
    form, with the pinpoint. `capital`: the item starts a sentence ("Ibid.", "See")."""
    words = formatter.words
    runs: list[Text] = []
    if item.prefix:
        prefix = localise_prefix(item.prefix, words)
        runs.extend(emphasis_runs(capitalise(prefix) if capital else prefix))
        runs.append(Text(" "))
        capital = False
    locator = emphasis_runs(localise_locator(item.locator, words))
    if item.position in (Position.IBID, Position.IBID_WITH_LOCATOR):
        ibid = words["ibid"] if item.position == Position.IBID else words["ibid_locator"]
        ibid = ibid if capital else ibid[:1].lower() + ibid[1:]
        before, _, after = ibid.partition("{locator}")
        runs.append(Text(before))
        if "{locator}" in ibid:
            runs.extend(locator)
            runs.append(Text(after))
    elif item.position == Position.SUBSEQUENT:
        runs.extend(formatter.form(entry, "short"))
        runs.append(Text(", " + supra(words, item.first_note)))
        if locator:
            runs.append(Text(", "))
            runs.extend(locator)
    else:
        for run in formatter.form(entry, "full", with_pinpoint=bool(locator)):
            if PLACEHOLDER in run.text:
                before, _, after = run.text.partition(PLACEHOLDER)
                runs.append(Text(before, run.italic, run.bold))
                runs.extend(locator)
                runs.append(Text(after, run.italic, run.bold))
            else:
                runs.append(run)
    return [r for r in runs if r.text]


def intext_runs(item: CiteItem, entry: BibEntry, formatter: CitationFormatter) -> list[Text]:
    """The words an in-text citation puts in the sentence: 'Smith and Jones', 'Toregozhina v. Kazakhstan'."""
    return formatter.form(entry, "intext")


def capitalise(text: str) -> str:
    """'see' -> 'See', '*see*' -> '*See*': the first letter, past any emphasis mark."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1:]
    return text


EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_]+?)(?<!\s)_(?!\w)")


def emphasis_runs(text: str) -> list[Text]:
    """Prefix and pinpoint text as typed: '*passim*' and '_see_' are italics, as in pandoc."""
    runs, last = [], 0
    for match in EMPHASIS.finditer(text):
        runs.append(Text(text[last:match.start()]))
        runs.append(Text(match[1] or match[2], italic=True))
        last = match.end()
    runs.append(Text(text[last:]))
    return [r for r in runs if r.text]


def localise_locator(locator: str, words: dict) -> str:
    """'para. 14' -> 'п. 14' in a Russian build: pinpoint words from the catalogue, numbers kept."""
    table = words.get("locators") or {}
    if not locator or not table:
        return locator
    words_ = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))  # "paras." before "para."
    return re.sub(rf"(?<!\w)({words_})(?=\s|$)", lambda m: table[m[1]], locator)


def localise_prefix(prefix: str, words: dict) -> str:
    """'See' -> 'См.' in a Russian build, when the catalogue knows the phrase; else as written."""
    table = words.get("prefixes") or {}
    found = table.get(prefix.lower())
    if found is None:
        return prefix
    return found[:1].upper() + found[1:] if prefix[:1].isupper() else found


class _RunParser(HTMLParser):
    """The template's markup read as HTML (as Jinja escaped it): <i>/<em> italic, <b>/<strong>
    bold; any other tag a restyled template writes is kept as text, so it shows and is fixed."""
    STYLES = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs: list[Text] = []
        self.depth = {"italic": 0, "bold": 0}

    def handle_starttag(self, tag, attrs):
        if tag in self.STYLES:
            self.depth[self.STYLES[tag]] += 1
        else:
            self.handle_data(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in self.STYLES:
            style = self.STYLES[tag]
            self.depth[style] = max(0, self.depth[style] - 1)
        else:
            self.handle_data(f"</{tag}>")

    def handle_data(self, data):
        if data:
            self.runs.append(Text(data, italic=self.depth["italic"] > 0, bold=self.depth["bold"] > 0))


def markup_to_runs(markup: str) -> list[Text]:
    """Template output (escaped text with <i> tags) -> Text runs; whitespace collapsed, and the
    space a template leaves before a comma or a closing bracket dropped."""
    markup = collapse(markup)
    markup = re.sub(r"\s+(?=[,.)\]])|(?<=[(\[])\s+", "", markup)
    parser = _RunParser()
    parser.feed(tidy_punctuation(markup))
    parser.close()
    runs: list[Text] = []
    for run in parser.runs:  # the parser may hand over one text in pieces
        if runs and (runs[-1].italic, runs[-1].bold) == (run.italic, run.bold):
            runs[-1] = Text(runs[-1].text + run.text, italic=run.italic, bold=run.bold)
        else:
            runs.append(run)
    return runs


_TAGS = r"((?:</?i>)*)"
# a field that ends with its own punctuation, joined by a separator that brings one more
# (a catalogue's "Seattle :" + ": ", "Press," + ", ", "Cursive:" + ": ", "1st ed." + ". "):
# the field's mark stays, the separator's goes; "Jr.," and "Mass.:" (an abbreviation) stay.
_DOUBLED = [
    (re.compile(r"([,;:])" + _TAGS + r"([\u201d\u2019\u00bb\"]?)" + _TAGS + r"\s*[,:]"), r"\1\2\3\4"),
    (re.compile(r"([?!])" + _TAGS + r"([\u201d\u2019\u00bb\"]?)" + _TAGS + r"[:.,]"), r"\1\2\3\4"),
    (re.compile(r"(?<![.\s])\." + _TAGS + r"\.(?!\.)"), r".\1"),
    (re.compile(r",(?=" + _TAGS + r"\.(?:\s|$))"), ""),
]
_URL_IN_MARKUP = re.compile(r"(?:https?|ftp)://[^\s<]+|doi:[^\s<]+")


def tidy_punctuation(markup: str) -> str:
    """One rule for every form: no mark doubled where two fields or a field and a separator meet.
    URLs are left alone."""
    urls: list[str] = []

    def keep(match: re.Match) -> str:
        urls.append(match[0])
        return f"\ue003{len(urls) - 1}\ue004"

    text = _URL_IN_MARKUP.sub(keep, markup)
    for rule, replacement in _DOUBLED:
        text = rule.sub(replacement, text)
    return re.sub("\ue003(\\d+)\ue004", lambda m: urls[int(m[1])], text)


def supra(words: dict, n: int) -> str:
    return words["supra_note"].replace("{n}", str(n))


__all__ = ["CitationFormatter", "EntryView", "Name", "entry_kind", "item_runs", "intext_runs", "supra"]
