"""Hostile input to the translation commands: language codes that are paths, damaged lock and
exchange files. Every one ends in one sentence, exit 1, and no file changed anywhere."""
import hashlib

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from assemble.cli import main
from assemble.translate.commands import do_export

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
HOSTILE = ["../sections", "../../x", "../../../outside/x", "/tmp/abs-lang", "ru/../../x", "..", ".", "",
           "ru ru", "ru\\..\\x", "ru-RU/..", "ru\nfr", "r" * 300, "ru-" + "x" * 20, "-ru", "ru.."]


def snapshot(folder):
    """Every file under `folder` (the workspace and everything beside it) with its content hash."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def assert_refused(result, *expected):
    out = result.output
    assert result.exit_code == 1, out
    assert "Traceback" not in out and "internal error" not in out, out
    for text in expected:
        assert text in out, out


@pytest.mark.parametrize("code", HOSTILE)
def test_hostile_language_codes_are_refused_by_every_command(workspace, code):
    (workspace / "build").mkdir(exist_ok=True)
    xlf = do_export(workspace, "ru", "xliff", workspace / "build" / "ru.xlf")
    po = do_export(workspace, "ru", "po", workspace / "build" / "ru.po")
    tree = etree.parse(str(xlf))
    for unit in tree.getroot().iter(XLIFF + "trans-unit"):  # a complete translation, so only the code is wrong
        source = unit.find(XLIFF + "source")
        target = etree.fromstring(etree.tostring(source).replace(b"<source", b"<target").replace(b"</source", b"</target"))
        source.addnext(target)
    for file_el in tree.getroot().iter(XLIFF + "file"):
        file_el.set("target-language", code)
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    catalogue = polib.pofile(str(po))
    for entry in catalogue:
        entry.msgstr = entry.msgid
    catalogue.metadata["Language"] = code
    catalogue.save(str(po))
    before = snapshot(workspace.parent)
    shown = code if code.strip() else ""
    for args in (["build", "--lang", code], ["build", "--lang", code, "--allow-missing", "--format", "docx"],
                 ["status", "--lang", code], ["export", "--lang", code], ["export", "--lang", code, "--format", "po"]):
        result = run(*args, "--root", workspace)
        assert_refused(result, f"--lang: error: '{shown}' is not a language code" if shown
                       else "is not a language code")
    for path in (xlf, po):
        result = run("import", path, "--root", workspace)
        if code:
            assert_refused(result, f"build/{path.name}: error: '{code}' is not a language code")
        else:
            assert_refused(result, f"build/{path.name}: error: the file does not say its target language")
    assert snapshot(workspace.parent) == before
    assert not (workspace / "translations").exists()


def test_a_language_the_report_does_not_translate_into_is_refused(workspace):
    before = snapshot(workspace.parent)
    result = run("export", "--lang", "fr", "--root", workspace)
    assert_refused(result, "--lang: error: language 'fr' is not one of the report's translations (ru) "
                           "(add 'fr' to 'translations:' in report.yml, or use one of those)")
    assert_refused(run("build", "--lang", "de-AT", "--root", workspace),
                   "language 'de-AT' is not one of the report's translations (ru)")
    assert snapshot(workspace.parent) == before


def test_damaged_lock_is_one_sentence(workspace):
    lock = workspace / "sections.lock"
    assert run("freeze", "--root", workspace).exit_code == 0
    good = lock.read_bytes()
    for damage, message in (
            (b"\xff\xfe" + good[:100], "sections.lock: error: this file is not UTF-8 text, so it was damaged"),
            (good[: len(good) // 2], "sections.lock:"),
            (b"[1, 2]", "sections.lock: error: this file is damaged (it is not the lock 'assemble freeze' writes)"),
            (b'{"versions": {"abc": 3}}', "sections.lock: error: this file is damaged")):
        lock.write_bytes(damage)
        for args in (["freeze"], ["status", "--lang", "ru"]):
            result = run(*args, "--root", workspace)
            assert_refused(result, message, "restore it with 'git checkout sections.lock'")
        assert lock.read_bytes() == damage  # freeze did not replace a lock it could not read
    lock.write_bytes(good[: len(good) // 2])
    assert "(not valid JSON: " in run("freeze", "--root", workspace).output


def test_freeze_writes_the_lock_atomically(workspace, monkeypatch):
    assert run("freeze", "--root", workspace, "--tag", "one").exit_code == 0
    lock = workspace / "sections.lock"
    good = lock.read_bytes()
    import os

    real = os.replace

    def full_disk(src, dst):  # the disk fills up before the new lock takes the old one's place
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        from assemble.translate.commands import do_freeze

        do_freeze(workspace, "two")
    monkeypatch.setattr(os, "replace", real)
    assert lock.read_bytes() == good
    assert [p.name for p in workspace.iterdir() if p.name.startswith(".sections.lock")] == []


def test_non_utf8_and_damaged_xliff_are_one_sentence(workspace):
    xlf = do_export(workspace, "ru", "xliff", workspace / "build" / "ru.xlf")
    text = xlf.read_bytes()
    bad = workspace / "build" / "latin1.xlf"
    bad.write_bytes(text.replace(b"</source>", "\xe4</source>".encode("latin-1"), 1))
    assert_refused(run("import", bad, "--root", workspace), "build/latin1.xlf:10: error: this XLIFF file is not UTF-8 text")
    cut = workspace / "build" / "cut.xlf"
    cut.write_bytes(text[: len(text) // 2])
    assert_refused(run("import", cut, "--root", workspace), "build/cut.xlf:", "is not well-formed XML")


def test_a_code_id_that_is_not_a_number_is_one_sentence(workspace):
    xlf = do_export(workspace, "ru", "xliff", workspace / "build" / "ru.xlf")
    tree = etree.parse(str(xlf))
    for unit in tree.getroot().iter(XLIFF + "trans-unit"):
        source = unit.find(XLIFF + "source")
        target = etree.fromstring(etree.tostring(source).replace(b"<source", b"<target").replace(b"</source", b"</target"))
        source.addnext(target)
    code = next(x for x in tree.getroot().iter(XLIFF + "x") if x.getparent().tag == XLIFF + "target")
    code.set("id", "abc")
    unit_id = code.getparent().getparent().get("id")
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    assert_refused(run("import", xlf, "--root", workspace),
                   f"unit {unit_id}: the code id 'abc' is not one assemble wrote (a number)")
    assert not (workspace / "translations").exists()


def test_non_utf8_po_is_one_sentence(workspace):
    po = do_export(workspace, "ru", "po", workspace / "build" / "ru.po")
    po.write_bytes(po.read_bytes().replace(b'msgstr ""', 'msgstr "\xe9t\xe9"'.encode("latin-1"), 2))
    assert_refused(run("import", po, "--root", workspace), "build/ru.po: error: this PO file is not UTF-8 text")


def test_check_names_a_translation_folder_the_report_does_not_list(workspace):
    (workspace / "translations" / "ru-RU").mkdir(parents=True)
    result = run("check", "--root", workspace)
    assert "translations/ru-RU: warning: 'ru-RU' is not one of the report's translations (ru) (add it to " \
           "'translations:' in report.yml, or remove the folder)" in result.output


# ---- unit ids missing or twice (issue 13: a trans-unit without id was 'internal error: AttributeError') ----

def translated_exchange(workspace, fmt):
    """The report exported as `fmt`, every unit translated as itself; (path, parsed file)."""
    path = do_export(workspace, "ru", fmt, workspace / "build" / f"ru.{'xlf' if fmt == 'xliff' else 'po'}")
    if fmt == "po":
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = entry.msgid
        return path, po
    tree = etree.parse(str(path))
    for unit in tree.getroot().iter(XLIFF + "trans-unit"):
        source = unit.find(XLIFF + "source")
        target = etree.fromstring(etree.tostring(source).replace(b"<source", b"<target").replace(b"</source", b"</target"))
        target.set("state", "translated")
        source.addnext(target)
    return path, tree


def test_an_xliff_unit_without_id_or_twice_is_one_sentence(workspace):
    import copy

    path, tree = translated_exchange(workspace, "xliff")
    units = list(tree.getroot().iter(XLIFF + "trans-unit"))
    twice = copy.deepcopy(units[3])
    twice.find(XLIFF + "target").text = "Another translation."
    units[3].addnext(twice)
    del units[2].attrib["id"]
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    line = etree.parse(str(path)).getroot().findall(f".//{XLIFF}trans-unit")[2].sourceline
    assert_refused(run("import", path, "--root", workspace),
                   f"build/ru.xlf:{line}: error: a translation unit (<trans-unit>) has no id, so assemble cannot tell "
                   "which text of the report it translates (keep the unit ids as 'assemble export' wrote them, or "
                   "export the file again)")
    units[2].getparent().remove(units[2])  # now the repeated unit is the first problem
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    written = etree.parse(str(path)).getroot().findall(f".//{XLIFF}trans-unit")
    first, second = (u.sourceline for u in written if u.get("id") == twice.get("id"))
    assert_refused(run("import", path, "--root", workspace),
                   f"build/ru.xlf:{second}: error: unit {twice.get('id')} is in the file twice (also on line {first}) "
                   "(keep one of them, or export the file again)")
    assert not (workspace / "translations").exists()


def test_a_po_entry_without_msgctxt_or_twice_is_one_sentence(workspace):
    path, po = translated_exchange(workspace, "po")
    po.append(polib.POEntry(msgctxt=po[3].msgctxt, msgid=po[3].msgid + " again", msgstr="Another translation."))
    po.save(str(path))
    again = polib.pofile(str(path))
    first, second = (e.linenum for e in again if e.msgctxt == po[3].msgctxt)
    assert_refused(run("import", path, "--root", workspace),
                   f"build/ru.po:{second}: error: unit {po[3].msgctxt} is in the file twice (also on line {first}) "
                   "(keep one of them, or export the file again)")
    po[1].msgctxt = None
    po.save(str(path))
    line = polib.pofile(str(path))[1].linenum
    assert_refused(run("import", path, "--root", workspace),
                   f"build/ru.po:{line}: error: a translated entry has no msgctxt (the unit id), so assemble cannot "
                   "tell which text of the report it translates (keep the msgctxt lines as 'assemble export' wrote "
                   "them, or export the file again)")
    assert not (workspace / "translations").exists()
