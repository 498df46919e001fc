"""Cross-references: `@para:x` -> "para. 45", `@sec:x` -> "section II.C", `@rec:x` -> "recommendation 12"."""
from __future__ import annotations

from assemble.model import (Heading, Note, Paragraph, Recommendation, RefKind, Section, XRef, block_inlines,
                            walk_inlines)
from assemble.load.previous import FILE
from assemble.problems import Problems


def resolve_xrefs(sections: list[Section], notes: list[Note], labels: dict, words: dict,
                  problems: Problems, previous: dict | None = None, lang: str = "en",
                  words_of=None) -> None:
    """`previous`: the recommendations of upr-recommendations.csv (None: the workspace has no such
    file), which `@upr:115.23` cites as "115.23 (Norway)".

    A reference prints the words of the paragraph it stands in: a section not yet translated
    keeps "see para. 12" in a Russian build, not "see п. 12" (`words_of(lang)`: the catalogue of
    a section's own language)."""
    build_words = words

    def say(ref: XRef, template: str, number: str) -> None:
        """The printed text, and the words around the number (the DOCX makes the number a field)."""
        ref.number = number
        ref.before, _, ref.after = template.partition("{n}")
        ref.text = template.replace("{n}", number)

    def fill(ref: XRef, words: dict) -> None:
        if ref.kind is RefKind.UPR:
            fill_upr(ref, words)
            return
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
            say(ref, words["para"], "?" if target.number is None else str(target.number))
        elif isinstance(target, Heading):
            say(ref, words["section"], target.full_number)
        elif isinstance(target, Recommendation):
            say(ref, words["recommendation"], str(target.number))
        ref.target = target.anchor

    def fill_upr(ref: XRef, words: dict) -> None:
        ref.number = ref.label.split(":", 1)[1]
        found = (previous or {}).get(ref.number)
        if found is None:
            ref.text = ref.number
            if previous is None:
                problems.error(ref.loc.file, ref.loc.line, f"'@{ref.label}' cites a recommendation of the previous "
                               f"review, but the report folder has no {FILE}",
                               "list them there, one per line: number,state,recommendation,response "
                               "(docs/format.md)")
            else:
                import difflib

                close = difflib.get_close_matches(ref.number, list(previous), n=1)
                problems.error(ref.loc.file, ref.loc.line, f"recommendation {ref.number} is not listed in {FILE}",
                               f"did you mean @upr:{close[0]}?" if close else f"add it to {FILE}, or correct the number")
            return
        say(ref, words["upr_recommendation"].replace("{state}", found.state_in(lang)), ref.number)

    def words_for(language: str) -> dict:
        if not language or language == lang or words_of is None:
            return build_words
        return words_of(language)

    texts = [(inlines, section.language) for section in sections for inlines in block_inlines(section.blocks)]
    languages = {section.loc.file: section.language for section in sections}
    texts += [(paragraph, languages.get(note.loc.file, "")) for note in notes if note.cite is None
              for paragraph in note.paragraphs]
    for inlines, language in texts:
        words = words_for(language)
        for node in walk_inlines(inlines):
            if isinstance(node, XRef):
                fill(node, words)
