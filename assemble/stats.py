"""`assemble stats`: words per section and organisation against the limit, article and
list-of-issues coverage, citations per source. One dict (the JSON output) and its tables."""
from __future__ import annotations

from collections import Counter

from assemble.checks.words import limit_of, limit_words, section_words, word_limit
from assemble.load import Workspace
from assemble.model import Report, XRef, block_inlines, walk_inlines
from assemble.resolve.positions import note_cites


def compute_stats(workspace: Workspace, report: Report) -> dict:
    limit = word_limit(report, workspace.treaty)
    rule = limit_of(report.config, workspace.treaty)
    counted = [section_words(s) for s in report.sections]
    sections = [{"id": w.section.id, "file": str(w.section.loc.file), "part": w.section.part,
                 "status": w.section.status, "organisations": w.section.organisations,
                 "body": w.body, "notes": w.notes, "total": w.total} for w in counted]
    total = report.word_count
    words = {"body": sum(w.body for w in counted), "notes": sum(w.notes for w in counted), "total": total,
             "limit": limit, "over": max(0, total - limit) if limit else 0,
             "left": max(0, limit - total) if limit else None}
    committee = workspace.treaty["committee"]
    data = {"words": words, "sections": sections, "organisations": _organisations(report, sections),
            "limit": {"words": rule.words, "body": committee, "treaty": workspace.treaty["treaty"],
                      "submission": rule.kind, "set_in": "report.yml" if rule.from_report else "rule pack",
                      "text": limit_words(rule), "status": rule.status or None, "source": rule.source or None},
            "articles": _articles(report, workspace.treaty), "loi": _loi(report),
            "citations": _citations(report, workspace)}
    if workspace.treaty["themes"]:
        data["themes"] = _themes(report, workspace.treaty)
    if workspace.previous is not None:
        data["previous_recommendations"] = _previous(report, workspace.previous)
    return data


def _themes(report: Report, pack: dict) -> list[dict]:
    return [{"theme": t["id"], "title": t["en"], "sections": [s.id for s in report.sections if s.theme == t["id"]]}
            for t in pack["themes"]]


def _previous(report: Report, previous: dict) -> dict:
    """Which recommendations of the previous UPR cycle the report refers to (@upr:115.23)."""
    cited: dict[str, list[str]] = {}
    for section in report.sections:
        for inlines in block_inlines(section.blocks):
            for node in walk_inlines(inlines):
                if isinstance(node, XRef) and node.kind == "upr" and node.number in previous:
                    ids = cited.setdefault(node.number, [])
                    if section.id not in ids:
                        ids.append(section.id)
    return {"listed": len(previous),
            "cited": [{"number": n, "state": previous[n].state, "response": previous[n].response, "sections": ids}
                      for n, ids in sorted(cited.items(), key=lambda kv: [int(x) for x in kv[0].split(".")])],
            "not_cited": [n for n in previous if n not in cited]}


def _organisations(report: Report, sections: list[dict]) -> list[dict]:
    """A section written by several organisations counts in full for each of them."""
    rows = []
    for org in [o.acronym for o in report.config.organisations] + [""]:
        mine = [s for s in sections if (org in s["organisations"] if org else not s["organisations"])]
        if org or mine:
            rows.append({"acronym": org or None, "sections": [s["id"] for s in mine],
                         "words": sum(s["total"] for s in mine)})
    return rows


def _articles(report: Report, treaty: dict) -> dict:
    covered = {n: [s.id for s in report.sections if n in s.articles] for n in treaty["articles"]}
    return {"treaty": treaty.get("treaty", ""),
            "matrix": [{"article": n, "title": treaty["articles"][n], "sections": ids} for n, ids in covered.items()],
            "not_covered": [n for n, ids in covered.items() if not ids]}


def _loi(report: Report) -> dict:
    by_paragraph: dict[int, list[str]] = {}
    for section in report.sections:
        for p in section.loi:
            by_paragraph.setdefault(p, []).append(section.id)
    top = max(by_paragraph, default=0)
    return {"covered": [{"paragraph": p, "sections": by_paragraph[p]} for p in sorted(by_paragraph)],
            "gaps": [p for p in range(1, top + 1) if p not in by_paragraph]}


