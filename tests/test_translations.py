"""Translations: freeze, status, aligned translated builds, XLIFF/PO round trips."""
import json
import subprocess
import sys

import polib
import pytest
from lxml import etree

from assemble.build import build_report
from assemble.problems import BuildError
from assemble.translate.commands import do_export, do_freeze, do_import, do_status
from docxread import Docx

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def translate_po(path, fn=lambda text: "Перевод: " + text):
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = fn(entry.msgid)
    po.save(str(path))


def translate_xliff(path):
    tree = etree.parse(str(path))
    for tu in tree.getroot().iter(XLIFF + "trans-unit"):
        source = tu.find(XLIFF + "source")
        target = etree.Element(XLIFF + "target")
        target.text = "Перевод: " + (source.text or "")
        for child in source:
            copy = etree.SubElement(target, child.tag, dict(child.attrib))
            copy.tail = child.tail
        source.addnext(target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def translated_workspace(workspace, fmt="po"):
    path = do_export(workspace, "ru", fmt, workspace / "build" / f"ru.{fmt}")
    (translate_po if fmt == "po" else translate_xliff)(path)
    do_import(workspace, path)
    return workspace


def test_freeze_then_edit_names_exactly_the_changed_paragraph(workspace):
    translated_workspace(workspace)
    lock = do_freeze(workspace, "round-1")
    assert lock["tag"] == "round-1" and set(lock["sections"]) == {"intro", "followup", "art-9", "art-21"}
    assert all(s.state == "translated" for s in do_status(workspace, "ru"))
    path = workspace / "sections" / "art-21.md"
    path.write_text(path.read_text().replace("It was adopted quickly.", "It was adopted in haste."))
    statuses = {s.id: s for s in do_status(workspace, "ru")}
    art21 = statuses["art-21"]
    assert art21.state == "stale" and art21.edited_since_freeze
    assert [(c.kind, c.what) for c in art21.changes] == [("changed", "para. 5")]
    assert all(statuses[k].state == "translated" for k in ("intro", "followup", "art-9"))


def test_status_reports_added_and_removed_and_exit_code(workspace):
    translated_workspace(workspace)
    do_freeze(workspace, "")
    path = workspace / "sections" / "art-9.md"
    text = path.read_text().replace("A journal article", "A new paragraph.\n\nA journal article")
    path.write_text(text)
    (workspace / "translations" / "ru" / "intro.md").unlink()
    statuses = {s.id: s for s in do_status(workspace, "ru")}
    assert statuses["intro"].state == "missing"
    assert [(c.kind, c.what) for c in statuses["art-9"].changes] == [("changed", "para. 4"), ("added", "para. 5")]
    result = subprocess.run([sys.executable, "-m", "assemble", "status", "--root", str(workspace), "--lang", "ru",
                             "--format", "json"], capture_output=True, text=True)
    assert result.returncode == 1
    data = {s["id"]: s for s in json.loads(result.stdout)}
    assert data["art-9"]["state"] == "stale" and data["intro"]["state"] == "missing"


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_round_trip_gives_same_numbers_notes_and_references(workspace, fmt):
    source = Docx(build_report(workspace, ["docx"]).outputs[0])
    translated_workspace(workspace, fmt)
    built = build_report(workspace, ["docx"], lang="ru")
    assert built.outputs[0].name == "test-report-ru.docx"
    ru = Docx(built.outputs[0])
    assert len(ru.styled("NumberedParagraph")) == len(source.styled("NumberedParagraph")) == 7
    assert all(t.startswith("Перевод: ") for t in ru.styled("NumberedParagraph"))
    assert ru.note_calls() == source.note_calls()
    src_notes, ru_notes = source.footnotes(), ru.footnotes()
    assert sorted(src_notes) == sorted(ru_notes)
    # citation notes: same sources, forms in Russian ("Там же.", "см. сноску N выше")
    assert ru_notes[13] == "Там же."
    assert ru_notes[11] == "Law on Assemblies, см. сноску 2 выше."
    assert [f for f in ru.fields() if f[0].startswith("REF")] == [f for f in source.fields() if f[0].startswith("REF")]
    assert ru.styled("TOCHeading") == ["Содержание"]
    assert "Перевод: Right of peaceful assembly (ст. 21)" in ru.styled("Heading2")


def test_alignment_errors_name_file_and_line(workspace):
    translated_workspace(workspace)
    path = workspace / "translations" / "ru" / "art-9.md"
    text = path.read_text()
    path.write_text(text.replace("[@book-y]", ""))
    with pytest.raises(BuildError) as info:
        build_report(workspace, ["docx"], lang="ru")
    messages = [str(p) for p in info.value.problems]
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "journal" in l.lower())
    assert any(m.startswith(f"translations/ru/art-9.md:{line}: error: citations") and "@book-y" in m
               for m in messages), messages


