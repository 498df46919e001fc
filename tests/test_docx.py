"""The DOCX a committee member opens: notes, numbering, fields, bookmarks, contents, cover."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
import docx
from docx.oxml.ns import qn

from assemble.build import build_report
from docxread import NS, Docx, WordNumbering

EXPECTED_NOTES = {
    1: "Interviews were held in 2025; see also Human Rights Committee, Concluding observations on the "
       "initial report of Testland, CCPR/C/TST/CO/1, 9 August 2016, para. 3.",
    2: "Law of the Republic of Testland No. 333-VI “On the procedure for organizing and holding peaceful "
       "assemblies”, 25 May 2020, art. 5.",
    3: "CCPR/C/TST/CO/1, supra note 1, para. 5.",
    4: "Front Line Defenders, “Statement on detentions”, 1 February 2024, https://example.org/statement "
       "(accessed 1 February 2025).",
    5: "Testland Bureau for Human Rights, Annual report on civil rights 2020, 2021, "
       "https://example.org/report (accessed 10 January 2025).",
    6: "Jane Doe and Richard Roe, “Assemblies in Central Asia”, Journal of Rights, vol. 12, No. 3 (2019), "
       "pp. 10–30, p. 12.",
    7: "Anna Smïth, Civil Rights (London: Example Press, 2018).",
    8: "Kim Lee, “Courts”, in Jo Park (ed.), Justice Handbook (Example Press, 2017), pp. 1–20.",
    9: "Coalition, Interview notes, unpublished, May 2025.",
    10: "CCPR/C/TST/CO/1, supra note 1.",
    11: "Law on Assemblies, supra note 2.",
    12: "Ibid., art. 10.",
    13: "Ibid.",
    14: "See CCPR/C/TST/CO/1, supra note 1, para. 26; OSCE/ODIHR, “Guidelines on Freedom of Peaceful "
        "Assembly”, 2019, https://example.org/osce (accessed 1 March 2025).",
    15: "Smith v. Testland, Supreme Court of Testland, No. 2-123/2021, 4 March 2021.",
    16: "Law on Assemblies, supra note 2.",
    17: "A comment citing Testland Bureau for Human Rights, Annual report 2020, supra note 5, p. 4 inline.",
}


def build(root: Path) -> Docx:
    built = build_report(root, ["docx"])
    return Docx(built.outputs[0])


def test_footnotes_count_and_exact_texts(workspace):
    doc = build(workspace)
    assert doc.footnotes() == EXPECTED_NOTES
    assert doc.note_calls() == list(range(1, 18))


def test_footnote_structure_is_real_word_footnotes(workspace):
    doc = build(workspace)
    rels = doc.parts["word/_rels/document.xml.rels"].decode()
    assert "relationships/footnotes" in rels
    assert "wordprocessingml.footnotes+xml" in doc.parts["[Content_Types].xml"].decode()
    ids = [fn.get(qn("w:id")) for fn in doc.footnotes_xml.findall("w:footnote", NS)]
    assert ids[:2] == ["-1", "0"]
    for fn in doc.footnotes_xml.findall("w:footnote", NS)[2:]:
        assert fn.find(".//w:footnoteRef", NS) is not None
        assert fn.find("w:p/w:pPr/w:pStyle", NS).get(qn("w:val")) == "FootnoteText"


def test_notes_follow_reordering_of_sections(workspace):
    """Moving the assembly section before the detention section recomputes every form."""
    path = workspace / "sections" / "art-21.md"
    path.write_text(path.read_text().replace("articles: [21]", "articles: [8, 21]"))
    notes = build(workspace).footnotes()
    # art-21 now comes first among the articles: the law is cited in full there, not in intro
    assert notes[3] == "CCPR/C/TST/CO/1, supra note 1, para. 5."
    assert notes[4] == "Law on Assemblies, supra note 2."
    assert notes[5] == "Ibid., art. 10."
    assert notes[6] == "Ibid."
    # the OSCE guidelines are first cited in art-21 now: full form moves with them
    assert "OSCE/ODIHR, “Guidelines on Freedom of Peaceful Assembly”" in notes[7]
    # the report cited inline in a free note now comes before the citation in art-9
    assert notes[10] == ("A comment citing Testland Bureau for Human Rights, Annual report on civil rights "
                         "2020, 2021, p. 4, https://example.org/report (accessed 10 January 2025) inline.")
    report_note = next(n for n, t in notes.items() if t.startswith("Testland Bureau for Human Rights"))
    assert notes[report_note] == "Testland Bureau for Human Rights, Annual report 2020, supra note 10."


def test_ibid_rules(tmp_path, workspace):
    section = workspace / "sections" / "followup.md"
    section.write_text(section.read_text().replace(
        "The previous recommendations were not implemented.[@co-2016, para. 5]",
        "One.[@book-y, p. 1] Two.[@book-y, p. 1] Three.[@book-y] Four.[@book-y, p. 9]"
        " Five.[^free] Six.[@book-y] Seven.[@book-y; @co-2016] Eight.[@book-y]\n\n"
        "[^free]: A free note without citations breaks the chain."))
    notes = build(workspace).footnotes()
    assert notes[3] == "Anna Smïth, Civil Rights (London: Example Press, 2018), p. 1."
    assert notes[4] == "Ibid."  # same source, same pinpoint
    assert notes[5] == "Smïth, Civil Rights, supra note 3."  # pinpoint dropped: no Ibid.
    assert notes[6] == "Ibid., p. 9."
    assert notes[7] == "A free note without citations breaks the chain."
    assert notes[8] == "Smïth, Civil Rights, supra note 3."
    assert notes[9] == "Smïth, Civil Rights, supra note 3; CCPR/C/TST/CO/1, supra note 1."
    assert notes[10] == "Smïth, Civil Rights, supra note 3."  # previous note had two sources


def test_native_numbering_is_continuous(workspace):
    doc = build(workspace)
    numbered = [p for s, _, p in doc.paragraphs() if s == "NumberedParagraph"]
    assert len(numbered) == 7
    for p in numbered:  # numbering comes from the style: one list, never restarted
        assert p.find("w:pPr/w:numPr", NS) is None
    style = doc.document.styles["Numbered Paragraph"].element
    assert style.find("w:pPr/w:numPr/w:numId", NS).get(qn("w:val")) == "1"
    numbering = doc.document.part.numbering_part.element
    num = [n for n in numbering.findall("w:num", NS) if n.get(qn("w:numId")) == "1"][0]
    assert num.find("w:lvlOverride", NS) is None
    abstract_id = num.find("w:abstractNumId", NS).get(qn("w:val"))
    abstract = [a for a in numbering.findall("w:abstractNum", NS) if a.get(qn("w:abstractNumId")) == abstract_id][0]
    lvl = abstract.find("w:lvl", NS)
    assert lvl.find("w:numFmt", NS).get(qn("w:val")) == "decimal"
    assert lvl.find("w:lvlText", NS).get(qn("w:val")) == "%1."


def test_sub_paragraphs_restart_in_un_style(workspace):
    doc = build(workspace)
    subs = [p for s, _, p in doc.paragraphs() if s == "Subparagraph"]
    levels = [p.find("w:pPr/w:numPr/w:ilvl", NS).get(qn("w:val")) for p in subs]
    assert levels == ["0", "0", "1", "1"]
    numbering = doc.document.part.numbering_part.element
    num_ids = {p.find("w:pPr/w:numPr/w:numId", NS).get(qn("w:val")) for p in subs}
    for num in numbering.findall("w:num", NS):
        if num.get(qn("w:numId")) in num_ids:
            assert num.find("w:lvlOverride/w:startOverride", NS).get(qn("w:val")) == "1"
    formats = {lvl.get(qn("w:ilvl")): (lvl.find("w:numFmt", NS).get(qn("w:val")),
                                        lvl.find("w:lvlText", NS).get(qn("w:val")))
               for lvl in numbering.iter(qn("w:lvl")) if lvl.getparent().get(qn("w:abstractNumId")) == "12"}
    assert formats["0"] == ("lowerLetter", "(%1)") and formats["1"] == ("lowerRoman", "(%2)")


def test_bookmarks_and_ref_fields_have_correct_cached_text(workspace):
    doc = build(workspace)
    marks = doc.bookmarks()
    assert {"para_method", "sec_art_9", "sec_art_21", "sec_practice", "rec_free_assembly"} <= set(marks)
    for name in marks:  # a letter first, or `_s_` (resolve/blockids.py: hidden in Word's list)
        assert re.match(r"^(?:[A-Za-z]|_s_)[A-Za-z0-9_]*$", name) and len(name) <= 40
    fields = [f for f in doc.fields() if f[0].startswith("REF ")]
    assert ("REF para_method \\r \\h", "2") in fields
    assert ("REF sec_art_9 \\w \\h", "III.A") in fields
    assert ("REF rec_free_assembly \\r \\h", "2") in fields
    paragraph = next(t for s, t, _ in doc.paragraphs() if t.startswith("As para."))
    assert paragraph.startswith("As para. 2 and section III.A show, and as recommendation 2 asks")
    # the bookmarked paragraph really is paragraph 2
    numbered = [t for s, t, _ in doc.paragraphs() if s == "NumberedParagraph"]
    assert numbered[1].startswith("The coalition gathered evidence")
    assert text_in(marks["para_method"]).startswith("The coalition gathered evidence")


def text_in(p):
    from docxread import text_of
    return text_of(p)


def test_contents_has_visible_entries_and_fields_are_flagged_for_update(workspace):
    """Static entries (see tests/test_contents.py), page numbers as PAGEREF fields Word updates."""
    doc = build(workspace)
    assert not [f for f in doc.fields() if f[0].startswith("TOC")]
    entries = doc.styled("TOC1") + doc.styled("TOC2")
    assert "I.\tIntroduction\t1–2" in entries
    assert "B.\tRight of peaceful assembly (art. 21)\t5–7" in entries
    settings = doc.parts["word/settings.xml"].decode()
    assert '<w:updateFields w:val="true"/>' in settings
    # each entry links to its heading's bookmark
    marks = doc.bookmarks()
    pagerefs = [instr for instr, _ in doc.fields() if instr.startswith("PAGEREF")]
    assert len(pagerefs) == 9
    for instr in pagerefs:
        assert instr.split()[1] in marks


def test_order_of_parts_sections_and_headings(workspace):
    doc = build(workspace)
    parts = doc.styled("Heading1")
    assert parts == ["Introduction", "Follow-up to the previous concluding observations",
                     "Implementation of the Covenant"]
    assert doc.styled("UnnumberedHeading1") == ["List of abbreviations", "Annex\nSummary of recommendations"]
    # The only section of a part has no letter (UN practice: no single subdivision).
    assert doc.styled("UnnumberedHeading2") == ["Introduction and methodology", "Follow-up to recommendations"]
    sections = doc.styled("Heading2")
    assert sections == ["Liberty and security of person (art. 9)", "Right of peaceful assembly (art. 21)"]
    assert doc.styled("Heading3") == [] and doc.styled("UnnumberedHeading3") == ["Practice"]  # the only one
    style = doc.document.styles["Unnumbered Heading 1"].element
    assert style.find("w:pPr/w:numPr", NS) is None and style.find("w:pPr/w:outlineLvl", NS) is not None


def test_annex_sections_come_after_the_body_in_their_own_part(workspace):
    """`part: annex` sections form the last numbered part, in `order:` then id order, before the
    generated summary of recommendations; two front sections tie-break the same way."""
    for name, front in (("methods.md", "title: Methods\npart: annex\norder: 2"),
                        ("list.md", "title: List of sources\npart: annex\norder: 1"),
                        ("b-glossary.md", "title: Glossary\npart: annex\norder: 1"),
                        ("thanks.md", "title: Acknowledgements\npart: front\norder: 1")):
        (workspace / "sections" / name).write_text(f"---\n{front}\n---\nText of {name}.\n")
    doc = build(workspace)
    headings = [(style, text) for style, text, _ in doc.paragraphs() if re.fullmatch(r"(Unnumbered)?Heading[12]", style)]
    assert headings == [
        ("UnnumberedHeading1", "List of abbreviations"),
        ("Heading1", "Introduction"),
        ("Heading2", "Introduction and methodology"),
        ("Heading2", "Acknowledgements"),  # order 1, as intro's: id "thanks" after "intro"
        ("Heading1", "Follow-up to the previous concluding observations"),
        ("UnnumberedHeading2", "Follow-up to recommendations"),
        ("Heading1", "Implementation of the Covenant"),
        ("Heading2", "Liberty and security of person (art. 9)"),
        ("Heading2", "Right of peaceful assembly (art. 21)"),
        ("Heading1", "Annexes"),
        ("Heading2", "Glossary"),  # order 1: "b-glossary" before "list"
        ("Heading2", "List of sources"),
        ("Heading2", "Methods"),
        ("UnnumberedHeading1", "Annex\nSummary of recommendations"),
    ]
    labels = [label for style, label, _ in WordNumbering(doc.document).labels(doc.body) if style == "Heading1"]
    assert labels == ["I.", "II.", "III.", "IV."]


def test_recommendations_and_summary_annex(workspace):
    doc = build(workspace)
    recs = doc.styled("Recommendation")
    assert recs == ["The State party should end arbitrary detention, see para. 2.",
                    "The State party should repeal the permission requirement.",
                    "The State party should release detained protesters."]
    assert doc.styled("SummaryHeading") == ["III.A\tLiberty and security of person (art. 9)",
                                            "III.B\tRight of peaceful assembly (art. 21)"]
    assert doc.styled("SummaryRecommendation") == [
        "1.\tThe State party should end arbitrary detention, see para. 2.",
        "2.\tThe State party should repeal the permission requirement.",
        "3.\tThe State party should release detained protesters."]
    assert doc.styled("Question") == ["How many assemblies were refused in 2024?"]


def test_cover_page_fields(workspace):
    doc = build(workspace)
    cover = "\n".join(t for s, t, _ in doc.paragraphs() if s.startswith("Cover"))
    for expected in ["Submitted to the Human Rights Committee", "150th session", "Test alternative report",
                     "Every construct of the source format", "Testland", "CCPR/C/TST/2", "CCPR/C/TST/Q/2",
                     "CCPR/C/TST/CO/1", "Testland Bureau for Human Rights (TBHR), https://example.org, "
                     "info@example.org", "Second Coalition Member (SCM)", "1 March 2026",
                     "Public document"]:
        assert expected in cover
    assert doc.styled("CoverTitle") == ["Test alternative report"]


def test_cover_lists_the_replies_and_keeps_a_line_without_a_known_style(workspace):
    """`documents.replies` takes its place after the list of issues; a report's own cover.j2
    with a mistyped style loses nothing: the line is printed whole as text, with a warning."""
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("  list_of_issues: CCPR/C/TST/Q/2\n",
                                                 "  list_of_issues: CCPR/C/TST/Q/2\n  replies: CCPR/C/TST/RQ/2\n"))
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.j2").write_text(
        "title: {{ title }}\n"
        "{% for key in ['list_of_issues', 'replies'] %}\n"
        "text: {{ w.cover[key].replace('{symbol}', documents[key]) }}\n"
        "{% endfor %}\n"
        "tilte: {{ subtitle }}\n"
        "Prepared with the support of partners\n", encoding="utf-8")
    built = build_report(workspace, ["docx"])
    doc = Docx(built.outputs[0])
    assert [(s, t) for s, t, _ in doc.paragraphs() if s.startswith("Cover")] == [
        ("CoverTitle", "Test alternative report"),
        ("CoverText", "List of issues: CCPR/C/TST/Q/2"),
        ("CoverText", "Replies to the list of issues: CCPR/C/TST/RQ/2"),
        ("CoverText", "tilte: Every construct of the source format"),
        ("CoverText", "Prepared with the support of partners"),
    ]
    assert [str(w) for w in built.warnings] == [
        "templates/cover.j2:5: warning: the cover line 'tilte: Every construct of the source format' has no "
        "known style, so it is printed as plain text (begin each line with one of: title, subtitle, label, "
        "text, org, note, space, and a colon)",
        "templates/cover.j2:6: warning: the cover line 'Prepared with the support of partners' has no known "
        "style, so it is printed as plain text (begin each line with one of: title, subtitle, label, text, "
        "org, note, space, and a colon)"]


def test_every_cover_style_has_a_look_in_both_outputs():
    from assemble.model import CoverStyle
    from assemble.render.docx.writer import COVER_STYLES

    reference = docx.Document(str(Path(__file__).parents[1] / "assemble" / "templates" / "reference.docx"))
    style_ids = {s.style_id for s in reference.styles}
    assert set(COVER_STYLES) == set(CoverStyle) and set(COVER_STYLES.values()) <= style_ids
    typst = (Path(__file__).parents[1] / "assemble" / "templates" / "report.typ").read_text()
    looks = typst[typst.index("#let cover-line(line)"):typst.index("#if data.at(\"cover\"")]
    for style in set(CoverStyle) - {CoverStyle.SPACE}:
        assert f"    {style.value}: (size:" in looks, style
    assert 'line.style == "space"' in looks


def test_confidential_report_is_marked(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("confidential: false", "confidential: true"))
    built = build_report(workspace, ["docx"])
    assert built.outputs[0].name == "test-report-confidential.docx"
    doc = Docx(built.outputs[0])
    assert "Confidential: not for publication." in doc.styled("CoverNote")


def test_core_properties_and_footer(workspace):
    doc = build(workspace)
    core = doc.document.core_properties
    assert core.title == "Test alternative report"
    assert core.author == "Testland Bureau for Human Rights; Second Coalition Member"
    assert core.language == "en"
    assert core.created.isoformat().startswith("2026-03-01") and core.modified == core.created
    footer = doc.parts["word/footer1.xml"].decode() + doc.parts.get("word/footer2.xml", b"").decode()
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in footer and " of " in footer


def test_two_builds_are_byte_identical(workspace, tmp_path):
    first = build_report(workspace, ["docx"]).outputs[0].read_bytes()
    second = build_report(workspace, ["docx"]).outputs[0].read_bytes()
    assert first == second


def test_abbreviations_list_only_those_used(workspace):
    doc = build(workspace)
    assert doc.styled("Abbreviation") == ["NGO\tnon-governmental organization",
                                          "OSCE\tOrganization for Security and Co-operation in Europe"]


def test_pandoc_style_trailing_heading_attributes(workspace):
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\n## Courts {#sec:courts}\n\nSee @sec:courts.\n\n### Aside {.unnumbered}\n\nText.\n"
                    "\n## Appeals\n\nMore.\n")
    doc = build(workspace)
    assert "Courts" in doc.styled("Heading3") and "Aside" in doc.styled("UnnumberedHeading4")
    assert "sec_courts" in doc.bookmarks()
    assert ("REF sec_courts \\w \\h", "III.A.1") in doc.fields()


def test_strict_reader_finds_nothing_word_would_repair(workspace):
    """openxml-audit checks the OOXML schemas and Word's app-compat rules (Word is not available here)."""
    import shutil
    import subprocess
    import sys

    audit = Path(sys.executable).with_name("openxml-audit")
    if not audit.exists():
        audit = shutil.which("openxml-audit")
    if not audit:
        pytest.skip("openxml-audit is not installed (it is a test dependency: pip install -e '.[test]')")
    path = build_report(workspace, ["docx"]).outputs[0]
    result = subprocess.run([str(audit), str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout


def test_straight_quotes_become_typographic_as_in_pandoc(workspace):
    doc = build(workspace)
    assert doc.styled("Quote") == ["Article 5: “No one shall hold an assembly without permission.”"]
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\nA legal list item (c) and `code \"as typed\"` stay.\n")
    assert "A legal list item (c) and code \"as typed\" stay." in build(workspace).styled("NumberedParagraph")
