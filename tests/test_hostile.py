"""Hostile inputs to every command (issue 13): whatever the language codes, ids, labels, output
names and links a partner commits, no command writes outside the report's build/, translations/
and sections.lock, or the files the user names on the command line; and none reads a file of
the machine into the outputs.

Each case prepares a report inside a watched folder that also holds files of "the machine"
(outside/); every command of the matrix then runs on it, and the whole watched folder is
compared before and after.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from lxml import etree

from assemble.cli import main
from conftest import WORKSPACE
from faults import assert_clean, run, snapshot

SECRET = "MACHINE-SECRET-7f3a"
LANGS = ["../sections", "../../outside/x", "/tmp/assemble-hostile", "ru/../../x", "..", ".", "ru\\..\\x",
         "ru\x00", "r" * 300, "ru/", "-ru", ""]
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def commands(lang: str = "ru", named: Path | None = None) -> list[list[str]]:
    """Every command of assemble, as the case's report is given to it ({root}, {file} filled in)."""
    return [
        ["build", "--root", "{root}", "--format", "docx"],
        ["build", "--root", "{root}", "--format", "docx", "--lang", lang, "--allow-missing"],
        ["build", "--root", "{root}", "--review"],
        ["check", "--root", "{root}"],
        ["stats", "--root", "{root}"],
        ["freeze", "--root", "{root}", "--tag", "../../outside/victim.txt"],  # a tag is a name in the lock
        ["status", "--root", "{root}", "--lang", lang],
        ["export", "--root", "{root}", "--lang", lang, "--format", "po"],
        ["export", "--root", "{root}", "--lang", lang, "--format", "xliff"],
        ["import", "--root", "{root}", "{file}"],
        ["comments", "--root", "{root}", "{root}/build/test-report.docx"],
        ["diff", "--root", "{root}", "--since", "HEAD", "--format", "text"],
        ["new", "{new}", "--treaty", "CAT", "--state-party", "Testland"],  # a folder the user names
        ["new", "{new}-2", "--treaty", "CAT", "--state-party", "Testland", "--lang", lang],
    ]


def test_every_command_is_tried():
    from test_faults import LONG_RUNNING  # a server until Ctrl-C: tests/test_preview.py

    assert {c[0] for c in commands()} | set(LONG_RUNNING) == set(main.commands), \
        "add the new command to commands() in tests/test_hostile.py (and COMMANDS in tests/test_faults.py)"


@pytest.fixture
def machine(tmp_path) -> Path:
    """A watched folder: the report in ws/, files of the machine in outside/."""
    shutil.copytree(WORKSPACE, tmp_path / "ws", ignore=shutil.ignore_patterns("build"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text(SECRET)
    (outside / "secret.md").write_text(f"---\nid: secret\npart: front\ntitle: Secret\n---\n{SECRET}\n")
    (outside / "cover.j2").write_text(f"title: {SECRET}\n")
    return tmp_path


def translated_file(machine: Path, fmt: str, language: str | None = None) -> Path:
    """An exported, fully translated exchange file outside the report, its language set to `language`."""
    root = machine / "ws"
    path = machine / f"translated.{fmt}"
    result = run(["export", "--root", str(root), "--lang", "ru", "--format", fmt, "--output", str(path)], machine)
    assert result.code == 0, result.output
    if fmt == "po":
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = "Перевод: " + entry.msgid
        if language is not None:
            po.metadata["Language"] = language
        po.save(str(path))
    else:
        tree = etree.parse(str(path))
        for file_el in tree.getroot().iter(XLIFF + "file"):
            if language is not None:
                file_el.set("target-language", language)
        for tu in tree.getroot().iter(XLIFF + "trans-unit"):
            source = tu.find(XLIFF + "source")
            target = tu.find(XLIFF + "target")
            if target is None:
                target = etree.Element(XLIFF + "target")
                source.addnext(target)
            target.attrib["state"] = "translated"
            target.text = "Перевод: " + (source.text or "")
            for child in list(target):
                target.remove(child)
            for child in source:
                copy = etree.SubElement(target, child.tag, dict(child.attrib))
                copy.tail = child.tail
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def run_all(machine: Path, argvs: list[list[str]], file: Path | None = None, named: tuple[Path, ...] = ()) -> None:
    """Run each command on ws/; nothing may change outside ws/build, ws/translations,
    ws/sections.lock and the files named on the command line; no output holds the secret."""
    root = machine / "ws"
    allowed = ("ws/build", "ws/translations", "ws/sections.lock", "new-report", "new-report-2",
               *(p.relative_to(machine).as_posix() for p in named))
    for argv in argvs:
        args = [a.format(root=root, file=file or machine / "none.po", new=machine / "new-report") for a in argv]
        outcome = run(args, machine)
        assert_clean(outcome, allowed)
        assert outcome.code in (0, 1, 2), outcome.output
    assert (machine / "outside" / "victim.txt").read_text() == SECRET
    for path in (root / "build").rglob("*") if (root / "build").is_dir() else []:
        if path.is_file() and path.suffix in (".docx", ".po", ".xlf"):
            import zipfile

            data = path.read_bytes()
            if path.suffix == ".docx":
                with zipfile.ZipFile(path) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            assert SECRET.encode() not in data, f"{path} holds a file of the machine"


# ---- language codes -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS, ids=repr)
def test_hostile_language_codes(machine, lang):
    run_all(machine, [c for c in commands(lang) if "--lang" in c])
    assert not (machine / "ws" / "translations").exists()
    assert sorted(p.name for p in machine.iterdir()) == ["outside", "ws"]


@pytest.mark.parametrize("fmt", ["po", "xliff"])
@pytest.mark.parametrize("lang", LANGS[:8], ids=repr)
def test_hostile_language_of_an_imported_file(machine, fmt, lang):
    if fmt == "xliff" and "\x00" in lang:
        pytest.skip("XML cannot hold a NUL character at all")
    sections = snapshot(machine / "ws" / "sections")
    path = translated_file(machine, fmt, lang)
    run_all(machine, [["import", "--root", "{root}", "{file}"]], file=path)
    assert snapshot(machine / "ws" / "sections") == sections  # the sources are never overwritten


# ---- ids, labels, output names ----------------------------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize("value", ["../../outside/x", "/tmp/assemble-hostile", "..", "build/../../x", "C:\\x",
                                   "nul\x00", "sections.lock", "../sections/intro"])
