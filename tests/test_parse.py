"""Parse: Markdown comments, notes in notes, citations next to notes and brackets, escapes in
inline notes, deep nesting: nothing the author wrote is lost or written twice."""
import json
from pathlib import Path

from click.testing import CliRunner

from assemble.build import build_report, read_report
from assemble.cli import main
from assemble.load.sections import SourceFile
from assemble.model import Cite, Comment, Loc, NoteRef, Paragraph, Quote, Section, Text, walk_blocks
from assemble.parse.to_model import parse_section
from assemble.problems import BuildError, Problems
from docxread import Docx
from pdfread import Pdf


def parse(body: str, authors=("KIBHR", "Kazakhstan International Bureau for Human Rights")):
    section = Section("x", "Title", "articles", Path("sections/x.md"), Loc("sections/x.md", 1))
    problems = Problems(Path.cwd())
    parse_section(SourceFile(section, body, 7, {}, authors=authors), problems)
    return section.blocks, [str(p) for p in problems.items]


def texts(inlines) -> str:
    return "".join(n.text for n in inlines if isinstance(n, Text))


def add(workspace: Path, text: str, name: str = "followup.md") -> None:
    path = workspace / "sections" / name
    path.write_text(path.read_text() + "\n" + text + "\n")


# ---- comments (bug 8) ----------------------------------------------------------------------

def test_comment_on_its_own_lines_is_a_comment_block_not_a_paragraph():
    blocks, problems = parse("First.\n\n<!-- TODO: check the figures\nwith the ministry -->\n\nSecond.\n")
    assert problems == []
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Comment", "Paragraph"]
    assert blocks[1] == Comment("TODO: check the figures\nwith the ministry", Loc("sections/x.md", 9))


def test_comment_authors_are_organisations_or_names():
    blocks, _ = parse("<!-- KIBHR: check the date -->\n\n<!-- Aigerim Nurlanova: source? -->\n\n"
                      "<!-- Note: not an author -->\n\n<!-- TODO NOW: shouting -->\n\n"
                      "<!-- Kazakhstan International Bureau for Human Rights: long name -->\n")
    assert [(b.author, b.text) for b in blocks] == [
        ("KIBHR", "check the date"), ("Aigerim Nurlanova", "source?"), ("", "Note: not an author"),
        ("", "TODO NOW: shouting"), ("Kazakhstan International Bureau for Human Rights", "long name")]


def test_inline_comment_keeps_the_text_around_it_with_one_space():
    blocks, _ = parse("The law <!-- KIBHR: which one? --> was passed\nin 2020 <!-- a\nlong one --> and signed.\n")
    (paragraph,) = blocks
    assert texts(paragraph.inlines) == "The law was passed in 2020 and signed."
    comments = [n for n in paragraph.inlines if isinstance(n, Comment)]
    assert comments == [Comment("which one?", Loc("sections/x.md", 7), "KIBHR"),
                        Comment("a\nlong one", Loc("sections/x.md", 8))]


def test_text_after_a_comment_on_its_line_joins_the_paragraph_below():
    blocks, _ = parse("<!-- KIBHR: check --> The law\nsays so.\n\n<!-- only a comment -->\nAlone.\n")
    assert [type(b).__name__ for b in blocks] == ["Comment", "Paragraph", "Comment", "Paragraph"]
    assert texts(blocks[1].inlines) == "The law says so."
    assert texts(blocks[3].inlines) == "Alone."


def test_unclosed_comment_is_an_error_with_its_line():
    _, problems = parse("Text.\n\n<!-- forgot to close\n\nThe rest of the section.\n")
    assert problems == ["sections/x.md:9: error: this comment '<!--' is never closed, so the rest of the "
                        "section is hidden (end the comment with '-->')"]


def test_comments_are_not_printed_numbered_or_counted(workspace):
    before = json.loads(CliRunner().invoke(main, ["stats", "--root", str(workspace), "--format", "json"]).stdout)
    add(workspace, "<!-- TODO: add the 2024 figures here -->\n\n"
                   "Fines rose <!-- SCM: by how much? --> sharply.\n")
    after = json.loads(CliRunner().invoke(main, ["stats", "--root", str(workspace), "--format", "json"]).stdout)
    assert after["words"]["body"] == before["words"]["body"] + 3  # "Fines rose sharply."
    built = build_report(workspace, ["docx", "pdf"])
    docx_path, pdf_path = sorted(built.outputs, key=lambda p: p.suffix)
    doc = Docx(docx_path)
    numbered = doc.styled("NumberedParagraph")
    assert numbered[2:4] == ["The previous recommendations were not implemented.", "Fines rose sharply."]
    everything = "\n".join(t for _, t, _ in doc.paragraphs()) + "\n".join(doc.footnotes().values())
    assert "TODO" not in everything and "how much" not in everything and "<!--" not in everything
    pdf_text = "\n".join(Pdf(pdf_path).pages)
    assert "TODO" not in pdf_text and "how much" not in pdf_text and "4. Fines rose sharply." in pdf_text


