"""Words as the committee counts them (body and footnotes), per section and against the limit."""
from __future__ import annotations

from dataclasses import dataclass

from assemble.load.catalogue import rule, source_text
from assemble.model import Config, Report, Section
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


@dataclass
class Limit:
    """The limit that applies: report.yml's `word_limit`, else the body's for this submission."""

    words: int  # 0: none
    kind: str  # "single" or "joint": a joint submission is one by more than one organisation
    differs: bool  # the body has different limits for single and joint submissions
    from_report: bool  # set in report.yml
    source: str  # where the body's rule comes from ("" when report.yml sets it)
    status: str  # the rule's status in the pack (confirmed, unconfirmed, ...)


def section_words(section: Section) -> SectionWords:
    """Counted as Report.word_count is, so the sections add up to it."""
    body, notes = section_text(section)
    return SectionWords(section, count_words(body), count_words(notes))


def limit_of(config: Config, treaty: dict) -> Limit:
    rule_ = rule(treaty, "word_limit")
    kind = "joint" if len(config.organisations) > 1 else "single"
    single, joint = rule_.get("single"), rule_.get("joint")
    differs = bool(single and joint and single != joint)
    if config.word_limit is not None:
        return Limit(config.word_limit, kind, differs, True, "", "")
    words = (joint if kind == "joint" else single) or single or 0
    return Limit(int(words), kind, differs, False, source_text(treaty, rule_), rule_.get("status", ""))


def word_limit(report: Report, treaty: dict) -> int:
    """report.yml's word_limit, else the committee's for this submission; 0 means no limit."""
    return limit_of(report.config, treaty).words


def limit_words(limit: Limit) -> str:
    """'5,630 for a joint submission': the limit as messages and `stats` name it."""
    what = f" for a{'n individual' if limit.kind == 'single' else ' joint'} submission" if limit.differs \
        and not limit.from_report else ""
    return f"{limit.words:,}{what}"


def check_word_limit(report: Report, treaty: dict, problems: Problems, final: bool) -> None:
    config = report.config
    limit = limit_of(config, treaty)
    if not limit.words or report.word_count <= limit.words:
        return
    largest = sorted((section_words(s) for s in report.sections), key=lambda w: -w.total)[:3]
    hint = "largest sections: " + ", ".join(f"{w.section.id} ({w.total:,})" for w in largest)
    if final and limit.source:
        hint += f"; rule of the {treaty['committee']}: {limit.source}"
    line = config.lines.get("word_limit") if limit.from_report else config.lines.get("treaty")
    report_ = problems.error if final else problems.warning
    report_(config.file, line, f"the report has {report.word_count:,} words, {report.word_count - limit.words:,} "
            f"over the limit of {limit_words(limit)} (footnotes included)", hint)
