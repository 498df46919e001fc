"""Footnotes: body citations become notes, all notes are numbered in report order, and every
citation gets its legal form (full; short + supra note N; Ibid.) from its position."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assemble.load.bib import BibEntry
from assemble.model import Cite, Link, Note, NoteRef, Section, Text, block_inlines
from assemble.problems import Problems
from assemble.resolve.citations import CitationFormatter, supra


def collect_notes(sections: list[Section]) -> list[Note]:
    """Replace each body Cite by a call to a new citation note; number all notes in order."""
    notes: list[Note] = []
    for section in sections:
        for inlines in block_inlines(section.blocks):
            _notes_in(inlines, notes)
    for number, note in enumerate(notes, start=1):
        note.number = number
    return notes


def _notes_in(inlines: list, notes: list[Note]) -> None:
    for i, node in enumerate(inlines):
        if isinstance(node, Cite):
            note = Note([], node.loc, cite=node)
            inlines[i] = NoteRef("cite", node.loc, note)
            notes.append(note)
            if i and isinstance(inlines[i - 1], Text):  # "text [@key]." puts the mark on the word
                inlines[i - 1].text = inlines[i - 1].text.rstrip(" ")
        elif isinstance(node, NoteRef) and node.note is not None:
            notes.append(node.note)
        elif isinstance(node, Link):
            _notes_in(node.children, notes)


def note_cites(note: Note) -> list[Cite]:
    if note.cite is not None:
        return [note.cite]
    found: list[Cite] = []
    for paragraph in note.paragraphs:
        for node in paragraph:
            if isinstance(node, Cite):
                found.append(node)
            elif isinstance(node, Link):
                found.extend(c for c in node.children if isinstance(c, Cite))
    return found


@dataclass
class _Previous:
    keys: list[str]
    locator: str


def format_citations(notes: list[Note], bib: dict[str, BibEntry], formatter: CitationFormatter,
                     problems: Problems) -> set[str]:
    """Fill Cite.rendered for every citation; return the keys cited. Unknown keys are errors."""
    words = formatter.words
    first_note: dict[str, int] = {}
    previous: _Previous | None = None
    cited: set[str] = set()
    folded = {k.lower(): k for k in bib}
    for note in notes:
        cites = note_cites(note)
        if not cites:
            previous = None  # a note without citations breaks an Ibid. chain
            continue
        for cite in cites:
            runs: list = []
            for index, item in enumerate(cite.items):
                key = item.key if item.key in bib else folded.get(item.key.lower())
                if key is None:
                    close = _close_keys(item.key, bib)
                    problems.error(cite.loc.file, cite.loc.line, f"unknown citation key '@{item.key}'",
                                   f"did you mean @{close}?" if close else "add it to a .bib file in footnotes/")
                    runs.append(Text(item.key))
                    continue
                item.key = key
                cited.add(key)
                if index:
                    runs.append(Text("; "))
                if item.prefix:
                    runs.append(Text(localise_prefix(item.prefix, words) + " "))
                locator = localise_locator(item.locator, words)
                single = len(cite.items) == 1
                if (single and previous is not None and previous.keys == [key]
                        and not (previous.locator and not item.locator)):
                    if item.locator and item.locator != previous.locator:
                        runs.append(Text(words["ibid_locator"].replace("{locator}", locator)))
                    else:
                        runs.append(Text(words["ibid"]))
                elif key in first_note:
                    runs.extend(formatter.form(bib[key], "short"))
                    runs.append(Text(", " + supra(words, first_note[key])))
                    if item.locator:
                        runs.append(Text(", " + locator))
                else:
                    first_note[key] = note.number
                    runs.extend(formatter.form(bib[key], "full"))
                    if item.locator:
                        runs.append(Text(", " + locator))
            previous = _Previous([i.key for i in cite.items],
                                 cite.items[0].locator if len(cite.items) == 1 else "")
            cite.rendered = _merge(runs)
        if note.cite is not None:
            rendered = list(note.cite.rendered or [])
            if rendered and isinstance(rendered[-1], Text) and not rendered[-1].text.rstrip().endswith("."):
                rendered.append(Text("."))
            note.paragraphs = [_merge(rendered)]
    return cited


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


def _merge(runs: list) -> list:
    out: list = []
    for run in runs:
        if out and isinstance(run, Text) and isinstance(out[-1], Text) and out[-1].italic == run.italic \
                and out[-1].bold == run.bold and not run.code and not out[-1].code:
            out[-1] = Text(out[-1].text + run.text, run.italic, run.bold)
        else:
            out.append(run)
    return out


def _close_keys(key: str, bib: dict) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key.lower(), [k.lower() for k in bib], n=1, cutoff=0.75)
    if not matches:
        return None
    return next(k for k in bib if k.lower() == matches[0])
