"""Re-apply the mutations issue 12 named and see the tests catch each one.

    .venv/bin/python tests/mutants.py [NAME ...]

Each mutant is a one-place change to assemble's code that a reader would not notice in the
output at a glance (a skipped paragraph number, two swapped cross-reference targets, ...). The
script copies the repository (git clone of the working tree's HEAD) into a temporary folder,
applies one mutant at a time there, runs the test files that should catch it and prints CAUGHT
or SURVIVED. A survivor is a gap in the tests. Not part of `make test` (it runs the tests once
per mutant); the working tree is never changed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (file, text, mutated text, tests that must fail)
MUTANTS = {
    "skip-paragraph-number": (
        "assemble/resolve/numbering.py", "self.paragraph += 1\n", "self.paragraph += 2 if self.paragraph == 3 else 1\n",
        ["tests/test_numbering.py"]),
    "swap-ref-targets": (
        "assemble/resolve/crossrefs.py", "            if isinstance(node, XRef):\n                fill(node, words)\n",
        "            if isinstance(node, XRef):\n                fill(node, words)\n"
        "    refs = [n for s in sections for il in block_inlines(s.blocks) for n in il if isinstance(n, XRef) and n.target]\n"
        "    other = [i for i, r in enumerate(refs) if r.target != refs[0].target]\n"
        "    if other:\n"
        "        refs[0].target, refs[other[0]].target = refs[other[0]].target, refs[0].target\n",
        ["tests/test_docx.py", "tests/test_numbering.py"]),
    "citation-templates-without-autoescape": (
        "assemble/resolve/citations.py", "environment(root, autoescape=True)", "environment(root, autoescape=False)",
        ["tests/test_security.py"]),
    "non-atomic-write": (
        "assemble/output.py", "            written[path] = tmp\n            _write_synced(tmp, path, data)\n",
        "            path.write_bytes(data)\n            continue\n", ["tests/test_faults.py"]),
    "cache-ignores-templates": (
        "assemble/cache.py", 'INPUT_FOLDERS = ("templates",)', "INPUT_FOLDERS = ()", ["tests/test_robustness.py"]),
    "list-labels-i-to-a": (
        "assemble/resolve/numbering.py", 'return f"({roman(n).lower()})"', 'return f"({letters(n).lower()})"',
        ["tests/test_numbering.py"]),
    "list-of-issues-ignored": (
        "assemble/resolve/order.py", 'if structure in ("list-of-issues", "list-of-themes"):',
        'if structure in ("list-of-themes",):', ["tests/test_treaties.py"]),
    "level-5-heading-label": (
        "assemble/resolve/numbering.py", 'return f"({number})" if level >= 4 else f"{number}."',
        'return f"({number})" if level == 4 else f"{number}."', ["tests/test_numbering.py"]),
}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in MUTANTS]
    if unknown:
        print(f"unknown mutant(s): {', '.join(unknown)}; known: {', '.join(MUTANTS)}")
        return 2
    survived = 0
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "assemble"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {**os.environ, "PYTHONPATH": str(clone)}  # the clone's code, not the installed one
        for name in names or list(MUTANTS):
            file, text, mutated, tests = MUTANTS[name]
            path = clone / file
            original = path.read_text(encoding="utf-8")
            if original.count(text) != 1:
                print(f"{name}: the text to mutate is no longer in {file} once; update tests/mutants.py")
                survived += 1
                continue
            path.write_text(original.replace(text, mutated), encoding="utf-8")
            try:
                run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                                     cwd=clone, env=env, capture_output=True, text=True)
            finally:
                path.write_text(original, encoding="utf-8")
            failed = next((line for line in run.stdout.splitlines() if line.startswith("FAILED")), "")
            print(f"{name}: {'CAUGHT by ' + failed.split()[1] if run.returncode else 'SURVIVED'}", flush=True)
            survived += run.returncode == 0
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
