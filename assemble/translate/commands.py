"""What `assemble freeze|status|export|import` do, kept out of the CLI."""
from __future__ import annotations

from pathlib import Path

from assemble.build import read_report
from assemble.problems import BuildError, Problem, Problems
from assemble.translate.exchange import (export_units, read_po, read_xliff, unit_markdown, write_po,
                                         write_xliff)
from assemble.translate.language import report_language
from assemble.translate.lock import freeze, read_lock
from assemble.translate.markdown_out import section_markdown, translation_front
from assemble.translate.prefill import previous_translations
from assemble.translate.source import load_parsed, load_translations, translation_folder
from assemble.translate.status import section_statuses
from assemble.translate.units import section_hash, section_units
from assemble.output import write_all_atomic


def do_freeze(root: Path, tag: str) -> dict:
    problems = Problems(root)
    _, report = read_report(root, problems)
    sections = sorted(report.sections, key=lambda s: s.id)
    return freeze(root, sections, tag, report.config.date)


def do_status(root: Path, lang: str):
    problems = Problems(root)
    workspace, report = read_report(root, problems)
    lang = report_language(workspace.config, lang, "--lang")  # resolved: changes carry report paragraph numbers
    translations = load_translations(workspace, lang, Problems(root))
    return section_statuses(root, report.sections, translations, read_lock(root))


def do_export(root: Path, lang: str, fmt: str, output: Path | None) -> Path:
    problems = Problems(root)
    workspace, report = read_report(root, problems)
    lang = report_language(workspace.config, lang, "--lang")
    by_id = {s.section.id: s for s in workspace.sources}
    ordered = [by_id[s.id] for s in report.sections]
    units, hashes = export_units(root, ordered)
    existing = previous_translations(root, workspace, report, lang)
    target = output or root / "build" / f"translation-{lang}.{'xlf' if fmt == 'xliff' else 'po'}"
    within = None if output else root  # the default file stays in build/ (paths.check_write)
    write = write_xliff if fmt == "xliff" else write_po
    write(target, units, hashes, workspace.config.language, lang, existing, within=within)
    return target


def do_import(root: Path, path: Path) -> list[Path]:
    """Write translations/<lang>/*.md from a translated XLIFF or PO file; all or nothing."""
    if not path.exists():
        raise BuildError([Problem(str(path), None, "this file does not exist")])
    lang, hashes, targets = (read_xliff(path) if path.suffix.lower() in (".xlf", ".xliff") else read_po(path))
    if not lang:
        raise BuildError([Problem(str(path), None, "the file does not say its target language")])
    problems = Problems(root)
    workspace = load_parsed(root, problems)
    problems.raise_if_errors()
    lang = report_language(workspace.config, lang, problems.rel(path))
    errors, written = [], {}
    for source in workspace.sources:
        section = source.section
        if section.id not in hashes:
            continue
        current = section_hash(section)
        if hashes[section.id] != current:
            errors.append(Problem(str(path), None, f"section '{section.id}' was exported from an older version of "
                                  f"{problems.rel(section.file)}; export it again and pre-translate from your "
                                  "translation memory"))
            continue
        texts, untranslated = {}, []
        units = section_units(section)
        for unit in units:
            pieces = targets.get(f"{section.id}/{unit.key}")
            if pieces is None:
                untranslated.append(f"{section.id}/{unit.key}")
                continue
            markdown, why = unit_markdown(unit, pieces, f"{section.id}/{unit.key}")
            if why:
                errors.append(Problem(str(path), None, why))
            else:
                texts[unit.key] = markdown
        if len(untranslated) == len(units):
            continue  # nothing of this section is translated yet: write no file for it
        if untranslated:  # a half-English "translation" would pass as translated in status
            shown = ", ".join(untranslated[:5]) + (", ..." if len(untranslated) > 5 else "")
            errors.append(Problem(str(path), None, f"section '{section.id}' has {len(untranslated)} untranslated "
                                  f"or unconfirmed units ({shown}); translate them, or leave the whole section "
                                  "empty to import it later"))
            continue
        front = translation_front(section, current)
        target = translation_folder(root, lang) / section.file.name
        written[target] = section_markdown(section, texts, front)
    if errors:
        raise BuildError(errors)
    write_all_atomic({target: text.encode("utf-8") for target, text in written.items()}, root=root)
    return list(written)
