"""Printed numbers and anchors: made once in resolve/, shown alike by Word's numbering and the PDF."""
import re
from pathlib import Path

import pytest

from assemble.build import build_report
from assemble.model import Heading, ListBlock, Paragraph, Quote, RecBlock
from docxread import Docx, WordNumbering, text_of
from pdfread import Pdf

DEEP = """
#### Sub-sub-sub {#sec:deep}

Text under it.[^deep]

1. first
2. second with a nested bullet list:
   - bullet one
     - bullet two deep
       - bullet three deep
         - bullet four deep
3. third
   1. roman one
   2. roman two
      1. letter dot one
         1. roman dot one
            1. deeper than the styles
            2. still deeper

   more text of item three
4. - a bullet starting item four
5. fifth

#### Another sub-sub-sub

More text (a second heading: a single one would have no number, as UN practice has no single
subdivision).

[^deep]: A note.
"""


def model_labels(report) -> list[tuple[str, str]]:
    """(DOCX style, printed label) of every labelled paragraph, in the writer's order (by hand)."""
    out = []

    def heading(h: Heading):
        if h.marker:
            out.append((f"Heading{h.level}", h.marker))

    def blocks(items):
        for block in items:
            if isinstance(block, Paragraph) and block.marker:
                out.append(("NumberedParagraph", block.marker))
            elif isinstance(block, Heading):
                heading(block)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    out.append(("Subparagraph" if block.ordered else "ListBullet", item.marker))
                    blocks([b for b in item.blocks if not isinstance(b, Paragraph)])
            elif isinstance(block, Quote):
                blocks(block.blocks)
            elif isinstance(block, RecBlock):
                style = "Recommendation" if block.kind == "recommendations" else "Question"
                out.extend((style, item.marker) for item in block.items)

    for part in report.parts:
        heading(part.heading)
        for section in part.sections:
            heading(section.heading)
            blocks(section.blocks)
    return out


def add_deep_section(workspace: Path) -> None:
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + DEEP)


def test_word_numbering_shows_the_models_labels(workspace):
    """Word numbers the DOCX itself (reference.docx); per level it must print what resolve/ chose."""
    add_deep_section(workspace)
    built = build_report(workspace, ["docx"])
    doc = Docx(built.outputs[0])
    word = [(style, label) for style, label, _ in WordNumbering(doc.document).labels(doc.body)]
    assert word == model_labels(built.report)


def test_word_numbering_by_hand(workspace):
    add_deep_section(workspace)
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    labels = WordNumbering(doc.document).labels(doc.body)
    by_text = {text: (style, label) for style, label, text in labels}
    assert by_text["Sub-sub-sub"] == ("Heading5", "(i)")
    assert by_text["Another sub-sub-sub"] == ("Heading5", "(ii)")
    assert "Practice" not in by_text  # the only "##" of its section: no number (no single subdivision)
    assert by_text["The coalition gathered evidence from court records."][1] == "2."
    ordered = [(label, text) for style, label, text in labels if style == "Subparagraph"]
    assert ordered[:11] == [("(a)", "first"), ("(b)", "second with a nested bullet list:"),
                             ("(c)", "third"), ("(i)", "roman one"), ("(ii)", "roman two"),
                             ("a.", "letter dot one"), ("i.", "roman dot one"),
                             ("i.", "deeper than the styles"), ("ii.", "still deeper"),
                             ("(d)", ""), ("(e)", "fifth")]
    bullets = [(label, text) for style, label, text in labels if style == "ListBullet"]
    # bullets take the level of the lists they sit in, whatever their kind
    assert bullets[:5] == [("\u2013", "bullet one"), ("\u25aa", "bullet two deep"), ("\u25aa", "bullet three deep"),
                           ("\u25aa", "bullet four deep"), ("\u2013", "a bullet starting item four")]
    # the second paragraph of item (c) carries no label of its own
    assert "more text of item three" not in by_text
    assert any(t == "more text of item three" for _, t, _ in doc.paragraphs())


def test_pdf_prints_the_same_labels(workspace):
    add_deep_section(workspace)
    flat = " ".join("\n".join(Pdf(build_report(workspace, ["pdf"]).outputs[0]).pages).split())
    for expected in ["(i) Sub-sub-sub", "(a) first", "(b) second with a nested bullet list:",
                     "(c) third", "(i) roman one", "(ii) roman two", "a. letter dot one", "i. roman dot one",
                     "i. deeper than the styles", "ii. still deeper", "(e) fifth",
                     "(d) \u2013 a bullet starting item four",
                     "\u2013 bullet one", "\u25aa bullet two deep", "\u25aa bullet four deep"]:
        assert expected in flat, expected


