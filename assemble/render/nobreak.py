"""Where a line must not break, for both renderers alike.

A reader should never find "No." at the end of a line and "333" on the next, nor "25 May" and
"2020", nor "CCPR/C/" and "KAZ/Q/2". The UN editorial manual keeps numbers with their labels
and dates together; assemble does it for every text it prints:

- a non-breaking space between a label and its number ("No. 333", "para. 12", "art. 5",
  "p. 3", "№ 223", "п. 5", "section II.C", "note 12"), inside dates ("25 May 2020",
  "May 2020", "25 мая 2020 г.") and before "г." after a year ("2016 г.");
- UN document symbols ("CCPR/C/KAZ/Q/2", "A/HRC/29/25/Add.2") and numbers with a suffix
  ("333-VI", "223-IV") are kept whole: the PDF sets them in an unbreakable box, the DOCX
  gets non-breaking hyphens (Word and LibreOffice do not break at a slash inside a word).

The words come from every language catalogue at once, so an English paragraph in a Russian
build is protected too. This is presentation: the model keeps the text as written (word
counts, translations and exports see ordinary spaces).
"""
from __future__ import annotations

import re
from functools import lru_cache

from assemble.i18n import catalogue

NBSP = "\u00a0"
LANGUAGES = ("en", "fr", "es", "ru")
LABELS = {"No.", "Nos.", "no.", "nos.", "art.", "arts.", "Art.", "p.", "pp.", "para.", "paras.", "vol.", "ch.",
          "sect.", "annex", "Annex", "article", "articles", "Article", "Articles", "paragraph", "paragraphs",
          "rule", "principle", "Principle", "№", "п.", "пп.", "ст.", "с.", "т.", "гл.", "разд.", "статья",
          "статьи", "пункт"}
# A UN symbol: a capital body code, then one or more /-separated parts ("CCPR/C/KAZ/CO/2").
SYMBOL = r"(?<![\w/])[A-Z][A-Z0-9.]{0,9}(?:/[A-Za-z0-9.()\-]*[A-Za-z0-9)])+"
SUFFIXED = r"(?<![\w-])\d+-[IVXLC]+(?![\w-])"  # law numbers: 333-VI


def _template_word(template: str) -> str:
    """"supra note {n}" -> "note"; "(arts. {n})" -> "arts."."""
    head = template.split("{n}")[0].strip(" (")
    return head.split()[-1] if head.split() else ""


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    labels, months = set(LABELS), set()
    for lang in LANGUAGES:
        words = catalogue(lang)
        months.update(words.get("months") or [])
        months.update(words.get("months_standalone") or [])
        for key in ("para", "paras", "section", "recommendation", "supra_note", "article_suffix_one",
                    "article_suffix_many"):
            if words.get(key):
                labels.add(_template_word(words[key]))
        cite = words.get("cite") or {}
        labels.update(v.strip() for k, v in cite.items() if k in ("number", "volume", "pages") and v.strip())
        for pair in (words.get("locators") or {}).items():  # "para.", "п.": not "and", "и"
            labels.update(w for w in pair if w and (w.endswith(".") or w in ("annex", "приложение")))
    labels.discard("")
    months |= {m.capitalize() for m in months}
    alternatives = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    month_names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    label = re.compile(rf"(?<!\w)({alternatives}) (?=[\dIVXLC]+\b|\d)")
    date = re.compile(rf"(?<!\w)(\d{{1,2}}(?:er)?) ({month_names})(?: (\d{{4}})(?: (г\.|гг\.))?)?(?!\w)|"
                      rf"(?<!\w)({month_names}) (\d{{4}})(?!\d)|(?<!\w)(\d{{4}}) (г\.|гг\.)")
    keep = re.compile(rf"{SYMBOL}|{SUFFIXED}")
    return label, date, keep


def _date(match: re.Match) -> str:
    return NBSP.join(part for part in match.groups() if part)


def protect(text: str) -> str:
    """`text` with non-breaking spaces after labels and inside dates."""
    if not text or " " not in text:
        return text
    label, date, _ = _patterns()
    return date.sub(_date, label.sub(lambda m: m.group(1) + NBSP, text))


def segments(text: str) -> list[tuple[str, bool]]:
    """`protect(text)` cut into (text, keep whole) pieces: UN symbols and suffixed numbers are
    the pieces to keep whole."""
    text = protect(text)
    _, _, keep = _patterns()
    out: list[tuple[str, bool]] = []
    position = 0
    for match in keep.finditer(text):
        if match.start() > position:
            out.append((text[position:match.start()], False))
        out.append((match.group(0), True))
        position = match.end()
    if position < len(text) or not out:
        out.append((text[position:], False))
    return out
