"""footnotes/*.bib -> BibEntry records with their file and line.

bibtexparser never raises: failed blocks are reported as errors with 1-based lines,
and keys are compared case-insensitively across all files (BibTeX does, the parser does not).
LaTeX is decoded lazily, field by field, only for the entries a build cites.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from assemble.load.text import read_text
from assemble.problems import Problems


@dataclass
class BibEntry:
    key: str
    type: str
    raw: dict[str, str]
    file: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str, lang: str = "") -> str:
        """The decoded field; `title_ru` wins over `title` in a Russian build."""
        value = self.raw.get(f"{name}_{lang}") if lang else None
        if value is None:
            value = self.raw.get(name, "")
        return decode_latex(value)

    def names(self, name: str = "author") -> list[str]:
        """Persons and corporate names, split before decoding: '{Barnes and Noble}' stays one name."""
        value = self.raw.get(name, "")
        if not value:
            return []
        out = []
        for person in split_multiple_persons_names(value):
            person = person.strip()
            if person.startswith("{") and person.endswith("}"):
                out.append(decode_latex(person))
                continue
            parts = parse_single_name_into_parts(person)
            words = parts.first + parts.von + parts.last + parts.jr
            out.append(decode_latex(" ".join(words)))
        return out


_NEEDS_DECODING = re.compile(r"[\\{}~$]")


@lru_cache(maxsize=4096)
def decode_latex(value: str) -> str:
    if not value:
        return ""
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    if "\\" in value or "$" in value:
        from pylatexenc.latex2text import LatexNodes2Text  # slow to import and run: only when needed

        value = LatexNodes2Text(keep_braced_groups=False).latex_to_text(value)
    else:
        value = value.replace("{", "").replace("}", "").replace("~", "\u00a0")
    return " ".join(value.split())


# bibtexparser logs each failed block to stderr; they are reported as problems instead
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


def load_bibliography(folder: Path, problems: Problems) -> dict[str, BibEntry]:
    """All entries of footnotes/*.bib by key (original case)."""
    entries: dict[str, BibEntry] = {}
    by_folded: dict[str, BibEntry] = {}
    if not folder.is_dir():
        problems.error(folder, None, "the footnotes folder is missing; create it and put your .bib files in it")
        return entries
    for path in sorted(folder.glob("*.bib")):
        text = read_text(path, problems)
        if text is None:
            continue
        rel = problems.rel(path)
        library = bibtexparser.parse_string(text)
        # a file of '%' comment lines only is a placeholder (assemble new writes one), not a failed export
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        placeholder = bool(lines) and all(ln.startswith("%") for ln in lines)
        if not library.entries and not library.failed_blocks and not placeholder:
            problems.warning(path, None, "this .bib file holds no entries",
                             "export the sources again from Zotero, or delete the file")
        for block in library.failed_blocks:
            line = block.start_line + 1
            kind = type(block).__name__
            if kind == "DuplicateBlockKeyBlock":
                first = by_folded.get(block.key.lower())
                where = f" (first at {first.file}:{first.line})" if first else ""
                problems.error(path, line, f"citation key '{block.key}' is defined twice{where}",
                               "give one of them another key")
            elif kind == "DuplicateFieldKeyBlock":
                fields = ", ".join(sorted(getattr(block, "duplicate_keys", ()) or ()))
                key = getattr(getattr(block, "ignore_error_block", None), "key", "")
                problems.error(path, line, f"source '{key}' has the field '{fields}' twice" if key and fields
                               else "an entry has the same field twice", "keep one of them")
            else:
                problems.error(path, line, "this BibTeX entry cannot be read (check its braces, quotes and commas)")
        for entry in library.entries:
            line = entry.start_line + 1
            record = BibEntry(entry.key, entry.entry_type.lower(),
                              {f.key.lower(): f.value for f in entry.fields}, rel, line,
                              {f.key.lower(): (f.start_line or entry.start_line) + 1 for f in entry.fields})
            first = by_folded.get(entry.key.lower())
            if first is not None:
                problems.error(path, line,
                               f"citation key '{entry.key}' is already defined at {first.file}:{first.line} "
                               f"(keys are compared without regard to case)", "give one of them another key")
                continue
            by_folded[entry.key.lower()] = record
            entries[entry.key] = record
    return entries
