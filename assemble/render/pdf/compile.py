"""One Typst compile of templates/report.typ over the report data; Typst errors become our Problems."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import typst

from assemble.model import Loc, Report
from assemble.load.inputs import fonts_folder
from assemble.problems import BuildError, Problem, Problems
from assemble.render.pdf.data import report_data
from assemble.render.pdf.notes import repair_notes, repair_widows
from assemble.templates_loader import template_path

BUNDLED_FONTS = Path(__file__).resolve().parent.parent.parent / "fonts"
# Times New Roman metrics (as the DOCX), then Typst's own serif for anything Liberation lacks.
BODY_FONTS = ["Liberation Serif", "Libertinus Serif"]
# Chinese, Japanese and Korean text (names, titles of sources): Liberation and Libertinus have no
# glyphs for it, so the PDF takes Noto Serif CJK where the system has it (Debian/Ubuntu package
# fonts-noto-cjk; Fedora and Arch folders too). Only looked for when the report holds such text.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
CJK_FOLDERS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"),
               Path("/usr/share/fonts/google-noto-cjk"), Path("/usr/share/fonts/noto-cjk-fonts")]
CJK_FAMILIES = ["Noto Serif CJK SC", "Noto Sans CJK SC"]
MAX_NOTE_FIXES = 6  # note and widow repairs, each one more compile (render/pdf/notes.py)
# Accessible by default: PDF/UA-1 (tagged structure, document title shown, language, alt texts),
# which the CRPD asks for and every reader with a screen reader needs (docs/pdf.md).
PDF_STANDARDS = ["ua-1"]


def cjk_fonts(text: str, own_families: list[str] = ()) -> list[Path] | None:
    """The font folders CJK text in `text` needs: [] when none is needed or the report's own
    fonts have it, None when the text needs one and none is installed."""
    if not CJK.search(text) or any("CJK" in f or "Han" in f for f in own_families):
        return []
    found = [f for f in CJK_FOLDERS if any(f.glob("Noto*CJK*"))]
    return found[:1] or None


DIAGNOSTIC_AT = re.compile(r"┌─ (?P<file>[^\n:]+):(?P<line>\d+):\d+")


@dataclass
class Job:
    """Everything one compile needs: kept together so a failure can be retried piece by piece."""

    template: Path
    font_paths: list[Path]
    data: dict
    locs: list[Loc | None] = field(default_factory=list)
    timestamp: dt.datetime | None = None
    notes: dict[int, dict] = field(default_factory=dict)
    note_blocks: dict[int, dict] = field(default_factory=dict)
    standards: list[str] = field(default_factory=list)


def standards_for(data: dict) -> list[str]:
    """PDF/UA-1, unless a heading skips a level (`##` then `####`), which the standard forbids:
    that PDF is only tagged, and `assemble check` warns about the heading (checks/accessibility.py)."""
    previous = 0
    for item in data["body"]:
        if item.get("t") == "h":
            if item["level"] > previous + 1:
                return []
            previous = item["level"]
    return list(PDF_STANDARDS)


def prepare(report: Report, root: Path) -> Job:
    config = report.config
    font_paths = [BUNDLED_FONTS]
    own_families: list[str] = []
    if config.fonts:
        problems = Problems(root)
        folder = fonts_folder(root, config, problems)  # `check` refuses the same folder first
        problems.raise_if_errors()
        font_paths.append(folder)
        own_families = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                                   font_paths=[str(folder)]).families()
    data, locs, notes, note_blocks = report_data(report)
    # A report's own fonts come first: a folder holding Times New Roman makes the PDF use it.
    data["fonts"] = sorted(set(own_families)) + [f for f in BODY_FONTS if f not in own_families]
    cjk = cjk_fonts(json.dumps(data, ensure_ascii=False), own_families)
    if cjk:
        font_paths.extend(cjk)
        data["fonts"] += CJK_FAMILIES
    year, month, day = data["meta"]["date"]
    stamp = dt.datetime(year, month, day, tzinfo=dt.timezone.utc)
    return Job(template_path(root, "report.typ"), font_paths, data, locs, stamp, notes, note_blocks,
               standards_for(data))


def compiler_for(job: Job) -> typst.Compiler:
    return typst.Compiler(str(job.template), root=str(job.template.parent),
                          font_paths=[str(p) for p in job.font_paths], ignore_system_fonts=True,
                          sys_inputs={"data": json.dumps(job.data, ensure_ascii=False)})


def compile_job(job: Job) -> bytes:
    """Compile; if Typst left a note on the wrong page or a single line at the top of a page,
    repair the data and compile again (rare). The queries that check reuse the compile's layout
    from Typst's cache, so they cost little."""
    compiler = compiler_for(job)
    pdf = compiler.compile(format="pdf", timestamp=job.timestamp, pdf_standards=job.standards)
    paragraphs = {b["k"]: b for b in job.data.get("body", []) if isinstance(b, dict) and "k" in b}
    for _ in range(MAX_NOTE_FIXES):
        try:
            placements = json.loads(compiler.query("<assemble-note>", field="value"))
            positions = json.loads(compiler.query("<assemble-par>", field="value"))
        except (RuntimeError, ValueError):  # a report's own template may not record placements
            break
        # Notes first: a note on the wrong page is an error, a widow only a blemish.
        if not repair_notes(job.notes, job.note_blocks, placements) and \
                not repair_widows(paragraphs, positions):
            break
        compiler = compiler_for(job)
        pdf = compiler.compile(format="pdf", timestamp=job.timestamp, pdf_standards=job.standards)
    return pdf