# ---- footnotes calling footnotes (bug 8) -------------------------------------------------------

def test_note_calling_a_note_defined_later_prints_its_text_in_brackets(workspace):
    add(workspace, "Amended.[^outer]\n\n[^outer]: The law was amended.[^inner] See [@book-y].\n\n"
                   "[^inner]: Again in 2023, [@misc-w].\n")
    built = build_report(workspace, ["docx"])
    notes = Docx(built.outputs[0]).footnotes()
    assert notes[4] == ("The law was amended. (Again in 2023, Coalition, Interview notes, unpublished, May 2025.) "
                        "See Anna Smïth, Civil Rights (London: Example Press, 2018).")
    assert len(notes) == 18  # one note more than the 17 of the workspace, not two
    assert [str(w) for w in built.warnings] == [
        "sections/followup.md:12: warning: footnote [^inner] is called inside another footnote: its text is "
        "printed there, in brackets (a footnote cannot have footnotes of its own; move the call to the text)"]


def test_note_calling_itself_is_an_error(workspace):
    add(workspace, "Loop.[^c]\n\n[^c]: Here[^d].\n\n[^d]: and back[^c].\n")
    try:
        build_report(workspace, ["docx"])
    except BuildError as exc:
        assert [str(p) for p in exc.problems if p.severity == "error"] == [
            "sections/followup.md:14: error: footnote [^c] calls itself ([^c] -> [^d] -> [^c]) "
            "(remove the call [^c] from the note)"]
    else:
        raise AssertionError("a note calling itself built")


def test_inline_note_in_a_defined_note_is_kept():
    blocks, problems = parse("Text.[^a]\n\n[^a]: Outer^[inner words] end.\n")
    (note_ref,) = [n for n in blocks[0].inlines if isinstance(n, NoteRef)]
    inner = [n for n in note_ref.note.paragraphs[0] if isinstance(n, NoteRef)]
    assert inner and texts(inner[0].note.paragraphs[0]) == "inner words"
    assert problems == []


# ---- citations next to notes and brackets (issue 13) --------------------------------------------

def test_citations_next_to_note_calls_and_brackets_all_become_notes(workspace):
    add(workspace, "A ([@book-y]). B [@misc-w][^n] C [@book-y]([@misc-w]) D [@misc-w][@book-y] "
                   "E [a link](https://example.org/x) F.\n\n[^n]: Note n.\n")
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    notes = doc.footnotes()
    assert [notes[n] for n in range(4, 11)] == [
        "Anna Smïth, Civil Rights (London: Example Press, 2018).",
        "Coalition, Interview notes, unpublished, May 2025.",
        "Note n.",
        "Smïth, Civil Rights, supra note 4.",  # the free note before broke the Ibid. chain
        "Coalition, Interview notes, supra note 5.",
        "Ibid.",
        "Smïth, Civil Rights, supra note 4."]
    assert len(notes) == 17 + 7 and doc.note_calls() == list(range(1, 25))
    paragraph = next(t for s, t, _ in doc.paragraphs() if t.startswith("A ("))
    assert paragraph == "A (). B C() D E a link F."


def test_a_link_after_brackets_stays_a_link():
    blocks, _ = parse("[see the law](https://example.org) and [@key](https://example.org/k)\n")
    kinds = [type(n).__name__ for n in blocks[0].inlines]
    assert kinds == ["Link", "Text", "Link"]


# ---- escapes in inline notes (issue 13) ---------------------------------------------------------

def test_inline_note_with_escapes_is_written_once(workspace):
    add(workspace, "Quoted.^[He said [sic] that 5 \\* 3 and a\\_b, AT&T and \\[x\\] hold.]\n")
    notes = Docx(build_report(workspace, ["docx"]).outputs[0]).footnotes()
    assert notes[4] == "He said [sic] that 5 * 3 and a_b, AT&T and [x] hold."


# ---- nesting deeper than the styles (issue 13) --------------------------------------------------

def test_lists_as_deep_as_word_allows_keep_every_item():
    body = "\n".join("  " * i + f"- item{i}" for i in range(11))
    blocks, problems = parse(body)
    items = [texts(b.inlines) for b in walk_blocks(blocks) if isinstance(b, Paragraph)]
    assert items == [f"item{i}" for i in range(11)] and problems == []


