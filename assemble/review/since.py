"""The sources as they were at a sign-off: a git revision, or a freeze tag (`assemble freeze
--tag NAME`: the last commit whose sections.lock carries that tag), copied into a temporary
folder so the old report can be read like any other."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from assemble.problems import BuildError, Problem

FOLDERS = ("sections", "footnotes", "templates")  # with report.yml: what a report is made of


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise BuildError([Problem("--since", None, "git is not installed, and the sources at a sign-off are "
                                  "read from git", hint="install git (https://git-scm.com)")]) from None


def resolve_ref(root: Path, ref: str) -> str:
    """The commit `ref` names: a freeze tag first, then any git revision."""
    top = _git(root, "rev-parse", "--show-prefix")
    if top.returncode != 0:
        raise BuildError([Problem("--since", None, f"{root} is not in a git repository, so there is no earlier "
                                  "version to compare with", hint="keep the report folder in git and commit at "
                                  "each sign-off (assemble freeze --tag NAME)")])
    prefix = top.stdout.decode().strip()
    # paths after "--" are taken from the report folder (git -C); `rev:path` ones from the top
    log = _git(root, "log", "--format=%H", "-G", f'"tag": {json.dumps(ref)}', "--", "sections.lock")
    for commit in log.stdout.decode().split() if log.returncode == 0 else []:
        shown = _git(root, "show", f"{commit}:{prefix}sections.lock")
        try:
            if json.loads(shown.stdout).get("tag") == ref:
                return commit
        except (ValueError, AttributeError):
            continue
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode == 0:
        return found.stdout.decode().strip()
    raise BuildError([Problem("--since", None, f"'{ref}' is neither a freeze tag in the history of sections.lock "
                              "nor a git revision", hint="give a tag of 'assemble freeze --tag', a git tag, a "
                              "branch or a commit (git log --oneline lists them)")])


def sources_at(root: Path, commit: str) -> Path:
    """A temporary folder holding report.yml, sections/, footnotes/ and templates/ as at `commit`
    (the caller removes it)."""
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    listed = _git(root, "ls-tree", "-r", "--name-only", "--full-name", commit, "--", "report.yml", *FOLDERS)
    names = listed.stdout.decode().splitlines()
    if f"{prefix}report.yml" not in names:
        raise BuildError([Problem("--since", None, f"the report folder has no report.yml at {commit[:10]}",
                                  hint="give a revision from after the report was started")])
    target = Path(tempfile.mkdtemp(prefix="assemble-since-"))
    try:
        for name in names:
            data = _git(root, "show", f"{commit}:{name}").stdout
            path = target / name[len(prefix):]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target
