"""`assemble import FILE.docx`: partners' Word files made by hand (python-docx + lxml) become sections.

Every expected section text and key below is written by hand: what an editor retyping the
file would write.
"""
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assemble.checks.run import check_workspace
from assemble.problems import BuildError
from assemble.wordimport.command import ImportOptions, import_word
from docxread import Docx
from partnerdoc import NSDECL, Del, Endnote, Ins, Note, PartnerDoc, Run, Xml, Zotero, numbering_ids

BIB = r"""
@legislation{law-assemblies-2020,
  title = {On the procedure for organizing and holding peaceful assemblies in the Republic of Kazakhstan},
  shorttitle = {Law on Peaceful Assemblies},
  type = {Law}, number = {333-VI}, institution = {Republic of Kazakhstan}, date = {2020-05-25},
}
@legislation{criminal-code,
  title = {Criminal Code of the Republic of Kazakhstan}, shorttitle = {Criminal Code}, type = {Code},
  number = {226-V}, institution = {Republic of Kazakhstan}, date = {2014-07-03},
  title_ru = {Уголовный кодекс Республики Казахстан},
}
@undoc{ccpr-co-2, author = {{Human Rights Committee}},
  title = {Concluding observations on the second periodic report of Kazakhstan}, number = {CCPR/C/KAZ/CO/2},
  date = {2016-08-09}}
@undoc{ccpr-co-1, author = {{Human Rights Committee}},
  title = {Concluding observations on the initial report of Kazakhstan}, number = {CCPR/C/KAZ/CO/1},
  date = {2011-08-19}}
@report{amnesty-2016, author = {{Amnesty International}}, title = {Kazakhstan: Dissenting voices silenced},
  shorttitle = {Dissenting voices silenced}, date = {2016},
  url = {https://www.amnesty.org/en/documents/eur57/4000/2016/en/}}
@article{smith-2019, author = {Smith, Jane}, title = {Assembly Law in Central Asia},
  journaltitle = {Human Rights Law Review}, volume = {19}, pages = {101--130}, date = {2019},
  doi = {10.1093/hrlr/ngz001}}
@misc{constitution, title = {Constitution of the Republic of Kazakhstan}, shorttitle = {Constitution},
  date = {1995-08-30}, title_kk = {Қазақстан Республикасының Конституциясы}}
@report{freedom-house-2022, author = {{Freedom House}}, title = {Nations in Transit 2022: Kazakhstan}, date = {2022}}
"""
REPORT_YML = """title: Test report
state_party: Kazakhstan
organisations:
  - name: Kazakhstan International Bureau for Human Rights
    acronym: KIBHR
    role: lead
date: 2026-11-20
"""


@pytest.fixture
def root(tmp_path) -> Path:
    """A report folder with sources and no sections yet."""
    ws = tmp_path / "ws"
    (ws / "sections").mkdir(parents=True)
    (ws / "footnotes").mkdir()
    (ws / "report.yml").write_text(REPORT_YML, encoding="utf-8")
    (ws / "footnotes" / "sources.bib").write_text(BIB, encoding="utf-8")
    return ws


def partner_file(folder: Path) -> Path:
    """Everything at once: title, hand-typed numbers, headings, a bold line, (a)/(i) items, Word
    bullets, a table, a quote, a comment, tracked changes, an endnote, an image, Kazakh text, a
    Zotero field and notes typed the way partners type them."""
    d = PartnerDoc()
    nums = numbering_ids(d)
    d.para("Article 21. Freedom of peaceful assembly", style="Title")
    d.para("1. The 2020 law keeps the permission regime in all but name.",
           Note("Law of the Republic of Kazakhstan No. 333-VI “On peaceful assemblies”, 25 May 2020, art. 10."),
           " Notification is refused at will.", Note("Ibid., para. 4."))
    d.para("Legal framework", style="Heading 1")
    p = d.para("2. Organisers are ", Del("often "), Ins("regularly "), "prosecuted under the ",
               Run("Criminal Code", italic=True), ".",
               Note("Criminal Code of the Republic of Kazakhstan, 3 July 2014, art. 174."), " Fines are high.",
               Note("ibid 12."))
    d.comment(p, "Please add the 2023 figures.", author="Aigerim Sadykova")
    d.para("3 Amnesty International documented forty cases.",
           Note("Amnesty International, Kazakhstan: Dissenting voices silenced (2016)."),
           " Courts rely on the code.", Note("Criminal Code (n 3) art. 174."))
    d.para(Run("Practice", bold=True))
    d.para("The authorities:", Note("Amnesty International, supra note 5, p. 3."))
    d.para("(a) refuse notifications;")
    d.para("(b) detain organisers:")
    d.para("(i) before the event;")
    d.para("(ii) during it.")
    d.para("The Committee has said so.",
           Note("See CCPR/C/KAZ/CO/2, para. 26; also Freedom House, Nations in Transit 2023."))
    d.para("Bullet one", num=(nums["bullet"], 0))
    d.para("Bullet two", num=(nums["bullet"], 0))
    table = d.doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Fines"
    table.cell(1, 0).text, table.cell(1, 1).text = "2020", "1,200 | high"
    d.para("Citizens shall have the right to gather peacefully.", style="Quote")
    zotero = Zotero([{"id": 7, "uris": ["http://zotero.org/users/1/items/ABCD"],
                      "itemData": {"type": "article-journal", "title": "Assembly law in Central Asia",
                                   "DOI": "10.1093/HRLR/NGZ001", "issued": {"date-parts": [[2019]]},
                                   "author": [{"family": "Smith", "given": "Jane"}]},
                      "locator": "110", "label": "page"}],
                    "Jane Smith, ‘Assembly Law in Central Asia’ (2019) 19 HRLR 101, 110")
    d.para("Scholars agree.", Note(zotero, "."), " Again.", Note("Smith, op. cit., p. 112."))
    d.para("Қазақстан Республикасының Конституциясы бейбіт жиналыс құқығын кепілдендіреді.",
           Note("Уголовный кодекс Республики Казахстан, ст. 174."), " Конституция.",
           Note("The court ignored the argument. See Constitution of the Republic of Kazakhstan, art. 32."))
    d.image("Chart: fines for unauthorised assemblies, 2015–2023", folder / "chart.png")
    d.para("The Committee noted it in 2011.",
           Note("Human Rights Committee, Concluding observations on the initial report of Kazakhstan, 2011."),
           Endnote("Constitution of the Republic of Kazakhstan, 30 August 1995."))
    d.para("A last paragraph.",
           Note(paragraphs=[["First paragraph of a long note."],
                            ["Second paragraph, citing ", "Criminal Code, supra note 3, art. 5."]]),
           Note("Unknown Report on Something, 2019."))
    d.para("")
    return d.save(folder / "partner.docx")


