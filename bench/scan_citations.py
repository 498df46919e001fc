"""Render every entry of real .bib files as footnotes and flag what a lawyer would send back.

    .venv/bin/python bench/scan_citations.py FOLDER_OR_FILE... [--build] [--show N] [--json OUT]

For each .bib file: a scratch report cites every entry twice (the first note, then, after all
the others, a later note with a pinpoint), runs the whole pipeline (load, parse, resolve, the
checks; with --build also the DOCX), and scans every rendered note for
  - crash:       an exception escaped (what users would see as "internal error")
  - empty-punct: ", ,", ",,", "()", empty quotes, a note starting with a comma, " ." ...
  - latex:       TeX left in the text ("\\", "{", "}", "$", "^{", "_{")
  - raw-name:    BibLaTeX name syntax printed ("family=", "given=", "useprefix")
  - lost-month:  the entry has a month, the note of a dated kind shows none
  - empty:       a note with no text
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
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assemble.build import build_report, read_report  # noqa: E402
from assemble.i18n import catalogue  # noqa: E402
from assemble.problems import BuildError, Problems  # noqa: E402
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
CHECKS = {
    "empty-punct": re.compile(r",\s*,|\(\s*\)|“\s*”|‘\s*’|«\s*»|^\s*[,;.:]|\s[,.;:](?!\d)|[,;]\s*\.$|,\s*\)|\(\s*,"),
    "latex": re.compile(r"\\|[{}$]|\^\{|_\{"),
    "raw-name": re.compile(r"\b(?:family|given|prefix|suffix|useprefix)\s*="),
}


def scan_file(bib: Path, build: bool) -> dict:
    from assemble.load.bib import load_bibliography

    result = {"file": str(bib), "entries": 0, "notes": 0, "flags": Counter(), "examples": [], "problems": []}
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
        keys = [k for k, e in entries.items() if not e.broken and "{" not in k and "}" not in k]
        result["entries"] = len(entries)
        if not keys:
            return result
        first = " ".join(f"Cite.[@{{{k}}}]" for k in keys)
        later = " ".join(f"Again.[@{{{k}}}, p. 5]" for k in keys)
        (root / "sections" / "scan.md").write_text(
            f"---\nid: scan\narticles: [19]\n---\n{first}\n\n{later}\n", encoding="utf-8")
        problems = Problems(root)
        try:
            _, report = read_report(root, problems, keep_going=True)
            if build:
                build_report(root, ["docx"])
        except BuildError as exc:
            result["problems"] = [str(p) for p in exc.problems if p.severity == "error"][:5]
            report = None if "report" not in locals() else report
        except Exception:  # noqa: BLE001
            result["flags"]["crash"] += 1
            result["examples"].append(("crash", "(pipeline)", traceback.format_exc(limit=4)))
            return result
        result["problems"] += [str(p) for p in problems.errors][:5]
        if report is None:
            return result
        months = catalogue("en")["months"]
        by_note = {}
        for note in report.notes:
            text = " ".join(inline_text(p) for p in note.paragraphs)
            key = note.cite.items[0].key if note.cite and note.cite.items else ""
            by_note[note.number] = (key, text)
        for number, (key, text) in by_note.items():
            result["notes"] += 1
            entry = entries.get(key)
            bare = URL.sub("", text)
            flags = [name for name, rule in CHECKS.items() if rule.search(bare)]
            if not text.strip(" .") or text.strip() in ("Cite.", "Again."):
                flags.append("empty")
            if entry is not None and entry.month() and entry_kind(entry) in DATED_KINDS \
                    and number <= len(keys) and not any(m in text for m in months):
                flags.append("lost-month")
            for flag in flags:
                result["flags"][flag] += 1
                result["examples"].append((flag, key, text))
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
    results, entries, notes, refused = [], 0, 0, 0
    for bib in files:
        result = scan_file(bib, args.build)
        results.append(result)
        entries += result["entries"]
        notes += result["notes"]
        totals.update(result["flags"])
        refused += bool(result["problems"])
    print(f"{len(files)} files, {entries} entries, {notes} notes; {refused} files with errors (file:line given)")
    for flag in ("crash", "empty", "empty-punct", "latex", "raw-name", "lost-month"):
        print(f"  {flag:<12} {totals[flag]}")
        shown = [e for r in results for e in r["examples"] if e[0] == flag][:args.show]
        for _, key, text in shown:
            print(f"      {key}: {text[:300]}")
    for r in results:
        for problem in r["problems"][:2]:
            print(f"  error in {Path(r['file']).name}: {problem}")
    if args.json:
        args.json.write_text(json.dumps([{**r, "flags": dict(r["flags"])} for r in results], indent=1,
                                        ensure_ascii=False, default=str), encoding="utf-8")
    return 1 if totals["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
