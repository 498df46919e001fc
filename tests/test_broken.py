"""Broken inputs (tests/broken/<case>/): each gives clear `file:line: severity: message` lines,
exit code 1, and never a traceback, through the real command.

A case is the small report in tests/broken/_base with the case's files/ laid over it;
case.yml says what to remove, what to generate, extra `check` arguments and the lines expected.
"""
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from assemble.cli import main

HERE = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in HERE.iterdir() if (p / "case.yml").exists())
ASSEMBLE = [sys.executable, "-m", "assemble"]
LINE = re.compile(r"^\S[^:]*(:\d+)?: (error|warning): \S")
SUMMARY = re.compile(r"^\d+ errors?(, \d+ warnings?|: nothing was written)$")
FRONT = "---\nid: big\narticles: [19]\n---\n"


def make(kind: str, root: Path) -> None:
    if kind == "big-paragraph":
        (root / "sections" / "big.md").write_text(FRONT + "word " * 60_000 + "\n")
    elif kind == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("running as root: chmod 000 does not stop root from reading (see dangling-symlink)")
        (root / "sections" / "main.md").chmod(0)
    elif kind == "dangling-symlink":
        (root / "sections" / "gone.md").symlink_to(root / "nowhere" / "gone.md")
    else:
        raise AssertionError(f"unknown make: {kind}")


def setup_case(name: str, tmp_path: Path) -> tuple[Path, dict]:
    case = yaml.safe_load((HERE / name / "case.yml").read_text())
    root = tmp_path / "report"
    shutil.copytree(HERE / "_base", root)
    for path in case.get("remove") or []:
        target = root / path
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    files = HERE / name / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    if case.get("make"):
        make(case["make"], root)
    return root, case


def run(*args):
    return subprocess.run([*ASSEMBLE, *args], capture_output=True, env={**os.environ, "ASSEMBLE_DEBUG": ""})


def run_case(name: str, tmp: Path) -> dict:
    try:
        root, case = setup_case(name, tmp)
    except pytest.skip.Exception as exc:
        return {"skip": str(exc)}
    return {"case": case, "check": run("check", "--root", str(root), *(case.get("args") or []))}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """`check` on every case at once: separate processes, and serially they take long."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run_case, name, tmp_path_factory.mktemp(name)) for name in CASES}
        return {name: future.result() for name, future in futures.items()}


def assert_clean(output: str) -> None:
    assert "Traceback" not in output and "internal error" not in output, output
    for line in output.splitlines():
        assert LINE.match(line) or SUMMARY.match(line), line


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_check_names_file_and_line(name, results):
    result = results[name]
    if "skip" in result:
        pytest.skip(result["skip"])
    out = result["check"].stdout.decode("utf-8")
    assert_clean(out + result["check"].stderr.decode("utf-8"))
    assert result["check"].returncode == 1, out
    for expected in result["case"]["expect"]:
        assert expected in out.splitlines(), f"{expected!r} not in:\n{out}"


@pytest.mark.parametrize("name", CASES)
def test_build_refuses_or_builds_without_traceback(name, tmp_path, results):
    """The same command in-process (click's runner): the same wrapper, without a new interpreter each time.
    Whatever the build refuses, `check` refused first, in the same words (issue 12.5)."""
    root, case = setup_case(name, tmp_path)
    result = CliRunner().invoke(main, ["build", "--root", str(root)], catch_exceptions=False)
    err = result.stderr
    assert result.exit_code in (0, 1), err
    assert_clean(err)
    if "--strict" not in (case.get("args") or []):
        for expected in (e for e in case["expect"] if ": error: " in e):
            assert expected in err.splitlines(), f"{expected!r} not in:\n{err}"
    built = list((root / "build").glob("*.docx"))
    if result.exit_code == 1:
        assert err.rstrip().endswith("nothing was written") and not built
        checked = results[name]["check"].stdout.decode("utf-8").splitlines()
        refused = [line for line in err.splitlines() if ": error: " in line]
        assert refused and not [line for line in refused if line not in checked], \
            f"build refused what check let pass:\n{err}\ncheck said:\n" + "\n".join(checked)
    else:
        assert built
