"""sections/*.md -> Section records: front matter validated, body text kept with its first line."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from assemble.load.catalogue import article_title, cluster_for_articles, localised
from assemble.load.catalogue import theme as catalogue_theme
from assemble.model import Config, Loc, Section
from assemble.problems import Problems
from assemble.load.text import read_text
from assemble.load.yamlfile import YamlError, load_yaml

ID_RE = re.compile(r"^[a-z0-9-]+$")
PARTS = ("front", "followup", "articles", "annex")
STATUSES = ("draft", "review", "final")
FRONT_KEYS = {
    "id": str, "title": str, "part": str, "articles": list, "loi": list, "state_report": list,
    "concluding_observations": list, "organisations": list, "order": (int, float), "status": str,
    "cluster": str, "theme": str,  # extensions: CRC clusters, UPR themes (docs/format.md)
    "source_hash": str,  # translations only
}
TYPE_NAMES = {str: "text", list: "a list such as [21, 22]", (int, float): "a number"}


@dataclass
class SourceFile:
    section: Section
    body: str
    body_line: int  # file line of the body's first line
    front_lines: dict
    quotes: tuple = ("“", "”", "‘", "’")  # the file language's typographic quotes: double, single
    authors: tuple = ()  # report.yml's organisations (acronyms and names): who may sign a comment


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise YamlError(1, "the front matter opened with '---' on line 1 is never closed; add a '---' line after it")


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load_section(path: Path, config: Config, catalogue: dict | None, problems: Problems,
                 partial: bool = False, language: str | None = None) -> SourceFile | None:
    """The section, or None after recording why not; with `partial`, front-matter errors still
    yield a section of its usable values, so its body can be checked too."""
    text = read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(path, 1, "this section file is empty",
                       "start it with front matter between '---' lines as docs/format.md shows, or delete it")
        return None
    try:
        front, body, body_line = split_front_matter(text)
        data, lines = load_yaml(front, first_line=2) if front is not None else ({}, {})
    except YamlError as exc:
        problems.error(path, exc.line, exc.message)
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(path, 2, "the front matter must be 'key: value' lines (id, part, articles, ...)")
        return None
    ok = True

    def err(key, message, hint=None):
        nonlocal ok
        ok = False
        problems.error(path, lines.get((key,), 1), message, hint)

    for key, value in data.items():
        key = str(key)
        if key not in FRONT_KEYS:
            close = [k for k in FRONT_KEYS if k[:3] == key[:3]]
            err(key, f"unknown front-matter key '{key}'",
                f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(FRONT_KEYS))
        elif value is not None and not isinstance(value, FRONT_KEYS[key]) and not (
                FRONT_KEYS[key] is list and isinstance(value, (int, str))):
            err(key, f"'{key}' must be {TYPE_NAMES.get(FRONT_KEYS[key], 'of another type')}")
    section_id = str(data.get("id") or path.stem)
    if not ID_RE.match(section_id):
        err("id", f"section id '{section_id}' may only contain a-z, 0-9 and '-'",
            "rename the file or set 'id:' in the front matter")
    part = data.get("part") or "articles"
    if part not in PARTS:
        err("part", f"part '{part}' must be one of: {', '.join(PARTS)}")
    status = data.get("status") or "draft"
    if status not in STATUSES:
        err("status", f"status '{status}' must be one of: {', '.join(STATUSES)}")
    articles = []
    for a in _as_list(data.get("articles")):
        if catalogue and not catalogue["articles"]:
            err("articles", f"the {catalogue['instrument']} has no articles; name the section's theme instead",
                "write e.g. theme: expression (themes: docs/treaties/upr.md)")
            break
        if isinstance(a, bool) or not isinstance(a, int):
            err("articles", f"article '{a}' must be a number")
        elif catalogue and a not in catalogue["articles"]:
            err("articles", f"article {a} is not in the {catalogue['treaty']} "
                f"(articles {number_ranges(catalogue['articles'])})")
        else:
            articles.append(a)
    theme, cluster = str(data.get("theme") or ""), str(data.get("cluster") or "")
    for key, value, known_ in (("theme", theme, catalogue["themes"] if catalogue else []),
                               ("cluster", cluster, catalogue["clusters"] if catalogue else [])):
        ids = [item["id"] for item in known_]
        if value and catalogue and not ids:
            err(key, f"'{key}:' is not used in reports to the {catalogue['committee']}", "delete the line")
        elif value and catalogue and value not in ids:
            close = difflib.get_close_matches(value, ids, n=1)
            err(key, f"unknown {key} '{value}'", f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(ids))
    if catalogue and not cluster and articles and catalogue["clusters"]:
        found = cluster_for_articles(catalogue, articles)
        cluster = found["id"] if found else ""
        if not found and config.structure == "clusters" and part == "articles":
            err("articles", f"article {articles[0]} belongs to no cluster of the {catalogue['committee']}'s "
                "reporting guidelines", "add a line cluster: with one of: "
                + ", ".join(c["id"] for c in catalogue["clusters"]))
    if part == "articles" and not _as_list(data.get("articles")) and not (catalogue and not catalogue["articles"]) \
            and not cluster:
        err("part", "an 'articles' section needs 'articles:', e.g. articles: [21]")
    loi = []
    for p in _as_list(data.get("loi")):
        if isinstance(p, bool) or not isinstance(p, int) or p < 1:
            err("loi", f"list-of-issues paragraph '{p}' must be a positive number")
        else:
            loi.append(p)
    known = {o.acronym for o in config.organisations}
    orgs = [str(o) for o in _as_list(data.get("organisations"))]
    for o in orgs:
        if known and o not in known:  # none known: report.yml is broken and says so itself
            err("organisations", f"organisation '{o}' is not listed in report.yml",
                "known: " + ", ".join(sorted(known)))
    title = data.get("title")
    lang = language or config.language
    if not title:
        if part == "articles" and catalogue and articles:
            title = article_title(catalogue, articles[0], lang)
        elif part == "articles" and catalogue and theme and catalogue_theme(catalogue, theme):
            title = localised(catalogue_theme(catalogue, theme), lang)
        elif part == "articles" and (_as_list(data.get("articles")) and not articles or theme):
            title = section_id  # its articles or theme are wrong, and that error says so
        else:
            err("title", "this section needs a 'title:' in its front matter",
                "e.g. theme: expression, or title: Freedom of expression" if catalogue and catalogue["themes"]
                else None)
            title = section_id
    if not ok and not partial:
        return None
    order = data.get("order")
    section = Section(
        id=section_id, title=str(title).strip(), part=part if part in PARTS else "articles", file=path, loc=Loc(problems.rel(path), 1),
        articles=articles, loi=loi, state_report=[str(x) for x in _as_list(data.get("state_report"))],
        concluding_observations=[str(x) for x in _as_list(data.get("concluding_observations"))],
        organisations=orgs, cluster=cluster, theme=theme if not catalogue or catalogue_theme(catalogue, theme) else "",
        order=order if isinstance(order, (int, float)) and not isinstance(order, bool) else 0,
        status=status if status in STATUSES else "draft", source_text=text,
    )
    section.source_hash = str(data.get("source_hash") or "")
    section.language = language or config.language
    authors = tuple(o.acronym for o in config.organisations) + tuple(o.name for o in config.organisations)
    return SourceFile(section, body, body_line, lines, quotes_of(language or config.language), authors)


def number_ranges(numbers) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    numbers = sorted(numbers)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def quotes_of(language: str) -> str:
    from assemble.i18n import catalogue as words_of

    words = words_of(language)
    return tuple(words["quotes"]) + tuple(words.get("inner_quotes") or ("‘", "’"))


def load_sections(folder: Path, config: Config, catalogue, problems: Problems,
                  partial: bool = False) -> list[SourceFile]:
    if not folder.is_dir():
        problems.error(folder, None, "the sections folder is missing; create it and add one .md file per section")
        return []
    files = []
    seen: dict[str, SourceFile] = {}
    for path in sorted(folder.glob("*.md")):
        source = load_section(path, config, catalogue, problems, partial)
        if source is None:
            continue
        sid = source.section.id
        if sid in seen:
            problems.error(path, source.front_lines.get(("id",), 1),
                           f"section id '{sid}' is also used by {problems.rel(seen[sid].section.file)}",
                           "give each section its own id")
            continue
        seen[sid] = source
        files.append(source)
    if not files and not problems.errors:
        problems.error(folder, None, "there are no .md files in sections/; add at least one section")
    return files
