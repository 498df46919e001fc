"""`assemble new DIR --treaty CAT --state-party Kazakhstan [--lang ru]`: a new report folder.

The folder builds at once (`assemble build --root DIR`) and needs nothing from the tool's own
repository: report.yml filled from the options, an introduction and one example section in the
body's structure (and the sections the body requires), an empty footnotes/sources.bib saying how
to export it from Zotero, the templates to restyle, .gitignore, a pre-commit hook and a CI sample.
Every file is written and flushed before the first one takes its place, so a failure leaves
no half-made folder behind.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from assemble import __version__
from assemble.frontmatter import front_matter
from assemble.i18n import HERE as I18N
from assemble.i18n import catalogue
from assemble.load.catalogue import localised, theme, treaties, treaty_catalogue
from assemble.output import safe_stem, write_all_atomic
from assemble import paths
from assemble.problems import BuildError, Problem
from assemble.templates_loader import DEFAULTS

TEMPLATES = ("reference.docx", "cover.j2", "citations.j2")


@dataclass
class Organisation:
    name: str
    acronym: str


def parse_organisation(text: str) -> Organisation:
    """'Kazakhstan International Bureau for Human Rights (KIBHR)' -> name and acronym."""
    text = " ".join(text.split())
    if text.endswith(")") and "(" in text:
        name, _, acronym = text[:-1].rpartition("(")
        if name.strip() and acronym.strip():
            return Organisation(name.strip(), acronym.strip())
    words = [w for w in text.replace("-", " ").split() if w[:1].isupper()]
    return Organisation(text, "".join(w[0] for w in words) or text[:8])


def languages() -> list[str]:
    return sorted(p.stem for p in I18N.glob("*.yml"))


def _fail(target: Path, message: str, hint: str) -> BuildError:
    return BuildError([Problem(str(target), None, message, hint=hint)])


def new_workspace(target: Path, treaty: str, state_party: str, lang: str = "en",
                  organisations: list[str] | None = None, date: str | None = None) -> list[Path]:
    """Write the folder; returns the files written (relative to it)."""
    pack = treaty_catalogue(treaty)
    if pack is None:
        raise _fail(target, f"unknown treaty '{treaty}'", "use one of: " + ", ".join(treaties()))
    if lang not in languages():
        raise _fail(target, f"assemble has no words for the language '{lang}'", "use one of: " + ", ".join(languages()))
    if not state_party.strip():
        raise _fail(target, "the State party is empty", "give it with --state-party, e.g. --state-party Kazakhstan")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise _fail(target, "this folder already exists and is not empty",
                    "choose a new folder name; assemble new never overwrites files")
    files = scaffold(pack, state_party.strip(), lang, [parse_organisation(o) for o in organisations or []],
                     date or dt.date.today().isoformat())
    # All or nothing (output.write_all_atomic): a full disk or Ctrl-C leaves no half-made folder.
    write_all_atomic({target / rel: paths.read_bytes(content) if isinstance(content, Path) else content.encode("utf-8")
                      for rel, content in files.items()}, root=None)
    return sorted(Path(rel) for rel in files)


def scaffold(pack: dict, state: str, lang: str, organisations: list[Organisation], date: str) -> dict:
    """{relative path: text, or a template file to copy}."""
    words = catalogue(lang, pack["treaty"])
    new = words["new"]
    structure = pack["structures"][0]
    files: dict = {"report.yml": report_yml(pack, state, lang, organisations, date, words, structure)}
    sections = files.setdefault
    wanted = ((pack["rules"].get("sections") or {}).get("value")) or []
    if "executive-summary" in wanted:
        sections("sections/executive-summary.md", section_file(
            {"id": "executive-summary", "title": new["summary"], "part": "front", "order": 0},
            [new["summary_text"]]))
    sections("sections/introduction.md", section_file(
        {"id": "introduction", "title": new["introduction"], "part": "front", "order": 1},
        [new["introduction_text"], f"## {new['methodology']}", new["methodology_text"],
         f"## {new['contributors']}", new["contributors_text"]]))
    example = pack.get("example") or {}
    body = [new["example_text"]]
    if pack["kind"] == "upr":
        body.append(new["upr_text"])
        files["upr-recommendations.csv"] = "number,state,recommendation,response\n"
    body.append(f"::: recommendations\n- {new['recommendation']}\n:::")
    if example.get("theme"):
        front = {"id": example["theme"], "theme": example["theme"]}
        name = example["theme"]
        title = localised(theme(pack, example["theme"]), lang)
    else:
        first = example["articles"][0]
        front = {"id": f"art-{first}", "articles": example["articles"]}
        name = f"art-{first:02d}"
        title = ""
    front.update({"organisations": [o.acronym for o in organisations] or ["ORG"], "status": "draft"})
    sections(f"sections/{name}.md", section_file(front, body, comment=title))
    files["footnotes/sources.bib"] = BIB_HINT
    for template in TEMPLATES:
        files[f"templates/{template}"] = DEFAULTS / template
    files[".gitignore"] = "build/\n"
    files[".pre-commit-config.yaml"] = PRE_COMMIT
    files[".github/workflows/report.yml"] = CI.replace("{version}", __version__)
    files["README.md"] = README.replace("{title}", words["new"]["title"].replace("{state}", state).replace(
        "{committee}", words["committee"]))
    return files


def report_yml(pack, state, lang, organisations, date, words, structure) -> str:
    title = words["new"]["title"].replace("{state}", state).replace("{committee}", words["committee"])
    orgs = organisations or [Organisation(words["new"]["organisation"], "ORG")]
    lines = [
        f"# The report for the {pack['committee']} ({pack['treaty']}), made by `assemble new`.",
        "# Fill in every value; docs/format.md in the assemble documentation lists them all, and",
        f"# docs/treaties/{pack['treaty'].lower()}.md what `assemble check --final` checks for this body.",
        "",
        f"title: {yaml_text(title)}",
        f"state_party: {yaml_text(state)}",
        f"treaty: {pack['treaty']}",
        commented('session: ""', "e.g. 145th session (the cover names it)"),
        "",
        commented("documents:", "UN symbols, exactly as printed on the documents"),
        '  state_report: ""',
        '  list_of_issues: ""',
        '  concluding_observations: ""',
        "",
        commented("organisations:", "every coalition member; sections name them by acronym"),
    ]
    for i, org in enumerate(orgs):
        lines += [f"  - name: {yaml_text(org.name)}", f"    acronym: {yaml_text(org.acronym)}",
                  f"    role: {'lead' if i == 0 else 'contributor'}"]
    accepted = ", ".join(pack["structures"])
    stem = safe_stem(f"{state} {pack['treaty']} {date[:4]}")  # Latin letters only: a Cyrillic name drops out
    lines += [
        "",
        commented(f"date: {date}", "the date on the cover and in the files"),
        commented(f"language: {lang}", "the language of sections/"),
        "translations: []",
        "",
        commented(f"structure: {structure}", f"the {pack['committee']} takes: {accepted}"),
        commented("confidential: false", "true: marked confidential, not for publication"),
        commented(f"output: {stem}", "the file names in build/"),
        commented("# word_limit: 10000", "set it when the session's information note gives one"),
        "",
    ]
    return "\n".join(lines)


def commented(line: str, comment: str) -> str:
    return f"{line:<32} # {comment}"


def yaml_text(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back the same, else quoted."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10_000).strip()
    return text[:-3].strip() if text.endswith("\n...") else text


def section_file(front: dict, paragraphs: list[str], comment: str = "") -> str:
    head = front_matter(front)
    if comment:
        head = head[:-len("---\n")] + f"# the title is the theme's: {comment}\n---\n"
    return head + "\n" + "\n\n".join(paragraphs) + "\n"


BIB_HINT = """% The coalition's sources, in BibLaTeX. In Zotero: right-click the shared library or
% collection, Export Collection..., format BibLaTeX, encoding UTF-8, and save it over this
% file (or next to it: every .bib file in footnotes/ is read). Cite an entry in a section as
% [@key], [@key, para. 14] or [see @key, art. 5; @other, p. 3].
"""

PRE_COMMIT = """# `pre-commit install` once: every commit is then checked by `assemble check`
# (the assemble already installed with pip or pipx; see docs/checks.md).
repos:
  - repo: local
    hooks:
      - id: assemble-check
        name: assemble check
        entry: assemble check
        language: system
        pass_filenames: false
        files: ^(report\\.yml|upr-recommendations\\.csv|sections/.*\\.md|footnotes/.*\\.bib|templates/.*|translations/.*\\.md)$
"""

CI = """# Checks every push and pull request, and keeps the built report as a download.
name: report
on: [push, pull_request]

env:
  # Where CI installs assemble from: the version this folder was made with. Installing from
  # git instead: "assemble @ git+https://<the assemble repository>@v{version}".
  ASSEMBLE: "assemble=={version}"

jobs:
  check-and-build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install assemble
        run: pip install "$ASSEMBLE"
      - name: Check
        run: assemble check
      - name: Submission checklist
        if: github.ref == 'refs/heads/submission'
        run: assemble check --final --strict
      - name: Build
        run: assemble build --format docx,pdf
      - name: Statistics
        run: |
          { echo '```'; assemble stats; echo '```'; } >> "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        with:
          name: report
          path: build/*.*
"""

README = """# {title}

```sh
assemble check            # every problem, with file and line
assemble build            # build/<name>.docx and .pdf
assemble stats            # words against the limit, coverage, citations
assemble check --final    # the submission checklist of the committee, with sources
```

`report.yml` holds the metadata, `sections/` one Markdown file per section, `footnotes/` the
sources exported from Zotero, `templates/` the Word styles, cover and citation forms.
"""
