"""Section headings as the Committee writes them: "Right to life (art. 6)", never "Article 6 (art. 6)";
no single subdivision (no "A." without a "B."); smart typography in every title."""
from pathlib import Path

import pytest

from assemble.build import build_report
from assemble.i18n import catalogue
from assemble.resolve.headings import named_articles
from docxread import Docx
from pdfread import Pdf


def write(root: Path, name: str, text: str) -> None:
    (root / "sections" / name).write_text(text, encoding="utf-8")


def section(sid: str, title: str, articles: str, body: str = "Text.") -> str:
    return f"---\nid: {sid}\ntitle: \"{title}\"\npart: articles\narticles: {articles}\n---\n{body}\n"


@pytest.mark.parametrize("title, lang, expected", [
    ("Article 6", "en", [6]),
    ("Articles 2, 3 and 26", "en", [2, 3, 26]),
    ("Articles 2, 3, and 26: equality", "en", [2, 3, 26]),
    ("Article 2, paragraph 3", "en", [2]),
    ("Article 2 (3): remedies", "en", [2]),
    ("Right to life (art. 6)", "en", [6]),
    ("Equality (arts. 2, 3 and 26)", "en", [2, 3, 26]),
    ("Articles 9-11", "en", [9, 10, 11]),
    ("Articles 7 and 10", "en", [7, 10]),
    ("Right to life", "en", None),
    ("Smart. 5 offences", "en", None),
    ("Статья 19", "ru", [19]),
    ("Статьи 21 и 22", "ru", [21, 22]),
    ("Свобода выражения мнений (ст. 19)", "ru", [19]),
    ("Article 14 : procès équitable", "fr", [14]),
])
def test_named_articles(title, lang, expected):
    assert named_articles(title, catalogue(lang)) == expected


def test_titles_naming_their_articles_get_no_suffix(workspace):
    write(workspace, "art-6.md", section("art-6", "Article 6", "[6]"))
    write(workspace, "art-2.md", section("art-2", "Article 2, paragraph 3", "[2]"))
    write(workspace, "eq.md", section("eq", "Articles 2, 3 and 26", "[2, 3, 26]"))
    write(workspace, "art-19.md", section("art-19", "Freedom of expression", "[19]"))
    built = build_report(workspace, ["docx", "pdf"])
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    headings = doc.styled("Heading2")
    assert headings == ["Article 2, paragraph 3", "Articles 2, 3 and 26", "Article 6",
                        "Liberty and security of person (art. 9)", "Freedom of expression (art. 19)",
                        "Right of peaceful assembly (art. 21)"]
    contents = doc.styled("TOC2")
    assert "C.\tArticle 6\t6" in contents and "E.\tFreedom of expression (art. 19)\t8" in contents
    titles = [" ".join(title.split()) for _, title, _ in pdf.outline()]  # no-break spaces read as spaces
    assert "C. Article 6" in titles and "A. Article 2, paragraph 3" in titles
    assert not any("(art. 6)" in t or "(art. 2)" in t or "(arts." in t for t in titles)
    summary = doc.styled("SummaryHeading")
    assert "III.F\tRight of peaceful assembly (art. 21)" in summary


def test_check_warns_when_the_title_names_other_articles(workspace):
    from assemble.checks.run import check_workspace

    write(workspace, "art-6.md", section("art-6", "Article 7", "[6]"))
    found = [str(p) for p in check_workspace(workspace)]
    assert found == ["sections/art-6.md:3: warning: the title names article 7 but 'articles:' lists article 6 "
                     "(make them agree: the heading prints the title as written, while the order of the report "
                     "and the article coverage follow 'articles:')"]


