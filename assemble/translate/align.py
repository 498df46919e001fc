"""Alignment: a translated section must keep the source's numbered paragraphs, labels, citation
keys per paragraph and recommendation items, so numbers, notes and references match exactly."""
from __future__ import annotations

from assemble.model import Section
from assemble.problems import Problems
from assemble.translate.units import KIND_NAMES, Unit, section_units


def _describe(unit: Unit) -> str:
    return f"{KIND_NAMES.get(unit.kind, unit.kind)} {unit.key}"


def check_alignment(source: Section, translated: Section, problems: Problems) -> bool:
    """Record every mismatch with the translation's file and line; True when aligned."""
    ok = True
    file = problems.rel(translated.file)
    src = [u for u in section_units(source) if u.kind != "title"]
    dst = [u for u in section_units(translated) if u.kind != "title"]
    for kind, name in KIND_NAMES.items():
        a = [u for u in src if u.kind == kind]
        b = [u for u in dst if u.kind == kind]
        if len(a) != len(b):
            ok = False
            where = b[min(len(a), len(b)) - 1].line if b and a else (translated.loc.line or 1)
            problems.error(file, where, f"the translation has {len(b)} {name}s where the source has {len(a)}",
                           f"keep the structure of {problems.rel(source.file)}")
    for s, t in zip(src, dst):
        if s.kind != t.kind:
            ok = False
            problems.error(file, t.line, f"{_describe(t)} stands where the source has a {_describe(s)}",
                           "keep paragraphs, lists and headings in the source's order")
            break
        _, s_label, s_keys, s_refs, s_numbered = s.signature
        _, t_label, t_keys, t_refs, t_numbered = t.signature
        if s_numbered != t_numbered:
            ok = False
            problems.error(file, t.line, f"{_describe(t)} is {'numbered' if t_numbered else 'unnumbered'} where the "
                           f"source's is {'numbered' if s_numbered else 'unnumbered'}",
                           "keep {.unnumbered} where the source has it, and only there")
        if s_label != t_label:
            ok = False
            problems.error(file, t.line, f"label {t_label or 'none'} where the source has {s_label or 'none'}",
                           "copy the source's {#...} label line unchanged")
        if sorted(s_keys) != sorted(t_keys):
            ok = False
            problems.error(file, t.line, f"citations {_keys(t_keys)} where the source paragraph has {_keys(s_keys)}",
                           "keep the same [@key] citations in each paragraph")
        if sorted(s_refs) != sorted(t_refs):
            ok = False
            problems.error(file, t.line, f"cross-references {_keys(t_refs)} where the source has {_keys(s_refs)}",
                           "keep the same @para:/@sec:/@rec: references")
    return ok


def _keys(keys) -> str:
    return ", ".join("@" + k for k in keys) if keys else "none"
