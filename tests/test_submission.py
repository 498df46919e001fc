"""`assemble check --final`: the selected body's rules as a checklist, each finding with its source."""
import json

from click.testing import CliRunner

from assemble.checks.run import check_submission
from assemble.cli import main
from test_treaties import section, workspace_of

UPR_SOURCE = ("UPR Info, \"Mises à jour des directives techniques pour la soumission d’information par la société "
              "civile\" (2016), https://www.upr-info.org/fr/news/mises-%C3%A0-jour-des-directives-techniques-pour-le-"
              "soumission-d%E2%80%99information-par-la-soci%C3%A9t%C3%A9-civile")
TWO_ORGS = ("organisations:\n  - {name: Testland Bureau for Human Rights, acronym: TBHR, role: lead}\n"
            "  - {name: Second Member, acronym: SM}\n")


def two_organisations(root):
    text = (root / "report.yml").read_text()
    start = text.index("organisations:")
    end = text.index("date:")
    (root / "report.yml").write_text(text[:start] + TWO_ORGS + text[end:])


def words(n: int) -> str:
    return " ".join(["word"] * n)


def upr(root, body_words: int):
    # the heading "Freedom of opinion and expression" counts 5 words
    workspace_of(root, "UPR", {"a.md": section("theme: expression\nstatus: final", words(body_words))})
    two_organisations(root)
    return root


