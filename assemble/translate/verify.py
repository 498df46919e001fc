"""Import verifies before it writes: the Markdown made for a translated section is parsed back
with the build's own parser, and each unit must read back as the translator's text and codes,
in the source's structure (same units, kinds, labels, numbering)."""
from __future__ import annotations

import copy

from assemble.load.sections import SourceFile, quotes_of, split_front_matter
from assemble.load.yamlfile import load_yaml
from assemble.parse import parse_section
from assemble.problems import Problem, Problems
from assemble.translate.targets import comparable, pieces_of, target_items
from assemble.translate.units import Layout, section_layout


def verify_section(source: SourceFile, layout: Layout, markdown: str, expected: dict[str, list], lang: str,
                   where: str) -> list[Problem]:
    """Problems (naming the exchange file `where` and the unit) where `markdown` would not read
    back as `expected` (unit key -> normalised target)."""
    section_id = source.section.id
    front, body, body_line = split_front_matter(markdown)
    data, _ = load_yaml(front, first_line=2)
    section = copy.copy(source.section)
    section.title, section.blocks, section.source_text = str(data.get("title", "")), [], markdown
    scratch = Problems(source.section.file.parent)
    reread = SourceFile(section, body, body_line, {}, quotes_of(lang))
    parse_section(reread, scratch)
    if scratch.errors:
        return [Problem(where, None, f"section '{section_id}': the translation does not read back as Markdown "
                        f"({scratch.errors[0].message})", hint="check the units of this section for stray codes")]
    again = section_layout(section)
    problems: list[Problem] = []
    if [(u.key, u.kind) for u in again.units] != [(u.key, u.kind) for u in layout.units]:
        return [Problem(where, None, f"section '{section_id}': the translation would read back with "
                        f"{len(again.units)} units where the source has {len(layout.units)}",
                        hint="a unit's text must not start a new paragraph, list or heading")]
    for mine, theirs in zip(layout.units, again.units):
        unit_id = f"{section_id}/{mine.key}"
        if mine.signature[1] != theirs.signature[1] or mine.signature[4] != theirs.signature[4]:
            problems.append(Problem(where, None, f"unit {unit_id}: its text would change the label or numbering "
                                    "of the unit", hint="remove the {...} typed in it"))
            continue
        if mine.key not in expected:
            continue
        want = comparable(target_items(mine, expected[mine.key]))
        got = comparable(target_items(theirs, pieces_of(theirs)))
        if want == got:
            continue
        if [c for c, _ in want] == [c for c, _ in got]:
            problems.append(Problem(where, None, f"unit {unit_id}: the formatting codes would cover other words "
                                    f"than in your translation (around “{_shown(want, got)}”)",
                                    hint="put the words to format between the opening and closing code"))
        else:
            problems.append(Problem(where, None, f"unit {unit_id}: the translation would read back as "
                                    f"“{_shown(got, want)}” where you wrote “{_shown(want, got)}”",
                                    hint="put a space between the codes and the words next to them"))
    return problems


def _shown(items, other, width: int = 30) -> str:
    """The text of `items` around its first difference from `other`, with codes in braces."""
    at = next((i for i, (a, b) in enumerate(zip(items, other)) if a != b), min(len(items), len(other)))
    start = max(0, at - width)
    text = "".join(f"{{{c[1:]}}}" if c.startswith("\0") else c for c, _ in items[start:at + width])
    return ("…" if start else "") + text + ("…" if at + width < len(items) else "")
