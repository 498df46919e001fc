"""The `assemble` command. Errors a user can cause print `file:line: error: message`, never a traceback."""
from __future__ import annotations

import sys

try:
    import os
    import signal
    import threading
    import time
    import traceback
    from contextlib import contextmanager
    from pathlib import Path

    import click

    from assemble import cache
    from assemble.render.pdf import ENGINES
    from assemble.paths import Refused
    from assemble.problems import BuildError, Problem, problem_of
except KeyboardInterrupt:  # Ctrl-C while the command starts up: one line, as at any later moment
    sys.stderr.write("interrupted: nothing was written\n")
    raise SystemExit(130) from None

FORMATS = ("docx", "pdf", "html")


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C, so every cleanup (temporary files) runs."""


def _on_sigterm(signum, frame):
    raise Stopped()


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    count = len(problems)
    click.echo(f"{count} error{'s' if count != 1 else ''}: nothing was written", err=True)
    sys.exit(1)


@contextmanager
def error_boundary(root: Path | None):
    """The one place where errors become what a user reads: problems with file and line (exit 1),
    an operating-system or library error as a sentence naming the file and what to do (exit 1),
    Ctrl-C and SIGTERM as one line (exit 130, 143). click's usage errors pass through (exit 2).
    Anything else is a bug in assemble: one line asking to report it (exit 2)."""
    try:
        yield
    except BuildError as exc:
        _print_problems(exc.problems)
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except BrokenPipeError:  # `assemble status | head` closed the pipe: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt as exc:
        what = "stopped (SIGTERM)" if isinstance(exc, Stopped) else "interrupted"
        click.echo(f"{what}: nothing more was written; files already in build/ are as they were", err=True)
        sys.exit(143 if isinstance(exc, Stopped) else 130)
    except (Refused, OSError, MemoryError, RecursionError) as exc:
        _print_problems([problem_of(exc, root)])
    except Exception as exc:  # an assemble bug, not a user error: one line unless debugging
        if os.environ.get("ASSEMBLE_DEBUG"):
            traceback.print_exc()
        click.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(please report it; set ASSEMBLE_DEBUG=1 for details)", err=True)
        sys.exit(2)


def _fail_on_problems(func):
    """Each command runs inside the error boundary (the group applies it too, for any command)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with error_boundary(kwargs.get("root")):
            return func(*args, **kwargs)
    return wrapper


class Assemble(click.Group):
    def invoke(self, ctx):
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
        try:
            with error_boundary(None):
                return super().invoke(ctx)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                           show_default=True, help="The report folder (holds report.yml).")


@click.group(cls=Assemble)
@click.version_option(package_name="assemble")
def main() -> None:
    """Assemble a coalition's alternative report to a UN treaty body."""


@main.command()
@root_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: build/<name>.docx and .pdf); its extension picks the format.")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated formats to write: docx, pdf, html.")
@click.option("--pdf-engine", type=click.Choice(ENGINES), default="typst", show_default=True,
              help="Make the PDF with Typst, or by converting the DOCX with LibreOffice (soffice).")
@click.option("--lang", default=None, help="Build the translation in translations/<lang>/ (e.g. ru).")
@click.option("--allow-missing", is_flag=True, help="With --lang: use the source text for untranslated sections.")
@click.option("--no-cache", is_flag=True, help="Build even when nothing changed since the last build.")
@click.option("--review", is_flag=True,
              help="Write the review copy build/<name>.review.docx instead: the sources' <!-- --> comments as "
                   "Word comments, each section's status in the margin.")
@_fail_on_problems
def build(root: Path, output: Path | None, formats: str, lang: str | None, allow_missing: bool,
          pdf_engine: str, no_cache: bool, review: bool) -> None:
    """Build the report from sections/ and footnotes/ into build/."""
    default_formats = click.get_current_context().get_parameter_source("formats").name == "DEFAULT"
    if review and not default_formats and formats.strip().lower() != "docx":
        raise click.BadParameter("a review copy is a DOCX; leave --format out with --review", param_hint="--format")
    if review and output is not None:
        _format_of_output(output, ["docx"], False, {"docx": (".docx",)}, "a review copy is a DOCX")
    wanted = ["docx"] if review else _formats(formats, output, default_formats)
    started = time.perf_counter()
    options = {"formats": wanted, "output": str(output or ""), "lang": lang, "allow_missing": allow_missing,
               "pdf_engine": pdf_engine, "review": review}
    stamp, record = cache.lookup(root, options)
    if record is not None and not no_cache:  # nothing changed since the last build: its outputs are still right
        for warning in record["warnings"]:
            click.echo(warning, err=True)
        click.echo(f"{record['summary']} in {time.perf_counter() - started:.2f}s (unchanged)")
        return
    from assemble.build import build_report

    built = build_report(root, wanted, output, lang=lang, allow_missing=allow_missing, pdf_engine=pdf_engine,
                         review=review)
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    report = built.report
    paragraphs = sum(1 for _ in report.paragraphs())
    outputs = ", ".join(str(p) for p in built.outputs)
    summary = (f"{len(report.sections)} sections, {paragraphs} paragraphs, {len(report.notes)} notes, "
               f"{report.word_count} words -> {outputs}")
    click.echo(f"{summary} in {time.perf_counter() - started:.2f}s")
    cache.store(root, options, stamp, built.outputs, summary, [str(w) for w in built.warnings], built.folders)


