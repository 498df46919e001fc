"""One Typst compile of templates/report.typ over the report data; Typst errors become our Problems."""
from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import typst

from assemble import paths
from assemble.model import Loc, Report
from assemble.load.inputs import fonts_folder
from assemble.problems import BuildError, Problem, Problems
from assemble.render.pdf.data import report_data
from assemble.render.pdf.fonts import BODY_FONTS, BUNDLED_FONTS, CJK_FAMILIES, cjk_fonts
from assemble.render.pdf.notes import repair_notes, repair_widows
from assemble.templates_loader import template_path

# Each repair (render/pdf/notes.py) costs one more compile. Note repairs always make progress (a
# fold or a remedy is never undone), so the bound is one of time; widows are only a blemish and
# their repairs can push notes off their page, so they are made in the first passes only.
MAX_LAYOUTS = 12
WIDOW_LAYOUTS = 2
TEMPLATE_COPY = "templates"  # in a session's folder, beside the data files
# Accessible by default: PDF/UA-1 (tagged structure, document title shown, language, alt texts),
# which the CRPD asks for and every reader with a screen reader needs (docs/pdf.md).
PDF_STANDARDS = ["ua-1"]
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
    chunks: list[int] = field(default_factory=lambda: [0])  # body index where each input file starts
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
    made = report_data(report)
    data = made.data
    # A report's own fonts come first: a folder holding Times New Roman makes the PDF use it.
    data["fonts"] = sorted(set(own_families)) + [f for f in BODY_FONTS if f not in own_families]
    cjk = cjk_fonts(json.dumps(data, ensure_ascii=False), own_families)
    if cjk:
        font_paths.extend(cjk)
        data["fonts"] += CJK_FAMILIES
    year, month, day = data["meta"]["date"]
    stamp = dt.datetime(year, month, day, tzinfo=dt.timezone.utc)
    return Job(template_path(root, "report.typ"), font_paths, data, made.locs, stamp, made.notes,
               made.note_blocks, made.chunks or [0], standards_for(data))


