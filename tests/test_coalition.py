"""A real coalition: twelve organisations with long names and a 300-character title build DOCX
and PDF; every core property stays within python-docx's 255 characters and still says
something; the output names are short, stable and cut between words."""
import zipfile
from pathlib import Path

from lxml import etree

from assemble.build import build_report
from assemble.render.docx.properties import joined, within
from docxread import Docx
from pdfread import Pdf

ORGANISATIONS = [
    ("Kazakhstan International Bureau for Human Rights and Rule of Law", "KIBHR"),
    ("Charter for Human Rights", "CHR"),
    ("Legal Policy Research Centre", "LPRC"),
    ("International Legal Initiative Public Foundation", "ILI"),
    ("Kadir-Kassiet Public Association for the Protection of Dignity", "KK"),
    ("Union of Crisis Centres in Kazakhstan", "UCC"),
    ("International Centre of Journalism Media Net", "MediaNet"),
    ("Adil Soz International Foundation for the Protection of Freedom of Speech", "AdilSoz"),
    ("Children Fund of Kazakhstan", "CFK"),
    ("Confederation of Free Trade Unions of Kazakhstan", "CFTU"),
    ("Aman Saulyk Public Fund for the Right to Health", "AmanSaulyk"),
    ("Public Association of Disabled People Namys with Higher Education", "Namys"),
]
TITLE = ("Comments on the Second Periodic Report of the Republic of Kazakhstan on the Implementation of the "
         "International Covenant on Civil and Political Rights, prepared by a coalition of twelve "
         "non-governmental organisations working on human rights, the rule of law and freedom of speech "
         "in all of Kazakhstan")


def make_coalition(root: Path) -> None:
    config = root / "report.yml"
    text = config.read_text()
    orgs = "".join(f"  - name: {name}\n    acronym: {acronym}\n" + ("    role: lead\n" if i == 0 else "")
                   for i, (name, acronym) in enumerate(ORGANISATIONS))
    start, end = text.index("organisations:\n"), text.index("date:")
    text = text[:start] + "organisations:\n" + orgs + text[end:]
    text = text.replace("title: Test alternative report", f"title: {TITLE}").replace("output: test-report\n", "")
    config.write_text(text)
    for section in (root / "sections").glob("*.md"):
        section.write_text(section.read_text().replace("TBHR", "KIBHR").replace("SCM", "CHR"))


def test_the_title_is_300_characters():
    assert len(TITLE) == 300


def test_twelve_organisations_build_docx_and_pdf(workspace):
    make_coalition(workspace)
    built = build_report(workspace, ["docx", "pdf"])
    names = [p.name for p in built.outputs]
    assert names == ["comments-on-the-second-periodic-report-of-the-republic.docx",
                     "comments-on-the-second-periodic-report-of-the-republic.pdf"]
    core = Docx(built.outputs[0]).document.core_properties
    assert core.title == ("Comments on the Second Periodic Report of the Republic of Kazakhstan on the "
                          "Implementation of the International Covenant on Civil and Political Rights, prepared "
                          "by a coalition of twelve non-governmental organisations working on human rights, the "
                          "rule of\u2026")
    assert core.author == ("KIBHR; CHR; LPRC; ILI; KK; UCC; MediaNet; AdilSoz; CFK; CFTU; AmanSaulyk; Namys")
    assert core.last_modified_by == "Kazakhstan International Bureau for Human Rights and Rule of Law"
    assert core.subject == "ICCPR: Testland"
    assert core.keywords == "ICCPR; Testland; alternative report"
    with zipfile.ZipFile(built.outputs[0]) as z:
        for element in etree.fromstring(z.read("docProps/core.xml")):
            assert len(element.text or "") <= 255, element.tag
    # The cover still names every organisation in full, in the DOCX and the PDF.
    cover = "\n".join(Docx(built.outputs[0]).styled("CoverOrg"))
    pdf_text = " ".join(" ".join(page.split()) for page in Pdf(built.outputs[1]).pages[:2])
    for name, acronym in ORGANISATIONS:
        assert f"{name} ({acronym})" in cover
        assert f"{name} ({acronym})" in pdf_text
    meta = Pdf(built.outputs[1]).reader.metadata
    assert meta.title == TITLE
    assert meta.author == ", ".join(name for name, _ in ORGANISATIONS)


def test_the_name_is_stable(workspace):
    make_coalition(workspace)
    first = build_report(workspace, ["docx"]).outputs[0]
    second = build_report(workspace, ["docx"]).outputs[0]
    assert first == second and first.read_bytes() == second.read_bytes()


def test_within_cuts_between_words():
    assert within("one two three", 11) == "one two\u2026"
    assert within("one two three", 13) == "one two three"
    assert within("x" * 20, 10) == "xxxxxxxxx\u2026"
    assert within("a,  b   c", 255) == "a, b c"
    assert within("alpha beta, gamma", 13) == "alpha beta\u2026"


def test_joined_falls_back_to_acronyms():
    assert joined(["Alpha Centre", "Beta Fund"], ["AC", "BF"], limit=30) == "Alpha Centre; Beta Fund"
    assert joined(["Alpha Centre", "Beta Fund"], ["AC", "BF"], limit=20) == "AC; BF"
    assert joined(["Alpha Centre", "Beta Fund"], ["ACRONYM", "BFUNDS"], limit=10) == "ACRONYM\u2026"