def test_lists_and_quotes_deeper_than_markdown_it_reads_are_refused_with_the_line():
    lists = "Intro.\n\n" + "\n".join("  " * i + f"- item{i}" for i in range(14))
    _, problems = parse(lists)
    assert problems == ["sections/x.md:20: error: lists or quotes here are nested too deeply to be read whole "
                        "(at most 11 lists or 23 quotes inside each other) (flatten them: the report's styles "
                        "show 4 levels of numbered lists and 3 of bullets)"]
    quotes = "\n".join(">" * (i + 1) + f" q{i}\n" + ">" * (i + 1) for i in range(500))
    _, problems = parse(quotes)
    assert len(problems) == 1 and problems[0].startswith("sections/x.md:53: error: lists or quotes here")


def test_quotes_nested_23_deep_keep_their_text():
    body = "\n".join(">" * (i + 1) + f" q{i}\n" + ">" * (i + 1) for i in range(23))
    blocks, problems = parse(body)
    words = [texts(b.inlines) for b in walk_blocks(blocks) if isinstance(b, Paragraph)]
    assert words == [f"q{i}" for i in range(23)] and problems == []
    assert sum(isinstance(b, Quote) for b in walk_blocks(blocks)) == 23


# ---- the parsed model stays as parsed (12.4) ----------------------------------------------------

def test_resolve_leaves_the_parsed_sections_untouched(workspace):
    problems = Problems(workspace)
    workspace_, report = read_report(workspace, problems)
    parsed = next(s.section for s in workspace_.sources if s.section.id == "followup")
    (paragraph,) = parsed.blocks
    assert paragraph.number is None and paragraph.marker == ""
    assert isinstance(paragraph.inlines[-1], Cite) and paragraph.inlines[-1].rendered is None
    assert paragraph.inlines[-1].items[0].key == "co-2016"
    resolved = next(s for s in report.sections if s.id == "followup")
    assert resolved.blocks[0].number == 3 and isinstance(resolved.blocks[0].inlines[-1], NoteRef)


def test_a_list_quote_or_table_inside_a_recommendation_is_refused_with_its_line():
    """A recommendation is one numbered text: what cannot be part of it is an error, never
    dropped without a word (as it once was)."""
    blocks, problems = parse("::: recommendations\n"
                             "- The State party should release detained protesters:\n"
                             "  - those held since May;\n"
                             "\n"
                             "  > A quoted demand.\n"
                             "- The State party should stop fines.\n"
                             ":::\n")
    hint = "(write its points in the item's text ('(a) ...; (b) ...') or make them items of their own)"
    assert problems == [
        f"sections/x.md:9: error: a list inside a '::: recommendations' item cannot be printed: an item is "
        f"one numbered text {hint}",
        f"sections/x.md:11: error: a quotation inside a '::: recommendations' item cannot be printed: an item is "
        f"one numbered text {hint}"]
    assert [texts(item.inlines) for item in blocks[-1].items] == [
        "The State party should release detained protesters:", "The State party should stop fines."]


def test_a_heading_in_a_note_keeps_its_words_and_a_table_is_refused_with_its_line():
    blocks, problems = parse("Text.[^a]\n\n[^a]: Note start.\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n"
                             "    ## Heading in the note\n\n    > Quoted in the note.\n")
    assert problems == ["sections/x.md:11: error: a table inside a footnote cannot be printed "
                        "(put the table in the section's text and refer to it from the note)"]
    note = next(n for n in blocks[0].inlines if isinstance(n, NoteRef)).note
    assert [texts(p) for p in note.paragraphs] == ["Note start.", "Heading in the note", "Quoted in the note."]


def test_the_parse_cache_gives_back_typed_kinds():
    """The disk cache is JSON: a kind must come back as its enum member, not a bare string
    (resolve compares kinds by identity)."""
    from assemble.model import QuoteKind, RecKind, RefKind, XRef, walk_inlines
    from assemble.parse.cache import decode, encode
    import json

    blocks, _ = parse("See @para:x.\n\n::: committee-recommendation\nThe Committee said.\n:::\n\n"
                      "::: questions\n- Why?\n:::\n")
    again = decode(json.loads(json.dumps(encode(blocks))))
    assert again == blocks
    ref = next(n for n in walk_inlines(again[0].inlines) if isinstance(n, XRef))
    assert ref.kind is RefKind.PARA and again[1].kind is QuoteKind.COMMITTEE and again[2].kind is RecKind.QUESTIONS
