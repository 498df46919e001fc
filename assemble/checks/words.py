"""Words as the committee counts them (body and footnotes), per section and against the limit."""
from __future__ import annotations

from dataclasses import dataclass

from assemble.model import Report, Section
from assemble.problems import Problems
from assemble.resolve import count_words, section_text


@dataclass
class SectionWords:
    section: Section
    body: int
    notes: int

    @property
    def total(self) -> int:
        return self.body + self.notes


def section_words(section: Section) -> SectionWords:
    """Counted as Report.word_count is, so the sections add up to it."""
    body, notes = section_text(section)
    return SectionWords(section, count_words(body), count_words(notes))


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