def test_skipped_paragraph_number_differs_from_words_numbering(workspace, monkeypatch):
    """The comparison can fail: a model that skips a number no longer matches Word's."""
    from assemble.resolve import numbering

    original = numbering.Numberer.blocks

    def skipping(self, section, blocks, counters, top=False, **depths):
        if top and self.paragraph == 0:  # the report's first paragraph becomes 2
            self.paragraph += 1
        return original(self, section, blocks, counters, top, **depths)

    monkeypatch.setattr(numbering.Numberer, "blocks", skipping)
    built = build_report(workspace, ["docx"])
    doc = Docx(built.outputs[0])
    word = [(style, label) for style, label, _ in WordNumbering(doc.document).labels(doc.body)]
    assert word != model_labels(built.report)


def bookmark_text(doc: Docx, name: str) -> str:
    return text_of(doc.bookmarks()[name])


def ref_targets(doc: Docx) -> list[tuple[str, str]]:
    return [(f[0].split()[1], f[1]) for f in doc.fields() if f[0].startswith("REF ")]


def test_label_like_a_default_anchor_gets_its_own_bookmark(workspace):
    """Bug 1: `{#rec:n1}` and unlabelled recommendation 1's default anchor were both `rec_n1`."""
    path = workspace / "sections" / "art-21.md"
    path.write_text(path.read_text().replace("- The State party should release detained protesters.",
                                             "- {#rec:n1} The State party should release detained protesters.")
                    + "\nSee @rec:n1.\n")
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    names = [b.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
             for b in doc.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkStart")]
    assert len({n.lower() for n in names}) == len(names)
    assert bookmark_text(doc, "rec_n1") == "The State party should end arbitrary detention, see para. 2."
    (target, shown), = [(t, s) for t, s in ref_targets(doc) if t.startswith("rec_n1")]
    assert shown == "3"
    assert bookmark_text(doc, target) == "The State party should release detained protesters."


def test_labels_differing_in_case_or_dash_get_distinct_bookmarks(workspace):
    """Word compares bookmark names without case: `para:a-b`, `para:A_b` and `para:a_B` are three."""
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text() + "\n{#para:a-b}\nFirst.\n\n{#para:A_b}\nSecond.\n\n{#para:a_B}\nThird.\n\n"
                    "See @para:a-b, @para:A_b and @para:a_B.\n")
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    names = list(doc.bookmarks())
    assert len({n.lower() for n in names}) == len(names)
    refs = [(t, shown) for t, shown in ref_targets(doc) if t.lower().startswith("para_a_b")]
    assert [shown for _, shown in refs] == ["4", "5", "6"]
    assert [bookmark_text(doc, target) for target, _ in refs] == ["First.", "Second.", "Third."]
    paragraph = next(t for s, t, _ in doc.paragraphs() if t.startswith("See para."))
    assert paragraph == "See para. 4, para. 5 and para. 6."


def test_anchor_names_fit_word_even_with_suffixes():
    from assemble.resolve.anchors import Anchors

    anchors = Anchors()
    long = "para:" + "x" * 60
    first, second = anchors.for_label(long), anchors.for_label(long)
    assert first != second and len(first) <= 40 and len(second) <= 40
    assert second.endswith("_2")
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", second)
    assert anchors.for_label("rec:N1") == "rec_N1" and anchors.claim("rec_n1") == "rec_n1_2"


def test_pdf_links_each_label_to_its_own_target(workspace):
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text() + "\n{#para:a-b}\nFirst.\n\n{#para:A_b}\nSecond.\n\nSee @para:a-b and @para:A_b.\n")
    text = " ".join("\n".join(Pdf(build_report(workspace, ["pdf"]).outputs[0]).pages).split())
    assert "See para. 4 and para. 5." in text


def test_headings_under_an_unnumbered_heading_count_from_a_again_in_word(workspace):
    """The model restarts the count under any heading; Word's style numbering would not, so the
    DOCX starts those headings where the model does."""
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\n## A\n\nt.\n\n### x\n\nt.\n\n### x2\n\n## B {.unnumbered}\n\nt.\n\n"
                    "### y\n\nt.\n\n### y2\n\n## C\n\nt.\n")
    built = build_report(workspace, ["docx"])
    doc = Docx(built.outputs[0])
    labels = WordNumbering(doc.document).labels(doc.body)
    headings = [(label, text) for style, label, text in labels if style in ("Heading3", "Heading4")]
    assert headings == [("1.", "A"), ("(a)", "x"), ("(b)", "x2"), ("(a)", "y"), ("(b)", "y2"), ("2.", "C")]
    word = [(style, label) for style, label, _ in labels]
    assert word == model_labels(built.report)
