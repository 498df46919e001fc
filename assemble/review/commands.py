"""`assemble comments REVIEWED.docx`: every comment and tracked change of a reviewer's copy, in
report order, with the section file and line of its paragraph in today's sources."""
from __future__ import annotations

import re
from pathlib import Path

from assemble.problems import BuildError, Problem, Problems
from assemble.model import Comment, NoteRef, block_inlines, walk_blocks, walk_inlines
from assemble.render.docx.review import NOTE_PREFIX, STATUS_AUTHOR, STATUS_PREFIX
from assemble.review.locate import Match, locate, normalise, places
from assemble.review.reviewed import Item, NotReviewable, read_reviewed
from assemble.resolve.blockids import PREFIX

HOW = {"anchor": "",
       "changed": "the text has changed since the review copy",
       "moved": "the paragraph moved since the review copy: found by its text",
       "moved-changed": "the paragraph moved and its text changed since the review copy: found by its text",
       "text": "its anchor is gone: found by its text",
       "text-changed": "its anchor is gone and its text changed: found by its text",
       "linked": "in the contents or the annex summary, which link to it",
       "generated": "",
       "near": "on a line assemble writes (a part heading, a block title) after this paragraph",
       "after": "a new paragraph after this one",
       "none": "not found in today's sources"}
QUOTE_LENGTH = 60
# "In note 15: " before a comment of the sources that was written in a footnote's text
IN_NOTE = re.compile("^" + re.escape(NOTE_PREFIX).replace(re.escape("{n}"), r"\d+"))


def collect(root: Path, file: Path) -> list[dict]:
    """The comments and tracked changes of `file`, each mapped to today's sources."""
    from assemble.build import read_report

    problems = Problems(root)
    shown = problems.rel(file)
    try:
        reviewed = read_reviewed(file)
    except NotReviewable as exc:
        raise BuildError([Problem(shown, None, _message(exc, file))]) from None
    if not reviewed.anchors:
        raise BuildError([Problem(shown, None, "this file has no assemble anchors: it was not made by "
                                  "'assemble build'", hint="send reviewers a copy built by 'assemble build' "
                                  "(or 'assemble build --review') and read that copy back")])
    _, report = read_report(root, problems)
    today = places(report, problems.rel)
    if not any(a in today for a in reviewed.anchors):
        keys = sorted({a[len(PREFIX):].rsplit("_", 1)[0] for a in reviewed.anchors})
        raise BuildError([Problem(shown, None, "this file is a copy of another report: none of its sections "
                                  f"({', '.join(keys[:5])}{', ...' if len(keys) > 5 else ''}) is in "
                                  f"{problems.rel(root / 'sections')}",
                                  hint="run 'assemble comments' in the report folder the copy was built from "
                                  "(--root DIR)")])
    ours = source_comments(report, problems.rel)
    found = []
    for item in reviewed.items:
        if item.kind == "comment" and item.author == STATUS_AUTHOR and item.text.startswith(STATUS_PREFIX):
            continue  # the review copy's own margin note of a section's status
        if item.linked:  # a contents entry or annex summary line: the block it links to, as it is today
            match = Match(today.get(item.anchor), "linked" if item.anchor in today else "none")
        elif item.anchor and not item.own_anchor and not normalise(item.paragraph):
            # a paragraph the reviewer added (all of it a tracked insertion): after the one before it
            match = Match(today.get(item.anchor), "after" if item.anchor in today else "none")
        elif item.anchor:
            match = locate(item.anchor, item.paragraph, today, item.in_note, own=item.own_anchor)
            if not item.own_anchor and match.how == "none" and item.anchor in today:
                # no anchor of its own and no source text like it: a line assemble writes itself
                match = Match(today[item.anchor], "near")
        else:  # before the first section: the cover, contents and abbreviations, made from report.yml
            match = Match(None, "generated")
        entry = _entry(item, match)
        if match.how == "generated":
            entry.update(file=problems.rel(root / "report.yml"), paragraph="the cover, contents or abbreviations",
                         _order=-1)
        entry["from_sources"] = item.kind == "comment" and normalise(IN_NOTE.sub("", item.text)) in ours.get(
            entry["file"], set())
        found.append(entry)
    found.sort(key=lambda e: (e["_order"], e["_index"]))
    for entry in found:
        del entry["_order"], entry["_index"]
    return found


def source_comments(report, rel) -> dict[str, set[str]]:
    """file -> the texts of its `<!-- -->` comments, which a review copy shows as Word comments."""
    found: dict[str, set[str]] = {}
    for section in report.sections:
        texts = found.setdefault(rel(section.file), set())
        for block in walk_blocks(section.blocks):
            if isinstance(block, Comment):
                texts.add(normalise(block.text))
        for inlines in block_inlines(section.blocks):
            texts.update(_comments_in(inlines))
    return found


def _comments_in(inlines) -> set[str]:
    """The comments of `inlines` and of the footnotes they call."""
    found = set()
    for node in walk_inlines(inlines):
        if isinstance(node, Comment):
            found.add(normalise(node.text))
        elif isinstance(node, NoteRef) and node.note is not None:
            for paragraph in node.note.paragraphs:
                found |= _comments_in(paragraph)
    return found


def _message(exc: NotReviewable, file: Path) -> str:
    """The reader's sentence, naming the file once (the problem's location already names it)."""
    text = str(exc)
    prefix = f"{file} "
    return "this file " + text[len(prefix):] if text.startswith(prefix) else text


def _entry(item: Item, match: Match) -> dict:
    place = match.place
    entry = {
        "kind": item.kind, "author": item.author, "date": item.date, "text": item.text,
        "file": place.file if place else None, "line": place.line if place else None,
        "paragraph": place.label if place else None, "anchor": item.anchor or None,
        "on": item.on or item.paragraph or (place.text if place else ""), "found": match.how, "in_note": item.in_note,
        "keys": place.keys if place else [],
        "replies": [{"author": r.author, "date": r.date, "text": r.text} for r in item.replies],
        "_order": place.order if place else 10 ** 12, "_index": item.order,
    }
    return entry


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH].rstrip() + " …"


def format_entry(entry: dict) -> list[str]:
    """`sections/art-21.md:14: para. 41, Jane Doe (2026-12-02): comment "Source?" on “Fines …”`"""
    where = f"{entry['file']}:{entry['line']}" if entry["file"] else "(not found)"
    if entry["file"] and entry["line"] is None:
        where = entry["file"]
    what = entry["paragraph"] or "a paragraph"
    if entry["keys"]:
        what += f" ({', '.join('@' + k for k in entry['keys'])})"
    who = entry["author"] or "unknown author"
    if entry["date"]:
        who += f" ({entry['date']})"
    verbs = {"comment": "comment", "insertion": "inserted", "deletion": "deleted", "formatting": "formatting changed on"}
    said = " ".join(entry["text"].split()) if entry["kind"] == "comment" else _quote(entry["text"])
    body = f"{verbs[entry['kind']]} \"{said}\""
    line = f"{where}: {what}, {who}: {body} on “{_quote(entry['on'])}”"
    notes = [HOW[entry["found"]]] if HOW[entry["found"]] else []
    if entry.get("from_sources"):
        notes.append("a comment of the sources")
    if notes:
        line += f" ({'; '.join(notes)})"
    lines = [line]
    for reply in entry["replies"]:
        by = reply["author"] or "unknown author"
        if reply["date"]:
            by += f" ({reply['date']})"
        lines.append(f"    reply, {by}: \"{' '.join(reply['text'].split())}\"")
    return lines
