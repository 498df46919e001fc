"""The `assemble` command. Errors a user can cause print `file:line: error: message`, never a traceback."""
from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

import click

from assemble import cache
from assemble.render.pdf import ENGINES
from assemble.problems import BuildError

FORMATS = ("docx", "pdf")


def _fail_on_problems(func):
    """Turn BuildError into a list of messages and exit 1; anything unexpected into one line, exit 2."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except BuildError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            count = len(exc.problems)
            click.echo(f"{count} error{'s' if count != 1 else ''}: nothing was written", err=True)
            sys.exit(1)
        except click.exceptions.Exit:
            raise
        except BrokenPipeError:  # `assemble status | head` closed the pipe: nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # an assemble bug, not a user error: one line unless debugging
            if os.environ.get("ASSEMBLE_DEBUG"):
                traceback.print_exc()
            click.echo(f"internal error: {type(exc).__name__}: {exc} "
                       "(please report it; set ASSEMBLE_DEBUG=1 for details)", err=True)
            sys.exit(2)
    return wrapper


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                           show_default=True, help="The report folder (holds report.yml).")


@click.group()
@click.version_option(package_name="assemble")
def main() -> None:
    """Assemble a coalition's alternative report to a UN treaty body."""


@main.command()
@root_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: build/<name>.docx and .pdf); its extension picks the format.")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated formats to write: docx, pdf.")
@click.option("--pdf-engine", type=click.Choice(ENGINES), default="typst", show_default=True,
              help="Make the PDF with Typst, or by converting the DOCX with LibreOffice (soffice).")
@click.option("--lang", default=None, help="Build the translation in translations/<lang>/ (e.g. ru).")
@click.option("--allow-missing", is_flag=True, help="With --lang: use the source text for untranslated sections.")
@click.option("--no-cache", is_flag=True, help="Build even when nothing changed since the last build.")
@_fail_on_problems
def build(root: Path, output: Path | None, formats: str, lang: str | None, allow_missing: bool,
          pdf_engine: str, no_cache: bool) -> None:
    """Build the report from sections/ and footnotes/ into build/."""
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    if output and click.get_current_context().get_parameter_source("formats").name == "DEFAULT":
        wanted = [output.suffix.lstrip(".").lower()]  # `-o report.pdf` alone writes just that file
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; use docx or pdf", param_hint="--format")
    started = time.perf_counter()
    options = {"formats": wanted, "output": str(output or ""), "lang": lang, "allow_missing": allow_missing,
               "pdf_engine": pdf_engine}
    stamp, record = ("", None) if no_cache else cache.lookup(root, options)
    if record is not None:  # nothing changed since the last build: its outputs are still right
        for warning in record["warnings"]:
            click.echo(warning, err=True)
        click.echo(f"{record['summary']} in {time.perf_counter() - started:.2f}s (unchanged)")
        return
    from assemble.build import build_report

    built = build_report(root, wanted, output, lang=lang, allow_missing=allow_missing, pdf_engine=pdf_engine)
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    report = built.report
    paragraphs = sum(1 for _ in report.paragraphs())
    outputs = ", ".join(str(p) for p in built.outputs)
    summary = (f"{len(report.sections)} sections, {paragraphs} paragraphs, {len(report.notes)} notes, "
               f"{report.word_count} words -> {outputs}")
    click.echo(f"{summary} in {time.perf_counter() - started:.2f}s")
    cache.store(root, options, stamp, built.outputs, summary, [str(w) for w in built.warnings])


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--treaty", required=True, help="The body: ICCPR, CAT, CEDAW, CESCR, CERD, CRPD, CRC or UPR.")
@click.option("--state-party", required=True, help="The State under review, e.g. Kazakhstan.")
@click.option("--lang", default="en", show_default=True, help="The language the sections are written in: en, fr, es, ru.")
@click.option("--organisation", "organisations", multiple=True,
              help='A coalition member, "Full name (ACRONYM)"; repeat for each one.')
@_fail_on_problems
def new(folder: Path, treaty: str, state_party: str, lang: str, organisations: tuple[str, ...]) -> None:
    """Write a new report folder that builds at once: report.yml, sections, sources, templates, CI."""
    from assemble.new import new_workspace

    files = new_workspace(folder, treaty, state_party, lang, list(organisations))
    click.echo(f"wrote {folder}/ ({len(files)} files): " + ", ".join(str(f) for f in files))
    click.echo(f"next: edit {folder}/report.yml, then run: assemble build --root {folder}")


