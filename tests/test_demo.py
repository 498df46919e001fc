"""The demo report at the repository root: the first thing every new user builds."""
import shutil
from pathlib import Path

import pytest

from assemble.build import build_report, read_report
from assemble.model import RecBlock
from assemble.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
# Deliberate: a change to these counts means the demo changed; update them knowingly.
PARAGRAPHS, NOTES, SECTIONS = 79, 165, 16


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    target = tmp_path_factory.mktemp("demo")
    for name in ("report.yml", "sections", "footnotes"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    problems = Problems(target)
    workspace, report = read_report(target, problems)
    return target, workspace, report, problems


def test_demo_builds_without_problems(demo):
    root, _, _, problems = demo
    assert [str(p) for p in problems.items] == []
    built = build_report(root, ["docx"])
    assert built.warnings == [] and built.outputs[0].stat().st_size > 20_000


def test_every_source_is_cited_and_every_citation_resolves(demo):
    _, workspace, report, _ = demo
    assert len(workspace.bib) >= 60
    assert report.cited == set(workspace.bib)


def test_within_the_committee_word_limit(demo):
    _, workspace, report, _ = demo
    assert 5_000 < report.word_count <= 10_000


def test_every_article_section_has_recommendations(demo):
    _, _, report, _ = demo
    articles = [s for s in report.sections if s.part == "articles"]
    covered = {a for s in articles for a in s.articles}
    assert {2, 3, 6, 7, 9, 10, 14, 17, 18, 19, 21, 22, 25, 26} <= covered
    for section in articles:
        recs = [b for b in section.blocks if isinstance(b, RecBlock) and b.kind == "recommendations"]
        assert recs and recs[0].items, section.id
    assert sum(1 for s in report.sections for b in s.blocks if isinstance(b, RecBlock) and b.kind == "questions") >= 3


def test_counts_are_stable(demo):
    _, _, report, _ = demo
    assert len(report.sections) == SECTIONS
    assert sum(1 for _ in report.paragraphs()) == PARAGRAPHS
    assert len(report.notes) == NOTES


def test_demo_uses_short_forms_ibid_and_cross_references(demo):
    _, _, report, _ = demo
    from assemble.resolve import inline_text

    texts = [" ".join(inline_text(p) for p in n.paragraphs) for n in report.notes]
    assert sum("supra note" in t for t in texts) >= 10
    assert sum(t.startswith("Ibid.") for t in texts) >= 3
    assert len(report.labels) > SECTIONS and len(report.recommendations) >= 30


def test_treaty_body_decisions_are_cited_alike(demo):
    """Every decision on an individual communication: committee, case name, UN symbol, date of
    adoption; its short form the case name."""
    _, _, report, _ = demo
    from assemble.resolve import inline_text

    texts = [" ".join(inline_text(p) for p in n.paragraphs) for n in report.notes]
    for full in ("Human Rights Committee, Toregozhina v. Kazakhstan, CCPR/C/112/D/2137/2012, 21 October 2014.",
                 "Human Rights Committee, Esergepov v. Kazakhstan, CCPR/C/116/D/2129/2012, 29 March 2016.",
                 "Committee against Torture, Evloev v. Kazakhstan, CAT/C/51/D/441/2010, 5 November 2013."):
        assert full in texts
    gerasimov = next(t for t in texts if "Gerasimov" in t)
    assert gerasimov.startswith("Committee against Torture, Gerasimov v. Kazakhstan, CAT/C/48/D/433/2010, "
                                "24 May 2012; Evloev v. Kazakhstan, supra note ")
    assert any(t.startswith("Toregozhina v. Kazakhstan, supra note ") for t in texts)
    assert any(t.startswith("Esergepov v. Kazakhstan, supra note ") for t in texts)
