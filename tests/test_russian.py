"""A Russian build: the cover and the document properties in Russian where report.yml has the
values (`title_ru`, `name_ru`, ...), a warning that names each one it lacks, and references whose
words follow the language of the paragraph they stand in."""
from click.testing import CliRunner

from assemble.build import build_report
from assemble.checks.run import check_workspace
from assemble.cli import main
from docxread import Docx
from pdfread import Pdf
from test_translations import translated_workspace

RUSSIAN = """# The cover, the document properties and the list of abbreviations of a Russian build
title_ru: Тестовый альтернативный доклад
subtitle_ru: Все конструкции исходного формата
state_party_ru: Тестландия
session_ru: 150-я сессия
abbreviations_ru:
  NGO: неправительственная организация
  OSCE: Организация по безопасности и сотрудничеству в Европе
"""


def russian_values(workspace):
    """The Russian values a coalition adds to report.yml (the shared test report has none, so
    the line numbers other tests expect stay as they are)."""
    config = workspace / "report.yml"
    text = config.read_text()
    for name, russian in (("Testland Bureau for Human Rights", "Тестландское бюро по правам человека"),
                          ("Second Coalition Member", "Второй член коалиции")):
        text = text.replace(f"  - name: {name}\n", f"  - name: {name}\n    name_ru: {russian}\n")
    config.write_text(text + RUSSIAN)


def test_russian_cover_and_properties(workspace):
    russian_values(workspace)
    translated_workspace(workspace)
    built = build_report(workspace, ["docx", "pdf"], lang="ru")
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    cover = [t for s, t, _ in doc.paragraphs() if s.startswith("Cover")]
    assert "Тестовый альтернативный доклад" in cover and "150-я сессия" in cover
    assert "к рассмотрению периодического доклада государства-участника: Тестландия" in cover
    assert "Тестландское бюро по правам человека (TBHR), https://example.org, info@example.org" in cover
    core = doc.document.core_properties
    assert core.title == "Тестовый альтернативный доклад"
    assert core.author == "Тестландское бюро по правам человека; Второй член коалиции"
    assert core.subject == "ICCPR: Тестландия" and core.keywords == "ICCPR; Тестландия; альтернативный доклад"
    assert pdf.reader.metadata.title == "Тестовый альтернативный доклад"
    assert pdf.reader.metadata.author == "Тестландское бюро по правам человека, Второй член коалиции"
    assert " ".join(pdf.pages[0].split()).count("Тестландия") == 1
    # the list of abbreviations is the Russian one (abbreviations_ru), smartened, in both outputs
    assert doc.styled("Abbreviation") == ["NGO\tнеправительственная организация",
                                          "OSCE\tОрганизация по безопасности и сотрудничеству в Европе"]
    assert "OSCE Организация по безопасности и сотрудничеству в Европе" in " ".join(" ".join(p.split()) for p in pdf.pages[:3])


