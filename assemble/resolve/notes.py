"""Footnotes: body citations become notes, all notes are numbered in report order, and every
citation gets its text: positions from resolve/positions.py, forms from resolve/citations.py.
What is decided here is how a citation sits in its note: capitalised when it starts a sentence,
set off from a free note's own words when the author typed no punctuation before it."""
from __future__ import annotations

import re

from assemble.load.bib import BibEntry
from assemble.model import Cite, Link, Note, NoteRef, Section, Text, XRef, block_inlines
from assemble.problems import Problems
from assemble.resolve.citations import CitationFormatter, intext_runs, item_runs
from assemble.resolve.positions import assign_positions, note_cites

__all__ = ["collect_notes", "format_citations", "note_cites"]

PUNCTUATION_AFTER = re.compile(r"^[.,;:!?]+")  # what a note mark moves over (notes after punctuation)
POSSESSIVE = re.compile(r"^['\u2019]s\b")
# a full stop that ends an abbreviation, not a sentence: "cf. [@a]" is "cf. ibid."
ABBREVIATIONS = {"cf.", "e.g.", "i.e.", "viz.", "v.", "vs.", "no.", "p.", "pp.", "para.", "paras.", "art.",
                 "arts.", "mr.", "ms.", "mrs.", "dr.", "see.", "ср.", "см.", "напр.", "т.", "п.", "ст."}


def collect_notes(sections: list[Section], problems: Problems | None = None,
                  after_punctuation: bool = True) -> list[Note]:
    """Replace each body Cite by a call to a new citation note; number all notes in order.
    An in-text citation (`@key says`) stays in the sentence (it prints the author) and calls its
    note right after. With `after_punctuation` (UN and legal style, pandoc's default for note
    styles) "text [@key]." puts the mark after the full stop: "text.¹"."""
    notes: list[Note] = []
    for section in sections:
        for inlines in block_inlines(section.blocks):
            _notes_in(inlines, notes, after_punctuation)
            if problems is not None:
                _side_by_side(inlines, problems)
    for number, note in enumerate(notes, start=1):
        note.number = number
    return notes


def _notes_in(inlines: list, notes: list[Note], after_punctuation: bool) -> None:
    i = 0
    while i < len(inlines):
        node = inlines[i]
        if isinstance(node, Cite):
            note = Note([], node.loc, cite=Cite(node.items, node.loc))
            call = NoteRef("cite", node.loc, note)
            notes.append(note)
            if node.intext:
                call.name = "intext"  # its Cite, just before, stands for it in a translation
                inlines.insert(i + 1, call)  # "Smith¹ argues": the name stays, the mark follows it
                i += 1
                nxt = inlines[i + 1] if i + 1 < len(inlines) else None
                if isinstance(nxt, Text) and POSSESSIVE.match(nxt.text):  # "Smith’s¹", not "Smith¹’s"
                    inlines.insert(i, Text(nxt.text[:2], nxt.italic, nxt.bold))
                    nxt.text = nxt.text[2:]
                    i += 1
            else:
                inlines[i] = call
                if i and isinstance(inlines[i - 1], Text):  # "text [@key]." puts the mark on the word
                    inlines[i - 1].text = inlines[i - 1].text.rstrip(" ")
            if after_punctuation:
                i = _after_punctuation(inlines, i)
        elif isinstance(node, NoteRef) and node.note is not None:
            notes.append(node.note)
            if after_punctuation:
                i = _after_punctuation(inlines, i)
        elif isinstance(node, Link):
            _notes_in(node.children, notes, after_punctuation)
        i += 1