def _formats(formats: str, output: Path | None, default: bool) -> list[str]:
    """The formats to write. `--output FILE` writes one file, whose extension is its format."""
    wanted = list(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; use docx, pdf or html" if unknown
                                 else "name at least one format: docx, pdf, html", param_hint="--format")
    if output is None:
        return wanted
    return [_format_of_output(output, wanted, default, {f: ("." + f,) for f in FORMATS})]


def _format_of_output(output: Path, wanted: list[str], default: bool, extensions: dict[str, tuple[str, ...]],
                      why: str = "the extension picks the format") -> str:
    """The one format an `--output FILE` holds. Its extension must be that format's, for every
    command that writes one (build, diff, export): a file named .docx is a DOCX, and a slip such
    as `--output report.yml` is refused before anything is read (paths.check_named_write also
    keeps outputs off the report's sources). `default`: --format was left out, the extension picks."""
    by_suffix = {suffix: fmt for fmt, suffixes in extensions.items() for suffix in suffixes}
    suffix = output.suffix.lower()
    if suffix not in by_suffix:
        names = [s for suffixes in extensions.values() for s in suffixes]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        raise click.BadParameter(f"'{output.name}' must end in {listed} ({why})", param_hint="--output")
    if default:
        return by_suffix[suffix]  # `-o report.pdf` alone writes just that file
    if len(wanted) > 1:
        raise click.BadParameter(f"one file cannot hold {' and '.join(wanted)}; build one format per "
                                 "--output, or leave --output out to write each into build/",
                                 param_hint="--output")
    if by_suffix[suffix] != wanted[0]:
        raise click.BadParameter(f"'{output.name}' ends in {suffix} but --format is {wanted[0]}; name the file "
                                 f"{output.with_suffix(extensions[wanted[0]][0]).name} or drop --format",
                                 param_hint="--output")
    return wanted[0]


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
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 to serve on (0 picks a free one).")
@click.option("--lang", default=None, help="Preview the translation in translations/<lang>/ (e.g. ru).")
@click.option("--allow-missing", is_flag=True, help="With --lang: use the source text for untranslated sections.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your web browser.")
@click.option("--outputs", default="", metavar="FORMATS",
              help="Also keep build/<name>.docx and/or .pdf current after each save: docx, pdf or docx,pdf.")
@_fail_on_problems
def preview(root: Path, port: int, lang: str | None, allow_missing: bool, open_browser: bool, outputs: str) -> None:
    """Show the report in the browser and rebuild it on every save (Ctrl-C stops)."""
    wanted = tuple(f.strip().lower() for f in outputs.split(",") if f.strip())
    unknown = [f for f in wanted if f not in ("docx", "pdf")]
    if unknown:
        raise BuildError([Problem("--outputs", None, f"unknown format {', '.join(unknown)}",
                                  hint="use docx, pdf or docx,pdf")])
    from assemble.preview.server import run

    run(root, port, lang, allow_missing, open_browser, wanted, click.echo)


@main.command()
@root_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_fail_on_problems
def comments(root: Path, file: Path, fmt: str) -> None:
    """List a reviewer's comments and tracked changes in FILE (a DOCX), each at its section file and line."""
    import json

    from assemble.review.commands import collect, format_entry

    found = collect(root, file)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for entry in found:
        for line in format_entry(entry):
            click.echo(line)
    counts = {kind: sum(1 for e in found if e["kind"] == kind) for kind in
              ("comment", "insertion", "deletion", "formatting")}
    words = {"comment": "comment", "insertion": "insertion", "deletion": "deletion", "formatting": "formatting change"}
    click.echo(", ".join(f"{n} {words[k]}{'s' if n != 1 else ''}" for k, n in counts.items()))


@main.command()
@root_option
@click.option("--since", required=True, metavar="REF",
              help="The sign-off to compare with: a freeze tag (assemble freeze --tag) or a git revision.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The redline DOCX (default: build/<name>.redline.docx).")
