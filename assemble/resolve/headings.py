"""Section headings: the title with the Committee's article suffix, "Right to life (art. 6)".

The suffix is added only where the title does not already name its articles: a title written
"Article 6" or "Articles 2, 3 and 26: Non-discrimination" would otherwise read "Article 6 (art. 6)",
and "Article 2, paragraph 3" would get the pinpoint "(art. 2)", which is less than it says.
"""
from __future__ import annotations

import re

from assemble.i18n import catalogue
from assemble.model import Heading, Section, Text
from assemble.typography import quotes_for, smarten

NUMBER = r"\d+(?:\s*\(\d+\))?"


def article_suffix(articles: list[int], words: dict) -> str:
    if not articles:
        return ""
    if len(articles) == 1:
        return words["article_suffix_one"].replace("{n}", str(articles[0]))
    listed = ", ".join(map(str, articles[:-1])) + f" {words['and']} {articles[-1]}"
    return words["article_suffix_many"].replace("{n}", listed)


def _article_pattern(words: dict) -> re.Pattern:
    names = set(words.get("article_words") or [])
    for key in ("article_suffix_one", "article_suffix_many"):  # "(art. {n})" -> "art."
        names.add(words[key].split("{n}")[0].strip(" (").strip())
    names = sorted((n for n in names if n), key=len, reverse=True)
    joiner = rf"(?:\s*,\s*(?:{re.escape(words['and'])}\s+)?|\s+{re.escape(words['and'])}\s+|\s*[-\u2013]\s*)"
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})\s*({NUMBER}(?:{joiner}{NUMBER})*)",
                      re.IGNORECASE)


def named_articles(title: str, words: dict) -> list[int] | None:
    """The articles a title names ("Articles 2, 3 and 26" -> [2, 3, 26], "arts. 9-11" -> [9, 10, 11]),
    in the language of `words`; None when it names none."""
    found: set[int] = set()
    for match in _article_pattern(words).finditer(title):
        listed = re.sub(r"\(\d+\)", "", match.group(1))
        for run in re.finditer(r"(\d+)(?:\s*[-\u2013]\s*(\d+))?", listed):
            first, last = int(run.group(1)), int(run.group(2) or run.group(1))
            found.update(range(first, last + 1) if 0 <= last - first <= 30 else (first, last))
    return sorted(found) if found else None


def section_title(section: Section, lang: str, treaty: str | None = None) -> str:
    """The printed title: smart typography and, for article sections, the article suffix, both in
    the language the section is written in (a source section in a translated build stays whole)."""
    words = catalogue(section.language or lang, treaty)
    title = smarten(section.title, quotes_for(words))
    if section.part == "articles" and section.articles and named_articles(title, words) is None:
        title = f"{title} {article_suffix(section.articles, words)}"
    return title


def section_heading(section: Section, lang: str, treaty: str | None = None) -> Heading:
    return Heading(2, [Text(section_title(section, lang, treaty))], section.loc, label=f"sec:{section.id}")
