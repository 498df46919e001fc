"""`assemble stats`: words per section and organisation, coverage, citations per source."""
import json

from click.testing import CliRunner

from assemble.cli import main


def stats(root, *args):
    result = CliRunner().invoke(main, ["stats", "--root", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_json_words_add_up_to_the_committee_count(workspace):
    data = json.loads(stats(workspace, "--format", "json").stdout)
    words = data["words"]
    # Counted by hand on tests/workspace, word by word between spaces as Word counts (the notes on
    # the footnote texts of its built DOCX): "Follow-up to recommendations" 3 + "The previous
    # recommendations were not implemented." 6 = 9; its note "CCPR/C/TST/CO/1, supra note 1, para. 5." 6.
    assert words == {"body": 178, "notes": 201, "total": 379, "limit": 10000, "over": 0, "left": 9621}
    assert sum(s["total"] for s in data["sections"]) == words["total"]
    assert [(s["id"], s["body"], s["notes"]) for s in data["sections"]] == [
        ("intro", 25, 46), ("followup", 9, 6), ("art-9", 40, 84), ("art-21", 104, 65)]


def test_json_organisations_coverage_and_citations(workspace):
    data = json.loads(stats(workspace, "--format", "json").stdout)
    assert data["organisations"] == [
        {"acronym": "TBHR", "sections": ["intro", "followup", "art-21"], "words": 255},
        {"acronym": "SCM", "sections": ["art-9", "art-21"], "words": 293}]
    articles = data["articles"]
    assert articles["treaty"] == "ICCPR" and len(articles["matrix"]) == 27
    assert articles["matrix"][20] == {"article": 21, "title": "Right of peaceful assembly", "sections": ["art-21"]}
    assert 21 not in articles["not_covered"] and 9 not in articles["not_covered"] and 1 in articles["not_covered"]
    assert data["loi"]["covered"] == [{"paragraph": 24, "sections": ["art-21"]},
                                      {"paragraph": 25, "sections": ["art-21"]}]
    assert data["loi"]["gaps"] == list(range(1, 24))
    sources = {s["key"]: s for s in data["citations"]["sources"]}
    assert sources["law-assembly"]["count"] == 5 and sources["co-2016"]["count"] == 4
    assert sources["co-2016"]["first_note"] == 1
    assert data["citations"]["never_cited"] == []


def test_over_the_limit_and_unattributed_sections(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("word_limit: 10000", "word_limit: 350"))
    (workspace / "sections" / "extra.md").write_text("---\narticles: [19]\n---\nFive words in this text.\n")
    data = json.loads(stats(workspace, "--format", "json").stdout)
    assert data["words"]["over"] == data["words"]["total"] - 350 > 0
    assert data["organisations"][-1] == {"acronym": None, "sections": ["extra"], "words": 12}


def test_text_tables(workspace):
    out = stats(workspace).stdout
    for expected in ("intro", "art-21", "9,621 words left under the limit of 10,000.", "TBHR",
                     "Right of peaceful assembly", "Not covered by any section: 1, 2, 3,", "law-assembly"):
        assert expected in out, expected


def test_stats_with_errors_still_shows_numbers(workspace):
    path = workspace / "sections" / "followup.md"
    path.write_text(path.read_text().replace("[@co-2016, para. 5]", "[@co-2061, para. 5]"))
    result = stats(workspace, "--format", "json")
    assert json.loads(result.stdout)["words"]["total"] > 0
    assert result.stderr == "1 error in the report: run 'assemble check' to see them\n"


def write_one_section_report(root, section_text):
    """A report of one section, sections/words.md, and no sources."""
    (root / "report.yml").write_text(
        "title: Alternative report\nstate_party: Testland\ntreaty: ICCPR\n"
        "organisations:\n  - {name: Testland Bureau for Human Rights, acronym: TBHR, role: lead}\n"
        "date: 2026-03-01\n", encoding="utf-8")
    (root / "sections").mkdir()
    (root / "footnotes").mkdir()
    (root / "sections" / "words.md").write_text(section_text, encoding="utf-8")


def test_word_counts_are_those_counted_by_hand(tmp_path):
    """Counted by hand, as a committee secretariat counts: the section title and text in the body;
    the notes apart; a hyphenated word, a number and a word with an apostrophe are one word each."""
    write_one_section_report(tmp_path,
        "---\ntitle: Test words\narticles: [19]\n---\n"
        "The State's so-called reform, of 2024, failed.[^a] See @para:x.\n\n"
        "{#para:x}\nLabelled here.\n\n"
        "## Next step\n\n"
        "<!-- EDITOR: a comment is no part of the report -->\n\n"
        "[^a]: One two three.\n")
    result = stats(tmp_path, "--format", "json")
    assert result.stderr == ""  # no problem found: the count is of a valid report
    data = json.loads(result.stdout)
    # body: "Test words (art. 19)" 4 + "The State's so-called reform of 2024 failed See para 2" 10
    # + "Labelled here" 2 + "Next step" 2 = 18; notes: 3
    assert [(s["id"], s["body"], s["notes"]) for s in data["sections"]] == [("words", 18, 3)]
    assert data["words"]["total"] == 21


def test_symbols_links_and_figures_are_one_word_as_in_word(tmp_path):
    """A UN symbol, a URL, "10,000", "1.5" and "AT&T" are one word each in Word's count; a dash or
    "&" between spaces is none; Chinese is counted a character a word."""
    write_one_section_report(tmp_path,
        "---\ntitle: Words\n---\n"
        "See CCPR/C/KAZ/CO/2 and https://example.org/a-b/c?d=1 \u2013 10,000 fines, 1.5 % & AT&T.[^a]\n\n"
        "[^a]: \u4eba\u6743 report.\n")
    data = json.loads(stats(tmp_path, "--format", "json").stdout)
    # body: "Words" 1 + See, CCPR/C/KAZ/CO/2, and, https://..., 10,000, fines,, 1.5, AT&T. = 8 (the
    # lone "\u2013", "%" and "&" count nothing); notes: 2 characters + "report." = 3
    assert [(s["id"], s["body"], s["notes"]) for s in data["sections"]] == [("words", 9, 3)]

