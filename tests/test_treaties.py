"""Rule packs (assemble/data/*.yml): catalogues, generated words, structures, UPR references."""
from pathlib import Path

import pytest
import yaml

from assemble.build import build_report, read_report
from assemble.checks.run import check_workspace
from assemble.i18n import HERE as I18N
from assemble.load.catalogue import STATUSES, treaties, treaty_catalogue
from assemble.problems import Problems
from assemble.translate.units import section_hash
from docxread import Docx

BODIES = ["CAT", "CEDAW", "CERD", "CESCR", "CRC", "CRPD", "ICCPR", "UPR"]
LANGUAGES = sorted(p.stem for p in I18N.glob("*.yml"))


def workspace_of(root: Path, treaty: str, sections: dict[str, str], extra: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "report.yml").write_text(
        f"title: Alternative report\nstate_party: Testland\ntreaty: {treaty}\nsession: 90th session\n"
        "organisations:\n  - {name: Testland Bureau for Human Rights, acronym: TBHR, role: lead}\n"
        "date: 2026-03-01\n" + extra, encoding="utf-8")
    (root / "sections").mkdir(exist_ok=True)
    (root / "footnotes").mkdir(exist_ok=True)
    for name, text in sections.items():
        (root / "sections" / name).write_text(text, encoding="utf-8")
    return root


def section(front: str, body: str = "Some text.") -> str:
    return f"---\n{front}\n---\n{body}\n"


def headings(path: Path) -> list[str]:
    doc = Docx(path)
    # lone sections are unnumbered (no single subdivision) and keep their place among the headings
    # (no-break spaces, as "(art. 2)" is printed, read as spaces)
    return [p.text.replace("\xa0", " ") for p in doc.document.paragraphs
            if p.style.name.startswith(("Heading", "Unnumbered Heading"))]


# ---- the packs themselves ------------------------------------------------------------

def test_there_is_a_pack_for_every_body():
    assert treaties() == BODIES


@pytest.mark.parametrize("name", BODIES)
def test_every_rule_names_a_known_source_and_a_status(name):
    pack = treaty_catalogue(name)
    assert pack["rules"], name
    for rule_name, rule in pack["rules"].items():
        assert rule.get("status") in STATUSES, (name, rule_name)
        assert rule.get("source") in pack["sources"], (name, rule_name)
        assert rule.get("says"), (name, rule_name)
    for key, source in pack["sources"].items():
        assert source["title"] and source["url"].startswith("http"), (name, key)
    assert pack["structures"], name


