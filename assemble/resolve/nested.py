"""A footnote that calls another footnote: Word and the committee's format have no notes in
notes, so the inner note's text is printed where it is called, in brackets:

    [^a]: The law was amended.[^b]      ->  1 The law was amended. (Amended again in 2023.)
    [^b]: Amended again in 2023.

Citations in the inner note stay citations of the outer one. The author is told (a warning),
as the printed note differs from the source; a note calling itself is an error.
"""
from __future__ import annotations

from assemble.model import Link, Note, NoteRef, Section, Text, block_inlines, walk_inlines
from assemble.problems import Problems


def fold_nested_notes(sections: list[Section], problems: Problems) -> None:
    """Replace every note call inside a note by the called note's text (on the resolved copy)."""
    for section in sections:
        for inlines in block_inlines(section.blocks):
            for node in walk_inlines(inlines):
                if isinstance(node, NoteRef) and node.note is not None and _calls_notes(node.note):
                    node.note.paragraphs = [_fold(p, [node.name], problems) for p in node.note.paragraphs]


def _calls_notes(note: Note) -> bool:
    return any(isinstance(n, NoteRef) for p in note.paragraphs for n in walk_inlines(p))


def _fold(inlines: list, calling: list[str], problems: Problems) -> list:
    out: list = []
    for node in inlines:
        if isinstance(node, Link):
            out.append(Link(node.url, _fold(node.children, calling, problems)))
        elif isinstance(node, NoteRef) and node.note is not None:
            name = _shown(node.name)
            if node.name in calling:
                problems.error(node.loc.file, node.loc.line,
                               f"footnote {name} calls itself ({' -> '.join(map(_shown, calling + [node.name]))})",
                               f"remove the call {name} from the note")
                continue
            problems.warning(node.loc.file, node.loc.line,
                             f"footnote {name} is called inside another footnote: its text is printed there, "
                             "in brackets", "a footnote cannot have footnotes of its own; move the call to the text")
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip(" "), out[-1].italic, out[-1].bold, out[-1].code)
            out.append(Text(" ("))
            for index, paragraph in enumerate(node.note.paragraphs):
                if index:
                    out.append(Text(" "))
                out.extend(_fold(paragraph, calling + [node.name], problems))
            out.append(Text(")"))
        else:
            out.append(node)
    return out


def _shown(name: str) -> str:
    return "^[...]" if name.startswith("inline-") else f"[^{name}]"
