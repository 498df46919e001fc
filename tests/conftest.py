import os
import shutil
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
WORKSPACE = HERE / "workspace"
# assemble's user cache (compiled templates) of the test run: never the developer's own ~/.cache
CACHE_HOME = Path(tempfile.mkdtemp(prefix="assemble-test-cache-"))
os.environ["XDG_CACHE_HOME"] = str(CACHE_HOME)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private copy of tests/workspace (every construct of the source format)."""
    target = tmp_path / "ws"
    shutil.copytree(WORKSPACE, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """'internal error' is how assemble reports its own bugs: it must appear in no test's output."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.passed and "internal error" in report.capstdout + report.capstderr:
        report.outcome = "failed"
        report.longrepr = "the test's output holds 'internal error' (a bug in assemble reached the user)"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(CACHE_HOME, ignore_errors=True)
