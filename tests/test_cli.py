"""The command as a user meets it: a summary line, file:line errors, no traceback, atomic outputs."""
import os
import subprocess
import sys
from pathlib import Path

ASSEMBLE = [sys.executable, "-m", "assemble"]


def run(*args, cwd=None):
    return subprocess.run([*ASSEMBLE, *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "ASSEMBLE_DEBUG": ""})


def test_build_prints_one_line_summary(workspace):
    result = run("build", "--root", str(workspace), "--format", "docx")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert "\n" not in line
    assert line.startswith("4 sections, 7 paragraphs, 17 notes, ")
    assert "words -> " in line and line.endswith("s") and "test-report.docx" in line
    assert (workspace / "build" / "test-report.docx").exists()


def test_output_option(workspace, tmp_path):
    target = tmp_path / "out" / "mine.docx"
    result = run("build", "--root", str(workspace), "--format", "docx", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_user_error_is_file_line_message_without_traceback(workspace):
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text().replace("[@co-2016, para. 5]", "[@co-2061, para. 5]"))
    result = run("build", "--root", str(workspace), "--format", "docx")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == ("sections/followup.md:8: error: unknown citation key '@co-2061' "
                                             "(did you mean @co-2016?)")


def test_failed_build_leaves_previous_output_untouched(workspace):
    assert run("build", "--root", str(workspace), "--format", "docx").returncode == 0
    output = workspace / "build" / "test-report.docx"
    before = output.read_bytes()
    stamp = output.stat().st_mtime_ns
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text() + "\nSee @para:nowhere.\n")
    assert run("build", "--root", str(workspace), "--format", "docx").returncode == 1
    assert output.read_bytes() == before and output.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in (workspace / "build").iterdir()) == [".cache", "test-report.docx"]


def test_missing_root_is_a_clear_error(tmp_path):
    result = run("build", "--root", str(tmp_path / "nowhere"), "--format", "docx")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "report.yml is missing" in result.stderr


def test_unchanged_rebuild_is_skipped_and_any_change_rebuilds(workspace):
    first = run("build", "--root", str(workspace), "--format", "docx")
    assert first.returncode == 0 and "(unchanged)" not in first.stdout
    second = run("build", "--root", str(workspace), "--format", "docx")
    assert second.returncode == 0 and second.stdout.strip().endswith("(unchanged)")
    assert second.stdout.split(" in ")[0] == first.stdout.split(" in ")[0]
    path = workspace / "sections" / "art-9.md"
    path.write_text(path.read_text().replace("Detention is common.", "Detention is frequent."))
    third = run("build", "--root", str(workspace), "--format", "docx")
    assert "(unchanged)" not in third.stdout
    (workspace / "build" / "test-report.docx").write_bytes(b"damaged")  # an edited output is rebuilt
    fourth = run("build", "--root", str(workspace), "--format", "docx")
    assert "(unchanged)" not in fourth.stdout
    assert (workspace / "build" / "test-report.docx").read_bytes()[:2] == b"PK"
    assert "(unchanged)" not in run("build", "--root", str(workspace), "--format", "docx", "--no-cache").stdout