def _after_punctuation(inlines: list, i: int) -> int:
    """Move the punctuation right after the note call at i before it; return the call's index."""
    nxt = inlines[i + 1] if i + 1 < len(inlines) else None
    if not isinstance(nxt, Text) or nxt.code:
        return i
    match = PUNCTUATION_AFTER.match(nxt.text)
    if not match:
        return i
    before = inlines[i - 1] if i else None
    if isinstance(before, Text) and before.text.rstrip() and before.text.rstrip()[-1] in ".,;:!?" \
            and match[0] == ".":
        nxt.text = nxt.text[1:]  # "etc.[@a]." keeps one full stop
        return i
    nxt.text = nxt.text[match.end():]
    inlines.insert(i, Text(match[0], nxt.italic, nxt.bold))
    return i + 1


def _side_by_side(inlines: list, problems: Problems) -> None:
    """'mechanism;¹⁵³¹⁵⁴': two marks in a row read as one number."""
    previous = None
    for node in inlines:
        if isinstance(node, Text) and not node.text.strip():
            continue
        if isinstance(node, NoteRef) and isinstance(previous, NoteRef):
            problems.warning(node.loc.file, node.loc.line,
                             "two note marks stand side by side; readers see one number run into the other",
                             "put both into one note: [@a; @b], or one footnote that cites both")
        previous = node
        if isinstance(node, Link):
            _side_by_side(node.children, problems)


def format_citations(notes: list[Note], bib: dict[str, BibEntry], formatter: CitationFormatter,
                     problems: Problems, body: list[Section] | None = None) -> set[str]:
    """Fill Cite.rendered for every citation; return the keys cited. Unknown keys are errors."""
    folded = {k.lower(): k for k in bib}
    cited: set[str] = set()
    for note in notes:
        for cite in note_cites(note):
            for item in cite.items:
                key = item.key if item.key in bib else folded.get(item.key.lower())
                if key is None:
                    close = _close_keys(item.key, bib)
                    problems.error(cite.loc.file, cite.loc.line, f"unknown citation key '@{item.key}'",
                                   f"did you mean @{close}?" if close else "add it to a .bib file in footnotes/")
                    continue
                item.key = key
                if bib[key].broken:
                    entry = bib[key]
                    problems.error(entry.file, entry.line, f"source '{key}' is cited "
                                   f"({cite.loc.file}:{cite.loc.line}) but {entry.broken}", "fix the entry in the .bib file")
                    continue
                cited.add(key)
    known = {k for k in cited}
    assign_positions(notes, known)
    for note in notes:
        if note.cite is not None:
            note.cite.rendered = _group_runs(note.cite, bib, formatter, known, capital=True)
            note.paragraphs = [_merge(_end_sentence(list(note.cite.rendered)))]
        else:
            for index, paragraph in enumerate(note.paragraphs):
                _in_free_note(paragraph, bib, formatter, known, problems,
                              last=index == len(note.paragraphs) - 1)
    for section in body or []:
        for inlines in block_inlines(section.blocks):
            _intext_names(inlines, bib, formatter, folded)
    return cited


def _group_runs(cite: Cite, bib, formatter, known, capital: bool) -> list:
    runs: list = []
    for index, item in enumerate(cite.items):
        if index:
            runs.append(Text("; "))
        if item.key not in known:
            runs.append(Text(item.key))
            continue
        runs.extend(item_runs(item, bib[item.key], formatter, capital=capital and index == 0))
    return _merge(runs)


