"""Headings: a section title that names other articles than its front matter lists."""
from __future__ import annotations

from assemble.i18n import catalogue
from assemble.load.sections import SourceFile
from assemble.model import Report
from assemble.problems import Problems
from assemble.resolve.headings import named_articles


def _listing(articles: list[int]) -> str:
    return ("article " if len(articles) == 1 else "articles ") + ", ".join(map(str, articles))


def check_titles(report: Report, sources: list[SourceFile], problems: Problems) -> None:
    """The heading prints a title that names its articles as written ("Article 2, paragraph 3"),
    without the "(art. 2)" suffix; order and article coverage come from `articles:`, so the two
    must agree."""
    by_id = {source.section.id: source for source in sources}
    for section in report.sections:
        if section.part != "articles" or not section.articles:
            continue
        named = named_articles(section.title, catalogue(section.language or report.language, report.config.treaty))
        if named is None or set(named) == set(section.articles):
            continue
        source = by_id.get(section.id)
        # the report holds resolved copies: the source file tells whether this is the same section
        line = (source.front_lines.get(("title",), 1) if source is not None and source.section.file == section.file
                else 1)
        problems.warning(section.file, line,
                         f"the title names {_listing(named)} but 'articles:' lists {_listing(section.articles)}",
                         "make them agree: the heading prints the title as written, while the order of "
                         "the report and the article coverage follow 'articles:'")
