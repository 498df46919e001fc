"""Sources that are never cited or look incomplete: warnings, since a build can go on."""
from __future__ import annotations

import datetime as dt
import re

from pathlib import Path

from assemble.load.bib import BibEntry
from assemble.model import Config
from assemble.problems import Problems

# BibLaTeX dates: YYYY, YYYY-MM, YYYY-MM-DD, or a range of them with '/'
DATE_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def valid_date(value: str) -> bool:
    parts = value.split("/")
    if len(parts) > 2 or not parts[0]:
        return False
    for part in parts:
        if part in ("", ".."):
            continue  # open range: 2020/ or 2020/..
        match = DATE_PART.match(part)
        if not match:
            return False
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return False
    return True


def check_entry(entry: BibEntry, problems: Problems) -> None:
    line = entry.field_lines.get
    if not entry.raw.get("title", "").strip():
        problems.warning(entry.file, entry.line, f"source '{entry.key}' has no title",
                         "add title = {...}; the footnote would show nothing recognisable")
    if entry.raw.get("url") and not entry.raw.get("urldate"):
        problems.warning(entry.file, line("url", entry.line), f"source '{entry.key}' has a url but no urldate",
                         "add urldate = {YYYY-MM-DD}, the day you last opened the page")
    for name in ("date", "urldate"):
        value = entry.raw.get(name, "").strip().strip("{}")
        if value and not valid_date(value):
            problems.warning(entry.file, line(name, entry.line), f"{name} '{value}' of source '{entry.key}' "
                             "is not a date", "write it as YYYY-MM-DD, YYYY-MM or YYYY")
    year = entry.raw.get("year", "").strip().strip("{}")
    if year and not re.fullmatch(r"\d{4}", year):
        problems.warning(entry.file, line("year", entry.line), f"year '{year}' of source '{entry.key}' "
                         "is not a year", "write four digits, e.g. 2020, or use date = {YYYY-MM-DD}")


def check_bibliography(bib: dict[str, BibEntry], cited: set[str], problems: Problems) -> None:
    for entry in bib.values():
        if entry.broken:  # cited, it is an error already (resolve); uncited, the report builds without it
            if entry.key not in cited:
                problems.warning(entry.file, entry.line, f"source '{entry.key}' {entry.broken}",
                                 "fix it, or delete it: the report does not cite it, so it builds without it")
            continue
        check_entry(entry, problems)
        if entry.key not in cited:
            problems.warning(entry.file, entry.line, f"source '{entry.key}' is never cited",
                             f"cite it as [@{entry.key}] or delete it")


def language_gaps(root: Path, config: Config, bib: dict[str, BibEntry], cited: set[str], lang: str):
    """(sources whose `lang` notes would mix languages, with the fields they lack; sources the
    `lang` build cites as written, having no `lang` fields at all)."""
    from assemble.i18n import catalogue
    from assemble.resolve.citations import CitationFormatter

    formatter = CitationFormatter(root, catalogue(lang, config.treaty), lang, source_lang=config.language,
                                  treaty=config.treaty)
    for key in sorted(cited, key=str.lower):
        for which in ("full", "short"):
            formatter.form(bib[key], which)
    gaps = dict(sorted(formatter.gaps.items(), key=lambda kv: kv[0].lower()))
    return gaps, sorted(formatter.fallbacks.values(), key=lambda e: e.key.lower())


def check_source_languages(root: Path, config: Config, bib: dict[str, BibEntry], cited: set[str],
                           problems: Problems) -> None:
    """For each language the report is translated into: sources whose notes would mix languages
    (some `_ru` fields, not all that the form uses). Those with none are cited as written, in
    the source language: `assemble status --lang ru` lists them."""
    for lang in config.translations:
        if lang == config.language:
            continue
        gaps, _ = language_gaps(root, config, bib, cited, lang)
        for key, (entry, missing) in gaps.items():
            fields = ", ".join(f"{f}_{lang}" for f in missing)
            problems.warning(entry.file, entry.line,
                             f"source '{key}' has '{lang}' fields but not {fields}: its notes in the '{lang}' "
                             "build would mix languages", f"add {fields}, or remove its _{lang} fields to cite "
                             "it in the source language")