def _citations(report: Report, workspace: Workspace) -> dict:
    """Read from the positions resolve gave every cited item (resolve/positions.py)."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for note in report.notes:
        for cite in note_cites(note):
            for item in cite.items:
                if item.position is not None:
                    counts[item.key] += 1
                    first[item.key] = item.first_note
    rows = [{"key": k, "count": n, "first_note": first[k], "file": workspace.bib[k].file}
            for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))]
    return {"sources": rows, "never_cited": sorted((k for k in workspace.bib if k not in counts), key=str.lower)}


def print_stats(data: dict, console) -> None:
    from rich.markup import escape as e
    from rich.table import Table

    words = data["words"]
    table = Table(title="Words (as the committee counts them: body and footnotes)", title_justify="left")
    for name, justify in (("section", "left"), ("part", "left"), ("status", "left"), ("body", "right"),
                          ("notes", "right"), ("total", "right")):
        table.add_column(name, justify=justify)
    for s in data["sections"]:
        table.add_row(e(s["id"]), e(s["part"]), e(s["status"]), f"{s['body']:,}", f"{s['notes']:,}", f"{s['total']:,}")
    table.add_section()
    table.add_row("report", "", "", f"{words['body']:,}", f"{words['notes']:,}", f"{words['total']:,}")
    console.print(table)
    limit = data["limit"]
    if not words["limit"] and limit["set_in"] == "report.yml":
        console.print("No word limit (word_limit: 0).")
    elif not words["limit"]:
        console.print(f"The {e(limit['body'])} has no confirmed word limit: set word_limit in report.yml from the "
                      "session's information note.")
    elif words["over"]:
        console.print(f"[bold red]{words['over']:,} words over the limit of {words['limit']:,}.[/]")
    else:
        console.print(f"{words['left']:,} words left under the limit of {words['limit']:,}.")
    if words["limit"] and limit["set_in"] == "report.yml":
        console.print("The limit is word_limit in report.yml.")
    elif words["limit"]:
        console.print(f"The limit is the {e(limit['body'])}'s, {e(limit['text'])}; source: {e(limit['source'])}")

    table = Table(title="Words per organisation (shared sections count for each)", title_justify="left")
    for name, justify in (("organisation", "left"), ("sections", "right"), ("words", "right")):
        table.add_column(name, justify=justify)
    for org in data["organisations"]:
        table.add_row(e(org["acronym"] or "(none)"), str(len(org["sections"])), f"{org['words']:,}")
    console.print(table)

    articles = data["articles"]
    if articles["matrix"]:
        table = Table(title=f"Articles of the {articles['treaty']} covered", title_justify="left")
        for name in ("art.", "title", "sections"):
            table.add_column(name)
        for row in articles["matrix"]:
            table.add_row(str(row["article"]), e(row["title"]), e(", ".join(row["sections"])) or "[dim]-[/]")
        console.print(table)
        missing = articles["not_covered"]
        console.print("Not covered by any section: " + (", ".join(map(str, missing)) if missing else "none") + ".")
    if data.get("themes"):
        table = Table(title="Themes covered", title_justify="left")
        for name in ("theme", "sections"):
            table.add_column(name)
        for row in data["themes"]:
            table.add_row(e(row["title"]), e(", ".join(row["sections"])) or "[dim]-[/]")
        console.print(table)
    previous = data.get("previous_recommendations")
    if previous:
        table = Table(title=f"Recommendations of the previous review referred to ({len(previous['cited'])} of "
                      f"{previous['listed']})", title_justify="left")
        for name in ("number", "State", "response", "sections"):
            table.add_column(name)
        for row in previous["cited"]:
            table.add_row(e(row["number"]), e(row["state"]), e(row["response"]), e(", ".join(row["sections"])))
        console.print(table)

    loi = data["loi"]
    if loi["covered"]:
        table = Table(title="List of issues paragraphs covered", title_justify="left")
        table.add_column("para.", justify="right")
        table.add_column("sections")
        for row in loi["covered"]:
            table.add_row(str(row["paragraph"]), e(", ".join(row["sections"])))
        console.print(table)
        if loi["gaps"]:
            console.print("Not covered (up to the highest covered): " + ", ".join(map(str, loi["gaps"])) + ".")
    else:
        console.print("No section lists 'loi:' paragraphs.")

    cites = data["citations"]
    table = Table(title="Citations per source", title_justify="left")
    for name, justify in (("source", "left"), ("cited", "right"), ("first note", "right")):
        table.add_column(name, justify=justify)
    for row in cites["sources"]:
        table.add_row(e(row["key"]), str(row["count"]), str(row["first_note"]))
    console.print(table)
    if cites["never_cited"]:
        console.print("Never cited: " + e(", ".join(cites["never_cited"])) + ".")


def read_for_stats(root) -> tuple[dict, int]:
    """The statistics of whatever can be read, and the number of errors met on the way."""
    from assemble.build import read_report
    from assemble.problems import BuildError, Problems

    problems = Problems(root)
    workspace, report = read_report(root, problems, keep_going=True)
    if report is None:
        raise BuildError(problems.errors)
    return compute_stats(workspace, report), len(problems.errors)
