"""What `assemble freeze|status|export|import` do, kept out of the CLI."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assemble.build import read_report
from assemble.problems import BuildError, Problem, Problems
from assemble.translate.exchange import export_units, read_exchange, write_po, write_xliff
from assemble.translate.language import report_language
from assemble.translate.lock import freeze, read_lock
from assemble.translate.markdown_out import section_markdown, translation_front
from assemble.translate.prefill import previous_translations
from assemble.translate.source import load_parsed, load_translations, translation_folder
from assemble.translate.status import section_statuses
from assemble.translate.targets import check_codes, is_empty, normalise, target_markdown
from assemble.translate.units import section_hash, section_layout
from assemble.translate.verify import verify_section
from assemble.output import write_all_atomic, write_atomic


def do_freeze(root: Path, tag: str) -> dict:
    problems = Problems(root)
    _, report = read_report(root, problems)
    sections = sorted(report.sections, key=lambda s: s.id)
    return freeze(root, sections, tag, report.config.date)


def do_status(root: Path, lang: str, sources: list | None = None, values: list | None = None):
    """The sections' states; `sources`, when given, receives the language's gaps in the sources:
    (key, file, line, fields lacking or [] when the build cites the source as written); `values`
    the report.yml values without a version in the language (checks/localised.py)."""
    problems = Problems(root)
    workspace, report = read_report(root, problems)
    lang = report_language(workspace.config, lang, "--lang")  # resolved: changes carry report paragraph numbers
    translations = load_translations(workspace, lang, Problems(root))
    if sources is not None and lang != workspace.config.language:
        from assemble.checks.bib import language_gaps

        gaps, as_written = language_gaps(root, workspace.config, workspace.bib, report.cited, lang)
        sources.extend((e.key, e.file, e.line, missing) for e, missing in gaps.values())
        sources.extend((e.key, e.file, e.line, []) for e in as_written)
    if values is not None:
        from assemble.checks.localised import missing_localised

        values.extend(missing_localised(workspace.config, lang))
    return section_statuses(root, report.sections, translations, read_lock(root))


def do_export(root: Path, lang: str, fmt: str, output: Path | None) -> Path:
    problems = Problems(root)
    workspace, report = read_report(root, problems)
    lang = report_language(workspace.config, lang, "--lang")
    units, hashes = export_units(root, report.sections)
    existing = previous_translations(root, workspace, report, lang)
    target = output or root / "build" / f"translation-{lang}.{'xlf' if fmt == 'xliff' else 'po'}"
    write = write_xliff if fmt == "xliff" else write_po
    # the default file stays in build/ (paths.check_write); an --output file is never a source
    write_atomic(target, write(units, hashes, workspace.config.language, lang, existing), root=root,
                 named=output is not None)
    return target


@dataclass
class Imported:
    """What an import did, for its summary line."""

    lang: str
    written: list[Path] = field(default_factory=list)
    units: int = 0  # units imported
    skipped: list[str] = field(default_factory=list)  # sections of the file with no translated unit


def do_import(root: Path, path: Path) -> Imported:
    """Write translations/<lang>/*.md from a translated XLIFF or PO file: every unit is turned
    into Markdown and read back before anything is written; all or nothing."""
    exchange = read_exchange(path)
    problems = Problems(root)
    workspace = load_parsed(root, problems)
    problems.raise_if_errors()
    where = problems.rel(path)
    lang = report_language(workspace.config, exchange.lang, where)
    result = Imported(lang)
    known = {s.section.id for s in workspace.sources}
    errors = [Problem(where, None, f"section '{sid}' is not in sections/ any more",
                      hint="export the file again") for sid in exchange.hashes if sid not in known]
    written: dict[Path, str] = {}
    # ids a unit of the file may have: those of the report's units, and any of a section already refused
    expected_ids: set[str] = set()
    refused_sections = {sid for sid in exchange.hashes if sid not in known}
    for source in workspace.sources:
        section = source.section
        if section.id not in exchange.hashes:
            continue
        current = section_hash(section)
        if exchange.hashes[section.id] != current:
            errors.append(Problem(where, None, f"section '{section.id}' was exported from an older version of "
                                  f"{problems.rel(section.file)}; export it again and pre-translate from your "
                                  "translation memory"))
            refused_sections.add(section.id)
            continue
        layout = section_layout(section)
        expected_ids.update(f"{section.id}/{unit.key}" for unit in layout.units)
        texts, expected, untranslated, refused = {}, {}, [], False
        for unit in layout.units:
            unit_id = f"{section.id}/{unit.key}"
            pieces = exchange.targets.get(unit_id)
            if pieces is None or is_empty(pieces):
                untranslated.append(unit_id)
                continue
            why = check_codes(unit, pieces)
            if why:
                errors.append(Problem(where, None, f"unit {unit_id}: codes {why}; restore them as in the source"))
                refused = True
                continue
            expected[unit.key] = normalise(unit, pieces)
            texts[unit.key] = (target_markdown(unit, expected[unit.key]) if unit.kind != "title"
                               else "".join(expected[unit.key]))
        if len(untranslated) == len(layout.units):
            result.skipped.append(section.id)  # nothing of this section is translated yet: no file for it
            continue
        if untranslated:  # a half-English "translation" would pass as translated in status
            shown = ", ".join(untranslated[:5]) + (", ..." if len(untranslated) > 5 else "")
            errors.append(Problem(where, None, f"section '{section.id}' has {len(untranslated)} untranslated "
                                  f"or unconfirmed units ({shown}); translate them, or leave the whole section "
                                  "empty to import it later"))
            continue
        if refused:
            continue
        markdown = section_markdown(layout, texts, translation_front(section, current))
        found = verify_section(source, layout, markdown, expected, lang, where)
        errors.extend(found)
        if not found:
            written[translation_folder(root, lang) / section.file.name] = markdown
            result.units += len(layout.units)
    # A unit whose id was changed (by hand, or by a tool that renames ids) matches nothing: its
    # translation would be dropped without a word.
    stray = [uid for uid in [*exchange.targets, *sorted(exchange.unconfirmed)]
             if uid not in expected_ids and uid.rpartition("/")[0] not in refused_sections]
    if stray:
        shown = ", ".join(repr(uid) for uid in stray[:5]) + (", ..." if len(stray) > 5 else "")
        errors.append(Problem(where, None, f"{len(stray)} unit{'s' if len(stray) != 1 else ''} of the file "
                              f"{'are' if len(stray) != 1 else 'is'} not in the report ({shown}), so "
                              f"{'their' if len(stray) != 1 else 'its'} text would be lost",
                              hint="keep the unit ids as 'assemble export' wrote them, or export the file again"))
    if errors:
        raise BuildError(errors)
    if not written:
        waiting = len(exchange.unconfirmed)
        raise BuildError([Problem(where, None, "nothing to import: no section of this file is translated"
                                  + (f" ({waiting} units are not confirmed yet)" if waiting else ""),
                                  hint="confirm the translated units in your CAT tool, save, and import again")])
    write_all_atomic({target: text.encode("utf-8") for target, text in written.items()}, root=root)
    result.written = list(written)
    return result
