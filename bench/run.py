"""Time assemble against pandoc on synthetic workspaces; print medians, peak memory and ratios.

    python bench/run.py [--runs 5] [--work DIR]

Runs, alternating so load on the machine hits all alike: assemble DOCX, assemble DOCX+PDF,
a rebuild with nothing changed, and pandoc 3 --citeproc with a CSL note style (from the
optional `pypandoc-binary` package) on the same text. Scale 1x and 10x.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak resident MB) of one run of cmd."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    assemble = [sys.executable, "-m", "assemble", "build", "--root"]
    pandoc = pandoc_path()
    results: dict[str, dict[str, list]] = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        root = args.work / f"{scale}x"
        shutil.rmtree(root, ignore_errors=True)
        generate(root, scale)
        (root / "refs.bib").write_text((root / "footnotes" / "sources.bib").read_text())
        cases = {
            "assemble docx": (assemble + [str(root), "--format", "docx", "--no-cache"], None),
            "assemble docx+pdf": (assemble + [str(root), "--format", "docx,pdf", "--no-cache"], None),
            "assemble rebuild (unchanged)": (assemble + [str(root), "--format", "docx,pdf"], None),
        }
        if pandoc:
            cases["pandoc docx --citeproc"] = ([pandoc, "pandoc.md", "--citeproc", "--bibliography", "refs.bib",
                                                "--csl", str(HERE / "note-style.csl"), "-o", "pandoc.docx"], root)
        subprocess.run(assemble + [str(root), "--format", "docx,pdf"], check=True, capture_output=True)  # warm
        for _ in range(args.runs):
            for name, (cmd, cwd) in cases.items():
                seconds, peak = timed(cmd, cwd or Path.cwd())
                results.setdefault(f"{scale}x", {}).setdefault(name, []).append((seconds, peak))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; runs: {args.runs} (median)")
    print(f"{'corpus':<6} {'case':<30} {'median s':>9} {'peak MB':>8} {'vs pandoc':>10}")
    medians = {}
    for corpus, cases in results.items():
        base = statistics.median(s for s, _ in cases.get("pandoc docx --citeproc", [(float("nan"), 0)]))
        for name, samples in cases.items():
            median = statistics.median(s for s, _ in samples)
            medians[(corpus, name)] = median
            peak = max(p for _, p in samples)
            ratio = median / base if base == base else float("nan")
            print(f"{corpus:<6} {name:<30} {median:>9.3f} {peak:>8.0f} {ratio:>10.2f}")
    one, ten = medians.get(("1x", "assemble docx")), medians.get(("10x", "assemble docx"))
    if one and ten:
        print(f"10x / 1x (assemble docx): {ten / one:.1f}")
    full, again = medians.get(("1x", "assemble docx+pdf")), medians.get(("1x", "assemble rebuild (unchanged)"))
    if full and again:
        print(f"unchanged rebuild / full build (1x): {again / full:.0%}")


if __name__ == "__main__":
    main()