class TypstSession:
    """A Typst compiler and the folder of JSON files the template reads, kept together.

    The report reaches Typst as files: report.json (cover, contents, abbreviations, summary)
    naming one file per part heading and per section of the body. After an edit only the
    files whose data changed are rewritten, and a compiler kept between builds (assemble
    preview) lays out again only what depends on them: measured on a 100-page report, 0.25 s
    for a one-word edit against 4 s when the whole report was one input string (every element
    depends on that one input). A one-shot build uses a session in a temporary folder.
    """

    def __init__(self, folder: Path | None = None):
        self._temporary = None if folder else tempfile.TemporaryDirectory(prefix="assemble-typst-")
        self.folder = Path(folder or self._temporary.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written: dict[str, bytes] = {}
        self.copied: dict[str, bytes] = {}  # the template folder's files, as copied into TEMPLATE_COPY
        self.compiler: typst.Compiler | None = None
        self.key: tuple | None = None

    def __enter__(self) -> "TypstSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.compiler = None
        if self._temporary is not None:
            self._temporary.cleanup()

    def root(self, job: Job) -> Path:
        """Typst reads files only under its root, and a template may read any file there (#read,
        #image, #import): the root is this session's folder, holding the data files and a copy of
        the template's folder, so that a report's own report.typ cannot put a file of the machine
        into the PDF (`#read("/etc/passwd")` looks in this folder and finds nothing)."""
        return self.folder.resolve()

    def template(self, job: Job) -> Path:
        """The session's copy of the template's folder (templates/ of the report, whose files the
        path rule has checked, or the built-in one); only files that changed are written again."""
        source = job.template.parent
        target = self.folder / TEMPLATE_COPY
        wanted = {}
        for path in paths.files_under(source):
            if "__pycache__" not in path.parts and paths.is_regular(path):
                wanted[path.relative_to(source).as_posix()] = path.read_bytes()
        for name, content in wanted.items():
            if self.copied.get(name) != content:
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(content)
                self.copied[name] = content
        for name in set(self.copied) - set(wanted):
            (target / name).unlink(missing_ok=True)
            del self.copied[name]
        return target / job.template.name

    def write(self, job: Job) -> dict[str, str]:
        """Write the job's data files (only those that changed); the compiler's sys.inputs."""
        root = self.root(job)
        body = job.data.get("body", [])
        bounds = [*job.chunks, len(body)]
        files = {}
        for index, (start, end) in enumerate(zip(bounds, bounds[1:])):
            files[f"body-{index:04d}.json"] = body[start:end]
        report = dict(job.data, body=["/" + (self.folder.resolve() / name).relative_to(root).as_posix()
                                      for name in files])
        files["report.json"] = report
        for name, value in files.items():
            content = json.dumps(value, ensure_ascii=False).encode()
            if self.written.get(name) != content:
                (self.folder / name).write_bytes(content)
                self.written[name] = content
        for name in set(self.written) - set(files):
            (self.folder / name).unlink(missing_ok=True)
            del self.written[name]
        inputs = {"report": "/" + (self.folder.resolve() / "report.json").relative_to(root).as_posix()}
        if _reads_one_string(job.template):
            inputs["data"] = json.dumps(job.data, ensure_ascii=False)
        return inputs

    def compiler_for(self, job: Job, inputs: dict[str, str]) -> typst.Compiler:
        template = self.template(job)
        key = (job.template, tuple(job.font_paths), "data" in inputs)
        if self.compiler is None or key != self.key:
            self.compiler = typst.Compiler(str(template), root=str(self.root(job)),
                                           font_paths=[str(p) for p in job.font_paths], ignore_system_fonts=True,
                                           sys_inputs=inputs)
            self.key = key
        return self.compiler

    def compile(self, job: Job) -> bytes:
        """Compile; while Typst left a note on a page after its mark (or, in the first layouts, a
        single line at the top of a page), repair the data and compile again. Most reports of
        some length need two to five layouts. The queries that check reuse the compile's layout
        from Typst's cache, so they cost little."""
        paragraphs = {b["k"]: b for b in job.data.get("body", []) if isinstance(b, dict) and "k" in b}
        for layout in range(MAX_LAYOUTS):
            inputs = self.write(job)
            compiler = self.compiler_for(job, inputs)
            # The same inputs as the compiler's own unless the template wants the one string.
            extra = {"sys_inputs": inputs} if "data" in inputs else {}
            pdf = compiler.compile(format="pdf", timestamp=job.timestamp, pdf_standards=job.standards, **extra)
            try:
                placements = json.loads(compiler.query("<assemble-note>", field="value"))
                # one list from the template's single context (or, in templates copied before, one
                # value per paragraph edge)
                positions = [edge for value in json.loads(compiler.query("<assemble-par>", field="value"))
                             for edge in (value if isinstance(value, list) else [value])]
            except (RuntimeError, ValueError):  # a report's own template may not record placements
                break
            if layout == MAX_LAYOUTS - 1:
                break
            # Both kinds in one pass where widows are still repaired: one layout fewer each time.
            acted = repair_notes(job.notes, job.note_blocks, placements)
            if layout < WIDOW_LAYOUTS:
                acted += repair_widows(paragraphs, positions)
            if not acted:
                break
        return pdf


def _reads_one_string(template: Path) -> bool:
    """A restyled copy of the template made before the report came as files reads it all from
    sys.inputs.data: it gets that string too (and loses only the speed of the files)."""
    try:
        source = template.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "sys.inputs.data" in source or 'sys.inputs.at("data"' in source


def compile_report(report: Report, root: Path, session: TypstSession | None = None) -> bytes:
    """The PDF; `session` (kept by assemble preview) makes a rebuild reuse the last layout."""
    job = prepare(report, root)
    own = session is None
    session = session or TypstSession()
    try:
        return session.compile(job)
    except typst.TypstError as exc:
        raise BuildError([explain(job, exc, root, copy=session.folder)]) from None
    finally:
        if own:
            session.close()


def template_problem(report: Report, root: Path) -> Problem | None:
    """A report's own templates/report.typ compiled without the body, so that `check` refuses a
    broken template (a syntax error anywhere in it) before a build does; None when it compiles."""
    job = prepare(report, root)
    alone = dict(job.data, toc=[], body=[], isolated=True)
    with TypstSession() as session:
        try:
            session.compile(Job(job.template, job.font_paths, alone, timestamp=job.timestamp))
        except typst.TypstError as exc:
            return explain(job, exc, root, look_in_body=False, copy=session.folder)
    return None


def explain(job: Job, exc: typst.TypstError, root: Path, look_in_body: bool = True,
            copy: Path | None = None) -> Problem:
    """Name the section line whose text broke the compile, found by compiling the body one block at
    a time (slow, but only after a failure); else the template line Typst reports. `copy` is the
    session folder the template was compiled in (its files are named as the report's)."""
    text = " ".join(str(exc.message).split())
    if copy is not None:  # "searched at /tmp/assemble-typst-x/etc/passwd": the path the template asked for
        text = text.replace(str(copy.resolve()) + "/", "/").replace(str(copy) + "/", "/")
    message = "the PDF could not be made: " + text
    if copy is not None and ("file not found" in text or "escape the project root" in text):
        message += "; a PDF template can read only files in its own folder, templates/"
    if "PDF/UA" in text and "title" in text:
        message += ("; an accessible PDF needs a title: keep `#set document(title: ...)` in "
                    "templates/report.typ, as the built-in template has it")

    def fails(body: list) -> bool:
        alone = dict(job.data, cover=[], toc=[], abbreviations=None, summary=None, isolated=True, body=body)
        try:
            # a fragment alone is no accessible document (its headings start anywhere): plain tags
            probe.compile(Job(job.template, job.font_paths, alone, timestamp=job.timestamp))
        except typst.TypstError:
            return True
        return False

    with TypstSession() as probe:  # one compiler for every probe: each reuses the last's work
        if look_in_body and not fails([]):  # the template itself works: find the block whose text breaks it
            for index, loc in enumerate(job.locs):
                if loc is not None and fails([job.data["body"][index]]):
                    return Problem(loc.file, loc.line, message,
                                   hint="the text here made Typst fail; please report it")
    found = DIAGNOSTIC_AT.search(exc.diagnostic or "")
    if found:
        # Typst prints the path relative to the working directory or to the project folder.
        shown = Path(found["file"])
        file = None
        for candidate in ((Path.cwd() / shown, copy / shown) if copy is not None else ()):
            try:  # a file of the session's copy stands for the report's own (or the built-in) file
                inside = candidate.resolve().relative_to((copy / TEMPLATE_COPY).resolve())
            except (ValueError, OSError):
                continue
            if candidate.exists():
                file = job.template.parent / inside
                break
        if file is None:
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