@pytest.mark.parametrize("name", BODIES)
def test_every_article_cluster_and_theme_has_a_title_in_every_language(name):
    pack = treaty_catalogue(name)
    for lang in LANGUAGES:
        assert set(pack["titles"].get(lang, {})) == set(pack["articles"]), (name, lang)
        for item in pack["clusters"]:
            assert item["title"][lang] and item["reference"][lang], (name, lang, item["id"])
        for item in pack["themes"]:
            assert item[lang], (name, lang, item["id"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_words_of_every_body(lang):
    bodies = yaml.safe_load((I18N / f"{lang}.yml").read_text(encoding="utf-8"))["bodies"]
    assert sorted(bodies) == BODIES
    for name, words in bodies.items():
        assert words["parts"]["articles"], (lang, name)
        if lang != "en":  # English names come from the pack itself
            assert words["committee"] and words["instrument"], (lang, name)


def test_every_crc_article_but_41_has_one_home_cluster():
    pack = treaty_catalogue("CRC")
    homes = [n for c in pack["clusters"] for n in c["articles"]]
    assert sorted(homes) == [n for n in pack["articles"] if n != 41]


def test_article_counts_of_the_instruments():
    counts = {name: len(treaty_catalogue(name)["articles"]) for name in BODIES}
    assert counts == {"CAT": 16, "CEDAW": 16, "CERD": 7, "CESCR": 15, "CRC": 43, "CRPD": 33, "ICCPR": 27, "UPR": 0}


# ---- generated words come from the pack ---------------------------------------------

def test_convention_words_and_committee_come_from_the_pack(tmp_path):
    root = workspace_of(tmp_path / "cat", "CAT", {"art-2.md": section("articles: [2]")},
                        "translations: [ru]\n")
    built = build_report(root, ["docx"])
    assert headings(built.outputs[0]) == ["Implementation of the Convention",
                                          "Effective measures to prevent torture (art. 2)"]
    cover = [line.text for line in built.report.cover]
    assert cover[0] == "Submitted to the Committee against Torture"
    ru = root / "translations" / "ru"
    ru.mkdir(parents=True)
    (ru / "art-2.md").write_text(section(f"id: art-2\narticles: [2]\nsource_hash: {section_hash(built.report.sections[0])}",
                                         "Текст."), encoding="utf-8")
    built = build_report(root, ["docx"], lang="ru", allow_missing=False)
    assert headings(built.outputs[0]) == ["Осуществление Конвенции", "Эффективные меры по предупреждению пыток (ст. 2)"]
    assert built.report.cover[0].text == "Представлено в Комитет против пыток"


def test_the_treaty_name_is_read_in_any_letter_case(tmp_path):
    root = workspace_of(tmp_path / "w", "cedaw", {"art-10.md": section("articles: [10]")})
    _, report = read_report(root, Problems(root))
    assert report.config.treaty == "CEDAW"
    assert report.sections[0].title == "Education"


def test_an_article_outside_the_catalogue_names_its_range(tmp_path):
    root = workspace_of(tmp_path / "w", "CRC", {"a.md": section("articles: [43]")})
    assert [str(p) for p in check_workspace(root)] == [
        "sections/a.md:2: error: article 43 is not in the CRC (articles 1-42, 44)"]


def test_a_structure_the_body_does_not_take_is_an_error(tmp_path):
    root = workspace_of(tmp_path / "w", "CAT", {"a.md": section("articles: [2]")}, "structure: clusters\n")
    assert [str(p) for p in check_workspace(root)] == [
        "report.yml:8: error: the Committee against Torture does not take structure: clusters "
        "(use one of: articles, list-of-issues (see docs/treaties/cat.md))"]


# ---- structures ----------------------------------------------------------------------

def test_crc_sections_come_out_in_cluster_order_under_cluster_headings(tmp_path):
    root = workspace_of(tmp_path / "crc", "CRC", {
        "a-education.md": section("articles: [28]"),
        "b-detention.md": section("title: Children in detention\narticles: [37, 40]\ncluster: special-protection"),
        "c-corporal.md": section("title: Corporal punishment\narticles: [19]"),
        "d-budget.md": section("title: Budget for children\narticles: [4]"),
        "e-intro.md": section("title: Introduction\npart: front"),
        "f-birth.md": section("articles: [7]"),
        "g-views.md": section("articles: [12]"),
    })
    built = build_report(root, ["docx"])
    assert headings(built.outputs[0]) == [
        "Introduction", "Introduction",
        "General measures of implementation (arts. 4, 42 and 44 (6))", "Budget for children (art. 4)",
        "General principles (arts. 2, 3, 6 and 12)", "Respect for the views of the child (art. 12)",
        "Civil rights and freedoms (arts. 7, 8 and 13–17)", "Birth registration, name, nationality and care (art. 7)",
        "Violence against children (arts. 19, 24 (3), 28 (2), 34, 37 (a) and 39)", "Corporal punishment (art. 19)",
        "Education, leisure and cultural activities (arts. 28–31)", "Right to education (art. 28)",
        "Special protection measures (arts. 22, 30, 32, 33, 35, 36, 37 (b)–(d), 38, 39 and 40)",
        "Children in detention (arts. 37 and 40)",
    ]
    numbers = [p.heading.full_number for p in built.report.parts]
    assert numbers == ["I", "II", "III", "IV", "V", "VI", "VII"]


def test_crc_cluster_errors(tmp_path):
    root = workspace_of(tmp_path / "crc", "CRC", {
        "a.md": section("title: Higher standards\narticles: [41]"),
        "b.md": section("title: Budget\narticles: [4]\ncluster: general-measure"),
    })
    assert [str(p) for p in check_workspace(root)] == [
        "sections/a.md:3: error: article 41 belongs to no cluster of the Committee on the Rights of the Child's "
        "reporting guidelines (add a line cluster: with one of: general-measures, definition, general-principles, "
        "civil-rights, violence, family-environment, health-welfare, education, special-protection)",
        "sections/b.md:4: error: unknown cluster 'general-measure' (did you mean 'general-measures'?)",
    ]


def test_cerd_list_of_themes_orders_by_theme_and_names_the_document(tmp_path):
    root = workspace_of(tmp_path / "cerd", "CERD", {
        "a.md": section("title: Hate speech\narticles: [4]\nloi: [7]"),
        "b.md": section("title: Roma\narticles: [5]\nloi: [2, 9]"),
    }, "structure: list-of-themes\ndocuments:\n  list_of_issues: CERD/C/TST/Q/8-10\n")
    built = build_report(root, ["docx"])
    assert headings(built.outputs[0]) == ["Implementation of the Convention", "Roma (art. 5)", "Hate speech (art. 4)"]
    assert "List of themes: CERD/C/TST/Q/8-10" in [line.text for line in built.report.cover]


def upr_workspace(root: Path, csv: str | None) -> Path:
    workspace_of(root, "UPR", {
        "expression.md": section("theme: expression", "The State supported @upr:115.23 and @upr:115.24."),
        "assembly.md": section("theme: assembly-association", "It noted @upr:115.9 (see also @upr:115.9.1)."),
        "women.md": section("title: Violence against women\ntheme: women", "Text."),
    })
    if csv is not None:
        (root / "upr-recommendations.csv").write_text(csv, encoding="utf-8")
    return root


def test_upr_sections_by_theme_with_previous_recommendations(tmp_path):
    root = upr_workspace(tmp_path / "upr", "\ufeffnumber;state;recommendation;response;state_fr\n"
                         "115.23;Norway;Guarantee freedom of expression;supported;Norvège\n"
                         "115.24;Sweden;Decriminalise defamation;supported;\n115.9;Canada;x;noted;\n"
                         "115.9.1;Chile;y;noted;\n")
    built = build_report(root, ["docx"])
    assert headings(built.outputs[0]) == ["Thematic issues", "Freedom of opinion and expression",
                                          "Freedom of peaceful assembly and of association", "Violence against women"]
    body = [p.text for p in Docx(built.outputs[0]).document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert body == ["The State supported 115.23 (Norway) and 115.24 (Sweden).",
                    "It noted 115.9 (Canada) (see also 115.9.1 (Chile)).", "Text."]
    assert [line.text for line in built.report.cover][:2] == [
        "Submitted to the Working Group on the Universal Periodic Review", "90th session"]


def test_upr_reference_errors(tmp_path):
    root = upr_workspace(tmp_path / "none", None)
    assert [str(p) for p in check_workspace(root)][0] == (
        "sections/assembly.md:4: error: '@upr:115.9' cites a recommendation of the previous review, but the report "
        "folder has no upr-recommendations.csv (list them there, one per line: number,state,recommendation,response "
        "(docs/format.md))")
    root = upr_workspace(tmp_path / "some", "number,state\n115.23,Norway\n115.24,\n115,23,Chile\n115.23,Peru\n"
                         "115.9,Canada\n")
    assert [str(p) for p in check_workspace(root)] == [
        "sections/assembly.md:4: error: recommendation 115.9.1 is not listed in upr-recommendations.csv "
        "(did you mean @upr:115.9?)",
        "sections/expression.md:4: error: recommendation 115.24 is not listed in upr-recommendations.csv "
        "(did you mean @upr:115.23?)",
        "upr-recommendations.csv:3: error: recommendation 115.24 has no recommending State "
        "(fill in the 'state' column, e.g. Norway)",
        "upr-recommendations.csv:4: error: '115' is not a recommendation number such as 115.23 "
        "(write the number as the Working Group's report prints it)",
        "upr-recommendations.csv:5: error: recommendation 115.23 is listed twice (also on line 2) "
        "(keep one of the two lines)",
    ]


def test_upr_sections_have_themes_not_articles(tmp_path):
    root = workspace_of(tmp_path / "w", "UPR", {"a.md": section("articles: [19]"),
                                                "b.md": section("theme: expresion")})
    assert [str(p) for p in check_workspace(root)] == [
        "sections/a.md:2: error: the Universal Periodic Review has no articles; name the section's theme instead "
        "(write e.g. theme: expression (themes: docs/treaties/upr.md))",
        "sections/b.md:2: error: unknown theme 'expresion' (did you mean 'expression'?)",
    ]


def test_list_of_issues_structure_orders_by_paragraph_then_order_then_file(tmp_path):
    """`structure: list-of-issues`: sections follow the list's paragraphs, not their articles;
    a tie goes to `order:`, then to the section id; a section answering no paragraph comes last."""
    root = workspace_of(tmp_path / "loi", "ICCPR", {
        "z.md": section("title: Torture\narticles: [7]\nloi: [12]"),
        "a.md": section("title: Assembly\narticles: [21]\nloi: [3]\norder: 2"),
        "m.md": section("title: Expression\narticles: [19]\nloi: [3]\norder: 1"),
        "d.md": section("title: Detention\narticles: [9]\nloi: [3]"),
        "b.md": section("title: Privacy\narticles: [17]\nloi: [3]"),
        "x.md": section("title: Equality\narticles: [26]\nloi: [12, 1]"),
        "c.md": section("title: Children\narticles: [2]"),
    }, "structure: list-of-issues\n")
    built = build_report(root, ["docx"])
    assert [s.id for s in built.report.sections] == ["x", "b", "d", "m", "a", "z", "c"]