EXPECTED = """---
id: art-21
title: Freedom of peaceful assembly
part: articles
articles: [21]
organisations: [KIBHR]
status: draft
---

The 2020 law keeps the permission regime in all but name.[@law-assemblies-2020, art. 10] Notification is refused at will.[@law-assemblies-2020, para. 4]

## Legal framework

Organisers are regularly prosecuted under the *Criminal Code*.[@criminal-code, art. 174] Fines are high.[@criminal-code, 12]

<!-- Aigerim Sadykova: Please add the 2023 figures. -->

Amnesty International documented forty cases.[@amnesty-2016] Courts rely on the code.[@criminal-code, art. 174]

### Practice

The authorities:[@amnesty-2016, p. 3]

1. refuse notifications;
2. detain organisers:
   1. before the event;
   2. during it.

The Committee has said so.^[[See @ccpr-co-2, para. 26]; also Freedom House, Nations in Transit 2023.]

- Bullet one
- Bullet two

| Year | Fines |
|---|---|
| 2020 | 1,200 \\| high |

> Citizens shall have the right to gather peacefully.

Scholars agree.[@smith-2019, p. 110] Again.[@smith-2019, p. 112]

Қазақстан Республикасының Конституциясы бейбіт жиналыс құқығын кепілдендіреді.[@criminal-code, ст. 174] Конституция.^[The court ignored the argument. [See @constitution, art. 32].]

<!-- image: Chart: fines for unauthorised assemblies, 2015–2023 -->

The Committee noted it in 2011.[@ccpr-co-1][@constitution]

A last paragraph.[^w14]^[Unknown Report on Something, 2019.]

[^w14]: First paragraph of a long note.

    Second paragraph, citing [@criminal-code, art. 5].
"""


def test_partner_file_becomes_the_section_an_editor_would_type(root, tmp_path):
    source = partner_file(tmp_path)
    report = import_word(root, source, ImportOptions(target="sections/art-21.md", organisations=("kibhr",)))
    written = (root / "sections" / "art-21.md").read_text(encoding="utf-8")
    assert written == EXPECTED
    # the partner put two notes side by side twice (a footnote and an endnote; a note of two
    # paragraphs and another): kept as typed, and the check says where
    side_by_side = "two note marks stand side by side; readers see one number run into the other"
    assert report.written and [(p.line, p.severity, p.message) for p in report.problems] == [
        (46, "warning", side_by_side), (48, "warning", side_by_side)]
    assert not [p for p in check_workspace(root) if p.severity == "error"]
    c = report.counts
    assert (c["paragraphs"], c["headings"], c["lists"], c["tables"], c["quotes"]) == (9, 2, 2, 1, 1)
    assert (c["notes"], c["endnotes"], c["citations"]) == (16, 1, 15)
    assert (c["citation notes"], c["notes with text and citations"], c["notes kept as text"]) == (12, 3, 1)
    assert (c["tracked insertions accepted"], c["tracked deletions dropped"], c["comments"], c["images"]) == (1, 1, 1, 1)
    how = {n["note"]: [p.get("how") for p in n["parts"] if p["result"] == "citation"] for n in report.notes}
    assert how["1"] == ["number 333-VI"] and how["2"] == ["Ibid."] and how["6"] == ["supra note 3"]
    assert how["9"] == ["Zotero item DOI"] and how["10"] == ["op. cit."] and how["endnote 1"] == ["title"]
    # the part that was not certain is listed with its candidate, and nothing else is
    assert report.to_check() == [
        "note 8: kept as text “also Freedom House, Nations in Transit 2023.”: no source matches well enough; "
        "closest: @freedom-house-2022 (79)",
        "note 15: kept as text “Unknown Report on Something, 2019.”: no source in footnotes/ matches"]


def test_imported_section_builds_with_the_notes_assemble_writes(root, tmp_path):
    from assemble.build import build_report

    import_word(root, partner_file(tmp_path), ImportOptions(target="sections/art-21.md"))
    built = build_report(root, ["docx"])
    notes = Docx(built.outputs[0]).footnotes()
    # a law as OSCOLA cites legislation: its type and number, then its title in quotes
    assert notes[1] == ("Law of the Republic of Kazakhstan No. 333-VI “On the procedure for organizing and holding "
                        "peaceful assemblies in the Republic of Kazakhstan”, 25 May 2020, art. 10.")
    assert notes[2] == "Ibid., para. 4."
    assert notes[6] == "Criminal Code, supra note 3, art. 174."
    assert notes[8] == ("See Human Rights Committee, Concluding observations on the second periodic report of "
                        "Kazakhstan, CCPR/C/KAZ/CO/2, 9 August 2016, para. 26; also Freedom House, Nations in "
                        "Transit 2023.")
    assert len(notes) == 16  # 15 footnotes and the endnote, all footnotes in the report