@main.command()
@root_option
@click.option("--tag", default="", help="A name for this freeze, e.g. translation-round-1.")
@_fail_on_problems
def freeze(root: Path, tag: str) -> None:
    """Record the frozen section set in sections.lock (translators work against it)."""
    from assemble.translate.commands import do_freeze

    lock = do_freeze(root, tag)
    units = sum(len(lock["versions"][s["hash"]]["units"]) for s in lock["sections"].values())
    click.echo(f"froze {len(lock['sections'])} sections ({units} units) in sections.lock"
               + (f" as '{tag}'" if tag else ""))


@main.command()
@root_option
@click.option("--lang", required=True, help="The translation language, e.g. ru.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_fail_on_problems
def status(root: Path, lang: str, fmt: str) -> None:
    """Show which sections are translated, stale (and what changed) or missing; exit 1 if any is not up to date."""
    import json

    from assemble.translate.commands import do_status

    statuses = do_status(root, lang)
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in statuses], indent=2, ensure_ascii=False))
    else:
        for s in statuses:
            where = s.translation_file or f"translations/{lang}/ (no file)"
            click.echo(f"{s.id:<24} {s.state:<11} {where}")
            if s.state == "stale" and not s.baseline_known:
                click.echo(f"{'':<24} made from source_hash {s.translated_from}, which sections.lock does not "
                           f"know; the source is now {s.source_hash}")
            for change in s.changes:
                click.echo(f"{'':<24} {change.kind:<8} {change.what}")
            if s.state == "missing":
                click.echo(f"{'':<24} source_hash to use: {s.source_hash}")
            if s.edited_since_freeze:
                click.echo(f"{'':<24} note: {s.source_file} was edited after the freeze")
        counts = {state: sum(1 for s in statuses if s.state == state) for state in ("translated", "stale", "missing")}
        click.echo(", ".join(f"{n} {state}" for state, n in counts.items()))
    if any(s.state != "translated" for s in statuses):
        sys.exit(1)


@main.command("export")
@root_option
@click.option("--lang", required=True, help="The target language, e.g. ru.")
@click.option("--format", "fmt", type=click.Choice(["xliff", "po"]), default="xliff", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
@_fail_on_problems
def export_command(root: Path, lang: str, fmt: str, output: Path | None) -> None:
    """Write the sections as an XLIFF 1.2 or PO file for a CAT tool."""
    from assemble.translate.commands import do_export

    click.echo(f"wrote {do_export(root, lang, fmt, output)}")


@main.command("import")
@root_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_fail_on_problems
def import_command(root: Path, file: Path) -> None:
    """Write translations/<lang>/*.md from a translated XLIFF or PO file."""
    from assemble.translate.commands import do_import

    for path in do_import(root, file):
        click.echo(f"wrote {path}")


@main.command()
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--final", is_flag=True, help="The submission checklist: status: final and text in every section, "
              "and the rules of the selected treaty body, each with its source.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_fail_on_problems
def check(root: Path, strict: bool, final: bool, fmt: str) -> None:
    """Check the whole report folder, writing nothing; list every problem; exit 1 on errors."""
    import json

    from assemble.checks.run import check_submission

    problems, checklist = check_submission(root, strict=strict, final=final)
    errors = sum(1 for p in problems if p.severity == "error")
    if fmt == "json":
        data = {"ok": not errors, "errors": errors, "warnings": len(problems) - errors,
                "problems": [p.as_dict() for p in problems]}
        if checklist is not None:
            data["checklist"] = checklist.as_dict()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(str(problem))
        if checklist is not None:
            click.echo("\n".join(checklist.lines()))
        warnings = len(problems) - errors
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
                   if problems else "no problems found")
    sys.exit(1 if errors else 0)


@main.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_fail_on_problems
def stats(root: Path, fmt: str) -> None:
    """Words per section and organisation, article and list-of-issues coverage, citations per source."""
    import json

    from assemble.stats import print_stats, read_for_stats

    data, errors = read_for_stats(root)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        print_stats(data, Console(highlight=False))
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''} in the report: run 'assemble check' to see them",
                   err=True)
