"""Citation parts -> BibTeX keys, or the text kept with its best candidates. No false matches.

Order of evidence, strongest first:
1. Zotero/Mendeley fields: the item's own CSL-JSON (DOI, URL, number, citation key, title+year);
2. exact identifiers typed in the part: a UN document symbol, a URL or DOI, a law or case
   number ("No. 333-VI", "2137/2012");
3. back-references from the note history: Ibid./Id., "supra note N", "(n N)", "op. cit.";
4. fuzzy titles, short titles and author names (rapidfuzz), checked against what else the part
   says: dates and numbers that contradict an entry veto it, and the part must be mostly
   explained by the entry's fields.
A part is matched only when one entry wins clearly; otherwise its text stays and the import
report lists the best candidates with their scores.
"""
from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from assemble.load.bib import BibEntry
from assemble.wordimport.notes import Parsed, bare_locator, parse_part

STOP = set("""a an and the of on in for to by with at from as or its their his her this that these those be is are
was were been v vs no nos s de la le les des du et el los las del y en der die das und von zu im на и в о об по с к
от для из при до""".split())
SYMBOL = re.compile(r"\b(?:[A-Z]{1,6}(?:\.\d+)?)(?:/[A-Za-z0-9.()\-]+){2,}")
NUMBER_AFTER_NO = re.compile(r"(?:\bNos?\.?|№|N°|nº|\bN)\s*([0-9][\w\-/.]*\w|[0-9])", re.I)
DISTINCT_NUMBER = re.compile(r"\b\d+(?:[-/–]\w+)+\b")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+", re.I)
# names and a year, nothing else: "Smith 2019", "Doe and Roe (2021)", "Smith et al., 2019a",
# "Human Rights Watch 2019"; a title before the year ("Freedom House, Nations in Transit 2023") is not
_NAME_WORD = r"[^\W\d_][\w'’.-]*"
AUTHOR_YEAR = re.compile(rf"(?P<names>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}(?:\s+(?:and|&|и)\s+{_NAME_WORD}"
                         rf"(?:\s+{_NAME_WORD}){{0,2}})?(?:\s+et\s+al\.?)?),?\s*\(?(?P<year>(?:1[89]|20)\d\d)[a-z]?\)?")
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"“”<>]+", re.I)
WORD = re.compile(r"[^\W\d_]+")
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DOTTED_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
ZOTERO_LABELS = {"page": ("p.", "pp."), "paragraph": ("para.", "paras."), "article": ("art.", "arts."),
                 "section": ("section", "sections"), "chapter": ("ch.", "chs."), "part": ("part", "parts"),
                 "note": ("n.", "nn."), "volume": ("vol.", "vols."), "rule": ("r.", "rr."), "clause": ("cl.", "cls."),
                 "line": ("l.", "ll."), "figure": ("fig.", "figs."), "column": ("col.", "cols."),
                 "sub verbo": ("s.v.", "s.vv."), "folio": ("fol.", "fols."), "issue": ("no.", "nos.")}

# words a reference may hold that no BibTeX field does
FILLER = set("""accessed available online retrieved visited viewed at url doi in trans ed eds edn vol vols
no nos number pp p para paras art arts unofficial translation english russian kazakh official""".split())
ACCEPT = 90  # the entry's title (or name) is found in the part at least this well
COVER = 0.75  # and this share of the part's words is explained by the entry
MARGIN = 6  # and no other entry comes this close


def fold_char(ch: str) -> str:
    if ch.isalnum():
        return unicodedata.normalize("NFKD", ch)[0].lower()
    return " "


class _FoldTable(dict):
    """str.translate's table for fold(), filled in as characters are first seen: the loop over
    the text runs in C, and each distinct character is folded once (a 2,000-entry .bib)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case, accents and punctuation away, one character for one (offsets stay valid)."""
    return text.translate(_FOLD)


def squash(text: str) -> str:
    return " ".join(fold(text).split())


def plain(value: str) -> str:
    """A BibTeX value as plain text, cheaply: braces and LaTeX commands away (matching only)."""
    if "\\" in value:
        value = re.sub(r"\\[a-zA-Z]+\s*|\\.", "", value)
    return " ".join(value.replace("{", "").replace("}", "").replace("~", " ").split())


def tokens(text: str) -> list[str]:
    return [t for t in squash(text).split() if t not in STOP and (len(t) > 1 or t.isdigit())]


def symbols_in(text: str) -> list[str]:
    return [m.rstrip(".,;:)").upper() if m.count("(") <= m.count(")") - (1 if m.endswith(")") else 0) else
            m.rstrip(".,;:").upper() for m in SYMBOL.findall(text)]


