"""Cross-references: `@para:x` -> "para. 45", `@sec:x` -> "section II.C", `@rec:x` -> "recommendation 12"."""
from __future__ import annotations

from assemble.model import Heading, Link, Note, Paragraph, Recommendation, Section, XRef, block_inlines
from assemble.problems import Problems


def resolve_xrefs(sections: list[Section], notes: list[Note], labels: dict, words: dict,
                  problems: Problems) -> None:
    def visit(inlines):
        for node in inlines:
            if isinstance(node, XRef):
                fill(node)
            elif isinstance(node, Link):
                visit(node.children)

    def fill(ref: XRef) -> None:
        target = labels.get(ref.label)
        if target is None:
            known = sorted(k for k in labels if k.startswith(ref.kind + ":"))
            import difflib

            close = difflib.get_close_matches(ref.label, known, n=1)
            problems.error(ref.loc.file, ref.loc.line, f"cross-reference '@{ref.label}' points to no label",
                           f"did you mean @{close[0]}?" if close else f"add {{#{ref.label}}} where it should point")
            ref.text = ref.label
            return
        if isinstance(target, Paragraph):
            if target.number is None:
                problems.error(ref.loc.file, ref.loc.line,
                               f"'@{ref.label}' points to a paragraph without a number",
                               "label a numbered paragraph instead")
                ref.number = "?"
            else:
                ref.number = str(target.number)
            ref.text = words["para"].replace("{n}", ref.number)
        elif isinstance(target, Heading):
            ref.number = target.full_number
            ref.text = words["section"].replace("{n}", ref.number)
        elif isinstance(target, Recommendation):
            ref.number = str(target.number)
            ref.text = words["recommendation"].replace("{n}", ref.number)
        ref.target = target.anchor

    for section in sections:
        for inlines in block_inlines(section.blocks):
            visit(inlines)
    for note in notes:
        if note.cite is None:
            for paragraph in note.paragraphs:
                visit(paragraph)
