"""Time assemble against pandoc on synthetic workspaces; print medians, peak memory and ratios.

    python bench/run.py [--runs 5] [--work DIR] [--scales 1,10]

Every case runs once per round and the rounds alternate, so load on the machine hits all alike:

- cold builds (a fresh process, no cache of any kind): DOCX, DOCX + PDF, HTML;
- a rebuild with nothing changed (the build cache answers);
- a one-section edit, then a one-shot `assemble build` (DOCX + PDF; the parse cache on disk
  spares the unchanged sections);
- the same edit inside `assemble preview --outputs docx,pdf`: time from the file's save to the
  new HTML served, and to the new DOCX and PDF on disk;
- pandoc 3 --citeproc with a CSL note style (from the optional `pypandoc-binary` package) on
  the same text, the yardstick.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

# An installed assemble has its bytecode compiled (pip does it at install); a machine that forbids
# writing it would time Python compiling ~50 modules in every cold build instead of assemble.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PANDOC = "pandoc docx --citeproc"
EDITED = "s{middle:03d}.md"  # the section every edit changes: one in the middle of the report


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


class Editor:
    """Changes one word of one section, back and forth, as a user saving the file would."""

    def __init__(self, root: Path, sections: int):
        self.path = root / "sections" / EDITED.format(middle=sections // 2)
        self.original = self.path.read_text(encoding="utf-8")
        self.flip = False

    def edit(self) -> None:
        self.flip = not self.flip
        text = self.original.replace(" the ", " THE ", 1) if self.flip else self.original
        self.path.write_text(text, encoding="utf-8")


class Preview:
    """`assemble preview --outputs docx,pdf` on its own copy of the corpus. A new HTML page is
    noticed from the page's own event stream (/events), not by polling, which would compete
    with the preview for the interpreter."""

    def __init__(self, root: Path, sections: int):
        self.process = subprocess.Popen([sys.executable, "-m", "assemble", "preview", "--root", str(root),
                                         "--port", "0", "--outputs", "docx,pdf"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().split()[2]
        threading.Thread(target=lambda: self.process.stdout.read(), daemon=True).start()  # never block its prints
        self.editor = Editor(root, sections)
        self.built: dict[int, float] = {}  # version -> when /events announced it
        self.announced = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()
        self.wait(lambda s: s["version"] >= 1 and s["outputs"]["version"] >= 1, timeout=1800, every=0.5)

    def _listen(self) -> None:
        with urllib.request.urlopen(self.url + "events", timeout=3600) as stream:
            for raw in stream:
                line = raw.decode().strip()
                if line.startswith("data: "):
                    with self.announced:
                        self.built[int(line[6:])] = time.perf_counter()
                        self.announced.notify_all()

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "status", timeout=60) as response:
            return json.loads(response.read())

    def wait(self, condition, timeout: float = 900, every: float = 0.02) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if condition(status):
                return status
            time.sleep(every)
        raise SystemExit(f"preview did not finish: {self.status()}")

    def edit(self) -> tuple[float, float]:
        """(save -> new HTML served, save -> new DOCX and PDF on disk) in seconds."""
        before = self.status()["version"]
        started = time.perf_counter()
        self.editor.edit()
        with self.announced:
            if not self.announced.wait_for(lambda: max(self.built, default=0) > before, timeout=900):
                raise SystemExit("preview did not rebuild after an edit")
        with urllib.request.urlopen(self.url, timeout=60) as response:
            response.read()
        served = time.perf_counter() - started
        status = self.status()
        if not status["ok"]:
            raise SystemExit(f"preview build failed: {status['problems'][:3]}")
        self.wait(lambda s: s["outputs"]["version"] >= status["version"])
        return served, time.perf_counter() - started

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def cold(cmd: list[str], root: Path) -> tuple[float, float]:
    """A build with no parsed section to reuse (--no-cache in `cmd` skips the unchanged-build check)."""
    shutil.rmtree(root / "build" / ".cache" / "parse", ignore_errors=True)
    return timed(cmd, Path.cwd())


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
        root = (args.work / f"{scale}x").resolve()
        live = (args.work / f"{scale}x-preview").resolve()
        for folder in (root, live):
            shutil.rmtree(folder, ignore_errors=True)
            counts = generate(folder, scale)
        (root / "refs.bib").write_text((root / "footnotes" / "sources.bib").read_text())
        editor = Editor(root, counts["sections"])
        build = assemble + [str(root), "--no-cache", "--format"]
        cases = {
            "assemble docx, cold": lambda: cold(build + ["docx"], root),
            "assemble docx+pdf, cold": lambda: cold(build + ["docx,pdf"], root),
            "assemble html, cold": lambda: cold(build + ["html"], root),
            "assemble rebuild, nothing changed": lambda: timed(assemble + [str(root), "--format", "docx,pdf"],
                                                               Path.cwd()),
            # Without --no-cache, as a user runs it: the edit makes it build, and it records the
            # build, so the next round's "nothing changed" is a real no-change rebuild.
            "edit, one-shot docx+pdf": lambda: (editor.edit(), timed(assemble + [str(root), "--format", "docx,pdf"],
                                                                     Path.cwd()))[1],
        }
        if pandoc:
            cases[PANDOC] = lambda: timed([pandoc, "pandoc.md", "--citeproc", "--bibliography", "refs.bib",
                                           "--csl", str(HERE / "note-style.csl"), "-o", "pandoc.docx"], root)
        subprocess.run(assemble + [str(root), "--format", "docx,pdf"], check=True, capture_output=True)  # warm OS
        preview = Preview(live, counts["sections"])
        samples = results.setdefault(f"{scale}x", {})
        try:
            for _ in range(args.runs):
                for name, case in cases.items():
                    samples.setdefault(name, []).append(case())
                served, written = preview.edit()
                samples.setdefault("edit in preview -> html served", []).append((served, float("nan")))
                samples.setdefault("edit in preview -> docx+pdf on disk", []).append((written, float("nan")))
            peak = preview.peak_mb()
            for name in ("edit in preview -> html served", "edit in preview -> docx+pdf on disk"):
                samples[name] = [(s, peak) for s, _ in samples[name]]
        finally:
            preview.stop()
            editor.path.write_text(editor.original, encoding="utf-8")
    report(results, args.runs)


def report(results: dict, runs: int) -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; {runs} alternating runs, medians")
    print(f"{'corpus':<6} {'case':<38} {'median s':>9} {'peak MB':>8} {'vs pandoc':>10}")
    medians, peaks = {}, {}
    for corpus, cases in results.items():
        base = statistics.median(s for s, _ in cases.get(PANDOC, [(float("nan"), 0)]))
        for name, samples in cases.items():
            median = statistics.median(s for s, _ in samples)
            medians[(corpus, name)], peaks[(corpus, name)] = median, max(p for _, p in samples)
            print(f"{corpus:<6} {name:<38} {median:>9.3f} {peaks[(corpus, name)]:>8.0f} {median / base:>10.2f}")
        medians[(corpus, "base")] = base
    print("targets:")
    for corpus in results:
        base = medians[(corpus, "base")]
        for name, limit, label in (("assemble docx, cold", 1 / 3, "cold DOCX <= 1/3 pandoc DOCX"),
                                   ("assemble docx+pdf, cold", 1.0, "cold DOCX + PDF < pandoc DOCX"),
                                   ("edit in preview -> html served", 0.1, "preview edit, HTML < 1/10 pandoc DOCX"),
                                   ("edit in preview -> docx+pdf on disk", 1 / 3,
                                    "preview edit, DOCX + PDF < 1/3 pandoc DOCX")):
            ratio = medians[(corpus, name)] / base
            print(f"  {corpus:<4} {label:<44} {ratio:6.2f}  {'met' if ratio <= limit else 'NOT met'}")
    if "1x" in results and "10x" in results:
        for name in ("assemble docx, cold", "assemble docx+pdf, cold", "assemble html, cold"):
            ratio = medians[("10x", name)] / medians[("1x", name)]
            print(f"  10x/1x {name:<40} {ratio:6.1f}  {'met' if ratio <= 11 else 'NOT met'} (at most 11)")
        peak = peaks[("10x", "assemble docx+pdf, cold")]
        print(f"  10x    peak memory, DOCX + PDF {peak:>27.0f} MB  {'met' if peak <= 1536 else 'NOT met'} (at most 1536)")


if __name__ == "__main__":
    main()
