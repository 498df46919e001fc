"""Write docs/treaties/<body>.md from the rule packs in assemble/data/ (`make docs`).

The pages say what each pack checks and from which source; they are made from the packs so the
two never disagree (tests/test_docs_treaties.py fails when a page is out of date).
"""
from __future__ import annotations

import sys
from pathlib import Path

from assemble.checks.submission import TITLES
from assemble.load.catalogue import treaties, treaty_catalogue

HERE = Path(__file__).resolve().parent
STRUCTURES = {
    "articles": "sections ordered by their first article, headed \"Title (art. 6)\"",
    "list-of-issues": "sections ordered by the list-of-issues paragraphs they answer (`loi:`)",
    "list-of-themes": "sections ordered by the paragraphs of the Committee's list of themes they answer (`loi:`)",
    "clusters": "one part per cluster of articles, in the order of the reporting guidelines",
    "thematic": "sections ordered by theme (`theme:`), citing the previous cycle's recommendations as `@upr:115.23`",
}
DOES = {  # what `check --final` does with a rule, by status
    "word_limit": {"confirmed": "an error over the limit (a warning in a plain `check`); a joint submission "
                                "(more than one organisation) gets the joint limit",
                   "unconfirmed": "verify: no limit is applied unless report.yml sets `word_limit`"},
    "languages": {"confirmed": "an error when neither `language:` nor one of `translations:` is accepted"},
    "formats": {"confirmed": "info: names the file(s) in build/ to send"},
    "cover": {"confirmed": "an error when the built cover lacks one of the items"},
    "publication": {"confirmed": "an error when the cover says neither public nor confidential"},
    "contents": {"confirmed": "ok: assemble always writes a table of contents", "guidance": "ok: assemble always "
                 "writes a table of contents"},
    "numbering": {"confirmed": "an error on a body paragraph marked `{.unnumbered}`; pages are always numbered"},
    "sections": {"confirmed": "an error when no section title or heading names each of them"},
    "structure": {"confirmed": "a warning when report.yml picks another structure"},
    "annexes": {"confirmed": "verify: lists the annex sections to look at"},
    "email_subject": {"confirmed": "info: prints the subject line, filled in from report.yml"},
    "channel": {"confirmed": "info: where to send it"},
    "accessible": {"confirmed": "an error for each accessibility finding (alt text, empty heading, table "
                                "without header row); the PDF is PDF/UA-1"},
}
BY_STATUS = {"confirmed": "info: listed to do when sending", "guidance": "advice: listed, never an error",
             "unconfirmed": "verify: listed, never an error"}


def cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def value_of(name: str, rule: dict) -> str:
    if name == "word_limit":
        single, joint = rule.get("single"), rule.get("joint")
        if not single and not joint:
            return f"none confirmed (older guidance: {rule['pages']} pages)" if rule.get("pages") else "none confirmed"
        if single == joint:
            return f"{single:,} words"
        return f"{single:,} words (individual), {joint:,} (joint)"
    if "value" in rule:
        value = rule["value"]
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if "pattern" in rule:
        return f"`{rule['pattern']}`"
    if name == "numbering":
        return ", ".join(k for k in ("paragraphs", "pages") if rule.get(k))
    if "counts" in rule:
        return ", ".join(rule["counts"])
    return ""


def page(name: str) -> str:
    pack = treaty_catalogue(name)
    lines = [f"# {pack['committee']} ({pack['treaty']})", "",
             f"Rule pack [`assemble/data/{name.lower()}.yml`](../../assemble/data/{name.lower()}.yml), selected by "
             f"`treaty: {pack['treaty']}` in report.yml: the {pack['instrument']}. This page is made from the "
             "pack (`make docs`); what the statuses mean and how a pack is written: [README.md](README.md).", "",
             "## Structures", ""]
    for i, structure in enumerate(pack["structures"]):
        lines.append(f"- `structure: {structure}`{' (the default)' if i == 0 else ''}: {STRUCTURES[structure]}")
    lines += ["", "## What `assemble check --final` checks", "",
              "| rule | value | status | what `check --final` does | what the source says | source |",
              "|---|---|---|---|---|---|"]
    for rule_name, rule in pack["rules"].items():
        status = rule["status"]
        does = DOES.get(rule_name, {}).get(status) or BY_STATUS[status]
        source = pack["sources"][rule["source"]]
        lines.append(f"| {TITLES.get(rule_name, rule_name)} | {cell(value_of(rule_name, rule))} | {status} | "
                     f"{cell(does)} | {cell(rule['says'])} | [{cell(source['title'])}]({source['url']}) |")
    lines += ["", "Every report is also checked for what an accessibility checker reports (images without alt "
              "text, empty headings, tables without a header row), and its PDF declares PDF/UA-1.", ""]
    if pack["articles"]:
        lines += ["## Articles", "",
                  "The catalogue `articles:` in a section refers to; a section without `title:` takes the "
                  "short title in the language it is written in (English, French, Spanish and Russian are in "
                  "the pack).", "", "| art. | short title |", "|---|---|"]
        lines += [f"| {n} | {cell(title)} |" for n, title in pack["articles"].items()]
        lines.append("")
    if pack["clusters"]:
        lines += ["## Clusters", "",
                  "With `structure: clusters` each cluster is a part of the report. A section belongs to the "
                  "cluster its front matter names (`cluster: violence`), else to the home cluster of its first "
                  "article (the last column).", "", "| `cluster:` | heading | home of articles |", "|---|---|---|"]
        for c in pack["clusters"]:
            lines.append(f"| `{c['id']}` | {cell(c['title']['en'])} ({'art.' if c['reference']['en'].isdigit() else 'arts.'} "
                         f"{cell(c['reference']['en'])}) | {', '.join(map(str, c['articles']))} |")
        lines.append("")
    if pack["themes"]:
        lines += ["## Themes", "",
                  "A section names its theme with `theme:`; without `title:` it takes the theme's title. "
                  "Sections are printed in this order.", "", "| `theme:` | title |", "|---|---|"]
        lines += [f"| `{t['id']}` | {cell(t['en'])} |" for t in pack["themes"]]
        lines.append("")
    lines += ["## Sources", ""]
    for key, source in pack["sources"].items():
        lines.append(f"- `{key}`: {source['title']}, <{source['url']}>")
    return "\n".join(lines) + "\n"


def pages() -> dict[Path, str]:
    return {HERE / f"{name.lower()}.md": page(name) for name in treaties()}


if __name__ == "__main__":
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent.parent)}")
    sys.exit(0)
