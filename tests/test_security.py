"""Text is data, never code: Jinja2 and Typst syntax in any user text comes out verbatim, and
names taken from report.yml cannot make a file outside build/."""
import zipfile
from pathlib import Path

import pytest

from assemble.build import build_report, output_stem, read_report
from assemble.output import safe_stem
from assemble.problems import Problems
from tests.docxread import Docx, text_of

JINJA = "{{ 7 * 7 }}"  # spaced: `*7*` would be Markdown emphasis
BLOCK = "{% for x in range(3) %}loop{% endfor %}"
TYPST = '#eval("6 * 7") #sys.inputs $x^2$ #read("/etc/passwd")'
# Section text and report.yml values get typographic quotes, as pandoc's `smart` extension gives
# (.bib fields do not).
SMART_TYPST = TYPST.replace('("', "(“").replace('")', "”)")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


@pytest.fixture
def hostile(workspace) -> Path:
    edit(workspace / "report.yml", "title: Test alternative report", f'title: "Report {JINJA} {BLOCK}"')
    edit(workspace / "report.yml", "state_party: Testland", f"state_party: 'Testland {TYPST}'")
    edit(workspace / "report.yml", "name: Second Coalition Member", f'name: "Member {JINJA}"')
    edit(workspace / "sections" / "followup.md", "title: Follow-up to recommendations",
         f'title: "Follow-up {JINJA} {BLOCK}"')
    edit(workspace / "sections" / "followup.md", "were not implemented.",
         f"were not implemented {JINJA} {BLOCK} {TYPST}.")
    edit(workspace / "footnotes" / "sources.bib", "title = {Concluding observations on the initial report of Testland}",
         r"title = {Observations \{\{ 7 * 7 \}\} \{\% for x in range(3) \%\}loop\{\% endfor \%\}}")  # TeX escapes
    edit(workspace / "footnotes" / "sources.bib", "title = {Interview notes}", 'title = {Notes #eval("6*7")}')
    return workspace


def docx_text(path: Path) -> str:
    doc = Docx(path)
    return "\n".join([text for _, text, _ in doc.paragraphs()] + list(doc.footnotes().values()))


def test_template_syntax_in_any_text_is_printed_verbatim_in_the_docx(hostile):
    built = build_report(hostile, ["docx"])
    text = docx_text(built.outputs[0])
    for needle in (f"Report {JINJA} {BLOCK}", f"Testland {SMART_TYPST}", f"Member {JINJA}", f"Follow-up {JINJA} {BLOCK}",
                   f"were not implemented {JINJA} {BLOCK} {SMART_TYPST}.", f"Observations {JINJA} {BLOCK}",
                   'Notes #eval(“6*7”)'):
        assert needle in text, needle
    assert "49" not in text and "looplooploop" not in text and "42" not in text


def test_template_syntax_is_printed_verbatim_in_the_pdf(hostile):
    from tests.pdfread import Pdf, squash

    built = build_report(hostile, ["pdf"])
    text = squash("".join(Pdf(built.outputs[0]).pages))
    for needle in (f"were not implemented {JINJA} {BLOCK}", f"Observations {JINJA}", 'Notes #eval(“6*7”)', SMART_TYPST):
        assert squash(needle) in text, needle
    assert "looplooploop" not in text


@pytest.mark.parametrize("name, stem", [
    ("../../etc/passwd", "etc-passwd"), ("/etc/passwd", "etc-passwd"), ("..", "report"),
    ("C:\\Windows\\system32", "c-windows-system32"), ("report\x00.docx", "report-docx"), ("", "report"),
    ("Доклад", "report"), ("a" * 300, "a" * 60),
    ("Comments on the second periodic report of the Republic of Kazakhstan on the implementation",
     "comments-on-the-second-periodic-report-of-the-republic")])
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_output_name_cannot_leave_build(workspace):
    edit(workspace / "report.yml", "output: test-report", "output: ../../etc/passwd")
    built = build_report(workspace, ["docx"])
    assert built.outputs == [workspace / "build" / "etc-passwd.docx"]
    assert built.outputs[0].resolve().parent == (workspace / "build").resolve()
    with zipfile.ZipFile(built.outputs[0]) as z:
        assert "word/document.xml" in z.namelist()


def test_title_used_as_file_name_is_sanitised(workspace):
    edit(workspace / "report.yml", "output: test-report\n", "")
    edit(workspace / "report.yml", "title: Test alternative report", "title: ../../Report {{ 7*7 }}/x")
    _, report = read_report(workspace, Problems(workspace))
    assert output_stem(report) == "report-7-7-x"


def test_markup_in_a_source_field_is_printed_as_text(workspace):
    """Citation templates escape every field (templates/citations.j2 gives italics as <i> tags):
    tags and entities a field holds are letters of the note, never formatting."""
    from docx.oxml.ns import qn

    edit(workspace / "footnotes" / "sources.bib", "title = {Interview notes}",
         r"title = {Notes <i>not italic</i> R\&D \&amp; co}")
    built = build_report(workspace, ["docx"])
    doc = Docx(built.outputs[0])
    assert doc.footnotes()[9] == "Coalition, Notes <i>not italic</i> R&D &amp; co, unpublished, May 2025."
    note = [fn for fn in doc.footnotes_xml.iter(qn("w:footnote")) if fn.get(qn("w:id")) == "9"][0]
    italic = [text_of(r) for r in note.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None]
    assert italic == [], italic


def test_a_restyled_template_may_use_em_and_strong_and_its_other_tags_stay_visible(workspace):
    """A report's own citations.j2 is read as HTML: <em> and <strong> give italics and bold, and a
    tag assemble has no formatting for (<u>) is printed, not dropped with the words around it."""
    from docx.oxml.ns import qn

    own = (workspace / "templates" / "citations.j2")
    own.parent.mkdir(exist_ok=True)
    builtin = Path(__file__).parent.parent / "templates" / "citations.j2"
    own.write_text(builtin.read_text(encoding="utf-8").replace(
        '{{ join(", ", who(e), title(e), e.howpublished,',
        '<strong>{{ who(e) }}</strong> <em>Seen</em> <u>x</u>{{ join(", ", "", title(e), e.howpublished,', 1),
        encoding="utf-8")
    built = build_report(workspace, ["docx"])
    doc = Docx(built.outputs[0])
    assert doc.footnotes()[9] == "Coalition Seen <u>x</u>Interview notes, unpublished, May 2025."
    note = [fn for fn in doc.footnotes_xml.iter(qn("w:footnote")) if fn.get(qn("w:id")) == "9"][0]
    runs = [r for r in note.iter(qn("w:r")) if text_of(r).strip()]
    styled = lambda tag: [text_of(r).strip() for r in runs  # noqa: E731
                          if r.find(f"{qn('w:rPr')}/{qn(tag)}") is not None]
    assert styled("w:b") == ["Coalition"]
    assert styled("w:i") == ["Seen"]