def test_missing_russian_values_are_listed_by_check_and_status(workspace):
    russian_values(workspace)
    config = workspace / "report.yml"
    text = config.read_text()
    config.write_text(text.replace("state_party_ru: Тестландия\n", "")
                      .replace("    name_ru: Второй член коалиции\n", "")
                      .replace(text[text.index("abbreviations_ru:"):], ""))
    # `check` lists the gaps once a translation is under way (translations/ru/ exists)
    assert not any("Russian version" in str(p) for p in check_workspace(workspace))
    (workspace / "translations" / "ru").mkdir(parents=True)
    found = [str(p) for p in check_workspace(workspace)]
    assert found == [
        "report.yml:3: warning: 'state_party' has no Russian version: a 'ru' build prints 'Testland' on its "
        "cover (add state_party_ru: ... to report.yml)",
        "report.yml:17: warning: the organisation name has no Russian version: a 'ru' build prints 'Second "
        "Coalition Member' on its cover (add name_ru: ... to report.yml)",
        "report.yml:22: warning: the abbreviations have no Russian version: a 'ru' build lists TBHR, NGO, OSCE "
        "with their meanings as written (add abbreviations_ru: with the abbreviations of the Russian text to "
        "report.yml)"]
    translated_workspace(workspace)
    result = CliRunner().invoke(main, ["status", "--lang", "ru", "--root", str(workspace)])
    assert "report.yml values with no 'ru' version, printed as written (3):" in result.output
    assert "  abbreviations_ru         report.yml:22  TBHR, NGO, OSCE" in result.output
    assert "  state_party_ru           report.yml:3  Testland" in result.output
    assert "  name_ru                  report.yml:17  Second Coalition Member" in result.output
    # the Russian build uses what exists and says what it lacks
    built = build_report(workspace, ["docx"], lang="ru")
    assert [w.message for w in built.warnings if w.file == "report.yml"] == [
        "'state_party' has no Russian version: a 'ru' build prints 'Testland' on its cover",
        "the organisation name has no Russian version: a 'ru' build prints 'Second Coalition Member' on its cover",
        "the abbreviations have no Russian version: a 'ru' build lists TBHR, NGO, OSCE with their meanings as written"]
    cover = [t for s, t, _ in Docx(built.outputs[0]).paragraphs() if s.startswith("Cover")]
    assert "к рассмотрению периодического доклада государства-участника: Testland" in cover
    assert "Второй член коалиции (SCM)" not in cover and "Second Coalition Member (SCM)" in cover


def test_references_follow_the_language_of_their_paragraph(workspace):
    """art-21 is left untranslated (allow-missing): its references keep their English words, while
    the translated art-9 prints the Russian ones."""
    translated_workspace(workspace)
    (workspace / "translations" / "ru" / "art-21.md").unlink()
    built = build_report(workspace, ["docx", "pdf"], lang="ru", allow_missing=True)
    doc, pdf = Docx(built.outputs[0]), Pdf(built.outputs[1])
    english = next(t for s, t, _ in doc.paragraphs() if s == "NumberedParagraph" and t.startswith("As para."))
    assert english.startswith("As para. 2 and section III.A show, and as recommendation 2 asks")
    assert ("REF para_method \\r \\h", "2") in doc.fields()  # still a live field
    russian = doc.styled("Recommendation")[0]
    assert russian.endswith("see п. 2.")  # "Перевод: ..." keeps the English words it was given
    text = " ".join(" ".join(p.split()) for p in pdf.pages)
    assert "As para. 2 and section III.A show, and as recommendation 2 asks" in text
    assert "As п. 2" not in text and "раздел III.A show" not in text


def test_contact_name_in_the_build_language(workspace):
    config = workspace / "report.yml"
    config.write_text(config.read_text() + "contact:\n  name: Coalition secretariat\n"
                      "  name_ru: Секретариат коалиции\n  organisation: TBHR\n  email: report@example.org\n")
    translated_workspace(workspace)
    russian = build_report(workspace, ["docx", "pdf"], lang="ru")
    cover = [t for s, t, _ in Docx(russian.outputs[0]).paragraphs() if s.startswith("Cover")]
    assert "Контакты: Секретариат коалиции (TBHR), report@example.org" in cover
    assert "Контакты: Секретариат коалиции (TBHR), report@example.org" in " ".join(Pdf(russian.outputs[1]).pages[0].split())
    english = build_report(workspace, ["docx"])
    cover = [t for s, t, _ in Docx(english.outputs[0]).paragraphs() if s.startswith("Cover")]
    assert "Contact: Coalition secretariat (TBHR), report@example.org" in cover
    config.write_text(config.read_text().replace("  name_ru:", "  nom_fr:"))
    found = [str(p) for p in check_workspace(workspace)]
    assert any("unknown contact key 'nom_fr'" in p and "name_<language> (e.g. name_ru)" in p for p in found), found
