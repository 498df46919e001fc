"""Citation text: BibTeX entry -> full / short form through templates/citations.j2, then the
legal note forms (full, short + "supra note N", "Ibid.") composed with the build's words."""
from __future__ import annotations

import html
import re
from pathlib import Path


from assemble.i18n import format_date
from assemble.load.bib import BibEntry
from assemble.model import Text
from assemble.templates_loader import environment, require_macros

TYPE_ALIASES = {
    "legislation": "legislation", "statute": "legislation", "law": "legislation", "legal": "legislation",
    "jurisdiction": "jurisdiction", "case": "jurisdiction",
    "undoc": "undoc",
    "report": "report", "techreport": "report",
    "online": "online", "webpage": "online", "electronic": "online", "www": "online",
    "article": "article",
    "book": "book", "collection": "book",
    "incollection": "incollection", "inbook": "incollection", "inproceedings": "incollection",
    "misc": "misc", "unpublished": "misc",
}
UN_SYMBOL = re.compile(r"^(A|S|E|CCPR|CERD|CAT|CEDAW|CRC|CRPD|CED|CMW|E/C\.12|HRI|ST)/[A-Za-z0-9./()-]+$")
TAG_RE = re.compile(r"(</?i>)")


def entry_kind(entry: BibEntry) -> str:
    kind = TYPE_ALIASES.get(entry.type, "misc")
    if kind in ("report", "misc") and UN_SYMBOL.match(entry.get("number")):
        return "undoc"
    return kind


class EntryView:
    """What a template sees of an entry: decoded fields, names joined, dates formatted."""

    def __init__(self, entry: BibEntry, words: dict, lang: str):
        self._entry, self._words, self._lang = entry, words, lang

    def _join(self, names: list[str]) -> str:
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + f" {self._words['and']} " + names[-1]

    def __getattr__(self, name: str) -> str:
        entry = self._entry
        if name in ("author", "editor"):
            names = entry.names(name)
            if not names and name == "author":
                return entry.get("organization", self._lang) or entry.get("institution", self._lang)
            return self._join(names)
        if name in ("date", "urldate"):
            value = entry.get(name)
            if not value and name == "date" and entry.get("year"):
                value = entry.get("year")
                month = entry.get("month")
                if month.isdigit():
                    value += f"-{int(month):02d}"
            return format_date(value, self._words) if value else ""
        if name == "year":
            return entry.get("year") or entry.get("date")[:4]
        if name == "key":
            return entry.key
        value = entry.get(name, self._lang)
        if name in ("url", "doi"):
            return value
        return value.replace("---", "\u2014").replace("--", "\u2013")


class CitationFormatter:
    def __init__(self, root: Path, words: dict, lang: str):
        self.words = words
        self.lang = lang
        env = environment(root, autoescape=True)
        self.module = env.get_template("citations.j2").make_module({"w": words})
        require_macros(self.module, "citations.j2", ("full_misc", "short_misc"), root)  # the fallbacks
        self._cache: dict[tuple[str, str], list[Text]] = {}

    def form(self, entry: BibEntry, which: str) -> list[Text]:
        """'full' or 'short' form of an entry as inline text runs."""
        cache_key = (entry.key, which)
        if cache_key not in self._cache:
            kind = entry_kind(entry)
            macro = getattr(self.module, f"{which}_{kind}", None) or getattr(self.module, f"{which}_misc")
            self._cache[cache_key] = markup_to_runs(str(macro(EntryView(entry, self.words, self.lang))))
        return [Text(t.text, t.italic) for t in self._cache[cache_key]]


def markup_to_runs(markup: str) -> list[Text]:
    """Template output (escaped text with <i> tags) -> Text runs; whitespace collapsed."""
    markup = " ".join(markup.split())
    runs: list[Text] = []
    italic = False
    for piece in TAG_RE.split(markup):
        if piece == "<i>":
            italic = True
        elif piece == "</i>":
            italic = False
        elif piece:
            runs.append(Text(html.unescape(piece), italic=italic))
    return runs


def supra(words: dict, n: int) -> str:
    return words["supra_note"].replace("{n}", str(n))

