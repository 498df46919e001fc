"""Words as the committee counts them (body and footnotes), per section and against the limit."""
from __future__ import annotations

from dataclasses import dataclass

from assemble.model import NoteRef, Report, Section, block_inlines, walk_inlines
from assemble.problems import Problems
from assemble.resolve import WORD_RE, inline_text


@dataclass
class SectionWords:
    section: Section
    body: int
    notes: int

    @property
    def total(self) -> int:
        return self.body + self.notes


def count(text: str) -> int:
    return len(WORD_RE.findall(text))


def section_words(section: Section) -> SectionWords:
    """Split the same way as Report.word_count, so the sections add up to it."""
    body = [inline_text(section.heading.inlines)] if section.heading else []
    notes = []
    for inlines in block_inlines(section.blocks):
        body.append(inline_text(inlines))
        for node in walk_inlines(inlines):
            if isinstance(node, NoteRef) and node.note is not None:
                notes.extend(inline_text(p) for p in node.note.paragraphs)
    return SectionWords(section, count("\n".join(body)), count("\n".join(notes)))


def word_limit(report: Report, treaty: dict) -> int:
    """report.yml's word_limit, else the committee's; 0 means no limit."""
    if report.config.word_limit is not None:
        return report.config.word_limit
    return int(treaty.get("word_limit") or 0)


def check_word_limit(report: Report, treaty: dict, problems: Problems, final: bool) -> None:
    limit = word_limit(report, treaty)
    if not limit or report.word_count <= limit:
        return
    largest = sorted((section_words(s) for s in report.sections), key=lambda w: -w.total)[:3]
    hint = "largest sections: " + ", ".join(f"{w.section.id} ({w.total:,})" for w in largest)
    report_ = problems.error if final else problems.warning
    report_(report.config.file, report.config.lines.get("word_limit"),
            f"the report has {report.word_count:,} words, {report.word_count - limit:,} over the limit of "
            f"{limit:,} (footnotes included)", hint)