def test_a_joint_upr_submission_over_5630_words_fails_with_the_rules_source(tmp_path):
    root = upr(tmp_path / "over", 5630 - 5 + 1)
    problems, checklist = check_submission(root)
    assert [str(p) for p in problems] == [
        "report.yml:3: error: the report has 5,631 words, 1 over the limit of 5,630 for a joint submission "
        f"(footnotes included) (largest sections: a (5,631); rule of the Working Group on the Universal Periodic "
        f"Review: {UPR_SOURCE})"]
    item = checklist.items[0]
    assert (item.what, item.state, item.detail, item.source) == (
        "Word limit", "fails", "5,631 words of 5,630 for a joint submission (the committee's limit; footnotes "
        "included)", UPR_SOURCE)
    result = CliRunner().invoke(main, ["check", "--final", "--root", str(root)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Submission checklist, Working Group on the Universal Periodic Review (UPR) (ok: met;")
    assert lines[2:4] == ["  FAILS   Word limit: 5,631 words of 5,630 for a joint submission (the committee's limit; "
                          "footnotes included)", f"          source: {UPR_SOURCE}"]
    assert lines[-1] == "1 error, 0 warnings"


def test_at_the_limit_nothing_fails_and_an_individual_submission_has_its_own_limit(tmp_path):
    root = upr(tmp_path / "at", 5630 - 5)
    problems, checklist = check_submission(root)
    assert problems == [] and checklist.items[0].state == "ok"
    root = workspace_of(tmp_path / "single", "UPR", {"a.md": section("theme: expression\nstatus: final",
                                                                     words(2815 - 5 + 1))})
    problems, _ = check_submission(root)
    assert [p.message for p in problems] == [
        "the report has 2,816 words, 1 over the limit of 2,815 for an individual submission (footnotes included)"]


def test_the_checklist_in_json(tmp_path):
    root = upr(tmp_path / "w", 10)
    result = CliRunner().invoke(main, ["check", "--final", "--format", "json", "--root", str(root)])
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["checklist"]["body"] == "Working Group on the Universal Periodic Review (UPR)"
    by_rule = {i["rule"]: i for i in data["checklist"]["items"]}
    assert by_rule["formats"] == {
        "rule": "formats", "what": "File format", "state": "info", "status": "confirmed",
        "detail": "send build/alternative-report.docx only, not the PDF",
        "source": "OHCHR, \"Technical guidelines for the submission of stakeholders’ information\" (UPR, 1 July "
                  "2008), http://www.ohchr.org/EN/HRBodies/UPR/Pages/TechnicalGuide.aspx"}
    assert by_rule["email_subject"]["detail"] == (
        "Testland Bureau for Human Rights – joint UPR submission – Testland – [session month and year]; one country "
        "per e-mail, the contact person in the e-mail")
    assert by_rule["word_count"]["state"] == "verify"  # whether footnotes count is not confirmed
    assert by_rule["accessibility"]["state"] == "ok"


def test_unconfirmed_rules_never_fail(tmp_path):
    root = workspace_of(tmp_path / "cat", "CAT", {"a.md": section("articles: [2]\nstatus: final", words(20000))})
    problems, checklist = check_submission(root)
    assert problems == []  # the Committee against Torture has no confirmed word limit
    item = checklist.items[0]
    assert (item.state, item.detail) == ("verify", "20,007 words; no confirmed word limit; set word_limit in "
                                                   "report.yml from the session's information note")
    states = {i.rule: i.state for i in checklist.items}
    assert states["languages"] == "verify" and states["formats"] == "verify" and states["deadline"] == "info"


def test_a_language_the_committee_does_not_take(tmp_path):
    root = workspace_of(tmp_path / "ru", "ICCPR", {"a.md": section("articles: [9]\nstatus: final", "Текст.")},
                        "language: ru\n")
    problems, _ = check_submission(root)
    assert [str(p) for p in problems] == [
        "report.yml:8: error: the Human Rights Committee takes submissions in English, French, Spanish, and this "
        "report is written in 'ru' with no translation into one of them (write it in one of them, or add one to "
        "'translations:' and build it with --lang; rule of the Human Rights Committee: OHCHR, Human Rights "
        "Committee, \"Information for civil society, NGOs and National Human Rights Institutions\" (formal "
        "requirements for written submissions), https://www.ohchr.org/en/treaty-bodies/ccpr/information-civil-"
        "society-ngos-and-national-human-rights-institutions)"]
    (root / "report.yml").write_text((root / "report.yml").read_text() + "translations: [en]\n")
    assert check_submission(root)[0] == []


def test_crpd_asks_for_methodology_contributors_and_summary(tmp_path):
    root = workspace_of(tmp_path / "crpd", "CRPD", {"a.md": section("articles: [9]\nstatus: final")})
    problems, checklist = check_submission(root)
    assert [str(p) for p in problems] == [
        "sections: error: the report lacks a methodology section and a list of contributors and an executive "
        "summary, which the Committee on the Rights of Persons with Disabilities asks for (add a section for it, or "
        "a '## ' heading with its name in the introduction; rule of the Committee on the Rights of Persons with "
        "Disabilities: CRPD Committee, guidelines on the participation of organizations of persons with "
        "disabilities and civil society organizations, CRPD/C/11/2, annex II (copy on studylib.net), "
        "https://studylib.net/)"]
    (root / "sections" / "intro.md").write_text(section(
        "title: Introduction\npart: front\nstatus: final",
        "Text.\n\n## Methodology\n\nText.\n\n## Contributing organisations\n\nText."), encoding="utf-8")
    (root / "sections" / "summary.md").write_text(section("title: Executive summary\npart: front\nstatus: final"),
                                                   encoding="utf-8")
    problems, checklist = check_submission(root)
    assert problems == []
    item = next(i for i in checklist.items if i.rule == "sections")
    assert item.detail == ("a methodology section: sections/intro.md ('Methodology'); a list of contributors: "
                           "sections/intro.md ('Contributing organisations'); an executive summary: "
                           "sections/summary.md ('Executive summary')")


def test_guidance_is_advice_not_a_failure(tmp_path):
    root = workspace_of(tmp_path / "w", "ICCPR", {"a.md": section("articles: [9]\nstatus: final")})
    text = (root / "report.yml").read_text().replace("session: 90th session\n", "")
    (root / "report.yml").write_text(text)
    problems, checklist = check_submission(root)
    assert problems == []
    cover = next(i for i in checklist.items if i.rule == "cover")
    assert (cover.state, cover.detail) == ("recommended", "the cover lacks the session")


def test_upr_paragraphs_must_all_be_numbered(tmp_path):
    root = workspace_of(tmp_path / "w", "UPR", {
        "a.md": section("theme: expression\nstatus: final", "One.\n\n{.unnumbered}\nTwo.\n\n{.unnumbered}\nThree.")})
    problems, _ = check_submission(root)
    assert [str(p) for p in problems] == [
        "sections/a.md:8: error: this paragraph is not numbered ({.unnumbered}), and the Working Group on the "
        "Universal Periodic Review asks for every paragraph to be numbered (2 such paragraphs) (delete the "
        "{.unnumbered} line before it; rule of the Working Group on the Universal Periodic Review: The Advocates "
        "for Human Rights, summary of the UPR technical guidelines, https://mnadvocates.org/basic_5)"]


def test_final_reports_what_an_accessibility_checker_would(tmp_path):
    root = workspace_of(tmp_path / "w", "ICCPR", {"a.md": section(
        "articles: [9]\nstatus: final",
        "Text ![](map.png) and ![A map of the camps](camps.png).\n\n##\n\nMore.\n\n"
        "|   |   |\n|---|---|\n| 1 | 2 |\n")})
    problems, checklist = check_submission(root)
    not_placed = [  # at every check: the outputs do not place images (nothing silently lost)
        "sections/a.md:5: warning: the image 'map.png' is not placed in the report: nothing is printed in its place "
        "(say in the text what it shows, or send the image with the submission as a file of its own)",
        "sections/a.md:5: warning: the image 'camps.png' is not placed in the report: only its alt text 'A map of "
        "the camps' is printed (say in the text what it shows, or send the image with the submission as a file of "
        "its own)"]
    assert [str(p) for p in problems] == [
        "sections/a.md:5: error: the image 'map.png' has no alt text "
        "(describe it between the brackets: ![What the image shows](file))",
        *not_placed,
        "sections/a.md:7: error: this heading has no text (write its text after the '#' marks, or delete the line)",
        "sections/a.md:11: error: this table has no header row "
        "(write the column names in its first row, above the '|---|' line)",
    ]
    assert next(i for i in checklist.items if i.rule == "accessibility").state == "fails"
    # only the submission check asks for alt text, headers and heading text
    assert [str(p) for p in check_submission(root, final=False)[0]] == not_placed


def stats_of(root, *args):
    result = CliRunner().invoke(main, ["stats", "--root", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_stats_show_the_selected_bodys_limit(tmp_path):
    root = upr(tmp_path / "upr", 100)
    (root / "upr-recommendations.csv").write_text("number,state,response\n115.1,Norway,supported\n115.2,Peru,noted\n")
    (root / "sections" / "b.md").write_text(section("theme: health", "See @upr:115.2."))
    data = json.loads(stats_of(root, "--format", "json"))
    assert data["words"]["limit"] == 5630 and data["words"]["left"] == 5630 - 105 - 6
    assert data["limit"] == {"words": 5630, "body": "Working Group on the Universal Periodic Review", "treaty": "UPR",
                             "submission": "joint", "set_in": "rule pack", "text": "5,630 for a joint submission",
                             "status": "confirmed", "source": UPR_SOURCE}
    assert [t for t in data["themes"] if t["sections"]] == [
        {"theme": "expression", "title": "Freedom of opinion and expression", "sections": ["a"]},
        {"theme": "health", "title": "Right to health", "sections": ["b"]}]
    assert data["previous_recommendations"] == {
        "listed": 2, "cited": [{"number": "115.2", "state": "Peru", "response": "noted", "sections": ["b"]}],
        "not_cited": ["115.1"]}
    text = " ".join(stats_of(root).split())
    assert "5,519 words left under the limit of 5,630." in text
    assert "The limit is the Working Group on the Universal Periodic Review's, 5,630 for a joint submission;" in text
    root = workspace_of(tmp_path / "cat", "CAT", {"a.md": section("articles: [2]")})
    text = " ".join(stats_of(root).split())
    assert ("The Committee against Torture has no confirmed word limit: set word_limit in report.yml from the "
            "session's information note.") in text


def test_a_word_limit_set_in_report_yml_is_checked_and_the_bodys_own_is_named(tmp_path):
    root = upr(tmp_path / "w", 6000)
    (root / "report.yml").write_text((root / "report.yml").read_text() + "word_limit: 8000\n")
    problems, checklist = check_submission(root)
    assert problems == []
    assert checklist.items[0].detail == ("6,005 words of 8,000 (report.yml's word_limit; footnotes included); the "
                                         "body's own limit is 5,630: make sure the session's note changed it")
