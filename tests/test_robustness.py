"""Bad input and hostile files end in one sentence naming the file (issue 13, issue 12 bugs 5-7).

Each test states the exact message a user reads; expected texts are written by hand.
"""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assemble.cli import main
from assemble.load.yamlfile import YamlError, load_yaml
from docxread import Docx

PASSWD_LINK = ("templates/cover.j2: error: this is a link to /etc/passwd, outside the report folder; assemble "
               "reads only files inside the report folder (replace the link with a copy of the file, or list the "
               "folder under 'allow_outside:' in report.yml)")


def cli(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


def lines(result) -> list[str]:
    return result.output.splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def both(workspace: Path, *expected: str) -> None:
    """`check` refuses first and `build` refuses the same, with the same words (issue 12.5)."""
    checked = cli("check", "--root", str(workspace))
    assert checked.exit_code == 1
    built = cli("build", "--root", str(workspace), "--format", "docx")
    assert built.exit_code == 1
    for line in expected:
        assert line in lines(checked), checked.output
        assert line in lines(built), built.output
    assert not (workspace / "build" / "test-report.docx").exists()


# ---- the path rule --------------------------------------------------------------------------

def test_template_linked_outside_is_refused_by_check_and_build(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.j2").symlink_to("/etc/passwd")
    both(workspace, PASSWD_LINK)


def test_folder_outside_may_be_allowed_explicitly(workspace, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "cover.j2").write_text("title: {{ title }} (shared cover)\n", encoding="utf-8")
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.j2").symlink_to(shared / "cover.j2")
    refused = cli("check", "--root", str(workspace))
    assert ("templates/cover.j2: error: this is a link to " + str(shared / "cover.j2")
            + ", outside the report folder; assemble reads only files inside the report folder (replace the "
            "link with a copy of the file, or list the folder under 'allow_outside:' in report.yml)") in lines(refused)
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nallow_outside: [../shared]")
    built = cli("build", "--root", str(workspace), "--format", "docx")
    assert built.exit_code == 0, built.output
    first = next(Docx(workspace / "build" / "test-report.docx").paragraphs())
    assert first[1] == "Test alternative report (shared cover)"


def test_allow_outside_names_folders_that_exist(workspace):
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nallow_outside:\n  - ../nowhere")
    result = cli("check", "--root", str(workspace))
    assert ("report.yml:29: error: the folder '../nowhere' in 'allow_outside' does not exist (correct the path "
            "(relative to the report folder, or absolute) or remove the line)") in lines(result)


def test_section_and_source_linked_outside_are_refused(workspace, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: secret\npart: front\ntitle: Secret\n---\nThe machine's secret.\n")
    (workspace / "sections" / "secret.md").symlink_to(outside)
    (workspace / "footnotes" / "more.bib").symlink_to(tmp_path / "secret.md")
    both(workspace,
         f"sections/secret.md: error: this is a link to {outside}, outside the report folder; assemble reads only "
         "files inside the report folder (replace the link with a copy of the file, or list the folder under "
         "'allow_outside:' in report.yml)",
         f"footnotes/more.bib: error: this is a link to {outside}, outside the report folder; assemble reads only "
         "files inside the report folder (replace the link with a copy of the file, or list the folder under "
         "'allow_outside:' in report.yml)")


def test_a_folder_on_the_way_that_links_outside_is_refused_too(workspace, tmp_path):
    shared = tmp_path / "elsewhere"
    shared.mkdir()
    (shared / "cover.j2").write_text("title: x\n")
    (workspace / "templates").symlink_to(shared)
    result = cli("check", "--root", str(workspace))
    assert (f"templates/cover.j2: error: this file is really {shared / 'cover.j2'} (a folder on its way is a link), "
            "outside the report folder; assemble reads only files inside the report folder (replace the link with "
            "a copy of the file, or list the folder under 'allow_outside:' in report.yml)") in lines(result)


def test_devices_and_fifos_are_never_read(workspace, tmp_path):
    """A link to /dev/zero would fill the memory, a FIFO would hang the build: neither is opened,
    even in a folder the report allows."""
    os.mkfifo(workspace / "sections" / "pipe.md")
    (workspace / "sections" / "zero.md").symlink_to("/dev/zero")
    both(workspace,
         "sections/pipe.md: error: this is a named pipe (FIFO), not a file; assemble reads only regular files "
         "(delete it, or put a real file in its place)",
         "sections/zero.md: error: this is a link to /dev/zero, outside the report folder; assemble reads only "
         "files inside the report folder (replace the link with a copy of the file, or list the folder under "
         "'allow_outside:' in report.yml)")
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nallow_outside: [/dev]")
    result = cli("check", "--root", str(workspace))
    assert ("sections/zero.md: error: this is a device (/dev/zero), not a file; assemble reads only regular files "
            "(delete it, or put a real file in its place)") in lines(result)


def test_build_folder_that_links_outside_is_not_written_through(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace / "build").symlink_to(elsewhere)
    result = cli("build", "--root", str(workspace), "--format", "docx")
    assert result.exit_code == 1
    assert lines(result) == [
        f"build: error: this is a link to {elsewhere}, outside the report folder; assemble writes only into the "
        "report's own build/ folder (delete the link so that assemble can create a real build/ folder)",
        "1 error: nothing was written"]
    assert list(elsewhere.iterdir()) == []


# ---- templates and fonts: check and build hold one contract (issue 12.5) ------------------

@pytest.mark.parametrize("name", ["cover.j2", "citations.j2", "report.typ", "lib/extra.typ"])
def test_template_that_is_not_utf8(workspace, name):
    """Every template a user may replace, and a file one of them includes (issue 13)."""
    from assemble.templates_loader import DEFAULTS

    path = workspace / "templates" / name
    path.parent.mkdir(parents=True)
    if name == "lib/extra.typ":
        (workspace / "templates" / "report.typ").write_bytes(
            b'#import "lib/extra.typ": *\n' + (DEFAULTS / "report.typ").read_bytes())
        path.write_bytes(b"#let extra = 1\n// Caf\xe9\n")
    else:
        lines_ = (DEFAULTS / name).read_bytes().split(b"\n")
        path.write_bytes(b"\n".join(lines_[:1] + [lines_[1] + b" Caf\xe9"] + lines_[2:]))
    both(workspace, f"templates/{name}:2: error: the file is not UTF-8 text; save it as UTF-8 in your editor")


def test_citation_template_missing_a_macro(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "citations.j2").write_text("{% macro full_misc(e) %}{{ e.title }}{% endmacro %}\n")
    both(workspace, "templates/citations.j2: error: the template has no macro short_misc "
                    "(copy it from assemble's built-in citations.j2)")


def test_cover_filter_given_the_wrong_type(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.j2").write_text("label: x\ntitle: {{ title | round }}\n")
    both(workspace, "templates/cover.j2:2: error: template error: type str doesn't define __round__ method "
                    "(TypeError) (fix the template, or delete it to use the built-in one)")


def test_a_template_cannot_run_a_program_on_the_machine(workspace, tmp_path):
    """Plain Jinja lets template code reach Python: a committed cover.j2 ran `cat` on the machine
    that builds and put the output into the DOCX. Every template (cover, citations, HTML) runs in
    Jinja's sandbox."""
    from jinja2.sandbox import SandboxedEnvironment

    from assemble.templates_loader import environment

    secret = tmp_path / "secret.txt"
    secret.write_text("MACHINE-SECRET\n")
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.j2").write_text(
        'label: x\ntitle: {{ cycler.__init__.__globals__.os.popen("cat ' + str(secret) + '").read() }}\n')
    both(workspace, "templates/cover.j2:2: error: template error: access to attribute '__init__' of 'type' object is "
                    "unsafe: a template can use the report's data, not the Python behind it (fix the template, or "
                    "delete it to use the built-in one)")
    assert all(isinstance(environment(workspace, escape), SandboxedEnvironment) for escape in (False, True))


@pytest.mark.parametrize("content, why", [
    (b"not a zip", "this is not a Word document (.docx): it is not a ZIP package"),
    ("zip", "this is not a Word document (.docx): it has no word/document.xml"),
])
def test_reference_docx_that_is_not_a_docx(workspace, content, why):
    (workspace / "templates").mkdir()
    path = workspace / "templates" / "reference.docx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "hello")
    else:
        path.write_bytes(content)
    both(workspace, f"templates/reference.docx: error: {why} (save it from Word as 'Word Document (.docx)', "
                    "or delete it to use the built-in one)")


def reference_with(path: Path, part: str, edit) -> None:
    """The built-in reference.docx with one part changed by `edit`."""
    from assemble.templates_loader import DEFAULTS

    with zipfile.ZipFile(DEFAULTS / "reference.docx") as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            changed = edit(data) if info.filename == part else data
            if changed is not None:  # None: the part is left out
                target.writestr(info, changed)


LINKED = b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" ' \
         b'Target="%s" TargetMode="External"/></Relationships>'


@pytest.mark.parametrize("part, edit, why", [
    ("word/styles.xml", lambda data: data[: len(data) // 2],
     "this Word document is damaged: its part word/styles.xml is not well-formed XML"),
    ("word/_rels/document.xml.rels", lambda data: b"<not xml",
     "this Word document is damaged: its part word/_rels/document.xml.rels is not well-formed XML"),
    ("word/_rels/document.xml.rels", lambda data: data.replace(b"</Relationships>", LINKED % (b"image", b"file:///etc/passwd")),
     "this Word document links to the file 'file:///etc/passwd' (a linked picture or field), which Word and "
     "LibreOffice open on whatever machine shows or builds the report; embed the picture instead of linking it"),
    ("word/_rels/document.xml.rels", lambda data: data.replace(b"</Relationships>", LINKED % (b"image", b"\\\\srv\\x.png")),
     "this Word document links to the file '\\\\srv\\x.png' (a linked picture or field), which Word and "
     "LibreOffice open on whatever machine shows or builds the report; embed the picture instead of linking it"),
], ids=["cut-styles", "rels-not-xml", "linked-file", "linked-share"])
def test_reference_docx_damaged_or_linking_a_file(workspace, part, edit, why):
    """Damaged parts ended in 'internal error: XMLSyntaxError'; a linked picture is read wherever the report is opened."""
    (workspace / "templates").mkdir()
    reference_with(workspace / "templates" / "reference.docx", part, edit)
    both(workspace, f"templates/reference.docx: error: {why} (save it from Word as 'Word Document (.docx)', "
                    "or delete it to use the built-in one)")


UNUSABLE = "templates/reference.docx: error: assemble cannot take the report's styles from this Word document ({}) " \
           "(make it from a copy of assemble's built-in reference.docx (docs/format.md), or delete it to use the " \
           "built-in one)"
OTHER_SHAPE = "one of its parts is not in the shape Word writes"


@pytest.mark.parametrize("part, edit, why", [
    ("word/settings.xml", lambda data: b"<?xml version='1.0'?><x/>", OTHER_SHAPE),
    ("word/document.xml", lambda data: b"<?xml version='1.0'?><document/>", OTHER_SHAPE),
    ("docProps/core.xml", lambda data: b"<?xml version='1.0'?><coreProperties/>", OTHER_SHAPE),
    ("_rels/.rels", lambda data: b"<?xml version='1.0'?><x/>", OTHER_SHAPE),
    ("_rels/.rels", lambda data: None, "its list of parts, _rels/.rels, names no document"),
    ("word/styles.xml", lambda data: None, "its part word/styles.xml is missing"),
    ("docProps/core.xml", lambda data: None, "its part docProps/core.xml is missing"),
    ("word/numbering.xml", lambda data: b'<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/'
                                        b'wordprocessingml/2006/main"/>',
     "it lacks the list numbering 2 of the built-in reference.docx, which numbers the report's paragraphs and lists"),
], ids=["settings", "document", "core", "rels", "no-rels", "no-styles", "no-core", "numbering"])
def test_reference_docx_whose_parts_the_writer_cannot_use(workspace, part, edit, why):
    """Found by replacing or removing each part of reference.docx in turn: each ended in 'internal
    error' (AttributeError, KeyError, NotImplementedError, ValueError) in build, and check passed."""
    (workspace / "templates").mkdir()
    reference_with(workspace / "templates" / "reference.docx", part, edit)
    both(workspace, UNUSABLE.format(why))


def test_reference_docx_made_from_a_word_template_and_linking_the_web_is_used(workspace):
    """Word names the .dotm a file was made from (attachedTemplate); a hyperlink goes to the web: both are fine."""
    (workspace / "templates").mkdir()
    extra = (b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             b'hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>')
    reference = workspace / "templates" / "reference.docx"
    reference_with(reference, "word/_rels/document.xml.rels", lambda data: data.replace(b"</Relationships>", extra))
    with zipfile.ZipFile(reference, "a") as package:
        assert "word/_rels/settings.xml.rels" not in package.namelist()
        package.writestr("word/_rels/settings.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\\Users\\'
            'ana\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm" TargetMode="External"/></Relationships>'))
    built = cli("build", "--root", str(workspace), "--format", "docx")
    assert built.exit_code == 0, built.output


def test_fonts_folder_missing_is_refused_by_check_with_its_line(workspace):
    """Issue 12 bug 5: check said 'no problems found' and the build printed a garbled message."""
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nfonts: fonts")
    expected = ("report.yml:28: error: the fonts folder 'fonts' does not exist (create it and put .ttf/.otf files "
                "in it, or remove the 'fonts:' key)")
    checked = cli("check", "--root", str(workspace))
    assert lines(checked) == [expected, "1 error, 0 warnings"]
    built = cli("build", "--root", str(workspace), "--format", "pdf")
    assert lines(built) == [expected, "1 error: nothing was written"]


def test_an_output_is_never_written_into_the_fonts_folder_report_yml_names(workspace):
    """The report's own fonts are what it is made of, like templates/: --output may not land there."""
    import shutil

    from assemble.render.pdf.compile import BUNDLED_FONTS

    shutil.copytree(BUNDLED_FONTS, workspace / "typefaces")
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nfonts: typefaces")
    before = sorted(p.name for p in (workspace / "typefaces").iterdir())
    result = cli("build", "--root", str(workspace), "--output", str(workspace / "typefaces" / "report.docx"))
    assert result.exit_code == 1
    assert lines(result) == ["typefaces/report.docx: error: this is in the fonts folder "
                             "report.yml names, which holds what the report is made of; an output may not be "
                             "written there (name a file in build/ or outside the report folder)",
                             "1 error: nothing was written"]
    assert sorted(p.name for p in (workspace / "typefaces").iterdir()) == before
    assert cli("build", "--root", str(workspace), "--output", str(workspace / "build" / "r.docx")).exit_code == 0


def test_fonts_folder_outside_needs_the_opt_in(workspace, tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    edit(workspace / "report.yml", "output: test-report", f"output: test-report\nfonts: {fonts}")
    result = cli("check", "--root", str(workspace))
    assert (f"report.yml:28: error: the fonts folder '{fonts}' is outside the report folder (move the fonts into "
            "the report folder, or list the folder under 'allow_outside:' in report.yml)") in lines(result)


def test_a_font_linked_outside_is_refused(workspace, tmp_path):
    """The fonts folder itself is inside, but one font in it is a link to a file of the machine."""
    (workspace / "fonts").mkdir()
    (workspace / "fonts" / "Body.ttf").symlink_to("/etc/passwd")
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nfonts: fonts")
    checked = cli("check", "--root", str(workspace))
    expected = ("fonts/Body.ttf: error: this is a link to /etc/passwd, outside the report folder; assemble reads only "
                "files inside the report folder (replace the link with a copy of the file, or list the folder under "
                "'allow_outside:' in report.yml)")
    assert lines(checked) == [expected, "1 error, 0 warnings"]
    built = cli("build", "--root", str(workspace), "--format", "pdf")
    assert lines(built) == [expected, "1 error: nothing was written"]
    assert not (workspace / "build" / "test-report.pdf").exists()


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_a_pdf_template_cannot_read_a_file_of_the_machine(workspace, tmp_path, how):
    """Typst's root was the folder common to the template and the data (often '/'): a committed
    report.typ could #read any file of the machine into the PDF."""
    secret = tmp_path / "secret.txt"
    secret.write_text("MACHINE-SECRET\n")
    asked = str(secret) if how == "absolute" else "../" * len(workspace.parts) + str(secret).lstrip("/")
    (workspace / "templates").mkdir()
    (workspace / "templates" / "report.typ").write_text(f'#let x = 1\n#read("{asked}")\n')
    why = (f"file not found (searched at {secret})" if how == "absolute"
           else f'path `"{asked}"` would escape the project root')
    expected = (f"templates/report.typ:2: error: the PDF could not be made: {why}; a PDF template can read only "
                "files in its own folder, templates/ (an error in the PDF template; check templates/report.typ)")
    checked = cli("check", "--root", str(workspace))
    assert lines(checked) == [expected, "1 error, 0 warnings"]
    built = cli("build", "--root", str(workspace), "--format", "pdf")
    assert lines(built) == [expected, "1 error: nothing was written"]
    assert not (workspace / "build" / "test-report.pdf").exists()


def test_an_error_in_a_file_the_pdf_template_imports_names_that_file(workspace):
    """Typst compiles a copy of templates/; its errors still name the report's own files."""
    from assemble.templates_loader import DEFAULTS

    (workspace / "templates" / "lib").mkdir(parents=True)
    (workspace / "templates" / "report.typ").write_text('#import "lib/extra.typ": *\n'
                                                        + (DEFAULTS / "report.typ").read_text())
    (workspace / "templates" / "lib" / "extra.typ").write_text("#let extra = 1\n#let y = (\n")
    expected = ("templates/lib/extra.typ:2: error: the PDF could not be made: unclosed delimiter (an error in the "
                "PDF template; check templates/report.typ)")
    assert lines(cli("check", "--root", str(workspace))) == [expected, "1 error, 0 warnings"]
    assert lines(cli("build", "--root", str(workspace), "--format", "pdf")) == [expected, "1 error: nothing was written"]


def test_an_own_pdf_template_without_a_title_is_told_to_set_one(workspace):
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "report.typ").write_text("Just words\n")
    built = cli("build", "--root", str(workspace), "--format", "pdf")
    assert built.exit_code == 1
    assert "PDF/UA-1 error: missing document title" in built.output
    assert "keep `#set document(title: ...)` in templates/report.typ" in built.output
    assert "Traceback" not in built.output


def test_a_pdf_template_still_reads_the_files_beside_it(workspace):
    (workspace / "templates" / "lib").mkdir(parents=True)
    (workspace / "templates" / "lib" / "beside.txt").write_text("Words kept beside the template\n")
    (workspace / "templates" / "report.typ").write_text(
        '#set document(title: "Own template")\n#import "lib/more.typ": more\n#read("lib/beside.txt")\n#more\n')
    (workspace / "templates" / "lib" / "more.typ").write_text("#let more = [And an imported line]\n")
    built = cli("build", "--root", str(workspace), "--format", "pdf")
    assert built.exit_code == 0, built.output
    from pdfread import Pdf

    assert " ".join(Pdf(workspace / "build" / "test-report.pdf").pages).split() == \
        "Words kept beside the template And an imported line".split()


# ---- YAML and dates -----------------------------------------------------------------------

LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))


@pytest.mark.parametrize("text, line, message", [
    ("a: &a\n  b: *a\n", 2, "the YAML alias '*a' refers to the value that contains it (an endless value); "
                            "write the value out instead"),
    ("l0: &l0 [lol, lol]\n" + LAUGHS, 2, "the YAML aliases ('*l0') repeat values more than 1,000 times; write the "
                                          "values out instead of using '&' and '*'"),
    ("a: 1\nb: !!python/object/apply:os.system [echo]\n", 2,
     "the YAML tag '!!python/object/apply:os.system' is not understood; write the value as plain text"),
    ("a: 1\n\nb: !mine x\n", 3, "the YAML tag '!mine' is not understood; write the value as plain text"),
    ("date: 2026-02-30\n", 1, "'2026-02-30' is not a date that exists (day is out of range for month); write a "
                              "real date as YYYY-MM-DD"),
    ("date: 2026-03-01 25:00:00\n", 1, "'2026-03-01 25:00:00' is not a date that exists (hour must be in 0..23); "
                                       "write a real date as YYYY-MM-DD"),
])
def test_yaml_refusals(text, line, message):
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_small_aliases_still_work():
    data, lines_ = load_yaml("base: &b {name: A}\nlist: [*b, *b]\n")
    assert data == {"base": {"name": "A"}, "list": [{"name": "A"}, {"name": "A"}]}
    assert lines_[("list", 1, "name")] == 2  # where the alias is written


def test_billion_laughs_in_report_yml_is_refused_quickly(workspace):
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nl0: &l0 [lol, lol]\n" + LAUGHS)
    result = cli("check", "--root", str(workspace))
    assert lines(result)[0] == ("report.yml:29: error: the YAML aliases ('*l0') repeat values more than 1,000 times; "
                                "write the values out instead of using '&' and '*'")


def test_recursive_alias_in_front_matter(workspace):
    edit(workspace / "sections" / "art-9.md", "status: draft", "status: draft\nx: &x [*x]")
    result = cli("check", "--root", str(workspace))
    assert ("sections/art-9.md:7: error: the YAML alias '*x' refers to the value that contains it (an endless "
            "value); write the value out instead") in lines(result)


@pytest.mark.parametrize("date, message", [
    ("2026-02-30", "'2026-02-30' is not a date that exists (day is out of range for month); write a real date as "
                   "YYYY-MM-DD"),
    ("'2026-02-30'", "date '2026-02-30' does not exist (day is out of range for month)"),
    ("2026-03-01 25:00:00", "'2026-03-01 25:00:00' is not a date that exists (hour must be in 0..23); write a real "
                            "date as YYYY-MM-DD"),
    ("2108-01-01", "date '2108-01-01' is outside 1980-2107, the years a DOCX file (a ZIP archive) can record; "
                   "check the year"),
])
def test_impossible_dates_in_report_yml(workspace, date, message):
    edit(workspace / "report.yml", "date: 2026-03-01", f"date: {date}")
    both(workspace, f"report.yml:18: error: {message}")


# ---- the command line ---------------------------------------------------------------------

def test_unknown_format_is_a_usage_error(workspace):
    """Issue 12 bug 7: click's usage error came out as 'internal error: BadParameter'."""
    result = cli("build", "--root", str(workspace), "--format", "docx,odt")
    assert result.exit_code == 2
    assert lines(result)[-1] == "Error: Invalid value for --format: unknown format odt; use docx, pdf or html"


@pytest.mark.parametrize("args, message", [
    (["--output", "custom/out.docx", "--format", "docx,pdf"],
     "Error: Invalid value for --output: one file cannot hold docx and pdf; build one format per --output, or "
     "leave --output out to write each into build/"),
    (["--output", "r.docx", "--format", "pdf"],
     "Error: Invalid value for --output: 'r.docx' ends in .docx but --format is pdf; name the file r.pdf or drop "
     "--format"),
    (["--output", "r.odt"],
     "Error: Invalid value for --output: 'r.odt' must end in .docx, .pdf or .html (the extension picks the format)"),
])
def test_output_names_one_file_of_its_own_format(workspace, args, message):
    result = cli("build", "--root", str(workspace), *args)
    assert result.exit_code == 2
    assert lines(result)[-1] == message
    assert not (workspace / "build").exists() and not Path("custom").exists() and not Path("r.docx").exists()


@pytest.mark.parametrize("args, message", [
    (["export", "--lang", "ru", "--output", "report.yml"],
     "Error: Invalid value for --output: 'report.yml' must end in .xlf, .xliff or .po (the extension picks the format)"),
    (["export", "--lang", "ru", "--format", "po", "--output", "x.xlf"],
     "Error: Invalid value for --output: 'x.xlf' ends in .xlf but --format is po; name the file x.po or drop --format"),
    (["diff", "--since", "HEAD", "--output", "x.pdf"],
     "Error: Invalid value for --output: 'x.pdf' must end in .docx (the redline is a DOCX)"),
    (["diff", "--since", "HEAD", "--format", "text", "--output", "t.txt"],
     "Error: Invalid value for --output: the text summary is printed, not written to a file; leave --output out, "
     "or use --format docx for the redline"),
    (["build", "--review", "--output", "r.pdf"],
     "Error: Invalid value for --output: 'r.pdf' must end in .docx (a review copy is a DOCX)"),
])
def test_every_output_names_one_file_of_its_own_format(workspace, args, message):
    """One rule for build, diff and export: `export --output report.yml` had replaced report.yml."""
    before = (workspace / "report.yml").read_bytes()
    result = cli(args[0], "--root", str(workspace), *args[1:])
    assert (result.exit_code, lines(result)[-1]) == (2, message)
    assert (workspace / "report.yml").read_bytes() == before


def test_the_extension_of_an_export_output_picks_its_format(workspace, tmp_path):
    result = cli("export", "--root", str(workspace), "--lang", "ru", "--output", str(tmp_path / "ru.po"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ru.po").read_text(encoding="utf-8").startswith("#")  # a PO file, not XLIFF


@pytest.mark.parametrize("own", ["sections/new.docx", "templates/reference.docx", "footnotes/x.po",
                                 "translations/ru/ru.xlf"])
def test_an_output_among_the_report_sources_is_refused(workspace, own):
    folder = own.split("/")[0]
    args = (["export", "--lang", "ru"] if own.endswith((".po", ".xlf")) else ["build"]) + ["--output", str(workspace / own)]
    result = cli(args[0], "--root", str(workspace), *args[1:])
    assert (result.exit_code, lines(result)) == (1, [
        f"{own}: error: this is in the report's {folder}/ folder, which holds what the report is made of; an output "
        "may not be written there (name a file in build/ or outside the report folder)",
        "1 error: nothing was written"])
    assert not (workspace / own).exists()


def test_output_whose_parent_is_a_file(workspace, tmp_path):
    (tmp_path / "x").write_text("a file")
    result = cli("build", "--root", str(workspace), "--output", str(tmp_path / "x" / "out.docx"))
    assert result.exit_code == 1
    assert lines(result) == [f"{tmp_path / 'x'}: error: a file is in the way where a folder is needed (move or "
                             "rename the file)", "1 error: nothing was written"]


def test_build_folder_that_is_a_file(workspace):
    (workspace / "build").write_text("not a folder")
    result = cli("build", "--root", str(workspace), "--format", "docx")
    assert lines(result) == ["build: error: a file is in the way where a folder is needed (move or rename the file)",
                             "1 error: nothing was written"]
    assert (workspace / "build").read_text() == "not a folder"


def test_direction_control_in_a_cross_reference_is_refused(workspace):
    edit(workspace / "sections" / "art-9.md", "Detention is common.", "Detention is common (@para:\u202emethod).")
    result = cli("check", "--root", str(workspace))
    assert ("sections/art-9.md:8: error: the cross-reference '@para:method' holds an invisible direction control "
            "(U+202E) (delete it: it makes the text show in another order than it reads)") in lines(result)


def test_ctrl_c_prints_one_line(workspace):
    """SIGINT while the build works: one line, exit 130, no traceback, no temporary file."""
    script = ("import os, signal, sys\n"
              "import assemble.build as b\n"
              "real = b.render\n"
              "def render(*a, **k):\n"
              "    os.kill(os.getpid(), signal.SIGINT)\n"
              "    return real(*a, **k)\n"
              "b.render = render\n"
              "from assemble.cli import main\n"
              "main(['build', '--root', sys.argv[1], '--format', 'docx'])\n")
    done = subprocess.run([sys.executable, "-c", script, str(workspace)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130
    assert done.stderr.splitlines() == ["interrupted: nothing more was written; files already in build/ are as "
                                        "they were"]
    assert not (workspace / "build").exists() or not list((workspace / "build").glob(".*.tmp"))


def test_a_bom_on_every_file_changes_nothing(workspace, tmp_path):
    """Files saved by Notepad or Word start with a UTF-8 BOM; the outputs must be byte-identical."""
    import shutil

    from assemble.templates_loader import DEFAULTS

    shutil.copytree(DEFAULTS, workspace / "templates", ignore=shutil.ignore_patterns("*.docx", "*.py"))
    assert cli("freeze", "--root", str(workspace)).exit_code == 0
    plain = tmp_path / "plain"
    shutil.copytree(workspace, plain)
    texts = [p for p in workspace.rglob("*") if p.is_file() and p.suffix in (".yml", ".md", ".bib", ".j2", ".typ", ".lock")]
    assert len(texts) == 11  # report.yml, 4 sections, 1 .bib, 4 templates (with report.html.j2), sections.lock
    for path in texts:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    for root in (plain, workspace):
        assert cli("build", "--root", str(root), "--no-cache").exit_code == 0
        assert cli("status", "--root", str(root), "--lang", "ru").exit_code == 1  # nothing translated yet
    for name in ("test-report.docx", "test-report.pdf"):
        assert (workspace / "build" / name).read_bytes() == (plain / "build" / name).read_bytes(), name


# ---- the build cache: every input that changes an output --------------------------------------

def built_again(workspace: Path, *args: str) -> bool:
    """True when `build` really built (False: '(unchanged)')."""
    result = cli("build", "--root", str(workspace), "--format", "docx", *args)
    assert result.exit_code == 0, result.output
    return not result.output.strip().endswith("(unchanged)")


def test_cache_fingerprints_the_fonts_folder(workspace):
    """Issue 12 bug 6: a replaced font gave '(unchanged)' and a stale PDF."""
    from assemble.render.pdf.compile import BUNDLED_FONTS

    fonts = workspace / "fonts"
    fonts.mkdir()
    (fonts / "Mine.ttf").write_bytes((BUNDLED_FONTS / "LiberationSerif-Regular.ttf").read_bytes())
    edit(workspace / "report.yml", "output: test-report", "output: test-report\nfonts: fonts")
    assert built_again(workspace)
    assert not built_again(workspace)
    (fonts / "Mine.ttf").write_bytes((BUNDLED_FONTS / "LiberationSerif-Bold.ttf").read_bytes())
    assert built_again(workspace)
    assert not built_again(workspace)
    (fonts / "More.ttf").write_bytes((BUNDLED_FONTS / "LiberationSerif-Italic.ttf").read_bytes())
    assert built_again(workspace)


def test_cache_fingerprints_files_a_template_includes(workspace):
    (workspace / "templates" / "lib").mkdir(parents=True)
    extra = workspace / "templates" / "lib" / "extra.typ"
    extra.write_text("#let extra = 1\n")
    assert built_again(workspace)
    assert not built_again(workspace)
    extra.write_text("#let extra = 2\n")
    assert built_again(workspace)


def test_no_cache_builds_and_refreshes_the_record(workspace):
    assert built_again(workspace)
    assert built_again(workspace, "--no-cache")
    assert not built_again(workspace)


# ---- temporary files: cleaned on every exit, and after a kill on the next write ---------------

def test_temporary_file_of_a_killed_build_is_removed_by_the_next(workspace):
    """SIGKILL cannot be caught: the next write into the folder removes what it left."""
    script = ("import os, signal, sys\n"
              "import assemble.output as o\n"
              "real = o._write_synced\n"
              "def write(tmp, path, data):\n"
              "    real(tmp, path, data)\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n"
              "o._write_synced = write\n"
              "from assemble.cli import main\n"
              "main(['build', '--root', sys.argv[1], '--format', 'docx'])\n")
    done = subprocess.run([sys.executable, "-c", script, str(workspace)], capture_output=True, text=True, timeout=120)
    assert done.returncode == -9
    left = sorted(p.name for p in (workspace / "build").iterdir())
    assert len(left) == 1 and left[0].startswith(".test-report.docx.") and left[0].endswith(".tmp"), left
    assert cli("build", "--root", str(workspace), "--format", "docx").exit_code == 0
    assert sorted(p.name for p in (workspace / "build").iterdir()) == [".cache", "test-report.docx"]


def test_a_kill_while_the_parse_cache_is_saved_is_cleaned_by_the_next_build(workspace):
    """The parse cache (build/.cache/parse) is written after the outputs; a SIGKILL there leaves
    its temporary file, which the next build removes."""
    script = ("import os, signal, sys\n"
              "real = os.replace\n"
              "def replace(src, dst):\n"
              "    if '/parse/' in str(dst):\n"
              "        os.kill(os.getpid(), signal.SIGKILL)\n"
              "    return real(src, dst)\n"
              "os.replace = replace\n"
              "from assemble.cli import main\n"
              "main(['build', '--root', sys.argv[1], '--format', 'docx'])\n")
    done = subprocess.run([sys.executable, "-c", script, str(workspace)], capture_output=True, text=True, timeout=120)
    assert done.returncode == -9
    parse = workspace / "build" / ".cache" / "parse"
    left = [p.name for p in parse.iterdir()]
    assert len(left) == 1 and left[0].startswith(".") and left[0].endswith(".tmp"), left
    assert cli("build", "--root", str(workspace), "--format", "docx", "--no-cache").exit_code == 0
    assert sorted(p.suffix for p in parse.iterdir()) == [".json"] * 4  # one entry per section, no temporary file


def test_ctrl_c_while_the_parse_cache_is_saved_leaves_no_temporary_file(workspace, monkeypatch):
    real = os.replace

    def replace(src, dst):
        if "/parse/" in str(dst):
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = CliRunner().invoke(main, ["build", "--root", str(workspace), "--format", "docx"], catch_exceptions=False)
    monkeypatch.undo()
    assert (result.exit_code, lines(result)) == (130, ["interrupted: nothing more was written; files already in "
                                                       "build/ are as they were"])
    assert [p.name for p in (workspace / "build" / ".cache" / "parse").iterdir()] == []


def test_temporary_file_of_a_live_writer_is_left_alone(workspace):
    (workspace / "build").mkdir()
    mine = workspace / "build" / f".test-report.docx.{os.getpid()}-0123abcd.tmp"  # this process is alive
    mine.write_bytes(b"in progress")
    assert cli("build", "--root", str(workspace), "--format", "docx").exit_code == 0
    assert mine.read_bytes() == b"in progress"


def test_sigterm_from_outside_leaves_no_temporary_file(workspace):
    """A real SIGTERM (another process, e.g. a CI runner cancelling the job) while the outputs are written."""
    assert cli("build", "--root", str(workspace), "--format", "docx").exit_code == 0
    before = (workspace / "build" / "test-report.docx").read_bytes()
    edit(workspace / "sections" / "art-9.md", "Detention is common.", "Detention is frequent.")
    script = ("import os, signal, sys, time\n"
              "import assemble.output as o\n"
              "real = o._write_synced\n"
              "def write(tmp, path, data):\n"
              "    real(tmp, path, data)\n"
              "    print('written', flush=True)\n"
              "    time.sleep(60)\n"
              "o._write_synced = write\n"
              "from assemble.cli import main\n"
              "main(['build', '--root', sys.argv[1], '--format', 'docx'])\n")
    process = subprocess.Popen([sys.executable, "-c", script, str(workspace)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "written\n"  # the temporary file is on the disk now
    process.terminate()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert err.splitlines() == ["stopped (SIGTERM): nothing more was written; files already in build/ are as they "
                                "were"]
    assert sorted(p.name for p in (workspace / "build").iterdir()) == [".cache", "test-report.docx"]
    assert (workspace / "build" / "test-report.docx").read_bytes() == before


def test_cache_fingerprints_every_file_at_the_top_of_the_report(workspace):
    """Inputs read from the report folder itself (upr-recommendations.csv, ...) are never forgotten."""
    assert built_again(workspace)
    assert not built_again(workspace)
    (workspace / "upr-recommendations.csv").write_text("number,state,recommendation,response\n")
    assert built_again(workspace)


def test_a_template_cannot_include_a_file_outside_templates(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.j2").write_text('title: x\n{% include "../../../etc/passwd" %}\n')
    both(workspace, "templates/cover.j2:2: error: template error: there is no template '../../../etc/passwd' to "
                    "include (a template may include only files in templates/ (a path without '..'))")


def test_an_included_template_linked_outside_is_refused(workspace, tmp_path):
    (tmp_path / "extra.j2").write_text("text: outside\n")
    (workspace / "templates" / "lib").mkdir(parents=True)
    (workspace / "templates" / "lib" / "extra.j2").symlink_to(tmp_path / "extra.j2")
    (workspace / "templates" / "cover.j2").write_text('title: x\n{% include "lib/extra.j2" %}\n')
    both(workspace, f"templates/lib/extra.j2: error: this is a link to {tmp_path / 'extra.j2'}, outside the report "
                    "folder; assemble reads only files inside the report folder (replace the link with a copy of the "
                    "file, or list the folder under 'allow_outside:' in report.yml)")


def test_a_folder_where_the_output_goes(workspace):
    (workspace / "build" / "test-report.docx").mkdir(parents=True)
    result = cli("build", "--root", str(workspace), "--format", "docx")
    assert lines(result) == ["build/test-report.docx: error: this is a folder, not a file (move or rename the "
                             "folder, or choose another file name)", "1 error: nothing was written"]
    assert [p.name for p in (workspace / "build").iterdir()] == ["test-report.docx"]


def test_import_never_reads_a_fifo(workspace, tmp_path):
    os.mkfifo(tmp_path / "ru.po")
    result = cli("import", "--root", str(workspace), str(tmp_path / "ru.po"))
    assert lines(result) == [f"{tmp_path / 'ru.po'}: error: this is a named pipe (FIFO), not a file; assemble reads "
                             "only regular files (delete it, or put a real file in its place)",
                             "1 error: nothing was written"]


def test_ctrl_c_while_the_command_starts_up(tmp_path):
    script = ("import builtins, os, signal\n"
              "real = builtins.__import__\n"
              "def imp(name, *a, **k):\n"
              "    if name == 'click':\n"
              "        os.kill(os.getpid(), signal.SIGINT)\n"
              "    return real(name, *a, **k)\n"
              "builtins.__import__ = imp\n"
              "from assemble.cli import main\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (130, "interrupted: nothing was written\n")


# ---- hostile exchange files -------------------------------------------------------------------

def translated_xliff(workspace: Path, doctype: str) -> Path:
    """The report's XLIFF, every unit translated as 'RU ' + a reference to the entity `&e;`, with `doctype`."""
    import re

    from assemble.translate.commands import do_export

    path = do_export(workspace, "ru", "xliff", workspace.parent / "ru.xlf")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<source>(.*?)</source>", lambda m: f"{m[0]}<target>RU &e; {m[1]}</target>", text, flags=re.S)
    path.write_text(text.replace("?>\n", "?>\n" + doctype + "\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("entities", [
    '<!ENTITY e SYSTEM "file://{secret}">',  # a file of the machine that imports
    '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + '<!ENTITY e "&l9;">',  # a billion laughs
])
def test_xliff_that_declares_entities_is_refused(workspace, tmp_path, entities):
    secret = tmp_path / "secret.txt"
    secret.write_text("the machine's secret\n")
    path = translated_xliff(workspace, "<!DOCTYPE xliff [\n" + entities.format(secret=secret) + "\n]>")
    result = cli("import", "--root", str(workspace), str(path))
    assert result.exit_code == 1
    assert lines(result) == [f"{path}:3: error: this XLIFF file declares XML entities (<!ENTITY ...>), which "
                             "assemble does not read (export the file again from your CAT tool, or delete the "
                             "<!DOCTYPE ...> part: XLIFF needs no entities)", "1 error: nothing was written"]
    assert not (workspace / "translations").exists()


def test_xliff_with_the_public_doctype_of_xliff_1_is_read(workspace):
    """Older CAT tools name XLIFF's DTD; it is never fetched and the file imports."""
    path = translated_xliff(workspace, '<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
                                       '"http://www.oasis-open.org/committees/xliff/documents/xliff.dtd">')
    path.write_text(path.read_text(encoding="utf-8").replace("&e; ", ""), encoding="utf-8")
    result = cli("import", "--root", str(workspace), str(path))
    assert result.exit_code == 0, result.output
    intro = (workspace / "translations" / "ru" / "intro.md").read_text(encoding="utf-8")
    assert "\nRU This report is submitted by a coalition of NGO members.[^method]\n" in intro


def test_po_file_that_names_another_file_is_refused(workspace, tmp_path):
    """polib reads a file when the text it is given names one: a PO file holding the name of a
    translated PO file elsewhere on the machine imported that file."""
    import polib

    from assemble.translate.commands import do_export

    elsewhere = do_export(workspace, "ru", "po", tmp_path / "elsewhere.po")
    catalogue = polib.pofile(str(elsewhere))
    for entry in catalogue:
        entry.msgstr = "SECRET " + entry.msgid
    catalogue.save(str(elsewhere))
    hostile = tmp_path / "ru.po"
    hostile.write_text(str(elsewhere), encoding="utf-8")
    result = cli("import", "--root", str(workspace), str(hostile))
    assert result.exit_code == 1
    assert lines(result) == [f"{hostile}: error: this PO file holds the name of another file, not translations "
                             "(export the file again with 'assemble export --format po' and translate that)",
                             "1 error: nothing was written"]
    assert not (workspace / "translations").exists()


def test_translated_units_whose_ids_were_changed_are_not_dropped(workspace):
    """A unit id that is no unit of the report (a path, a renamed id) would have been skipped without
    a word, and its section reported as 'not translated'."""
    path = translated_xliff(workspace, "")
    text = path.read_text(encoding="utf-8").replace("&e; ", "")
    path.write_text(text.replace('id="intro/p1"', 'id="../../outside/x/p1"')
                    .replace('id="intro/p2"', 'id="intro/p2-renamed"'), encoding="utf-8")
    result = cli("import", "--root", str(workspace), str(path))
    assert result.exit_code == 1
    assert lines(result) == [
        f"{path}: error: section 'intro' has 2 untranslated or unconfirmed units (intro/p1, intro/p2); translate "
        "them, or leave the whole section empty to import it later",
        f"{path}: error: 2 units of the file are not in the report ('../../outside/x/p1', 'intro/p2-renamed'), so "
        "their text would be lost (keep the unit ids as 'assemble export' wrote them, or export the file again)",
        "2 errors: nothing was written"]
    assert not (workspace / "translations").exists()