def test_hostile_output_names_ids_and_labels(machine, value):
    root = machine / "ws"
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "\\0")
    edit(root / "report.yml", "output: test-report", f'output: "{quoted}"')
    edit(root / "sections" / "art-9.md", "id: art-9", f'id: "{quoted}"')
    edit(root / "sections" / "intro.md", "{#para:method}", "{#para:" + value + "}")
    run_all(machine, commands())
    built = sorted(p.name for p in (root / "build").glob("*.docx")) if (root / "build").is_dir() else []
    assert all(name.replace(".docx", "").replace("-", "").isalnum() for name in built), built


def test_names_given_on_the_command_line_are_written_where_asked(machine):
    out = machine / "elsewhere" / "mine.docx"
    exported = machine / "elsewhere" / "ru.po"
    run_all(machine, [["build", "--root", "{root}", "--output", str(out)],
                      ["export", "--root", "{root}", "--lang", "ru", "--format", "po", "--output", str(exported)]],
            named=(out.parent,))
    assert out.read_bytes()[:2] == b"PK" and exported.exists()


# ---- output names that are the report's own files ---------------------------------------------

# Each --output a slip of the keyboard (or a partner's script) could give: the report's own files.
OWN_FILES = ["report.yml", "sections.lock", "sections/art-9.md", "sections/new.docx", "footnotes/sources.bib",
             "footnotes/x.po", "templates/reference.docx", "translations/ru/x.xlf", "translations/ru/intro.md"]
WRITERS_WITH_OUTPUT = [["build", "--root", "{root}", "--output", "{out}"],
                       ["build", "--root", "{root}", "--review", "--output", "{out}"],
                       ["export", "--root", "{root}", "--lang", "ru", "--format", "xliff", "--output", "{out}"],
                       ["export", "--root", "{root}", "--lang", "ru", "--format", "po", "--output", "{out}"],
                       ["diff", "--root", "{root}", "--since", "HEAD", "--output", "{out}"]]


def test_every_command_with_an_output_is_tried():
    with_output = {name for name, command in main.commands.items() if any("--output" in p.opts for p in command.params)}
    assert {argv[0] for argv in WRITERS_WITH_OUTPUT} == with_output, "add the command to WRITERS_WITH_OUTPUT"


@pytest.mark.parametrize("own", OWN_FILES)
def test_an_output_never_replaces_what_the_report_is_made_of(machine, own):
    """A file named with --output may be anywhere the user likes, except among the report's own
    files: `export --output report.yml` once replaced the report's settings with an XLIFF file,
    `diff --output report.yml` with a DOCX."""
    import subprocess

    from assemble.templates_loader import DEFAULTS

    root = machine / "ws"
    (root / "templates").mkdir()
    shutil.copy(DEFAULTS / "reference.docx", root / "templates" / "reference.docx")
    assert run(["freeze", "--root", str(root)], machine).code == 0
    assert run(["build", "--root", str(root), "--format", "docx"], machine).code == 0
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "sign-off"], check=True)
    edit(root / "sections" / "art-9.md", "Detention is common.", "Detention is frequent.")
    before = snapshot(root)
    for argv in WRITERS_WITH_OUTPUT:
        outcome = run([a.format(root=root, out=root / own) for a in argv], machine)
        assert_clean(outcome, ("ws/build", "ws/.git"))
        assert outcome.code in (1, 2), outcome.output
        assert {k: v for k, v in snapshot(root).items() if not k.startswith((".git", "build"))} == \
            {k: v for k, v in before.items() if not k.startswith((".git", "build"))}


# ---- links ------------------------------------------------------------------------------------

LINKS = {
    "build -> outside": ("build", "../outside"),
    "translations -> outside": ("translations", "../outside"),
    "translations/ru -> sections": ("translations/ru", "../sections"),
    "build/.cache -> outside": ("build/.cache", "../../outside"),
    "sections.lock -> victim": ("sections.lock", "../outside/victim.txt"),
    "output -> victim": ("build/test-report.docx", "../../outside/victim.txt"),
    "template -> secret": ("templates/cover.j2", "../../outside/cover.j2"),
    "section -> secret": ("sections/secret.md", "../../outside/secret.md"),
    "source -> secret": ("footnotes/secret.bib", "../../outside/victim.txt"),
    "translation -> secret": ("translations/ru/intro.md", "../../../outside/secret.md"),
    "templates -> outside": ("templates", "../outside"),
}


@pytest.mark.parametrize("case", LINKS)
def test_hostile_links(machine, case):
    where, target = LINKS[case]
    root = machine / "ws"
    path = translated_file(machine, "po")  # before the link: `import` then meets it
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    run_all(machine, commands(), file=path)
    sections = sorted(p.name for p in (root / "sections").iterdir())
    assert sections == sorted(["art-21.md", "art-9.md", "followup.md", "intro.md"]
                              + (["secret.md"] if case == "section -> secret" else []))