def test_missing_translation_is_an_error_unless_allowed(workspace):
    translated_workspace(workspace)
    (workspace / "translations" / "ru" / "followup.md").unlink()
    with pytest.raises(BuildError) as info:
        build_report(workspace, ["docx"], lang="ru")
    assert str(info.value.problems[0]).startswith(
        "sections/followup.md:1: error: section 'followup' has no 'ru' translation in translations/ru")
    built = build_report(workspace, ["docx"], lang="ru", allow_missing=True)
    assert any("the source text is used" in str(w) for w in built.warnings)
    paragraphs = Docx(built.outputs[0]).styled("NumberedParagraph")
    assert paragraphs[2] == "The previous recommendations were not implemented."


def test_broken_placeholder_is_rejected_naming_the_unit(workspace):
    path = do_export(workspace, "ru", "po", workspace / "build" / "ru.po")
    translate_po(path, lambda text: text.replace("<x1/>", "") if "court records" in text else "RU " + text)
    with pytest.raises(BuildError) as info:
        do_import(workspace, path)
    message = str(info.value.problems[0])
    assert "unit intro/p2: codes lost {1} ([@law-assembly, art. 5])" in message
    assert not (workspace / "translations").exists()  # all or nothing


def test_altered_xliff_placeholder_is_rejected(workspace):
    path = do_export(workspace, "ru", "xliff", workspace / "build" / "ru.xlf")
    translate_xliff(path)
    tree = etree.parse(str(path))
    for x in tree.getroot().iter(XLIFF + "x"):
        if x.getparent().tag == XLIFF + "target":
            x.set("id", "9")
            break
    tree.write(str(path))
    with pytest.raises(BuildError) as info:
        do_import(workspace, path)
    assert str(info.value.problems[0]).startswith("build/ru.xlf: error: unit intro/p1: codes lost {1} ([^method]); "
                                                  "unknown or repeated {9}")


def test_xliff_is_well_formed_1_2(workspace):
    path = do_export(workspace, "ru", "xliff", workspace / "build" / "ru.xlf")
    root = etree.parse(str(path)).getroot()
    assert root.tag == XLIFF + "xliff" and root.get("version") == "1.2"
    ids = []
    for file_el in root.iter(XLIFF + "file"):
        for attr in ("original", "source-language", "datatype"):
            assert file_el.get(attr)
        assert [c.tag for c in file_el] == [XLIFF + "header", XLIFF + "body"]
        for tu in file_el.iter(XLIFF + "trans-unit"):
            ids.append(tu.get("id"))
            assert [c.tag for c in tu][0] == XLIFF + "source"
            for x in tu.iter(XLIFF + "x"):
                assert x.get("id").isdigit() and x.get("ctype").startswith("x-")
    assert len(ids) == len(set(ids)) > 20
    assert "art-21/p2" in ids and "intro/fn1" in ids


def test_po_round_trips_with_polib(workspace):
    path = do_export(workspace, "ru", "po", workspace / "build" / "ru.po")
    original = path.read_text()
    polib.pofile(str(path), wrapwidth=0).save(str(path))
    assert path.read_text() == original


def test_bib_fields_with_language_suffix(workspace):
    bib = workspace / "footnotes" / "sources.bib"
    bib.write_text(bib.read_text().replace("  shorttitle = {Law on Assemblies},",
                                           "  shorttitle = {Law on Assemblies},\n  shorttitle_ru = {Закон о собраниях},"))
    translated_workspace(workspace)
    notes = Docx(build_report(workspace, ["docx"], lang="ru").outputs[0]).footnotes()
    assert notes[11] == "Закон о собраниях, см. сноску 2 выше."