def test_report_text_and_json_from_the_command_line(root, tmp_path):
    source = partner_file(tmp_path)
    cmd = [sys.executable, "-m", "assemble", "import", "--root", str(root), str(source), "--as", "sections/art-21.md"]
    result = subprocess.run(cmd + ["--dry-run"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(EXPECTED.replace("organisations: [KIBHR]\n", ""))
    assert "  note 1    citation  @law-assemblies-2020, art. 10 (number 333-VI)\n" in result.stdout
    assert "  note 8    text+cite @ccpr-co-2, para. 26 (UN symbol CCPR/C/KAZ/CO/2); text “also Freedom House, " \
           "Nations i…” (maybe @freedom-house-2022)\n" in result.stdout
    assert "tracked changes: 1 insertions accepted, 1 deletions dropped; comments carried 1; images 1" in result.stdout
    assert "default: organisations: none given (add --organisation ACRONYM)" in result.stdout
    assert not (root / "sections" / "art-21.md").exists()  # a dry run writes nothing
    result = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True)
    data = json.loads(result.stdout)
    assert data["written"] is True and data["section"] == "sections/art-21.md"
    assert data["front_matter"] == {"id": "art-21", "title": "Freedom of peaceful assembly", "part": "articles",
                                    "articles": [21], "status": "draft"}
    note8 = next(n for n in data["notes"] if n["note"] == "8")
    assert note8["state"] == "mixed"
    assert [(p["result"], p.get("key"), p.get("locator")) for p in note8["parts"]] == [
        ("citation", "ccpr-co-2", "para. 26"), ("text", None, None)]
    assert note8["parts"][1]["candidates"][0]["key"] == "freedom-house-2022"
    assert (root / "sections" / "art-21.md").read_text(encoding="utf-8") == EXPECTED.replace(
        "organisations: [KIBHR]\n", "")


def test_never_overwrites_without_force(root, tmp_path):
    source = partner_file(tmp_path)
    target = root / "sections" / "art-21.md"
    target.write_text("---\nid: art-21\narticles: [21]\n---\nOur own text.\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        import_word(root, source, ImportOptions(target="sections/art-21.md"))
    assert [str(p) for p in raised.value.problems] == [
        "sections/art-21.md: error: this section file already exists; nothing was changed (add --force to "
        "replace it, or choose another name with --as)"]
    assert target.read_text(encoding="utf-8") == "---\nid: art-21\narticles: [21]\n---\nOur own text.\n"
    import_word(root, source, ImportOptions(target="sections/art-21.md", force=True))
    assert target.read_text(encoding="utf-8").startswith("---\nid: art-21\ntitle: Freedom of peaceful assembly\n")


def test_roughened_notes_resolve_through_the_note_history(root, tmp_path):
    """The issue's own examples, typed the way partners type them."""
    d = PartnerDoc()
    d.para("Background.", Note("Criminal Code of the Republic of Kazakhstan No. 226-V, 3 July 2014."))
    d.para("The code.", Note("ibid 12."))
    d.para("The law.", Note("Law of the Republic of Kazakhstan No. 333-VI “On peaceful assemblies”, 25 May 2020, "
                            "art. 10."))
    d.para("Amnesty.", Note("Amnesty International, Kazakhstan: Dissenting voices silenced, 2016, "
                            "https://www.amnesty.org/en/documents/eur57/4000/2016/en/."))
    d.para("Prosecutions.", Note("Criminal Code (n 1) art. 174."))
    d.para("Silenced.", Note("Amnesty International, supra note 4, p. 3."))
    d.para("The Committee.", Note("See CCPR/C/KAZ/CO/2, para. 26; also Freedom House, Nations in Transit 2023."))
    d.para("Again.", Note("Ibid."))  # after a note whose last part stayed text: not resolved
    d.para("Law again.", Note("Law on Peaceful Assemblies, supra note 3, arts 5-7."))
    d.para("In Russian.", Note("Cf. Уголовный кодекс Республики Казахстан, ст. 174."))
    import_word(root, d.save(tmp_path / "rough.docx"), ImportOptions(target="sections/rough.md",
                                                                     part="front", title="Rough"))
    body = (root / "sections" / "rough.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
Background.[@criminal-code]

The code.[@criminal-code, 12]

The law.[@law-assemblies-2020, art. 10]

Amnesty.[@amnesty-2016]

Prosecutions.[@criminal-code, art. 174]

Silenced.[@amnesty-2016, p. 3]

The Committee.^[[See @ccpr-co-2, para. 26]; also Freedom House, Nations in Transit 2023.]

Again.^[Ibid.]

Law again.[@law-assemblies-2020, arts 5-7]

In Russian.[Cf. @criminal-code, ст. 174]
"""


def test_every_legal_form_of_the_issue(root, tmp_path):
    """Id./Ibidem, above n N, See also/Cf., §, section, pp., paras, a DOI, an address, author and
    year, a short title: each as partners type it, with the section text an editor would write."""
    d = PartnerDoc()
    d.para("One.", Note("Smith, ‘Assembly Law in Central Asia’ (2019) 19 HRLR 101, pp. 103–105."))
    d.para("Two.", Note("Id. at 110."))
    d.para("Three.", Note("See also Constitution, § 2."))
    d.para("Four.", Note("Ibidem, section 4."))
    d.para("Five.", Note("Smith, above n 1, 120."))
    d.para("Six.", Note("https://doi.org/10.1093/hrlr/ngz001."))
    d.para("Seven.", Note("Cf. Smith 2019, p. 7."))
    d.para("Eight.", Note("Dissenting voices silenced, paras 3–5."))
    d.para("Nine.", Note("https://www.amnesty.org/en/documents/eur57/4000/2016/en/ (accessed 1 May 2024)."))
    d.para("Ten.", Note("CCPR/C/KAZ/CO/1, paras. 7 and 9; see also CCPR/C/KAZ/CO/2, para. 51."))
    d.para("Eleven.", Note("Smith 2021, p. 4."))  # no work of Smith's from 2021 in footnotes/
    d.para("Twelve.", Note("Amnesty International, ‘Kazakhstan: Dissenting voices silenced’ "
                           "<https://www.amnesty.org/en/documents/eur57/4000/2016/en/> accessed 15 November 2026, p. 3."))
    d.para("Thirteen.", Note("Criminal Code of the Republic of Kazakhstan, https://adilet.zan.kz/eng/docs/K1400000226, "
                             "art. 174."))  # an address the entry does not hold
    d.para("Fourteen.", Note("Constitution of Uzbekistan, https://lex.uz/docs/35869."))  # another country's
    report = import_word(root, d.save(tmp_path / "forms.docx"), ImportOptions(target="sections/forms.md",
                                                                     part="front", title="Forms"))
    body = (root / "sections" / "forms.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
One.[@smith-2019, pp. 103–105]

Two.[@smith-2019, 110]

Three.[See also @constitution, § 2]

Four.[@constitution, section 4]

Five.[@smith-2019, 120]

Six.[@smith-2019]

Seven.[Cf. @smith-2019, p. 7]

Eight.[@amnesty-2016, paras 3–5]

Nine.[@amnesty-2016]

Ten.[@ccpr-co-1, paras. 7 and 9; see also @ccpr-co-2, para. 51]

Eleven.^[Smith 2021, p. 4.]

Twelve.[@amnesty-2016, p. 3]

Thirteen.[@criminal-code, art. 174]

Fourteen.^[Constitution of Uzbekistan, https://lex.uz/docs/35869.]
"""
    how = {n["note"]: [p.get("how") for p in n["parts"] if p["result"] == "citation"] for n in report.notes}
    assert how["2"] == ["Ibid."] and how["5"] == ["supra note 1"] and how["6"] == ["DOI"]
    assert how["7"] == ["author and year"] and how["9"] == ["URL"]
    # the date the partner read the page is not in the entry: named, so it can go into urldate
    assert report.to_check() == [
        "note 9: @amnesty-2016 matched, but “accessed 1 May 2024” is in the note and not in the source entry "
        "(it is left out)",
        "note 11: kept as text “Smith 2021, p. 4.”: no source in footnotes/ matches",
        "note 12: @amnesty-2016 matched, but “accessed 15 November 2026” is in the note and not in the source "
        "entry (it is left out)",
        "note 13: @criminal-code matched, but “https://adilet.zan.kz/eng/docs/K1400000226” is in the note and not "
        "in the source entry (it is left out)",
        "note 14: kept as text “Constitution of Uzbekistan, https://lex.uz/docs/35869.”: no source matches well "
        "enough; closest: @constitution (68)"]

def test_the_forms_the_audit_found_untested(root, tmp_path):
    """Heading 3 and 4, bold inside a sentence, a number typed as "12)", a bare Ibid. after a
    citation, a case cited by its number and date, and every option given on the command line."""
    (root / "footnotes" / "cases.bib").write_text("""
@jurisdiction{ccpr-toregozhina, author = {{Human Rights Committee}},
  title = {Toregozhina v. Kazakhstan}, number = {2137/2012}, date = {2014-10-21}}
@jurisdiction{ccpr-other-2012, author = {{Human Rights Committee}},
  title = {Toregozhina v. Kazakhstan}, number = {2138/2012}, date = {2016-03-17}}
""", encoding="utf-8")
    d = PartnerDoc()
    d.para("Freedom of expression and of assembly", style="Title")
    d.para("Law", style="Heading 1")
    d.para("12) The law is ", Run("very", bold=True), " strict.", Note("Law on Peaceful Assemblies, art. 5."))
    d.para("Courts", style="Heading 2")
    d.para("13) The courts follow it.", Note("Ibid."))
    d.para("Appeals", style="Heading 3")
    d.para("Cassation", style="Heading 4")
    d.para("14) The Committee disagreed.",
           Note("Human Rights Committee, communication No. 2137/2012, Views of 21 October 2014, para. 9.3."))
    source = d.save(tmp_path / "forms2.docx")
    result = subprocess.run([sys.executable, "-m", "assemble", "import", "--root", str(root), str(source), "--as",
                             "sections/expression.md", "--articles", "19,21", "--part", "articles",
                             "--organisation", "KIBHR", "--title", "Expression and assembly"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (root / "sections" / "expression.md").read_text(encoding="utf-8") == """---
id: expression
title: Expression and assembly
part: articles
articles: [19, 21]
organisations: [KIBHR]
status: draft
---

## Law

The law is **very** strict.[@law-assemblies-2020, art. 5]

### Courts

The courts follow it.[@law-assemblies-2020]

#### Appeals

#### Cassation

The Committee disagreed.[@ccpr-toregozhina, para. 9.3]
"""
    assert "  note 2    citation  @law-assemblies-2020 (Ibid.)\n" in result.stdout
    assert "  note 3    citation  @ccpr-toregozhina, para. 9.3 (number 2137/2012)\n" in result.stdout
    assert "paragraphs 3, headings 4, lists 0, tables 0, quotes 0, recommendations 0, questions 0\n" in result.stdout
    assert "notes 3: 3 citations only, 0 text with citations, 0 text only; 3 citations in all, 0 kept as text " \
           "with candidates\n" in result.stdout
    assert "hand-typed paragraph numbers removed (3: 12–14)" in result.stdout
    assert "Word heading levels 4 became #### like the level above (a section has three heading levels)" \
        in result.stdout
    # every choice was given: the only line about it names the document's own title, replaced
    assert [line for line in result.stdout.splitlines() if line.startswith("default:")] == [
        "default: title: Expression and assembly (--title), in place of the document's own “Freedom of expression "
        "and of assembly”"]


def test_no_false_match_when_titles_are_near(root, tmp_path):
    """Near titles, a wrong year, a foreign UN symbol: the text stays and the candidates are listed."""
    d = PartnerDoc()
    d.para("One.", Note("Human Rights Committee, Concluding observations on the third periodic report of "
                        "Kazakhstan, CCPR/C/KAZ/CO/3, 2025."))
    d.para("Two.", Note("Freedom House, Nations in Transit 2023: Kazakhstan, 2023."))
    d.para("Three.", Note("Criminal Code of the Republic of Kazakhstan, 16 July 1997."))
    d.para("Four.", Note("Concluding observations on the periodic report of Kazakhstan."))
    report = import_word(root, d.save(tmp_path / "near.docx"), ImportOptions(target="sections/near.md",
                                                                              part="annex", title="Near"))
    assert [n["state"] for n in report.notes] == ["text", "text", "text", "text"]
    body = (root / "sections" / "near.md").read_text(encoding="utf-8")
    assert "One.^[Human Rights Committee, Concluding observations on the third periodic report of Kazakhstan, " \
           "CCPR/C/KAZ/CO/3, 2025.]" in body
    assert "Three.^[Criminal Code of the Republic of Kazakhstan, 16 July 1997.]" in body
    candidates = {n["note"]: [c["key"] for p in n["parts"] for c in p.get("candidates", [])] for n in report.notes}
    assert candidates["2"][:1] == ["freedom-house-2022"]
    assert candidates["3"][:1] == ["criminal-code"]
    assert set(candidates["4"][:2]) == {"ccpr-co-1", "ccpr-co-2"}


def test_a_year_in_the_title_is_not_taken_for_the_date_of_another_edition(root, tmp_path):
    """The ombudsman's report for 2013 came out in 2014: a note citing the report "for 2014" is the
    next one, never the 2013 report dated 2014; with the 2014 report missing it stays text."""
    (root / "footnotes" / "ombudsman.bib").write_text("""
@report{ombudsman-2013, author = {{Human Rights Commissioner in the Republic of Kazakhstan}},
  title = {Report on the Activity of the Human Rights Commissioner in the Republic of Kazakhstan for 2013},
  date = {2014}}
""", encoding="utf-8")
    d = PartnerDoc()
    d.para("One.", Note("Human Rights Commissioner in the Republic of Kazakhstan, Report on the Activity of the Human "
                        "Rights Commissioner in the Republic of Kazakhstan for 2014."))
    d.para("Two.", Note("Human Rights Commissioner in the Republic of Kazakhstan, Report on the Activity of the Human "
                        "Rights Commissioner in the Republic of Kazakhstan for 2013 (2014) 5."))
    report = import_word(root, d.save(tmp_path / "editions.docx"), ImportOptions(target="sections/ed.md",
                                                                                  part="annex", title="Editions"))
    body = (root / "sections" / "ed.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == ("\nOne.^[Human Rights Commissioner in the Republic of Kazakhstan, Report on the Activity of the "
                    "Human Rights Commissioner in the Republic of Kazakhstan for 2014.]\n\nTwo.[@ombudsman-2013, 5]\n")
    assert report.to_check() == ["note 1: kept as text “Human Rights Commissioner in the Republic of Kazakhstan, "
                                 "Re…”: the best candidate does not fit: its title says 2013, the note 2014; closest: "
                                 "@ombudsman-2013 (100), @criminal-code (50), @constitution (49)"]


def test_word_numbering_of_body_paragraphs_is_dropped_and_sub_lists_kept(root, tmp_path):
    d = PartnerDoc()
    nums = numbering_ids(d)
    d.para("Freedom of expression", style="Heading 1")
    d.para("Journalists are prosecuted.", num=(nums["decimal"], 0))
    d.para("Context", style="Heading 2")
    d.para("Websites are blocked without a court order. The law allows:", num=(nums["decimal"], 0))
    d.para("blocking by the prosecutor;", num=(nums["lowerLetter"], 0))
    d.para("suspension of media outlets;", num=(nums["lowerLetter"], 0))
    d.para("for up to three months.", num=(nums["lowerLetter"], 1))
    d.para("Bloggers are fined.", num=(nums["decimal"], 0))
    report = import_word(root, d.save(tmp_path / "numbered.docx"), ImportOptions(target="sections/art-19.md"))
    body = (root / "sections" / "art-19.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
Journalists are prosecuted.

## Context

Websites are blocked without a court order. The law allows:

1. blocking by the prosecutor;
2. suspension of media outlets;
   1. for up to three months.

Bloggers are fined.
"""
    assert report.front == {"id": "art-19", "title": "Freedom of expression", "part": "articles", "articles": [19],
                            "status": "draft"}
    assert "Word's numbering of 3 body paragraphs ignored (assemble numbers paragraphs itself)" in report.decisions


def test_a_source_line_under_a_table_and_a_caption_are_not_numbered(root, tmp_path):
    d = PartnerDoc()
    d.para("Privacy", style="Heading 1")
    d.para("Entries into homes rose:")
    d.para("Table 1. Recorded offences", style="Caption")
    table = d.doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Offence", "2013"
    table.cell(1, 0).text, table.cell(1, 1).text = "Entry into a home", "1,316"
    d.para("Source: Prosecutor General's Office statistics.")
    d.para("Sources: this line is not under a table and stays a paragraph.")
    report = import_word(root, d.save(tmp_path / "table.docx"), ImportOptions(target="sections/art-17.md"))
    body = (root / "sections" / "art-17.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
Entries into homes rose:

{.unnumbered}
Table 1. Recorded offences

| Offence | 2013 |
|---|---|
| Entry into a home | 1,316 |

{.unnumbered}
Source: Prosecutor General's Office statistics.

Sources: this line is not under a table and stays a paragraph.
"""
    assert "the line under a table left unnumbered: “Source: Prosecutor General's Office statistics.”" \
        in report.decisions


def test_comments_replies_tracked_paragraph_marks_and_endnotes(root, tmp_path):
    d = PartnerDoc()
    p = d.para("The first paragraph", Ins(" was extended"), ".")
    d.comment(p, "Source?", author="Dana")
    # a deleted paragraph mark joins this paragraph to the next, as accepting it in Word does
    d.para("Half of a sentence", Xml('<w:r><w:t xml:space="preserve"> and </w:t></w:r>'))
    d.doc.paragraphs[-1]._p.get_or_add_pPr().append(_deleted_mark())
    d.para("the other half.", Endnote("Criminal Code of the Republic of Kazakhstan, 3 July 2014."))
    d.para(Del("A paragraph deleted as a whole."))
    d.doc.paragraphs[-1]._p.get_or_add_pPr().append(_deleted_mark())
    d.para("The end.", Endnote("Ibid., art. 2."))
    report = import_word(root, d.save(tmp_path / "tracked.docx"), ImportOptions(target="sections/tracked.md",
                                                                                 part="front", title="Tracked"))
    body = (root / "sections" / "tracked.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
The first paragraph was extended.

<!-- Dana: Source? -->

Half of a sentence and the other half.[@criminal-code]

The end.[@criminal-code, art. 2]
"""
    assert report.counts["tracked insertions accepted"] == 1
    assert report.counts["tracked deletions dropped"] == 1
    assert [n["note"] for n in report.notes] == ["endnote 1", "endnote 2"]


def _deleted_mark():
    from docx.oxml import parse_xml

    return parse_xml('<w:rPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                     '<w:del w:id="77" w:author="Dana" w:date="2026-10-01T10:00:00Z"/></w:rPr>')


def test_zotero_items_match_exactly_and_an_unknown_item_stays_text(root, tmp_path):
    known = Zotero([{"id": 1, "itemData": {"type": "legislation", "title": "Criminal Code of the Republic of "
                                           "Kazakhstan", "issued": {"date-parts": [[2014, 7, 3]]}},
                     "locator": "174", "label": "article", "prefix": "See"},
                    {"id": 2, "itemData": {"type": "report", "number": "CCPR/C/KAZ/CO/2", "title": "Concluding obs."},
                     "locator": "26-27", "label": "paragraph"}],
                   "See Criminal Code art 174; Human Rights Committee paras 26-27")
    unknown = Zotero([{"id": 3, "itemData": {"type": "report", "title": "A report nobody has in the .bib",
                                             "issued": {"date-parts": [[2021]]}}}], "Someone, A report (2021)")
    d = PartnerDoc()
    d.para("Cited with Zotero.", Note(known))
    d.para("Not in the sources.", Note(unknown))
    report = import_word(root, d.save(tmp_path / "zotero.docx"), ImportOptions(target="sections/z.md",
                                                                                part="front", title="Z"))
    body = (root / "sections" / "z.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
Cited with Zotero.[See @criminal-code, art. 174; @ccpr-co-2, paras. 26-27]

Not in the sources.^[Someone, A report (2021)]
"""
    assert report.notes[1]["parts"][0]["why"] == "no source in footnotes/ has this Zotero item's title"


def test_headings_quotes_links_and_scripts_pass_unchanged(root, tmp_path):
    d = PartnerDoc()
    d.para("Свобода мирных собраний", style="Heading 1")
    d.para("Закон 2020 года сохраняет разрешительный порядок. Бейбіт жиналыстар туралы заң.")
    d.para("A. Practice of the courts", style="Heading 2")
    d.para(Xml('<w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'r:id="rIdLink"><w:r><w:t>the court database</w:t></w:r></w:hyperlink>'))
    d.doc.part.rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", "https://sud.kz/cases")
    rid = next(r.rId for r in d.doc.part.rels.values() if r.is_external and r.target_ref == "https://sud.kz/cases")
    d.doc.paragraphs[-1]._p[-1].set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
    d.para("“We were detained before we could unfold the banner,” a participant said.", indent=1134)
    d.para("Text with *stars*, [brackets], <angles>, @para:not-a-reference and 12. in it.")
    d.para("2015 was the year of the first mass detentions.")
    import_word(root, d.save(tmp_path / "scripts.docx"), ImportOptions(target="sections/scripts.md",
                                                                       part="front"))
    text = (root / "sections" / "scripts.md").read_text(encoding="utf-8")
    assert text == """---
id: scripts
title: Свобода мирных собраний
part: front
status: draft
---

Закон 2020 года сохраняет разрешительный порядок. Бейбіт жиналыстар туралы заң.

## Practice of the courts

[the court database](https://sud.kz/cases)

> “We were detained before we could unfold the banner,” a participant said.

Text with \\*stars\\*, \\[brackets\\], \\<angles\\>, \\@para:not-a-reference and 12. in it.

2015 was the year of the first mass detentions.
"""
    assert not [p for p in check_workspace(root) if p.file == "sections/scripts.md"]


def test_contents_fields_breaks_and_empty_lines_are_not_content(root, tmp_path):
    """A partner's contents (a TOC field over three paragraphs), page and section breaks, a PAGE
    field and empty lines: none is text of the section; the text around them is all there."""
    from docx.oxml import parse_xml

    d = PartnerDoc()
    d.para("Breaks and fields", style="Title")
    d.para("Contents", style="TOC Heading")
    d.para(Xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" '
               '\\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
               '<w:r><w:t xml:space="preserve">Legal framework</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>2</w:t></w:r>'))
    d.para(Xml('<w:r><w:t xml:space="preserve">Practice</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>3</w:t></w:r>'
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    d.para(Xml('<w:r><w:br w:type="page"/></w:r>'))
    d.para("Legal framework", style="Heading 1")
    d.para("The law of 2020 applies.", Xml('<w:r><w:br w:type="page"/></w:r>'), " It replaced the 1995 law.")
    d.para("")
    d.para("")
    section_break = d.para("Practice", style="Heading 2")
    section_break._p.get_or_add_pPr().append(parse_xml(
        f'<w:sectPr {NSDECL}><w:type w:val="nextPage"/></w:sectPr>'))
    d.para("Courts follow the police.")
    d.para(Xml('<w:fldSimple w:instr=" PAGE "><w:r><w:t>4</w:t></w:r></w:fldSimple>'))
    report = import_word(root, d.save(tmp_path / "fields.docx"), ImportOptions(target="sections/breaks.md",
                                                                               part="front"))
    body = (root / "sections" / "breaks.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == """
## Legal framework

The law of 2020 applies. It replaced the 1995 law.

### Practice

Courts follow the police.
"""
    assert report.counts["page breaks"] == 2
    assert report.counts["contents (TOC field)"] == 1
    # the document's own title, replaced with --title, is named rather than lost
    again = import_word(root, tmp_path / "fields.docx", ImportOptions(target="sections/breaks.md", part="front",
                                                                      title="Breaks", force=True))
    assert "title: Breaks (--title), in place of the document's own “Breaks and fields”" in again.told

def test_images_without_alt_text_and_text_boxes_are_reported_not_lost(root, tmp_path):
    d = PartnerDoc()
    d.para("Before the chart.")
    d.image("", tmp_path / "plain.png")
    d.para("After the chart.")
    report = import_word(root, d.save(tmp_path / "images.docx"), ImportOptions(target="sections/img.md",
                                                                               part="annex", title="Images"))
    body = (root / "sections" / "img.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == "\nBefore the chart.\n\n<!-- image without alt text -->\n\nAfter the chart.\n"
    assert report.counts["images"] == 1


def test_wrapped_text_is_read_through_not_lost(root, tmp_path):
    """Text inside content controls, smart tags, newer-Word markup (mc:AlternateContent) at the
    paragraph's level, or an element this reader does not know: all of it comes across."""
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    d = PartnerDoc()
    d.para("Control: ", Xml('<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>inside</w:t></w:r></w:sdtContent></w:sdt>'),
           " and ", Xml('<w:smartTag w:uri="u" w:element="place"><w:r><w:t>Almaty</w:t></w:r></w:smartTag>'), ".")
    d.para("Newer Word: ", Xml(f'<mc:AlternateContent {mc}><mc:Choice Requires="w14"><w:r><w:t>as shown</w:t></w:r>'
                               '</mc:Choice><mc:Fallback><w:r><w:t>for old readers</w:t></w:r></mc:Fallback>'
                               '</mc:AlternateContent>'), ".")
    d.para("Unknown: ", Xml('<w:madeUpWrapper><w:r><w:t>still here</w:t></w:r></w:madeUpWrapper>'), ".")
    report = import_word(root, d.save(tmp_path / "wrapped.docx"), ImportOptions(target="sections/w.md",
                                                                                 part="front", title="W"))
    body = (root / "sections" / "w.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == "\nControl: inside and Almaty.\n\nNewer Word: as shown.\n\nUnknown: still here.\n"
    assert report.counts["unknown Word elements read through"] == 1


def test_a_note_no_mark_calls_is_kept_as_a_comment(root, tmp_path):
    """A damaged file or a note mark lost in editing: the note's text is not dropped."""
    _partner_variant(tmp_path / "lost-mark.docx", lambda files: files.__setitem__(
        "word/document.xml", files["word/document.xml"].replace(b'w:footnoteReference w:id="1"',
                                                                b'w:footnoteReference w:id="9"')))
    report = import_word(root, tmp_path / "lost-mark.docx", ImportOptions(target="sections/lost.md", part="front",
                                                                           title="Lost"))
    body = (root / "sections" / "lost.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == "\nText.\n\n<!-- a footnote of the Word file that no note mark calls: A note. -->\n"
    assert "a footnote that no note mark calls kept as a comment at the end: “A note.”" in report.decisions
    assert report.counts["note calls without a note"] == 1

# ---- files that are not what they claim -------------------------------------------------------

def _ole2(*streams: str) -> bytes:
    """The start of an OLE2 container whose directory names these streams (UTF-16LE, as Office does)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + b"".join(s.encode("utf-16-le") + b"\0\0" for s in ("Root Entry",) + streams) + b"\0" * 512


def _encrypted_docx(path: Path) -> Path:
    import io

    import docx
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A confidential contribution.")
    document.save(plain)
    plain.seek(0)
    with open(path, "wb") as out:
        OOXMLFile(plain).encrypt("partner-password", out)
    return path


BAD_FILES = {
    "empty.docx": (lambda p: p.write_bytes(b""),
                   "this file is empty (0 bytes); ask the partner to send it again"),
    "old.doc": (lambda p: p.write_bytes(_ole2("WordDocument", "1Table")),
                "this is an old Word 97-2003 document (.doc), not a .docx; open it in Word or LibreOffice and save "
                "it as a Word document (.docx), then import that file"),
    "locked.docx": (_encrypted_docx,
                    "this Word file is protected with a password; ask the partner to remove the password (in Word: "
                    "File > Info > Protect Document > Encrypt with Password, then clear it) and send it again"),
    "notes.txt": (lambda p: p.write_text("Just some notes from a partner.\n"),
                  "this is not a Word document (.docx); open it in Word or LibreOffice and save it as a Word "
                  "document (.docx), then import that file"),
    "scan.docx": (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
                  "this is a PDF, not a Word document; ask the partner for the Word file they made it from"),
    "cut.docx": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 40),
                 "this Word file is damaged or incomplete; ask the partner to send it again"),
    "writer.odt": (lambda p: _zip(p, {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
                   "this is an OpenDocument text (.odt), not a .docx; open it in Word or LibreOffice and save it as "
                   "a Word document (.docx), then import that file"),
    "archive.zip": (lambda p: _zip(p, {"readme.txt": "hello"}),
                    "this is a ZIP archive, not a Word document (.docx); open it in Word or LibreOffice and save it "
                    "as a Word document (.docx), then import that file"),
    # the parser's own words on where the XML breaks are kept in brackets (re.escape'd around them)
    "broken-xml.docx": (lambda p: _broken_xml_docx(p),
                        re.compile(re.escape("this Word file holds damaged XML (") + r"[^()\n]+, line \d+, column \d+"
                                   + re.escape("); open it in Word and save it again"))),
    "lost-part.docx": (lambda p: _partner_variant(p, lambda files: files.pop("word/footnotes.xml")),
                       "this Word file is damaged (its part word/footnotes.xml is missing); open it in Word and "
                       "save it again"),
    # parts of another shape (found by mutating each part; each was 'internal error: AttributeError')
    "types-of-another-shape.docx": (lambda p: _partner_variant(p, lambda files: files.__setitem__(
                                        "[Content_Types].xml", b"<?xml version='1.0'?><Types/>")),
                                    "this Word file is damaged (one of its parts is not in the shape Word writes); "
                                    "open it in Word and save it again"),
    "rels-of-another-shape.docx": (lambda p: _partner_variant(p, lambda files: files.__setitem__(
                                       "_rels/.rels", b"<?xml version='1.0'?><x/>")),
                                   "this Word file is damaged (one of its parts is not in the shape Word writes); "
                                   "open it in Word and save it again"),
    "no-package-rels.docx": (lambda p: _partner_variant(p, lambda files: files.pop("_rels/.rels")),
                             "this Word file is damaged (its list of parts, _rels/.rels, names no document); open "
                             "it in Word and save it again"),
    "document-of-another-shape.docx": (lambda p: _partner_variant(p, lambda files: files.__setitem__(
                                           "word/document.xml", b"<?xml version='1.0'?><document/>")),
                                       "this Word file has no document body; open it in Word and save it again"),
    "blank.docx": (lambda p: _partner_variant(p, lambda files: files.__setitem__(
                       "word/document.xml", re.sub(rb"<w:body>.*</w:body>", b"<w:body/>", files["word/document.xml"],
                                                   flags=re.S))),
                   "this Word file holds no text to import; check that the partner sent the right file"),
}


def _partner_variant(path: Path, change) -> None:
    """A one-note partner file with `change` applied to its parts (a dict name -> bytes)."""
    d = PartnerDoc()
    d.para("Text.", Note("A note."))
    d.save(path)
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    change(files)
    _zip(path, files)


def _zip(path: Path, files: dict) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)


def _broken_xml_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("x")
    document.save(str(path))
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:-40]
    _zip(path, files)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_get_one_sentence_naming_the_file(root, tmp_path, name):
    make, message = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    result = subprocess.run([sys.executable, "-m", "assemble", "import", "--root", str(root), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    # exactly one sentence, word for word, naming the file
    first = lines[0].removeprefix(f"{path}: error: ")
    assert first != lines[0] and (message.fullmatch(first) if isinstance(message, re.Pattern) else first == message), \
        result.stderr
    assert lines[1:] == ["1 error: nothing was written"]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert list((root / "sections").iterdir()) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_real_doc_written_by_libreoffice_is_named_as_such(root, tmp_path):
    source = PartnerDoc()
    source.para("A contribution saved in the old format.")
    docx_path = source.save(tmp_path / "old.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "doc"), str(docx_path)], capture_output=True, check=True, timeout=180)
    with pytest.raises(BuildError) as raised:
        import_word(root, tmp_path / "doc" / "old.doc", ImportOptions())
    assert raised.value.problems[0].message.startswith("this is an old Word 97-2003 document (.doc), not a .docx")


@pytest.mark.parametrize("options, message", [
    (ImportOptions(target="../outside.md"),
     "--as must name a file directly in the report's sections/ folder, such as sections/art-19.md"),
    (ImportOptions(target="sections/Art 19.md"), "the section id 'Art 19' may only contain a-z, 0-9 and '-'"),
    (ImportOptions(target="sections/x.md", organisations=("XYZ",)), "organisation 'XYZ' is not listed in report.yml"),
    (ImportOptions(target="sections/x.md", articles="19,99"), "article 99 is not in the ICCPR (articles 1-27)"),
    (ImportOptions(target="sections/x.md", articles="nineteen"),
     "--articles takes article numbers such as 19,21, not 'nineteen'"),
])
def test_wrong_options_are_one_sentence(root, tmp_path, options, message):
    d = PartnerDoc()
    d.para("Text.")
    with pytest.raises(BuildError) as raised:
        import_word(root, d.save(tmp_path / "p.docx"), options)
    assert raised.value.problems[0].message == message
    assert list((root / "sections").iterdir()) == []


def test_section_id_taken_by_another_file_is_refused(root, tmp_path):
    (root / "sections" / "freedom.md").write_text("---\nid: art-19\narticles: [19]\n---\nText.\n", encoding="utf-8")
    d = PartnerDoc()
    d.para("Text.")
    with pytest.raises(BuildError) as raised:
        import_word(root, d.save(tmp_path / "p.docx"), ImportOptions(target="sections/art-19.md"))
    assert str(raised.value.problems[0]) == ("sections/art-19.md: error: section id 'art-19' is already used by "
                                             "sections/freedom.md (choose another name with --as)")


def test_translation_files_still_import_and_reject_word_options(workspace, tmp_path):
    from assemble.translate.commands import do_export

    path = do_export(workspace, "ru", "po", tmp_path / "ru.po")
    result = subprocess.run([sys.executable, "-m", "assemble", "import", "--root", str(workspace), str(path),
                             "--as", "sections/x.md"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--as only apply to Word files;" in result.stderr


# ---- files from other programs ------------------------------------------------------------------

GOOGLE_DOCS = Path(__file__).parent / "fixtures" / "google-docs" / "google-docs-export.docx"  # see its README


def _google_paragraphs() -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(GOOGLE_DOCS)).paragraphs if p.text.strip()]


def test_a_real_google_docs_download_imports_every_paragraph(root, tmp_path):
    report = import_word(root, GOOGLE_DOCS, ImportOptions(target="sections/google.md", part="front",
                                                          title="From Google Docs"))
    body = (root / "sections" / "google.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    texts = _google_paragraphs()
    assert len(texts) == 5
    # Google marks every run w:rsidDel="00000000": that is not a deletion, all text is there
    assert body == "\n" + "\n\n".join(texts) + "\n"
    assert report.counts["tracked deletions dropped"] == 0 and report.counts["paragraphs"] == 5
    assert report.counts["empty paragraphs"] == 4


def test_google_docs_headings_and_notes_numbered_from_zero(root, tmp_path):
    """The same Google file with a title and headings in Google's own style ids (Title, Heading1,
    Heading2, its lower-case "heading 1" names) and two footnotes numbered from 0, as Google numbers them."""
    with zipfile.ZipFile(GOOGLE_DOCS) as z:
        files = {n: z.read(n) for n in z.namelist()}
    gattrs = 'w:rsidR="00000000" w:rsidDel="00000000" w:rsidP="00000000" w:rsidRDefault="00000000" w:rsidRPr="00000000"'
    rattrs = 'w:rsidDel="00000000" w:rsidR="00000000" w:rsidRPr="00000000"'

    def para(style: str, text: str) -> str:
        return (f'<w:p {gattrs}><w:pPr><w:pStyle w:val="{style}"/><w:rPr/></w:pPr><w:r {rattrs}><w:rPr>'
                f'<w:rtl w:val="0"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')

    def call(number: int) -> str:
        return (f'<w:r {rattrs}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:customMarkFollows="0" w:id="{number}"/></w:r>')

    def note(number: int, text: str) -> str:
        return (f'<w:footnote w:id="{number}"><w:p {gattrs}><w:pPr><w:spacing w:after="0" w:line="240" '
                f'w:lineRule="auto"/><w:rPr><w:sz w:val="20"/></w:rPr></w:pPr><w:r {rattrs}><w:rPr>'
                f'<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r {rattrs}><w:rPr><w:sz '
                f'w:val="20"/></w:rPr><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')

    document = files["word/document.xml"].decode("utf-8")
    paragraphs = re.findall(r"<w:p [^>]*>.*?</w:p>", document, flags=re.S)
    first, second = paragraphs[0], paragraphs[1]
    document = document.replace(first, para("Title", "Article 19. Freedom of expression") + para("Heading1", "Law")
                                + first.replace("</w:t></w:r></w:p>", "</w:t></w:r>" + call(0) + "</w:p>"), 1)
    document = document.replace(second, para("Heading2", "Practice")
                                + second.replace("</w:t></w:r></w:p>", "</w:t></w:r>" + call(1) + "</w:p>"), 1)
    files["word/document.xml"] = document.encode("utf-8")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    files["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="-2"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        '</w:footnote>' + note(0, "See CCPR/C/KAZ/CO/2, para. 26.") + note(1, "Ibid., para. 27.")
        + "</w:footnotes>").encode("utf-8")
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        b'footnotes+xml" PartName="/word/footnotes.xml"/></Types>')
    _zip(tmp_path / "google-notes.docx", files)
    report = import_word(root, tmp_path / "google-notes.docx", ImportOptions(target="sections/art-19.md"))
    texts = _google_paragraphs()
    assert (root / "sections" / "art-19.md").read_text(encoding="utf-8") == f"""---
id: art-19
title: Freedom of expression
part: articles
articles: [19]
status: draft
---

## Law

{texts[0]}[See @ccpr-co-2, para. 26]

### Practice

{texts[1]}[@ccpr-co-2, para. 27]

""" + "\n\n".join(texts[2:]) + "\n"
    assert [n["note"] for n in report.notes] == ["1", "2"]
    assert (report.counts["headings"], report.counts["notes"], report.counts["citations"]) == (2, 2, 2)
