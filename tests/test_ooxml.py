"""The OOXML layer in fragments: each helper's XML written out by hand, and the package parts
(footnotes with their own relationships, settings in schema order)."""
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from assemble.build import build_report
from assemble.render.docx import oxml
from assemble.render.docx.package import FootnotesPart, configure_settings, set_setting
from docxread import Docx

W = nsdecls("w")
WML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REFERENCE = Path(__file__).parents[1] / "templates" / "reference.docx"


def xml(element) -> str:
    """The element as text with the usual `w:` prefix and no namespace declarations."""
    text = etree.tostring(element, encoding="unicode")
    prefixes = {prefix: name for prefix, name in re.findall(r' xmlns:(\w+)="([^"]+)"', text)}
    text = re.sub(r' xmlns:\w+="[^"]+"', "", text)
    for prefix, name in prefixes.items():
        if name == WML and prefix != "w":
            text = re.sub(rf"\b{prefix}:", "w:", text)
    return text


def test_run_with_tabs_spaces_and_formatting():
    assert xml(oxml.run("a\tb")) == "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>"
    assert xml(oxml.run(" lead", italic=True, bold=True)) == (
        '<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t xml:space="preserve"> lead</w:t></w:r>')
    assert xml(oxml.run("x", code=True, style="Hyperlink")) == (
        '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" '
        'w:cs="Courier New"/></w:rPr><w:t>x</w:t></w:r>')


def test_run_drops_characters_xml_cannot_carry():
    assert xml(oxml.run("a\x0cb\x00c\ufffed")) == "<w:r><w:t>abcd</w:t></w:r>"


def test_paragraph_with_style_and_numbering():
    assert xml(oxml.paragraph("Subparagraph", num=(7, 1))) == (
        '<w:p><w:pPr><w:pStyle w:val="Subparagraph"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/>'
        '</w:numPr></w:pPr></w:p>')
    assert xml(oxml.paragraph()) == "<w:p/>"


def test_field_is_begin_instruction_separate_result_end():
    runs = oxml.field("REF para_x \\r \\h", [oxml.run("12")])
    assert "".join(xml(r) for r in runs) == (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF para_x \\r \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>12</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_bookmark_wraps_the_content_after_the_paragraph_properties():
    p = oxml.paragraph("NumberedParagraph")
    p.append(oxml.run("Text"))
    oxml.bookmark(p, "para_x", 3)
    assert xml(p) == ('<w:p><w:pPr><w:pStyle w:val="NumberedParagraph"/></w:pPr>'
                      '<w:bookmarkStart w:id="3" w:name="para_x"/><w:r><w:t>Text</w:t></w:r>'
                      '<w:bookmarkEnd w:id="3"/></w:p>')


def test_hyperlinks_and_note_references():
    assert xml(oxml.hyperlink(anchor="sec_a")) == '<w:hyperlink w:anchor="sec_a" w:history="1"/>'
    link = oxml.hyperlink(rel_id="rId9")
    assert link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id") == "rId9"
    assert xml(oxml.footnote_reference(4)) == (
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="4"/></w:r>')


def test_settings_go_where_the_schema_sequence_puts_them():
    settings = parse_xml(f'<w:settings {W}><w:zoom w:percent="100"/><w:updateFields w:val="false"/>'
                         '<w:compat/><w:rsids/><w:listSeparator w:val=","/></w:settings>')
    set_setting(settings, oxml.el("w:updateFields", {"w:val": "true"}))
    footnote_pr = oxml.el("w:footnotePr")
    set_setting(settings, footnote_pr)
    set_setting(settings, oxml.el("w:evenAndOddHeaders"))
    assert [etree.QName(c).localname for c in settings] == [
        "zoom", "evenAndOddHeaders", "updateFields", "footnotePr", "compat", "rsids", "listSeparator"]
    assert settings.find(oxml.qn("w:updateFields")).get(oxml.qn("w:val")) == "true"


def test_configure_settings_on_the_reference():
    document = docx.Document(str(REFERENCE))
    configure_settings(document)
    names = [etree.QName(c).localname for c in document.settings.element]
    assert names.count("updateFields") == 1 and names.count("footnotePr") == 1
    assert names.index("updateFields") < names.index("footnotePr")
    assert all(names.index("footnotePr") < names.index(n) for n in ("compat", "rsids") if n in names)
    footnote_pr = document.settings.element.find(oxml.qn("w:footnotePr"))
    assert xml(footnote_pr) == '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'


def note_with_link(workspace: Path) -> None:
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text() + "\nLinked.[^l] Body [link](https://example.org/body).\n\n"
                    "[^l]: See [the report](https://example.org/in-note).\n")


def test_a_link_in_a_note_is_related_from_the_footnotes_part(workspace):
    """Bug 2: the w:hyperlink sits in footnotes.xml, so its relationship must be there too."""
    note_with_link(workspace)
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    footnote_rels = etree.fromstring(doc.parts["word/_rels/footnotes.xml.rels"])
    document_rels = doc.parts["word/_rels/document.xml.rels"].decode()
    (rel,) = [r for r in footnote_rels if r.get("Target") == "https://example.org/in-note"]
    assert rel.get("TargetMode") == "External" and rel.get("Type").endswith("/hyperlink")
    assert "in-note" not in document_rels and "https://example.org/body" in document_rels
    links = doc.footnotes_xml.findall(".//w:hyperlink", {"w": "http://schemas.openxmlformats.org/"
                                                              "wordprocessingml/2006/main"})
    ids = [link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id") for link in links]
    assert ids.count(rel.get("Id")) == 1  # (the notes' bare URLs are links too)
    assert set(ids) <= {r.get("Id") for r in footnote_rels}  # every link in a note is related from there


def test_a_report_with_a_link_in_a_note_passes_openxml_audit(workspace):
    audit = Path(sys.executable).with_name("openxml-audit")
    if not audit.exists():
        audit = shutil.which("openxml-audit")
    if not audit:
        pytest.skip("openxml-audit is not installed (it is a test dependency: pip install -e '.[test]')")
    note_with_link(workspace)
    path = build_report(workspace, ["docx"]).outputs[0]
    result = subprocess.run([str(audit), str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout


def test_a_reference_docx_with_its_own_footnotes_part_gives_one_part(workspace):
    """Word adds a footnotes part when it saves a template: the report's notes replace it."""
    document = docx.Document(str(REFERENCE))
    word_notes = FootnotesPart.default(document.part.package)
    word_notes.element.append(parse_xml(f'<w:footnote {W} w:id="1"><w:p><w:r><w:t>Sample</w:t></w:r></w:p>'
                                        '</w:footnote>'))
    document.part.relate_to(word_notes, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                        "footnotes")
    (workspace / "templates").mkdir(exist_ok=True)
    document.save(str(workspace / "templates" / "reference.docx"))
    path = build_report(workspace, ["docx"]).outputs[0]
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert names.count("word/footnotes.xml") == 1
    notes = Docx(path).footnotes()
    assert len(notes) == 17 and "Sample" not in notes.values()