def compile_report(report: Report, root: Path) -> bytes:
    job = prepare(report, root)
    try:
        return compile_job(job)
    except typst.TypstError as exc:
        raise BuildError([explain(job, exc, root)]) from None


def template_problem(report: Report, root: Path) -> Problem | None:
    """A report's own templates/report.typ compiled without the body, so that `check` refuses a
    broken template (a syntax error anywhere in it) before a build does; None when it compiles."""
    job = prepare(report, root)
    alone = dict(job.data, toc=[], body=[], isolated=True)
    try:
        compile_job(Job(job.template, job.font_paths, alone, timestamp=job.timestamp))
    except typst.TypstError as exc:
        return explain(job, exc, root, look_in_body=False)
    return None


def explain(job: Job, exc: typst.TypstError, root: Path, look_in_body: bool = True) -> Problem:
    """Name the section line whose text broke the compile, found by compiling the body one block at
    a time (slow, but only after a failure); else the template line Typst reports."""
    message = "the PDF could not be made: " + " ".join(str(exc.message).split())

    def fails(body: list) -> bool:
        alone = dict(job.data, cover=[], toc=[], abbreviations=None, summary=None, isolated=True, body=body)
        try:
            # a fragment alone is no accessible document (its headings start anywhere): plain tags
            compile_job(Job(job.template, job.font_paths, alone, timestamp=job.timestamp))
        except typst.TypstError:
            return True
        return False

    if look_in_body and not fails([]):  # the template itself works: find the block whose text breaks it
        for index, loc in enumerate(job.locs):
            if loc is not None and fails([job.data["body"][index]]):
                return Problem(loc.file, loc.line, message, hint="the text here made Typst fail; please report it")
    found = DIAGNOSTIC_AT.search(exc.diagnostic or "")
    if found:
        # Typst prints the path relative to the working directory or to the project folder.
        shown = Path(found["file"])
        candidates = (Path.cwd() / shown, job.template.parent / shown, job.template.parent.parent / shown)
        file = next((c for c in candidates if c.exists()), shown)
        return Problem(_rel(file, root), int(found["line"]), message,
                       hint="an error in the PDF template; check templates/report.typ")
    return Problem(_rel(job.template, root), None, message)


def _rel(path: Path | str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
