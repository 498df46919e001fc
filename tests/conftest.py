import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

HERE = Path(__file__).parent
WORKSPACE = HERE / "workspace"
# assemble's user cache (compiled templates) of the test run: never the developer's own ~/.cache
CACHE_HOME = Path(tempfile.mkdtemp(prefix="assemble-test-cache-"))
os.environ["XDG_CACHE_HOME"] = str(CACHE_HOME)


# The property tests (hypothesis) draw the same examples on every run, so a commit that passes
# here passes in CI too; `HYPOTHESIS_PROFILE=explore make test` draws new ones to hunt for bugs
# (add what it finds as an @example).
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("repeatable", derandomize=True)
    _hypothesis_settings.register_profile("explore", derandomize=False)
    _hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
except ImportError:  # the test extra is not installed: the property tests skip on their own
    pass


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private copy of tests/workspace (every construct of the source format)."""
    target = tmp_path / "ws"
    shutil.copytree(WORKSPACE, target, ignore=shutil.ignore_patterns("build"))
    return target


# What every command run through click's test runner printed with "internal error" in it: the
# runner keeps the output from pytest's capture, so it is collected here (and cleared per test).
_INTERNAL: list[str] = []
_invoke = CliRunner.invoke


def _watched_invoke(self, *args, **kwargs):
    result = _invoke(self, *args, **kwargs)
    try:
        shown = result.output + (result.stderr if result.stderr_bytes is not None else "")
    except ValueError:  # an output that is not text
        shown = ""
    if "internal error" in shown:
        _INTERNAL.append(shown)
    return result


CliRunner.invoke = _watched_invoke


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """'internal error' is how assemble reports its own bugs: it must appear in no test's output,
    printed (captured by pytest) or returned by click's runner."""
    if call.when == "setup":
        _INTERNAL.clear()
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.passed and ("internal error" in report.capstdout + report.capstderr
                                                    or _INTERNAL):
        report.outcome = "failed"
        report.longrepr = ("the test's output holds 'internal error' (a bug in assemble reached the user):\n"
                           + "\n".join(_INTERNAL))
    if report.when == "call":
        _INTERNAL.clear()


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(CACHE_HOME, ignore_errors=True)