def _in_free_note(paragraph: list, bib, formatter, known, problems: Problems, last: bool) -> None:
    """Citations inside a free note's sentences, as a lawyer writes them: 'Ibid.' capitalised
    where a sentence starts; lower case after a comma or semicolon and after a word that leads
    into a citation ('see', 'in', 'citing': the catalogue's `cite.lead_in`). A citation typed
    straight after any other word would run into the sentence: it becomes a sentence of its own
    (at the end of one) or a parenthesis (inside one), and `check` says so."""
    i = 0
    while i < len(paragraph):
        node = paragraph[i]
        target = node.children if isinstance(node, Link) else None
        if target is not None:
            _in_free_note(target, bib, formatter, known, problems, last=False)
        if not isinstance(node, Cite):
            i += 1
            continue
        before = _text_before(paragraph, i).rstrip()
        after = _text_after(paragraph, i)
        last_word = before.split()[-1].lower() if before.split() else ""
        closing = (before[-1:] in ".!?" and last_word not in ABBREVIATIONS) or not before \
            or before.endswith((".\u201d", ".\u2019", ".»", ".)"))
        lead_in = set(formatter.words["cite"].get("lead_in") or ()) | set(formatter.words.get("prefixes") or ())
        clause = (before[-1:] in ",;:(\u2014\u2013[" or last_word in ABBREVIATIONS
                  or last_word.strip("(\u201c\u00ab") in lead_in) if before else False
        runs = _group_runs(node, bib, formatter, known, capital=closing)
        if node.intext or closing or clause:
            pass
        elif not after.strip() or after.lstrip()[:1] in ".!?":
            runs = _group_runs(node, bib, formatter, known, capital=True)
            _trim_end(paragraph, i)
            runs.insert(0, Text(". "))
            problems.warning(node.loc.file, node.loc.line,
                             "a citation in this note follows the text without punctuation; it is printed "
                             "as a sentence of its own", "type the punctuation you mean before it: "
                             "'text. [@key]' or 'text; see [@key]'")
        else:
            runs = [Text("(")] + runs + [Text(")")]
            problems.warning(node.loc.file, node.loc.line,
                             "a citation inside a sentence of this note is printed in parentheses",
                             "type the punctuation you mean around it: 'text, [@key], text' or move it "
                             "to the end of the sentence")
        if after[:1] == "." and _ends_with_stop(runs):
            _drop_first_char(paragraph, i)
        elif last and not after.strip() and not _ends_with_stop(runs) and not node.intext:
            runs.append(Text("."))
        node.rendered = _merge(runs)
        i += 1


def _intext_names(inlines: list, bib, formatter, folded) -> None:
    for node in inlines:
        if isinstance(node, Link):
            _intext_names(node.children, bib, formatter, folded)
        if isinstance(node, Cite) and node.intext:
            names = []
            for index, item in enumerate(node.items):
                key = item.key if item.key in bib else folded.get(item.key.lower())
                if key is None or bib[key].broken:
                    names.append(Text(item.key))
                    continue
                if index:
                    names.append(Text(f" {formatter.words['and']} " if index == len(node.items) - 1 else ", "))
                names.extend(intext_runs(item, bib[key], formatter))
            node.rendered = _merge(names)


def _plain(node) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Link):
        return "".join(_plain(c) for c in node.children)
    if isinstance(node, (XRef, NoteRef)):
        return "x"  # a number in the text: counts as a word
    if isinstance(node, Cite):
        return "".join(_plain(c) for c in node.rendered or []) or "x"
    return " "


def _text_before(paragraph: list, i: int) -> str:
    return "".join(_plain(n) for n in paragraph[:i])


def _text_after(paragraph: list, i: int) -> str:
    return "".join(_plain(n) for n in paragraph[i + 1:]) if i + 1 < len(paragraph) else ""


def _trim_end(paragraph: list, i: int) -> None:
    if i and isinstance(paragraph[i - 1], Text):
        paragraph[i - 1].text = paragraph[i - 1].text.rstrip()


def _drop_first_char(paragraph: list, i: int) -> None:
    nxt = paragraph[i + 1] if i + 1 < len(paragraph) else None
    if isinstance(nxt, Text) and nxt.text.startswith("."):
        nxt.text = nxt.text[1:]


def _ends_with_stop(runs: list) -> bool:
    text = "".join(r.text for r in runs if isinstance(r, Text)).rstrip()
    return text.endswith((".", "!", "?"))


def _end_sentence(runs: list) -> list:
    if runs and not _ends_with_stop(runs):
        runs.append(Text("."))
    return runs


def _merge(runs: list) -> list:
    out: list = []
    for run in runs:
        if isinstance(run, Text) and not run.text:
            continue
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