@click.option("--format", "fmt", type=click.Choice(["docx", "text"]), default="docx", show_default=True)
@_fail_on_problems
def diff(root: Path, since: str, output: Path | None, fmt: str) -> None:
    """Everything changed since a sign-off: a DOCX of today's report with tracked changes, or a summary."""
    from assemble.review.diff import do_diff

    if output is not None and fmt == "text":
        raise click.BadParameter("the text summary is printed, not written to a file; leave --output out, or use "
                                 "--format docx for the redline", param_hint="--output")
    if output is not None:
        _format_of_output(output, ["docx"], False, {"docx": (".docx",)}, "the redline is a DOCX")
    lines, target = do_diff(root, since, output, fmt)
    for line in lines:
        click.echo(line)
    if target is not None:
        click.echo(f"wrote {target}")


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

    sources: list = []
    values: list = []
    statuses = do_status(root, lang, sources if fmt != "json" else None, values if fmt != "json" else None)
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
        as_written = [s for s in sources if not s[3]]
        if as_written:
            click.echo(f"Sources with no '{lang}' fields, cited as written in the source language ({len(as_written)}):")
            for key, file, line, _ in as_written:
                click.echo(f"  {key:<40} {file}:{line}")
        for key, file, line, missing in (s for s in sources if s[3]):
            click.echo(f"Source {key} ({file}:{line}) lacks {', '.join(f + '_' + lang for f in missing)}: "
                       "its notes would mix languages")
        if values:
            click.echo(f"report.yml values with no '{lang}' version, printed as written ({len(values)}):")
            for key, line, value in values:
                click.echo(f"  {key:<24} report.yml:{line or 1}  {value}")
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

    if output is not None:
        default = click.get_current_context().get_parameter_source("fmt").name == "DEFAULT"
        fmt = _format_of_output(output, [fmt], default, {"xliff": (".xlf", ".xliff"), "po": (".po",)})
    click.echo(f"wrote {do_export(root, lang, fmt, output)}")


@main.command("import")
@root_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "target", default=None, metavar="sections/ID.md",
              help="Word files: the section file to write (default: from the file name).")
@click.option("--articles", default=None, help="Word files: the section's articles, e.g. 19,21.")
@click.option("--part", type=click.Choice(["front", "followup", "articles", "annex"]), default=None,
              help="Word files: the part of the report the section belongs to.")
@click.option("--organisation", "organisations", multiple=True, metavar="ACRONYM",
              help="Word files: the contributing organisation (from report.yml); may be repeated.")
@click.option("--title", default=None, help="Word files: the section title.")
@click.option("--dry-run", is_flag=True, help="Word files: show the report and the section, write nothing.")
@click.option("--force", is_flag=True, help="Word files: replace an existing section file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Word files: the import report as text or JSON.")
@_fail_on_problems
def import_command(root: Path, file: Path, target: str | None, articles: str | None, part: str | None,
                   organisations: tuple[str, ...], title: str | None, dry_run: bool, force: bool, fmt: str) -> None:
    """Import a partner's Word file (.docx) as a section, or a translated XLIFF or PO file.

    The file's type decides: a .docx (or any ZIP holding word/document.xml) becomes
    sections/<id>.md with its notes matched to footnotes/*.bib (docs/import-word.md);
    an XLIFF or PO file writes translations/<lang>/*.md (docs/translations.md).
    """
    from assemble.wordimport.sniff import is_translation_file

    if is_translation_file(file):
        given = [name for name, value in (("--as", target), ("--articles", articles), ("--part", part),
                                          ("--organisation", organisations), ("--title", title),
                                          ("--dry-run", dry_run), ("--force", force)) if value]
        if given:
            raise click.UsageError(f"{', '.join(given)} only apply to Word files; {file} is a translation file")
        from assemble.translate.commands import do_import

        result = do_import(root, file)
        for path in result.written:
            click.echo(f"wrote {path}")
        plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
        skipped = f"; {plural(len(result.skipped), 'section')} not translated in this file" if result.skipped else ""
        click.echo(f"imported {plural(result.units, 'unit')} into {plural(len(result.written), 'section')} of "
                   f"translations/{result.lang}{skipped}")
        return
    import json

    from assemble.wordimport.command import ImportOptions, import_word

    report = import_word(root, file, ImportOptions(target, articles, part, organisations, title, dry_run, force))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        if dry_run:
            click.echo(report.markdown)
        click.echo(report.as_text())
    if any(p.severity == "error" for p in report.problems):
        sys.exit(1)


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
