"""Render every entry of real .bib files as footnotes and flag what a lawyer would send back.

    .venv/bin/python bench/scan_citations.py FOLDER_OR_FILE... [--build] [--show N] [--json OUT]

For each .bib file: a scratch report cites every entry twice (the first note, then, after all
the others, a later note with a pinpoint), runs the whole pipeline (load, parse, resolve, the
checks; with --build also `assemble check` and `assemble build --format docx` through the CLI),
and counts, by the classes issue 19 names:
  - crash:          an exception escaped, or the CLI said "internal error" / exited 2
  - load-error:     an error a .bib file causes (each must name file:line: no-file-line counts
                    those that do not; a warning about a whole file, "holds no entries", has none)
  - empty:          a note with no text
  - lead-punct:     a note starting with ", " (its first field was empty)
  - empty-parens:   "()" or "[]"
  - doubled-punct:  ", ,", ",.", ":,", " ," (a space before a comma: a field left empty)
  - empty-quotes:   a quoted title with nothing in it
  - space-colon:    "Title : subtitle" (library-catalogue spacing carried into the note)
  - latex:          TeX left in the text ("\\", "{", "}", "$", "^{", "_{") outside URLs
  - raw-name:       BibLaTeX name syntax printed ("family=", "given=", "useprefix")
  - lost-month:     the entry has a month, the first note of a dated kind shows none
and, for the entries of a kind the issue names (the count of such entries is printed too):
  - crossref:       a child whose first note lacks its crossref parent's title
  - extended-name:  `family=..., given=...` names not read as names
  - trailing-comma: a name list with a trailing comma or "A, B, and C" read wrongly
  - href:           `\\href{url}{text}` left in the note
Runs one file at a time in one process (`nice -n 10` on a shared machine: the 516 files of
Better BibTeX's fixtures take about two minutes, five with --build).
Figures for docs/citations-corpus.md come from here. The corpus is not part of the repository:
Better BibTeX's fixtures (test/fixtures/export and test/fixtures/import of the
retorquere/zotero-better-bibtex repository) are one public source; bench/corpus/ holds our own.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from assemble.build import read_report  # noqa: E402
from assemble.cli import main as cli_main  # noqa: E402
from assemble.i18n import catalogue  # noqa: E402
from assemble.problems import Problems  # noqa: E402
from assemble.resolve import inline_text  # noqa: E402
from assemble.resolve.citations import entry_kind  # noqa: E402

REPORT = """title: Citation scan
state_party: Testland
organisations:
  - name: Scan
    acronym: SC
date: 2026-01-01
output: scan
word_limit: 0
"""
DATED_KINDS = {"article", "online", "report", "misc", "legislation", "jurisdiction", "undoc", "patent"}
URL = re.compile(r"(?:https?|ftp)://\S+|doi:\S+|www\.\S+")
# what a lawyer would send back, by the classes issue 19 names; each rule reads one rendered note
CHECKS = {
    "lead-punct": re.compile(r"^\s*[,;:.]"),  # a note starting ", " (the first field was empty)
    "empty-parens": re.compile(r"\(\s*\)|\[\s*\]"),
    "doubled-punct": re.compile(r"[,;:] ?[,;:.]|(?<!\.)\.\.(?!\.)| [,;.](?!\d)|\( ?[,;:]|[,;:] ?\)"),
    "empty-quotes": re.compile(r"“\s*”|‘\s*’|«\s*»|„\s*“|\"\s*\""),
    "space-colon": re.compile(r" [:;](?=\s)"),  # "Title : subtitle" (ISBD); a no-break space there is French typography
    # TeX syntax, not the characters a source asks for: a literal "{111}" (Miller indices,
    # written \{111\}) or "$620" (written \$620) is what the author typed
    "latex": re.compile(r"\\[A-Za-z]|\\\\|\{\{|\}\}|\$[^$\d\s][^$]*\$|\^\{|_\{"),
    "raw-name": re.compile(r"\b(?:family|given|prefix|suffix|useprefix)\s*="),
}
ORDER = ("crash", "load-error", "no-file-line", "empty", "lead-punct", "empty-parens", "doubled-punct",
         "empty-quotes", "space-colon", "latex", "raw-name", "lost-month", "crossref", "extended-name",
         "trailing-comma", "href")
# entries of a kind the issue names: (rule on the raw entry, what the note must then show)
EXTENDED = re.compile(r"\b(?:family|given)\s*=", re.I)
TRAILING = re.compile(r",\s*(?:and\b|$)")
ALNUM = re.compile(r"[^\w]+")


def _plain(text: str) -> str:
    return ALNUM.sub("", text).casefold()


def entry_flags(entry, parent, text: str, first: bool) -> tuple[list[str], list[str]]:
    """(classes the entry belongs to, classes it fails) for the issue's entry-level classes."""
    from assemble.load.bib import decode_latex, parse_names

    belongs, fails = [], []
    names = [entry.raw.get(role, "") for role in ("author", "editor")]
    if any(EXTENDED.search(n) for n in names):
        belongs.append("extended-name")
        people = [p for n in names for p in parse_names(n)]
        if any(not p.family and not p.others for p in people) or CHECKS["raw-name"].search(text):
            fails.append("extended-name")
    if any(TRAILING.search(n.strip()) for n in names):
        belongs.append("trailing-comma")
        people = [p for n in names for p in parse_names(n)]
        if any((not p.family and not p.others) or "," in p.family + p.given for p in people):
            fails.append("trailing-comma")
    if any("\\href" in v for v in entry.raw.values()):
        belongs.append("href")
        if "href" in URL.sub("", text):
            fails.append("href")
    if parent is not None and first:
        belongs.append("crossref")
        title = _plain(decode_latex(parent.raw.get("title", "") or parent.raw.get("booktitle", "")))[:30]
        if title and title not in _plain(text):
            fails.append("crossref")
    return belongs, fails