def normal_url(url: str) -> str:
    url = url.strip().rstrip(".,;:)»”").lower()
    url = re.sub(r"^https?://", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


def numbers_in(text: str) -> set[str]:
    found = {m.upper().rstrip(".") for m in NUMBER_AFTER_NO.findall(text)}
    # "333-VI", "2137/2012"; a plain range such as "13–14" or "2005–2006" is no identifier
    found |= {m.upper().replace("–", "-") for m in DISTINCT_NUMBER.findall(text)
              if not re.fullmatch(r"\d+[–-]\d+", m)}
    return {n.replace("–", "-") for n in found}


def distinctive(number: str) -> bool:
    return bool(re.search(r"[-/A-Za-z]", number)) and bool(re.search(r"\d", number))


class Dates:
    """Dates typed in a text, in the report's languages: (y, m, d) triples, (y, m) and years."""

    def __init__(self, months: dict[str, int]):
        self.months = months
        names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
        self.day_month_year = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({names})\.?,?\s+(\d{{4}})(?!\d)", re.I)
        self.month_day_year = re.compile(rf"\b({names})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.I)
        self.month_year = re.compile(rf"\b({names})\.?\s+(\d{{4}})(?!\d)", re.I)

    def of(self, text: str) -> tuple[set, set, set]:
        full, months, years = set(), set(), set()
        # a date with a month name ends in its year: look only just before each year, not over
        # the whole text with every language's month names (2,000 .bib entries)
        windows = []
        for found in YEAR.finditer(text):
            start = max(0, found.start() - 40)
            if start:
                space = text.find(" ", start, found.start())
                start = space + 1 if space >= 0 else found.start()
            windows.append(text[start:found.end() + 1])
        for window in windows:
            if not any(word in self.months for word in WORD.findall(window.lower())):
                continue  # no month name: the three patterns (every language's names) cannot match
            for d, m, y in self.day_month_year.findall(window):
                full.add((int(y), self.months[m.lower()], int(d)))
            for m, d, y in self.month_day_year.findall(window):
                full.add((int(y), self.months[m.lower()], int(d)))
            for m, y in self.month_year.findall(window):
                months.add((int(y), self.months[m.lower()]))
        for y, m, d in ISO_DATE.findall(text):
            full.add((int(y), int(m), int(d)))
        for d, m, y in DOTTED_DATE.findall(text):
            if 1 <= int(m) <= 12:
                full.add((int(y), int(m), int(d)))
        years = {int(y) for y in YEAR.findall(text)}
        return full, months, years


def months_of(catalogues: list[dict]) -> dict[str, int]:
    months: dict[str, int] = {}
    for words in catalogues:
        for key in ("months", "months_standalone"):
            for i, name in enumerate(words.get(key) or []):
                months[str(name).lower()] = i + 1
    for i, short in enumerate(EN_MONTHS):
        months.setdefault(short, i + 1)
    months["sept"] = 9
    return months


def iso_date(value: str) -> tuple | None:
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if not match:
        return None
    return tuple(int(g) for g in match.groups() if g)


@dataclass
class Entry:
    """What matching needs of one BibTeX entry, computed once."""

    key: str
    titles: list[str]  # folded: title, title_xx
    shorts: list[str]  # folded: shorttitle, shorttitle_xx
    authors: list[str]  # folded names (persons' surnames and corporate names)
    words: set[str]  # every word of every field
    number: str  # upper case
    symbols: set[str]
    numbers: set[str]
    urls: set[str]
    doi: str
    date: tuple | None
    explained_dates: set = field(default_factory=set)  # full dates the entry's own text holds
    explained_years: set = field(default_factory=set)
    year: int | None = None

    def names(self) -> list[str]:
        out = list(self.titles) + list(self.shorts)
        for author in self.authors[:2]:
            for title in self.shorts + self.titles[:1]:
                out.append(f"{author} {title}")
        return out


@dataclass
class Verdict:
    key: str | None
    how: str = ""
    score: int = 0
    start: int = 0  # where in the text the citation starts (commentary before it stays text)
    candidates: list[tuple[str, int]] = field(default_factory=list)
    why: str = ""


class Matcher:
    def __init__(self, bib: dict[str, BibEntry], catalogues: list[dict], abbreviations: dict[str, str] | None = None):
        self.dates = Dates(months_of(catalogues))
        self.abbreviations = {squash(k): squash(v) for k, v in (abbreviations or {}).items() if squash(k)}
        self.entries: dict[str, Entry] = {}
        self.by_symbol: dict[str, set[str]] = defaultdict(set)
        self.by_number: dict[str, set[str]] = defaultdict(set)
        self.by_url: dict[str, set[str]] = defaultdict(set)
        self.by_doi: dict[str, set[str]] = defaultdict(set)
        self.by_token: dict[str, set[str]] = defaultdict(set)
        self.folded_keys = {k.lower(): k for k in bib}
        for key, entry in bib.items():
            self._add(key, entry)
        total = max(len(self.entries), 1)
        self.idf = {t: math.log(1 + total / len(keys)) for t, keys in self.by_token.items()}

    def _add(self, key: str, bib: BibEntry) -> None:
        raw = {k: plain(v) for k, v in bib.raw.items()}
        titles = [squash(v) for k, v in raw.items() if re.fullmatch(r"title(_\w+)?", k) and v]
        shorts = [squash(v) for k, v in raw.items() if re.fullmatch(r"shorttitle(_\w+)?", k) and v]
        authors = []
        for name_field in ("author", "editor", "institution", "organization", "publisher"):
            value = bib.raw.get(name_field, "")
            if not value:
                continue
            if name_field in ("author", "editor"):
                for person in re.split(r"\s+and\s+(?![^{]*})", value):
                    person = plain(person).strip()
                    if "," in person and not person.startswith("{"):
                        person = person.split(",")[0]  # "Doe, Jane" -> "Doe"
                    if person:
                        authors.append(squash(person))
            else:
                authors.append(squash(plain(value)))
        text = " ".join(v for k, v in raw.items() if k not in ("url", "urldate", "file", "abstract", "keywords"))
        number = raw.get("number", "").upper()
        date = iso_date(raw.get("date", "")) or (iso_date(raw.get("year", "")) if raw.get("year") else None)
        urldate = iso_date(raw.get("urldate", ""))
        words = set(tokens(text)) | set(tokens(bib.type))
        for part in (date, urldate):
            if part:
                words.add(str(part[0]))
                if len(part) > 1:
                    words.update(self._month_words(part[1]))
                if len(part) > 2:
                    words.add(str(part[2]))
        urls = {normal_url(u) for u in re.split(r"\s+", raw.get("url", "")) if u}
        for u in urls:
            words.update(tokens(u))
        full, _, years = self.dates.of(text)
        explained_dates = set(full)
        for part in (date, urldate):
            if part and len(part) == 3:
                explained_dates.add(part)
        explained_years = set(years) | {p[0] for p in (date, urldate) if p}
        entry = Entry(key, titles, shorts, authors, words, number,
                      symbols=set(symbols_in(text)) | ({number} if SYMBOL.fullmatch(number or "-") else set()),
                      numbers=numbers_in(text) | ({number} if number else set()),
                      urls=urls, doi=raw.get("doi", "").lower().strip(), date=date,
                      explained_dates=explained_dates, explained_years=explained_years,
                      year=date[0] if date else None)
        self.entries[key] = entry
        for s in entry.symbols:
            self.by_symbol[s].add(key)
        for n in entry.numbers:
            if distinctive(n):
                self.by_number[n].add(key)
        for u in urls:
            self.by_url[u].add(key)
        if entry.doi:
            self.by_doi[entry.doi].add(key)
        for t in words:
            self.by_token[t].add(key)

    def _month_words(self, month: int) -> set[str]:
        if not hasattr(self, "_months_by_number"):
            self._months_by_number = defaultdict(set)
            for name, m in self.dates.months.items():
                self._months_by_number[m].add(name)
        return self._months_by_number[month]

    # ---- measures --------------------------------------------------------------------
    def expand(self, folded: str) -> str:
        if not self.abbreviations:
            return folded
        return " ".join(self.abbreviations.get(t, t) for t in folded.split())

    def coverage(self, text: str, entry: Entry) -> float:
        """The share of the part's words (weighted by rarity) that the entry explains; acronyms
        from report.yml's abbreviations may be typed for the names the entry spells out. A web
        address is no evidence against an entry that holds none (the report names it)."""
        if not entry.urls:
            text = URL.sub(" ", text)
        folded = squash(text)
        best = self._coverage(tokens(folded), entry)
        expanded = self.expand(folded)
        if expanded != folded:
            best = max(best, self._coverage(tokens(expanded), entry))
        return best

    def _coverage(self, words: list[str], entry: Entry) -> float:
        if not words:
            return 0.0
        total = hit = 0.0
        for w in words:
            weight = self.idf.get(w, 4.0) if not w.isdigit() else 1.5
            total += weight
            if w in entry.words or (len(w) >= 5 and any(len(e) >= 5 and fuzz.ratio(w, e) >= 85 for e in entry.words
                                                        if e[:2] == w[:2])):
                hit += weight
        return hit / total if total else 0.0

    def evidence(self, text: str, entry: Entry) -> int:
        """How well the entry's title, short title or author+title is found in the text."""
        folded = squash(text)
        best = self._evidence(folded, entry)
        expanded = self.expand(folded)
        return max(best, self._evidence(expanded, entry)) if expanded != folded else best

    def _evidence(self, folded: str, entry: Entry) -> int:
        best = 0.0
        for name in entry.names():
            if not name:
                continue
            if len(name) <= len(folded) + 3:
                score = fuzz.partial_ratio(name, folded) if len(name) >= 12 else (
                    fuzz.ratio(name, folded) if len(folded) <= len(name) + 6 else fuzz.token_set_ratio(name, folded)
                    if len(name.split()) >= 2 and len(folded.split()) <= len(name.split()) + 2 else 0)
            else:  # the part is shorter than the name: a short form typed from the title
                score = fuzz.ratio(name, folded)
                if folded and name.startswith(folded) and len(folded) >= 12:
                    score = max(score, 92)
            best = max(best, score)
        return int(round(best))

    def title_recall(self, text: str, entry: Entry) -> float:
        """How much of the entry's title (or short title) the text holds: "Concluding observations on
        the periodic report" does not say *which* periodic report, so it is not the second's."""
        words = set(tokens(self.expand(squash(text)))) | set(tokens(squash(text)))
        folded = squash(text)
        best = 0.0
        for name in entry.titles + entry.shorts:
            wanted = [w for w in name.split() if w not in STOP and (len(w) > 1 or w.isdigit())]
            if not wanted:
                continue
            if name.startswith(folded) and len(folded) >= 12:
                return 1.0  # a short title typed as the title's first words (Chicago)
            found = sum(1 for w in wanted if w in words or (len(w) >= 5 and any(
                len(t) >= 5 and t[:2] == w[:2] and fuzz.ratio(w, t) >= 85 for t in words)))
            best = max(best, found / len(wanted))
        return best if entry.titles or entry.shorts else 1.0

    def vetoed(self, text: str, entry: Entry) -> str:
        """Why the entry cannot be what the text cites: a date or number says otherwise."""
        text = URL.sub(" ", text)  # "?a=3-201001180034" is part of an address, not a number
        full, months, years = self.dates.of(text)
        unexplained = full - entry.explained_dates
        if unexplained and entry.date and len(entry.date) == 3 and entry.date not in full:
            return "its date differs"
        if entry.year and years and not (years & entry.explained_years):
            return "its year differs"
        if entry.date and len(entry.date) >= 2 and months:
            if all((y, m) != entry.date[:2] for y, m in months) and not any(y in entry.explained_years and
                                                                             (y, m) not in months for y, m in months):
                if not any(d[:2] == (y, m) for d in entry.explained_dates for y, m in months):
                    return "its month differs"
        title_year = self._title_year_differs(squash(text), entry)
        if title_year:
            return title_year
        for s in symbols_in(text):
            if s not in entry.symbols and not any(s.startswith(e) or e.startswith(s) for e in entry.symbols):
                return f"the symbol {s} is another document"
        for n in numbers_in(text):
            if distinctive(n) and n not in entry.numbers and not any(n in e or e in n for e in entry.numbers):
                if not SYMBOL.fullmatch(n):
                    return f"the number {n} is another"
        return ""

    @staticmethod
    def _title_year_differs(folded: str, entry: Entry) -> str:
        """A year that belongs to the title, typed as another: "… Commissioner for 2014" is not the
        entry "… Commissioner for 2013", whose own date (2014) must not stand in for it. Only the
        words right before the title's year are compared, so a year elsewhere in the note is no veto."""
        for name in entry.titles + entry.shorts:
            for year in YEAR.finditer(name):
                before = name[:year.start()].split()[-2:]
                if len(before) < 2:
                    continue
                typed = re.search(rf"(?<!\w){re.escape(' '.join(before))} ((?:1[89]|20)\d\d)(?!\d)", folded)
                if typed and typed[1] != year[1]:
                    return f"its title says {year[1]}, the note {typed[1]}"
        return ""

    def residual(self, text: str, entry: Entry) -> tuple[list[tuple[int, int]], int]:
        """Where the words the entry does not explain are in `text` (offsets of each word), and
        where the last word it explains ends."""
        spans = [(m.start(), m.end()) for m in URL.finditer(text)]
        out, last = [], max((b for _, b in spans), default=0)
        for m in re.finditer(r"\w+", text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            word = squash(m.group(0))
            if not word or word in STOP or word in FILLER or (len(word) == 1 and not word.isdigit()):
                continue
            if word in entry.words or self.expand(word) != word and all(
                    w in entry.words for w in self.expand(word).split()) or (
                    len(word) >= 5 and any(len(e) >= 5 and e[:2] == word[:2] and fuzz.ratio(word, e) >= 85
                                           for e in entry.words)):
                last = max(last, m.end())
                continue
            out.append((m.start(), m.end()))
        return out, last

    # ---- whole references --------------------------------------------------------------
    def candidates(self, text: str, limit: int = 12) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for t in set(tokens(self.expand(squash(text)))):
            keys = self.by_token.get(t)
            if keys and len(keys) < len(self.entries) * 0.5 + 2:
                weight = self.idf.get(t, 0)
                for k in keys:
                    scores[k] += weight
        for s in symbols_in(text):
            for k in self.by_symbol.get(s, ()):
                scores[k] += 50
        for n in numbers_in(text):
            for k in self.by_number.get(n, ()):
                scores[k] += 20
        return heapq.nsmallest(limit, scores, key=lambda k: (-scores[k], k))  # = sorted(...)[:limit]

    def reference(self, text: str) -> Verdict:
        """A full or short reference typed in `text` (signal and pinpoint already removed)."""
        if not text.strip() or not re.search(r"\w", text):
            return Verdict(None, why="no reference text")
        exact = self._identifier(text)
        if exact is not None:
            return exact
        dated = self._author_year(text)
        if dated is not None:
            return dated
        verdict = self._fuzzy(text)
        if verdict.key or len(tokens(text)) <= 12:
            return verdict
        embedded = self._embedded(text)
        return embedded if embedded.key else verdict

    def explains_visit(self, accessed: str, entry: Entry) -> bool:
        """The entry holds the date the note says the page was read (its urldate)."""
        full, _, _ = self.dates.of(accessed)
        return bool(full) and full <= entry.explained_dates

    def _author_year(self, text: str) -> Verdict | None:
        """"Smith 2019", "Smith (2019)", "Doe and Roe, 2021": the author-date short form. Taken only
        when exactly one entry has that author (first named) and that year."""
        match = AUTHOR_YEAR.fullmatch(text.strip().rstrip(".,").strip())
        if not match:
            return None
        first = re.split(r"\s+(?:and|&|et\s+al\.?|и)(?:\s+|$)", match["names"].strip())[0]
        surname = squash(first)
        year = int(match["year"])
        if not surname:
            return None
        keys = sorted(k for k, e in self.entries.items() if e.year == year and e.authors
                      and (e.authors[0] == surname or surname.endswith(" " + e.authors[0])))  # "Jane Smith 2019"
        if len(keys) == 1:
            return Verdict(keys[0], "author and year", 100)
        if keys:
            return Verdict(None, candidates=[(k, 90) for k in keys[:3]],
                           why=f"several sources by {first} from {year}")
        return None

    def _identifier(self, text: str) -> Verdict | None:
        found: dict[str, str] = {}
        for s in symbols_in(text):
            for k in self.by_symbol.get(s, ()):
                found.setdefault(k, f"UN symbol {self.entries[k].number or s}")
        for u in URL.findall(text):
            for k in self.by_url.get(normal_url(u), ()):
                found.setdefault(k, "URL")
        for d in DOI.findall(text):
            for k in self.by_doi.get(d.lower().rstrip(".,;"), ()):
                found.setdefault(k, "DOI")
        for n in numbers_in(text):
            if distinctive(n) and not SYMBOL.fullmatch(n):
                for k in self.by_number.get(n, ()):
                    found.setdefault(k, f"number {n}")
        if not found:
            return None
        ok = []
        for key, how in found.items():
            entry = self.entries[key]
            if self.vetoed(text, entry):
                continue
            cover = self.coverage(text, entry)
            rest = [t for t in tokens(text) if t not in entry.words]
            if cover >= 0.6 or len(rest) <= 3:
                ok.append((cover, self.evidence(text, entry), key, how))
        if not ok:
            return None
        ok.sort(reverse=True)
        if len(ok) > 1 and ok[1][0] >= ok[0][0] - 0.05 and abs(ok[1][1] - ok[0][1]) < MARGIN:
            return Verdict(None, candidates=[(k, int(c * 100)) for c, _, k, _ in ok[:3]],
                           why="several sources share this identifier")
        cover, score, key, how = ok[0]
        return Verdict(key, how, max(score, int(cover * 100)))

    def _scored(self, text: str, keys: list[str]) -> list[tuple[int, float, str, str]]:
        out = []
        for key in keys:
            entry = self.entries[key]
            score = self.evidence(text, entry)
            if score < 60:
                out.append((score, 0.0, key, "weak"))
                continue
            veto = self.vetoed(text, entry)
            out.append((score, self.coverage(text, entry), key, veto))
        out.sort(key=lambda x: (-(x[0] * (0.5 + 0.5 * x[1])), x[2]))
        return out

    def _fuzzy(self, text: str) -> Verdict:
        scored = self._scored(text, self.candidates(text))
        listed = [(k, int(round(s * (0.5 + 0.5 * c)))) for s, c, k, v in scored[:3] if s >= 50]
        good = [(s, c, k) for s, c, k, v in scored if not v and s >= ACCEPT and c >= COVER
                and self.title_recall(text, self.entries[k]) >= 0.85]
        if not good:
            why = "no source in footnotes/ matches" if not listed else "no source matches well enough"
            vetoes = [v for s, c, k, v in scored[:1] if v and v != "weak" and s >= ACCEPT]
            if vetoes:
                why = f"the best candidate does not fit: {vetoes[0]}"
            return Verdict(None, candidates=listed, why=why)
        best = good[0]
        # a rival scores nearly as well and explains nearly as much of the part (the author's name
        # tells "Human Rights Committee, Concluding observations …" from the CESCR's same title)
        rivals = [g for g in good[1:] if g[0] * (0.5 + 0.5 * g[1]) >= best[0] * (0.5 + 0.5 * best[1]) - MARGIN
                  and g[1] >= best[1] - 0.05]
        if rivals:
            # near-identical titles: the one whose date the note gives wins, if only one does
            full, months, years = self.dates.of(text)
            dated = [g for g in [best] + rivals if self._dated(self.entries[g[2]], full, months, years)]
            if len(dated) == 1:
                best = dated[0]
            else:
                return Verdict(None, candidates=listed, why="several sources match equally well")
        return Verdict(best[2], "title" if best[0] >= 95 else "title (close)", best[0])

    def _dated(self, entry: Entry, full, months, years) -> bool:
        if not entry.date:
            return False
        if len(entry.date) == 3:
            return entry.date in full
        if len(entry.date) == 2:
            return entry.date in months or any(d[:2] == entry.date for d in full)
        return entry.date[0] in years

    def _embedded(self, text: str) -> Verdict:
        """A full reference at the end of commentary, with no separator: "… not adopted ISHR, “…”, 2024".

        It starts where the entry's author-and-title (or title) is found; what comes before stays
        text, and the reference from there on must be the entry's in full (title, and a date,
        number, author or URL), so that a sentence which merely names a law is never taken."""
        squashed = " ".join(fold(text).split())
        for key in self.candidates(text, limit=5):
            entry = self.entries[key]
            aligned = []
            for name in entry.names():
                if len(name) >= 20 and len(name) <= len(squashed):
                    align = fuzz.partial_ratio_alignment(name, squashed)
                    if align and align.score >= 92:
                        aligned.append((len(name), align.score, align))
            if not aligned:
                continue
            align = max(aligned, key=lambda a: a[:2])[2]
            start = _reference_start(text, _original_offset(text, align.dest_start))
            tail = text[start:]
            if start and self.coverage(tail, entry) >= 0.85 and not self.vetoed(tail, entry) \
                    and self._has_detail(tail, entry):
                return Verdict(key, "title (after commentary)", self.evidence(tail, entry), start=start)
        return Verdict(None)

    def _has_detail(self, text: str, entry: Entry) -> bool:
        """Besides the title: a date, number, author or URL of the entry is in the text."""
        full, months, years = self.dates.of(text)
        folded = squash(text)
        return bool((entry.year and entry.year in years) or (entry.number and entry.number.lower() in text.lower())
                    or any(a and a in folded for a in entry.authors) or URL.search(text))

    # ---- back-references -----------------------------------------------------------------
    def short_form(self, lead: str, keys: list[str]) -> Verdict:
        """Which of `keys` (the sources of note N) the short form before "supra note N" names."""
        words = len(lead.split())
        if len(keys) == 1 and words <= 3:  # "Criminal Code (n 3)", "the Law, supra note 3"
            return Verdict(keys[0], score=100)
        scored = []
        for key in keys:
            entry = self.entries.get(key)
            if entry is None:
                continue
            names = entry.names() + entry.authors + ([entry.number.lower()] if entry.number else [])
            folded = squash(lead)
            score = max((max(fuzz.ratio(n, folded), fuzz.partial_ratio(n, folded) if len(n) <= len(folded) else 0)
                         for n in names if n), default=0)
            scored.append((int(score), key))
        scored.sort(reverse=True)
        if not scored:
            return Verdict(None, why="the note it points to cites nothing")
        best = scored[0]
        rival = scored[1][0] if len(scored) > 1 else 0
        if best[0] >= 70 and best[0] - rival >= 10:
            # where the short form starts: text before it ("As the court held, …") stays text
            entry = self.entries[best[1]]
            squashed = " ".join(fold(lead).split())
            aligned = []
            for name in entry.names() + entry.authors:
                if name and len(name) <= len(squashed):
                    align = fuzz.partial_ratio_alignment(name, squashed)
                    if align and align.score >= 85:
                        aligned.append((align.score >= 95, len(name), align.score, -align.dest_start, align))
            if aligned:
                align = max(aligned, key=lambda a: a[:4])[4]
                start = _reference_start(lead, _original_offset(lead, align.dest_start))
                return Verdict(best[1], score=int(align.score), start=start)
            if words <= 12 and best[0] >= 90:
                return Verdict(best[1], score=best[0])
        return Verdict(None, candidates=[(k, s) for s, k in scored[:3]],
                       why="the short form does not say clearly which source of that note it means")

    def op_cit(self, lead: str, history: list[str]) -> Verdict:
        folded = squash(lead)
        scored = []
        for key in dict.fromkeys(reversed(history)):
            entry = self.entries.get(key)
            if entry is None:
                continue
            names = entry.authors + entry.shorts + entry.titles
            score = max((fuzz.ratio(n, folded) for n in names if n), default=0)
            scored.append((int(score), key))
        scored.sort(key=lambda x: -x[0])
        if scored and scored[0][0] >= 80 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 10):
            return Verdict(scored[0][1], "op. cit.", scored[0][0])
        return Verdict(None, candidates=[(k, s) for s, k in scored[:3]], why="op. cit. names no earlier source clearly")

    # ---- citation-manager items ------------------------------------------------------------
    def zotero_item(self, item: dict) -> Verdict:
        data = item.get("itemData") or {}
        ckey = str(data.get("citation-key") or data.get("citationKey") or "")
        if ckey and ckey.lower() in self.folded_keys:
            return Verdict(self.folded_keys[ckey.lower()], "Zotero citation key", 100)
        doi = str(data.get("DOI") or "").lower().strip()
        if doi and len(self.by_doi.get(doi, ())) == 1:
            return Verdict(next(iter(self.by_doi[doi])), "Zotero item DOI", 100)
        url = normal_url(str(data.get("URL") or ""))
        if url and len(self.by_url.get(url, ())) == 1:
            return Verdict(next(iter(self.by_url[url])), "Zotero item URL", 100)
        number = str(data.get("number") or data.get("call-number") or "").upper().strip()
        if number and distinctive(number):
            keys = self.by_symbol.get(number) or self.by_number.get(number) or set()
            if len(keys) == 1:
                return Verdict(next(iter(keys)), f"Zotero item number {number}", 100)
        title = squash(str(data.get("title") or ""))
        issued = (data.get("issued") or {}).get("date-parts") or [[]]
        year = issued[0][0] if issued and issued[0] else None
        try:
            year = int(year) if year is not None else None
        except (TypeError, ValueError):
            year = None
        if not title:
            return Verdict(None, why="the Zotero item has no title")
        exact = [e.key for e in self.entries.values() if title in e.titles or title in e.shorts]
        if year:
            exact = [k for k in exact if self.entries[k].year in (None, year)] or exact
        if len(exact) == 1:
            return Verdict(exact[0], "Zotero item title", 100)
        scored = []
        for key in self.candidates(title):
            entry = self.entries[key]
            score = max((fuzz.ratio(title, t) for t in entry.titles), default=0)
            if year and entry.year and entry.year != year:
                score -= 20
            scored.append((int(score), key))
        scored.sort(key=lambda x: -x[0])
        if scored and scored[0][0] >= 95 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= MARGIN):
            return Verdict(scored[0][1], "Zotero item title (close)", scored[0][0])
        return Verdict(None, candidates=[(k, s) for s, k in scored[:3]],
                       why="no source in footnotes/ has this Zotero item's title")


def zotero_locator(item: dict) -> str:
    locator = str(item.get("locator") or "").strip()
    if not locator:
        return ""
    label = str(item.get("label") or "page").lower()
    words = ZOTERO_LABELS.get(label)
    if words is None:
        return f"{label} {locator}"
    plural = bool(re.search(r"[-–,&]|\band\b", locator))
    return f"{words[1] if plural else words[0]} {locator}"


def _reference_start(text: str, offset: int) -> int:
    """Back to the start of the word, and over an opening quote or bracket: they belong to it."""
    while offset > 0 and not text[offset - 1].isspace() and text[offset - 1] not in "(“«\"‘[":
        offset -= 1
    while offset > 0 and text[offset - 1] in "(“«\"‘[":
        offset -= 1
    return offset


def _original_offset(text: str, squashed_offset: int) -> int:
    """Offset in `text` of the character at `squashed_offset` in " ".join(fold(text).split())."""
    folded = fold(text)
    count = 0
    in_space = True
    started = False
    for i, ch in enumerate(folded):
        if ch == " ":
            if started and not in_space:
                if count == squashed_offset:
                    return i
                count += 1
            in_space = True
            continue
        if count == squashed_offset:
            return i
        count += 1
        in_space = False
        started = True
    return 0


# ---- the note history ----------------------------------------------------------------------

@dataclass
class Cited:
    key: str
    prefix: str = ""
    locator: str = ""
    how: str = ""
    score: int = 0
    left_out: str = ""  # words of the typed reference that no field of the entry holds (reported)


@dataclass
class Part:
    """A stretch of a note paragraph that is, or looked like, a citation; no `cites`: kept as text."""

    start: int
    end: int
    cites: list[Cited] = field(default_factory=list)
    candidates: list[tuple[str, int]] = field(default_factory=list)
    why: str = ""
    zotero: bool = False


class History:
    """What Ibid., supra note N and op. cit. refer to, in reading order."""

    def __init__(self):
        self.by_note: dict[tuple[str, int], list[str]] = {}
        self.previous: list[str] | None = None
        self.cited: list[str] = []

    def cite(self, keys: list[str]) -> None:
        self.previous = keys
        self.cited.extend(keys)


PAREN_AT_END = re.compile(r"(?<=\s)\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*\.?\s*$")


def match_part(matcher: Matcher, history: History, kind: str, text: str, start: int, end: int) -> Part:
    """One part of a note paragraph (text[start:end]) -> a cited part, or the text kept."""
    # "… during the strike (ibid, art. 19)": a citation in brackets at the end of commentary,
    # as pandoc and many partners write them inside a note; tried first, so the brackets go
    # with the citation rather than into its pinpoint
    paren = PAREN_AT_END.search(text, start, end)
    if paren and paren.start() > start:
        inner_start = paren.start("inner")
        pieces = _pieces(text, inner_start, paren.end("inner"))
        saved = (history.previous, list(history.cited))
        cites = []
        for piece in pieces:
            found = _match_part(matcher, history, kind, text, inner_start + piece.start, inner_start + piece.end)
            if not found.cites or found.start != inner_start + piece.start:
                cites = []
                break
            cites.extend(found.cites)
            history.cite([c.key for c in found.cites])
        history.previous, history.cited = saved
        if cites:
            return Part(paren.start(), end, cites)
    return _match_part(matcher, history, kind, text, start, end)


def _match_part(matcher: Matcher, history: History, kind: str, text: str, start: int, end: int) -> Part:
    parsed: Parsed = parse_part(text[start:end])
    if parsed.ibid:
        locator = parsed.locator
        if locator and bare_locator(locator) is None:
            return Part(start, end, why="Ibid. is followed by more than a pinpoint")
        cite_at = start + (parsed.marker_at if parsed.body else 0)
        if history.previous and len(history.previous) == 1:
            key = history.previous[0]
            return Part(cite_at, end, [Cited(key, "" if parsed.body else parsed.prefix, locator, "Ibid.", 100)])
        return Part(start, end, candidates=[(k, 0) for k in (history.previous or [])],
                    why="Ibid. follows a note with several sources" if history.previous else
                    "Ibid. follows a note whose source was not recognised")
    if parsed.supra is not None:
        keys = history.by_note.get((kind, parsed.supra))
        if not keys:
            verdict = matcher.reference(parsed.body) if parsed.body else Verdict(None)
            return Part(start, end, candidates=verdict.candidates[:3],
                        why=f"note {parsed.supra} cites no source that was recognised")
        verdict = matcher.short_form(parsed.body, keys)
        if verdict.key:
            cite_at = start + parsed.lead_at + verdict.start if verdict.start else start
            prefix = parsed.prefix if cite_at == start else ""
            return Part(cite_at, end, [Cited(verdict.key, prefix, parsed.locator, f"supra note {parsed.supra}",
                                             verdict.score)])
        return Part(start, end, candidates=verdict.candidates, why=verdict.why)
    if parsed.op_cit:
        verdict = matcher.op_cit(parsed.body, history.cited)
        if verdict.key:
            return Part(start, end, [Cited(verdict.key, parsed.prefix, parsed.locator, "op. cit.", verdict.score)])
        return Part(start, end, candidates=verdict.candidates, why=verdict.why)
    verdict = matcher.reference(parsed.body)
    if verdict.key:
        cite_at = start + parsed.lead_at + verdict.start if verdict.start else start
        prefix = parsed.prefix if not verdict.start else ""
        locator = parsed.locator
        body = parsed.body[verdict.start:]
        left, last_explained = matcher.residual(body, matcher.entries[verdict.key])
        if left:
            if all(a >= last_explained for a, _ in left):
                # words after everything the entry explains: a pinpoint in a form not recognised ("pt I")
                tail = body[left[0][0]:].strip().strip(",").strip()
                locator = f"{tail}, {locator}" if locator else tail
            elif len(left) > 2 or any(body[a:b].isdigit() for a, b in left):
                # a number no field holds may be a pinpoint in a place not recognised: never drop it
                words = " ".join(body[a:b] for a, b in left)
                return Part(start, end, candidates=[(verdict.key, verdict.score)],
                            why=f"the note says more than the source entry holds ({_clip_words(words)})")
        cited = Cited(verdict.key, prefix, locator, verdict.how, verdict.score)
        if left and locator == parsed.locator:
            cited.left_out = " ".join(body[a:b] for a, b in left)
        entry = matcher.entries[verdict.key]
        if not entry.urls:
            for url in URL.findall(body):  # add it as the entry's url (an address of its DOI says nothing new)
                if not (entry.doi and entry.doi in url.lower()):
                    cited.left_out = "; ".join(filter(None, [cited.left_out, url.rstrip(".,;:)")]))
        if parsed.accessed and not matcher.explains_visit(parsed.accessed, matcher.entries[verdict.key]):
            cited.left_out = "; ".join(filter(None, [cited.left_out, parsed.accessed]))  # add it as urldate
        return Part(cite_at, end, [cited])
    return Part(start, end, candidates=verdict.candidates, why=verdict.why)


def _clip_words(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"


@dataclass
class NoteParagraph:
    spans: list  # read.Span
    text: str
    parts: list[Part]


@dataclass
class NoteResult:
    note: object  # read.WordNote
    paragraphs: list[NoteParagraph]

    @property
    def cites(self) -> list[Cited]:
        return [c for p in self.paragraphs for part in p.parts for c in part.cites]

    @property
    def kept(self) -> list[Part]:
        return [part for p in self.paragraphs for part in p.parts if not part.cites]

    @property
    def state(self) -> str:
        """citation: nothing but citations (becomes [@key]); mixed: citations and text
        (an inline note); text: no citation recognised; empty."""
        if not any(p.text.strip() for p in self.paragraphs):
            return "empty"
        if not self.cites:
            return "text"
        if len(self.paragraphs) == 1 and not self.kept:
            p = self.paragraphs[0]
            covered = [False] * len(p.text)
            for part in p.parts:
                for i in range(part.start, part.end):
                    covered[i] = True
            rest = "".join(ch for ch, c in zip(p.text, covered) if not c)
            if not re.sub(r"[\s;.,:]", "", rest):
                return "citation"
        return "mixed"


def _pieces(text: str, start: int, end: int):
    from assemble.wordimport.notes import split_parts

    return split_parts(text[start:end])


REFERENCE_LIKE = re.compile(r"“[^”]+”|(?<!\w)‘[^’]{3,}’(?!\w)|«[^»]+»|\"[^\"]+\"|https?://|www\.|\bNo\.\s*\d|,\s*(?:\d{1,2}\s+\w+\s+)?(?:1[89]|20)\d\d\.?$"
                            r"|\((?:1[89]|20)\d\d\)|\b[A-Z]{2,6}(?:/[\w.()-]+){2,}")


def _remember(history: History, part: Part, keys: list[str], text: str = "") -> None:
    """After a citation, Ibid. means its source; after text that may cite a source not in
    footnotes/ (a title in quotes, a year at the end, a number, an address), Ibid. means nothing
    we know. A sentence of commentary ("In 2012 he was sentenced …") changes neither."""
    if part.cites:
        history.cite([c.key for c in part.cites])
        keys.extend(c.key for c in part.cites)
    elif part.zotero or any(score >= 60 for _, score in part.candidates) or REFERENCE_LIKE.search(
            text[part.start:part.end].strip()):
        history.previous = None


def _match_chunk(matcher, history, kind, text, start, end, keys) -> list[Part]:
    """The parts of text[start:end], in order, each matched after the one before (Ibid. sees it).

    A full stop or ";" inside a reference ("Kazakhstan. List of issues: …", a place printed
    "Geneva; Paris") splits it in two: a piece that matches nothing is tried again together with
    its neighbour, and kept joined when that names the same source directly."""
    from assemble.wordimport.notes import _depth_split, _sentences

    pieces = []
    for piece in _depth_split(text, start, end, ";"):
        pieces.extend(_trimmed(text, s) for s in _sentences(text, piece)
                      if re.search(r"\w", text[s.start:s.end]))  # "." after a field is no part
    out: list[Part] = []
    i = 0
    while i < len(pieces):
        current = pieces[i]
        found = match_part(matcher, history, kind, text, current.start, current.end)
        if i + 1 < len(pieces):
            following = pieces[i + 1]
            joined = match_part(matcher, history, kind, text, current.start, following.end)
            if _direct(joined, current.start) and (not found.cites or (
                    _keys(found) == _keys(joined)
                    and _keys(match_part(matcher, history, kind, text, following.start, following.end))
                    in ([], _keys(found)))):
                found = joined
                i += 1
        if not found.cites and out and _direct(out[-1], out[-1].start) and out[-1].end < current.start:
            before = out[-1]
            saved = history.previous
            history.previous = None
            joined = match_part(matcher, history, kind, text, before.start, current.end)
            history.previous = saved
            if _direct(joined, before.start) and _keys(joined) == _keys(before):
                out[-1] = joined
                i += 1
                continue
        out.append(found)
        _remember(history, found, keys, text)
        i += 1
    return out


def _keys(part: Part) -> list[str]:
    return [c.key for c in part.cites]


def _direct(part: Part, start: int) -> bool:
    """Matched from its own words (not through Ibid./supra), from where it starts."""
    return bool(part.cites) and part.start == start and not any(
        c.how in ("Ibid.", "op. cit.") or c.how.startswith("supra") for c in part.cites)


def _trimmed(text, piece):
    from assemble.wordimport.notes import Piece

    s, e = piece.start, piece.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Piece(s, e)


def span_text(span) -> str:
    return "\n" if span.br else span.text


def match_notes(notes: list, matcher: Matcher) -> list[NoteResult]:
    """Every note's parts matched in reading order, so Ibid. and supra see what came before."""
    history = History()
    results = []
    last_number: dict[str, int] = {}
    for note in notes:
        if last_number.get(note.kind, 0) != note.number - 1:
            history.previous = None
        last_number[note.kind] = note.number
        paragraphs = []
        keys: list[str] = []
        for spans in note.paragraphs:
            text = "".join(span_text(s) for s in spans)
            parts: list[Part] = []
            pos = 0
            chunk_start = 0
            chunks = []
            for span in spans:
                length = len(span_text(span))
                if span.zotero is not None:
                    if pos > chunk_start:
                        chunks.append((chunk_start, pos, None))
                    chunks.append((pos, pos + length, span.zotero))
                    chunk_start = pos + length
                pos += length
            if pos > chunk_start:
                chunks.append((chunk_start, pos, None))
            for start, end, zotero in chunks:
                if zotero is not None:
                    verdicts = [matcher.zotero_item(item) for item in zotero.items]
                    if verdicts and all(v.key for v in verdicts):
                        cites = [Cited(v.key, str(item.get("prefix") or "").strip(), zotero_locator(item), v.how,
                                       v.score) for v, item in zip(verdicts, zotero.items)]
                        found = Part(start, end, cites, zotero=True)
                    else:
                        missing = next(v for v in verdicts if not v.key) if verdicts else Verdict(None)
                        found = Part(start, end, candidates=missing.candidates, why=missing.why, zotero=True)
                    pieces = [found]
                    _remember(history, found, keys)
                else:
                    pieces = _match_chunk(matcher, history, note.kind, text, start, end, keys)
                parts.extend(pieces)
            paragraphs.append(NoteParagraph(spans, text, parts))
        history.by_note[(note.kind, note.number)] = list(dict.fromkeys(keys))
        last = next((part for p in reversed(paragraphs) for part in reversed(p.parts)), None)
        if not keys or (last is not None and not last.cites):
            history.previous = None  # Ibid. in the next note could mean what this one kept as text
        results.append(NoteResult(note, paragraphs))
    return results
