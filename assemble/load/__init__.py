"""Load stage: report.yml, sections/*.md and footnotes/*.bib, validated, with file and line."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assemble.load.bib import BibEntry, load_bibliography
from assemble.load.catalogue import treaty_catalogue
from assemble.load.config import load_config
from assemble.load.inputs import check_inputs
from assemble.load.previous import PreviousRecommendation, load_previous
from assemble.load.sections import SourceFile, load_sections
from assemble.model import Config
from assemble.problems import Problems


@dataclass
class Workspace:
    root: Path
    config: Config
    treaty: dict
    sources: list[SourceFile]
    bib: dict[str, BibEntry]
    previous: dict[str, PreviousRecommendation] | None = None  # upr-recommendations.csv, if any


def load_workspace(root: Path, problems: Problems, sections_dir: Path | None = None,
                   partial: bool = False) -> Workspace | None:
    """The loaded workspace, or None when there is no usable report.yml.

    With `partial` (assemble check), files with errors still load as far as they can, so the
    later stages can list their problems too; only a missing report.yml stops everything.
    """
    config = load_config(root, problems, partial)
    if config is None:
        path = root / "report.yml"
        if not (partial and path.is_file()):
            return None
        config = Config(title="", state_party="", organisations=[], file=path)  # its problems are listed
    treaty = treaty_catalogue(config.treaty)
    if treaty is None:  # report.yml names no known treaty; load_config has said so
        return None
    check_inputs(root, config, problems)
    sources = load_sections(sections_dir or root / "sections", config, treaty, problems, partial)
    bib = load_bibliography(root / "footnotes", problems)
    return Workspace(root, config, treaty, sources, bib, load_previous(root, problems))
