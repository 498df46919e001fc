"""The import report: what each note became and what the editor should check, in one screen.

The text form lists every note in one line, then the counts, then (last, where the terminal
shows it) what needs a look: text kept where a citation was expected, with the best candidates.
`--format json` gives the same as data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from assemble.problems import Problem
from assemble.wordimport.match import NoteResult


def _clip(text: str, size: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def note_entries(called: list[NoteResult], results: list[NoteResult]) -> list[dict]:
    """One entry per note of the Word file, in its order (notes never called are listed too)."""
    entries = []
    for result in results:
        note = result.note
        text = "\n".join(p.text.strip() for p in result.paragraphs).strip()
        parts = []
        for p in result.paragraphs:
            for part in sorted(p.parts, key=lambda x: x.start):
                typed = p.text[part.start:part.end].strip()
                if part.cites:
                    for c in part.cites:
                        parts.append({"result": "citation", "key": c.key, "prefix": c.prefix, "locator": c.locator,
                                      "how": c.how, "score": c.score, "text": typed, "left_out": c.left_out})
                else:
                    parts.append({"result": "text", "text": typed, "why": part.why,
                                  "candidates": [{"key": k, "score": s} for k, s in part.candidates]})
        entries.append({"note": note.label, "kind": note.kind, "state": result.state, "text": text,
                        "parts": parts})
    return entries


@dataclass
class ImportReport:
    source: str
    target: str
    front: dict
    told: list[str]
    decisions: list[str]
    markdown: str
    dry_run: bool = False
    written: bool = False
    counts: dict = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bib_errors: int = 0

    def to_check(self) -> list[str]:
        lines = []
        for entry in self.notes:
            for part in entry["parts"]:
                if part["result"] == "citation" and part.get("left_out"):
                    lines.append(f"note {entry['note']}: @{part['key']} matched, but “{_clip(part['left_out'], 100)}” "
                                 "is in the note and not in the source entry (it is left out)")
                if part["result"] != "text":
                    continue
                if part["candidates"]:
                    best = ", ".join(f"@{c['key']} ({c['score']})" for c in part["candidates"][:3])
                    lines.append(f"note {entry['note']}: kept as text “{_clip(part['text'], 60)}”: "
                                 f"{part['why']}; closest: {best}")
                elif entry["state"] == "text" and _looks_cited(part["text"]):
                    lines.append(f"note {entry['note']}: kept as text “{_clip(part['text'], 60)}”: {part['why']}")
        return lines

    def as_dict(self) -> dict:
        return {"source": self.source, "section": self.target, "written": self.written, "dry_run": self.dry_run,
                "front_matter": self.front, "defaults": self.told, "decisions": self.decisions,
                "counts": self.counts, "notes": self.notes, "to_check": self.to_check(),
                "problems": [p.as_dict() for p in self.problems], "markdown": self.markdown}

    def as_text(self) -> str:
        c = self.counts
        lines = [f"{self.source} -> {self.target}" + (" (dry run: nothing written)" if self.dry_run else "")]
        for entry in self.notes:
            lines.append(f"  note {entry['note']:<4} {_describe(entry)}")
        lines.append("")
        lines.append(f"paragraphs {c.get('paragraphs', 0)}, headings {c.get('headings', 0)}, lists {c.get('lists', 0)}, "
                     f"tables {c.get('tables', 0)}, quotes {c.get('quotes', 0)}, recommendations "
                     f"{c.get('recommendations', 0)}, questions {c.get('questions', 0)}")
        notes = c.get("notes", 0)
        lines.append(f"notes {notes}" + (f" ({c['endnotes']} endnotes)" if c.get("endnotes") else "")
                     + f": {c.get('citation notes', 0)} citations only, {c.get('notes with text and citations', 0)} "
                     f"text with citations, {c.get('notes kept as text', 0)} text only; "
                     f"{c.get('citations', 0)} citations in all, {c.get('parts kept as text', 0)} kept as text "
                     "with candidates")
        lines.append(f"tracked changes: {c.get('tracked insertions accepted', 0)} insertions accepted, "
                     f"{c.get('tracked deletions dropped', 0)} deletions dropped; comments carried "
                     f"{c.get('comments', 0)}; images {c.get('images', 0)} (alt text kept as comments)")
        other = {k: v for k, v in c.items() if k not in _MAIN}
        if other:
            lines.append("also: " + ", ".join(f"{k} {v}" for k, v in other.items()))
        for line in self.told:
            lines.append(f"default: {line}")
        for line in self.decisions:
            lines.append(f"changed: {line}")
        if self.bib_errors:
            lines.append(f"note: footnotes/ has {self.bib_errors} error(s); run 'assemble check' to see them")
        checks = self.to_check()
        if checks:
            lines.append("")
            lines.append(f"to check ({len(checks)}):")
            lines.extend(f"  {line}" for line in checks)
        for problem in self.problems:
            lines.append(str(problem))
        if self.written:
            lines.append(f"wrote {self.target}")
        return "\n".join(lines)


_MAIN = {"paragraphs", "headings", "lists", "tables", "quotes", "recommendations", "questions", "notes", "endnotes",
         "citation notes", "notes with text and citations", "notes kept as text", "citations", "parts kept as text",
         "tracked insertions accepted", "tracked deletions dropped", "comments", "images", "empty notes"}


def _looks_cited(text: str) -> bool:
    import re

    return bool(re.search(r"\d{4}|No\.|supra|ibid|\(n \d+\)|https?://|/", text, re.I))


def _describe(entry: dict) -> str:
    state = entry["state"]
    if state == "empty":
        return "empty (nothing to import)"
    pieces = []
    for part in entry["parts"]:
        if part["result"] == "citation":
            where = f"@{part['key']}" + (f", {part['locator']}" if part["locator"] else "")
            pieces.append(f"{where} ({part['how']})")
        elif part["candidates"]:
            pieces.append(f"text “{_clip(part['text'], 30)}” (maybe @{part['candidates'][0]['key']})")
    kind = {"citation": "citation", "mixed": "text+cite", "text": "text"}[state]
    if not pieces:
        return f"{kind:<9} “{_clip(entry['text'], 60)}”"
    return f"{kind:<9} " + "; ".join(pieces)
