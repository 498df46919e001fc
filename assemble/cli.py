"""The `assemble` command. Errors a user can cause print `file:line: error: message`, never a traceback."""
from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

import click

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
              help="Output file (default: build/<name>.docx); its extension picks the format.")
@click.option("--format", "formats", default="docx", show_default=True,
              help="Comma-separated formats to write: docx.")
@_fail_on_problems
def build(root: Path, output: Path | None, formats: str) -> None:
    """Build the report from sections/ and footnotes/ into build/."""
    from assemble.build import build_report

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS[:1]]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; use docx", param_hint="--format")
    started = time.perf_counter()
    built = build_report(root, wanted, output)
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    report = built.report
    paragraphs = sum(1 for _ in report.paragraphs())
    outputs = ", ".join(str(p) for p in built.outputs)
    click.echo(f"{len(report.sections)} sections, {paragraphs} paragraphs, {len(report.notes)} notes, "
               f"{report.word_count} words -> {outputs} in {time.perf_counter() - started:.2f}s")