def scan_file(bib: Path, build: bool) -> dict:
    from assemble.load.bib import load_bibliography

    result = {"file": str(bib), "entries": 0, "notes": 0, "flags": Counter(), "classes": Counter(),
              "examples": [], "problems": [], "seconds": 0.0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "footnotes").mkdir()
        (root / "sections").mkdir()
        shutil.copy(bib, root / "footnotes" / "corpus.bib")
        (root / "report.yml").write_text(REPORT, encoding="utf-8")
        try:
            entries = load_bibliography(root / "footnotes", Problems(root))
        except Exception:  # noqa: BLE001 - a crash is what this scan looks for
            result["flags"]["crash"] += 1
            result["examples"].append(("crash", "(load)", traceback.format_exc(limit=3)))
            return result
        keys = [k for k, e in entries.items() if not e.broken and "{" not in k and "}" not in k and k]
        result["entries"] = len(entries)
        if keys:
            first = " ".join(f"Cite.[@{{{k}}}]" for k in keys)
            later = " ".join(f"Again.[@{{{k}}}, p. 5]" for k in keys)
            (root / "sections" / "scan.md").write_text(
                f"---\nid: scan\narticles: [19]\n---\n{first}\n\n{later}\n", encoding="utf-8")
        problems = Problems(root)
        report = None
        try:
            _, report = read_report(root, problems, keep_going=True)
        except Exception:  # noqa: BLE001
            result["flags"]["crash"] += 1
            result["examples"].append(("crash", "(pipeline)", traceback.format_exc(limit=4)))
        if build:
            for args in (["check", "--root", str(root)], ["build", "--root", str(root), "--format", "docx"]):
                run = CliRunner().invoke(cli_main, args)
                if run.exit_code not in (0, 1) or "internal error" in run.output:
                    result["flags"]["crash"] += 1
                    result["examples"].append(("crash", args[0], run.output[-600:]))
        # every problem the files cause must say where: file and line
        for problem in problems.items:
            if problem.file.startswith("footnotes/") and problem.severity == "error":
                result["flags"]["load-error"] += 1
                result["problems"].append(str(problem))
            if problem.file.startswith("footnotes/") and not problem.line and problem.severity == "error":
                result["flags"]["no-file-line"] += 1
                result["examples"].append(("no-file-line", "", str(problem)))
        if report is None:
            result["seconds"] = time.perf_counter() - started
            return result
        months = catalogue("en")["months"]
        by_folded = {k.lower(): e for k, e in entries.items()}
        for note in report.notes:
            text = " ".join(inline_text(p) for p in note.paragraphs)
            key = note.cite.items[0].key if note.cite and note.cite.items else ""
            result["notes"] += 1
            entry = entries.get(key)
            bare = URL.sub("", text)
            flags = [name for name, rule in CHECKS.items() if rule.search(bare)]
            if not text.strip(" .") or text.strip() in ("Cite.", "Again."):
                flags.append("empty")
            first_note = note.number <= len(keys)
            if entry is not None and entry.month() and entry_kind(entry) in DATED_KINDS \
                    and first_note and not any(m in text for m in months):
                flags.append("lost-month")
            if entry is not None:
                crossref = entry.raw.get("crossref", "").split(",")[0].strip().lower()
                belongs, fails = entry_flags(entry, by_folded.get(crossref) if crossref else None, text, first_note)
                if first_note:
                    result["classes"].update(belongs)
                flags += fails
            for flag in flags:
                result["flags"][flag] += 1
                result["examples"].append((flag, key, text))
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--build", action="store_true", help="also write the DOCX of each file")
    parser.add_argument("--show", type=int, default=3, help="examples shown per flag")
    parser.add_argument("--json", type=Path, help="write every result here")
    args = parser.parse_args()
    files = sorted(p for path in args.paths for p in ([path] if path.is_file() else path.rglob("*.bib*"))
                   if p.suffix in (".bib", ".biblatex", ".bibtex"))
    totals: Counter = Counter()
    classes: Counter = Counter()
    files_with: Counter = Counter()
    results, entries, notes, refused = [], 0, 0, 0
    for bib in files:
        result = scan_file(bib, args.build)
        results.append(result)
        entries += result["entries"]
        notes += result["notes"]
        totals.update(result["flags"])
        classes.update(result["classes"])
        files_with.update(result["flags"].keys())
        refused += bool(result["problems"])
    print(f"{len(files)} files, {entries} entries, {notes} notes; {refused} files with load errors")
    for flag in ORDER:
        of = f" of {classes[flag]} such entries" if flag in classes or flag in ("crossref", "extended-name",
                                                                            "trailing-comma", "href") else ""
        print(f"  {flag:<15} {totals[flag]:>6}{of} (in {files_with[flag]} files)")
        shown = [(Path(r["file"]).name, *e[1:]) for r in results for e in r["examples"] if e[0] == flag]
        for name, key, text in shown[:args.show]:
            print(f"      {name[:40]} | {key}: {text[:300]}")
    if args.show:
        for r in results:
            for problem in r["problems"][:2]:
                print(f"  load error in {Path(r['file']).name}: {problem}")
    slowest = sorted(results, key=lambda r: -r["seconds"])[:3]
    print("slowest: " + ", ".join(f"{Path(r['file']).name} ({r['entries']} entries, {r['seconds']:.1f} s)"
                                  for r in slowest))
    if args.json:
        args.json.write_text(json.dumps([{**r, "flags": dict(r["flags"]), "classes": dict(r["classes"])} for r in results], indent=1,
                                        ensure_ascii=False, default=str), encoding="utf-8")
    return 1 if totals["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