def test_no_single_subdivision(workspace):
    """The only section of a part has no letter, the only `##` of a section no "1."; references to
    them print the number of what they stand under."""
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\nSee @sec:followup and @sec:practice and @sec:intro.\n")
    built = build_report(workspace, ["docx", "pdf"])
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    assert doc.styled("UnnumberedHeading2") == ["Introduction and methodology", "Follow-up to recommendations"]
    assert doc.styled("UnnumberedHeading3") == ["Practice"]
    refs = [f for f in doc.fields() if f[0].startswith("REF ")]
    assert ("REF sec_followup \\w \\h", "II") in refs and ("REF sec_practice \\w \\h", "III.B") in refs
    assert ("REF sec_intro \\w \\h", "I") in refs
    paragraph = next(t for s, t, _ in doc.paragraphs() if t.startswith("See section II"))
    assert paragraph == "See section II and section III.B and section I."
    assert "Seesection IIandsection III.Bandsection I." .replace(" ", "") in pdf.body_text().replace(" ", "")
    contents = doc.styled("TOC2")
    assert "Introduction and methodology\t1–2" in contents and "A.\tLiberty and security of person (art. 9)\t4–5" in contents
    # the summary annex groups by the section, numbered by its part
    assert doc.styled("SummaryHeading")[0] == "III.A\tLiberty and security of person (art. 9)"


def test_two_subheadings_are_numbered(workspace):
    path = workspace / "sections" / "art-21.md"
    path.write_text(path.read_text() + "\n## Courts\n\nMore.\n\n### One\n\nA.\n\n### Two\n\nB.\n")
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    assert doc.styled("Heading3") == ["Practice", "Courts"]
    assert doc.styled("Heading4") == ["One", "Two"]


def test_smart_typography_in_titles_and_report_values(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text()
                      .replace("title: Test alternative report", "title: \"The Committee's 'views' -- ignored\"")
                      .replace("name: Second Coalition Member", "name: \"Citizens' Watch\"")
                      .replace("NGO: non-governmental organization", "NGO: \"non-governmental organization -- 'civil society'\""))
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text().replace("title: Follow-up to recommendations",
                                             "title: \"The Committee's \\\"Views\\\" -- follow-up\""))
    built = build_report(workspace, ["docx", "pdf"])
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    assert doc.styled("CoverTitle") == ["The Committee’s ‘views’ – ignored"]
    assert "Citizens’ Watch (SCM)" in doc.styled("CoverOrg")
    assert "The Committee’s “Views” – follow-up" in doc.styled("UnnumberedHeading2")
    assert "NGO\tnon-governmental organization – ‘civil society’" in doc.styled("Abbreviation")
    assert doc.document.core_properties.title == "The Committee’s ‘views’ – ignored"
    assert doc.document.core_properties.author == "Testland Bureau for Human Rights; Citizens’ Watch"
    assert pdf.reader.metadata.title == "The Committee’s ‘views’ – ignored"
    text = " ".join(" ".join(p.split()) for p in pdf.pages[:3])
    assert "The Committee’s ‘views’ – ignored" in text and "The Committee’s “Views” – follow-up" in text
    assert "non-governmental organization – ‘civil society’" in text


def _strings(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (str(key),))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (str(index),))
    elif isinstance(value, str):
        yield ".".join(path), value


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru"])
def test_generated_words_are_typographic(lang):
    """Words the build prints itself (citation types, cover lines, headings) are set as the
    build's smart typography would set them: no straight quotes or apostrophes, no '--'."""
    for path, value in _strings(catalogue(lang, "ICCPR")):
        assert not any(mark in value for mark in ("'", '"', "--")), f"{lang}.yml {path}: {value!r}"


def test_generated_words_in_a_citation(workspace):
    with (workspace / "footnotes" / "sources.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@mastersthesis{thesis,\n  author = {Aigul Testova},\n  title = {Views at home},\n"
                  "  institution = {Testland University},\n  date = {2015},\n}\n")
    write(workspace, "art-6.md", section("art-6", "Right to life", "[6]", "Text.[@thesis]"))
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    assert "Aigul Testova, “Views at home” (Master’s thesis, Testland University, 2015)." in doc.footnotes().values()
