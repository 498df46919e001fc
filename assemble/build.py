"""The pipeline: load -> parse -> resolve -> render -> write atomically."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assemble.checks import run_checks, template_errors
from assemble.load import Workspace, load_workspace
from assemble.model import Report
from assemble.parse.cache import ParseCache, disk_cache
from assemble.output import safe_stem, write_all_atomic
from assemble.problems import Problem, Problems
from assemble.resolve import resolve
from assemble.templates_loader import template_path


@dataclass
class Built:
    report: Report
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # inputs outside the usual folders (fonts:), for the cache


def read_report(root: Path, problems: Problems, lang: str | None = None,
                allow_missing: bool = False, *, final: bool = False,
                keep_going: bool = False, parse_cache: ParseCache | None = None) -> tuple[Workspace, Report]:
    """Load, parse, resolve (in `lang`, from translations/<lang>/ when it is not the source
    language) and run the checks; raises BuildError listing every error found.

    Each stage goes on with whatever the one before could read, so one run lists every problem.
    With `keep_going` (assemble check) errors are left in `problems` instead of raised, and
    (None, None) means there is no usable report.yml. `parse_cache` gives back the sections
    parsed before whose text has not changed (see parse/cache.py); without it every section
    is parsed.
    """
    workspace = load_workspace(root, problems, partial=True)
    if workspace is None:
        if keep_going:
            return None, None
        problems.raise_if_errors()
    cache = parse_cache or ParseCache()
    for source in workspace.sources:
        cache.parse(source, problems)
    sections = [s.section for s in workspace.sources]
    if lang is not None:  # a language code, never a path: it names translations/<lang>/ and build/<name>-<lang>.*
        from assemble.translate.language import report_language

        lang = report_language(workspace.config, lang, "--lang", source_ok=True)
    if lang and lang != workspace.config.language:
        from assemble.translate.sections import translated_sections

        sections = translated_sections(workspace, lang, allow_missing, problems)
        problems.raise_if_errors()
    with template_errors(root, problems):
        report = resolve(root, workspace.config, sections, workspace.bib, workspace.treaty, problems, lang=lang,
                         previous=workspace.previous)
    run_checks(workspace, report, problems, final=final)
    problems.tidy()
    if not keep_going:
        problems.raise_if_errors()
    return workspace, report


def output_stem(report: Report) -> str:
    config = report.config
    stem = safe_stem(config.output or config.title)
    if config.confidential and "confidential" not in stem:
        stem += "-confidential"
    if report.language != config.language:
        stem += f"-{report.language}"
    return stem


def build_report(root: Path, formats: list[str], output: Path | None = None, lang: str | None = None,
                 allow_missing: bool = False, pdf_engine: str = "typst", review: bool = False) -> Built:
    """Build and write the requested formats; nothing is written unless every format rendered.
    `review`: the review copy build/<name>.review.docx instead (the sources' comments as Word
    comments, docs/review.md)."""
    problems = Problems(root)
    parse_cache = disk_cache(root)
    _, report = read_report(root, problems, lang, allow_missing, parse_cache=parse_cache)
    stem = output_stem(report)
    if output is not None and len(formats) != 1:
        raise ValueError("one --output file holds one format")  # cli.py says so to the user first
    if review:
        from assemble.render.docx.writer import render_docx

        target = output or root / "build" / f"{stem}.review.docx"
        write_all_atomic({target: render_docx(report, template_path(root, "reference.docx"), review=True)},
                         root=root, named=output is not None)
        parse_cache.save()
        return Built(report, [target], problems.warnings)
    targets = {fmt: output or root / "build" / f"{stem}.{fmt}" for fmt in formats}
    results = render(report, root, list(targets), pdf_engine)
    rendered = {targets[fmt]: results[fmt] for fmt in formats}
    write_all_atomic(rendered, root=root, named=output is not None)  # --output: the user's choice, never a source
    parse_cache.save()
    folders = [root / report.config.fonts] if report.config.fonts else []
    return Built(report, list(rendered), problems.warnings, folders)


def render(report: Report, root: Path, formats: list[str], pdf_engine: str = "typst",
           typst_session=None) -> dict[str, bytes]:
    """The bytes of each requested format, from the one resolved report. Each renderer's stack
    (python-docx, Typst) is imported only when its format is asked for: start-up is most of a
    small build (HTML needs neither). `typst_session` (assemble preview) keeps Typst's layout between builds."""
    if "pdf" in formats and pdf_engine == "libreoffice":
        # One LibreOffice layout serves both: the DOCX's contents carry the PDF's page numbers.
        from assemble.render.pdf.libreoffice import render_with_libreoffice

        docx, pdf = render_with_libreoffice(report, template_path(root, "reference.docx"))
        return {"docx": docx, "pdf": pdf} if "docx" in formats else {"pdf": pdf}
    if "pdf" not in formats:
        return _render_others(report, root, formats)
    from concurrent.futures import ThreadPoolExecutor

    from assemble.render.pdf.compile import compile_report

    # Typst lays out the PDF without holding Python's lock: the other formats are written
    # meanwhile. All only read the resolved report.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf = pool.submit(compile_report, report, root, typst_session)
        out = _render_others(report, root, formats)
        out["pdf"] = pdf.result()
    return {fmt: out[fmt] for fmt in formats}


def _render_others(report: Report, root: Path, formats: list[str]) -> dict[str, bytes]:
    out = {}
    if "html" in formats:
        from assemble.render.html import render_html

        with template_errors(root, Problems(root)):
            out["html"] = render_html(report, root)
    if "docx" in formats:
        from assemble.render.docx.writer import render_docx

        out["docx"] = render_docx(report, template_path(root, "reference.docx"))
    return out
