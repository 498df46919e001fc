import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
WORKSPACE = HERE / "workspace"


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private copy of tests/workspace (every construct of the source format)."""
    target = tmp_path / "ws"
    shutil.copytree(WORKSPACE, target, ignore=shutil.ignore_patterns("build"))
    return target