def test_import_skips_untouched_sections_and_refuses_half_translated_ones(workspace):
    path = do_export(workspace, "ru", "po", workspace / "build" / "ru.po")
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt.startswith("art-9/"):
            entry.msgstr = "RU " + entry.msgid
    po.save(str(path))
    assert [p.name for p in do_import(workspace, path).written] == ["art-9.md"]
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == "intro/p1":
            entry.msgstr = "RU " + entry.msgid
        if entry.msgctxt == "art-9/p1":
            entry.flags.append("fuzzy")  # unconfirmed in Poedit: not a translation yet
    po.save(str(path))
    with pytest.raises(BuildError) as info:
        do_import(workspace, path)
    messages = [str(p) for p in info.value.problems]
    assert any("section 'intro' has 4 untranslated" in m for m in messages)
    assert any("section 'art-9' has 1 untranslated or unconfirmed units (art-9/p1)" in m for m in messages)


def test_cover_fields_in_the_build_language(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace(
        "state_party: Testland\n", "state_party: Testland\nstate_party_ru: Тестландия\ntitle_ru: Альтернативный доклад\n"))
    translated_workspace(workspace)
    doc = Docx(build_report(workspace, ["docx"], lang="ru").outputs[0])
    assert doc.styled("CoverTitle") == ["Альтернативный доклад"]
    assert any("Тестландия" in t for t in doc.styled("CoverText"))
    assert doc.document.core_properties.title == "Альтернативный доклад"
    english = Docx(build_report(workspace, ["docx"]).outputs[0])
    assert english.styled("CoverTitle") == ["Test alternative report"]


def test_pinpoints_and_prefixes_in_the_build_language(workspace):
    translated_workspace(workspace)
    notes = Docx(build_report(workspace, ["docx"], lang="ru").outputs[0]).footnotes()
    assert notes[12] == "Там же, ст. 10."
    assert notes[3] == "CCPR/C/TST/CO/1, см. сноску 1 выше, п. 5."
    assert notes[14].startswith("См. CCPR/C/TST/CO/1, см. сноску 1 выше, п. 26; ")  # a note starts with a capital


def test_translated_pdf_has_the_source_numbers(workspace):
    import re

    from pdfread import Pdf

    def numbers(pdf):
        summary = next(page for _, title, page in pdf.outline() if "Summary" in title or "Сводный" in title)
        return [run.text for runs in pdf.runs[:summary - 1] for run in runs
                if abs(run.x - 70.87) < 1 and run.size == 12 and re.fullmatch(r"\d+\.", run.text)]

    source = Pdf(build_report(workspace, ["pdf"]).outputs[0])
    translated_workspace(workspace)
    russian = Pdf(build_report(workspace, ["pdf"], lang="ru").outputs[0])
    assert numbers(russian) == numbers(source) == [f"{n}." for n in range(1, 8)]
    assert sorted(russian.notes()) == sorted(source.notes()) == list(range(1, 18))
    assert "Там же." in [text.strip() for _, text in russian.notes().values()]
    assert "Перевод:Thelawonassemblies" in "".join(russian.body_text().split())


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_reexport_offers_earlier_translations_and_marks_what_changed(workspace, fmt):
    translated_workspace(workspace, fmt)
    do_freeze(workspace, "round-1")
    path = workspace / "sections" / "art-21.md"
    path.write_text(path.read_text().replace("It was adopted quickly.", "It was adopted in haste."))
    exported = do_export(workspace, "ru", fmt, workspace / "build" / f"again.{fmt}")
    if fmt == "po":
        entries = {e.msgctxt: e for e in polib.pofile(str(exported))}
        assert entries["art-21/p2"].msgstr.startswith("Перевод: As ") and "fuzzy" not in entries["art-21/p2"].flags
        assert "<x1/>" in entries["art-21/p2"].msgstr
        assert "fuzzy" in entries["art-21/p1"].flags  # the paragraph whose source changed
        review = [k for k, e in entries.items() if "fuzzy" in e.flags]
    else:
        tree = etree.parse(str(exported))
        targets = {tu.get("id"): tu.find(XLIFF + "target") for tu in tree.getroot().iter(XLIFF + "trans-unit")}
        assert targets["art-21/p2"].get("state") == "translated" and targets["art-21/p2"].find(XLIFF + "x") is not None
        review = [k for k, t in targets.items() if t is not None and t.get("state") == "needs-review-translation"]
    assert review == ["art-21/p1"]
    with pytest.raises(BuildError) as info:  # an unreviewed unit is not a translation yet
        do_import(workspace, exported)
    assert "art-21/p1" in str(info.value.problems[0])
