"""The French and Spanish catalogues in a real build: every generated word of the report (cover,
contents, parts, annex, cross-references, note forms, dates) in the build language. Expected
strings written by hand from the Committee's French and Spanish usage."""
from pathlib import Path

import pytest

from assemble.build import build_report
from docxread import Docx

EXPECTED = {
    "fr": {
        "cover": ["Soumis au Comité des droits de l’homme", "pour l’examen du rapport périodique de l’État partie : Testland",
                  "Rapport de l’État partie : CCPR/C/TST/2", "Liste de points : CCPR/C/TST/Q/2",
                  "Précédentes observations finales : CCPR/C/TST/CO/1", "Soumis par",
                  "Document public : peut être publié sur le site du HCDH."],
        "headings": [("TOCHeading", "Table des matières"), ("UnnumberedHeading1", "Liste des abréviations"),
                     ("Heading1", "Introduction"), ("Heading1", "Suite donnée aux précédentes observations finales"),
                     ("Heading1", "Application du Pacte"),
                     ("Heading2", "Liberté et sécurité de la personne (art. 9)"),
                     ("Heading2", "Droit de réunion pacifique (art. 21)"),
                     ("UnnumberedHeading1", "Annexe\nRécapitulatif des recommandations")],
        "xrefs": "As par. 2 and section III.A show, and as recommandation 2 asks, the law is strict.",
        "notes": {3: "CCPR/C/TST/CO/1, supra note 1, par. 5.",
                  4: "Front Line Defenders, « Statement on detentions », 1er février 2024, "
                     "https://example.org/statement (consulté le 1er février 2025).",
                  6: "Jane Doe et Richard Roe, « Assemblies in Central Asia », Journal of Rights, vol. 12, no 3 (2019), "
                     "p. 10–30, p. 12.",
                  8: "Kim Lee, « Courts », dans Jo Park (dir.), Justice Handbook (Example Press, 2017), p. 1–20.",
                  11: "Law on Assemblies, supra note 2."},
    },
    "es": {
        "cover": ["Presentado al Comité de Derechos Humanos", "para el examen del informe periódico de Testland",
                  "Informe del Estado parte: CCPR/C/TST/2", "Lista de cuestiones: CCPR/C/TST/Q/2",
                  "Observaciones finales anteriores: CCPR/C/TST/CO/1", "Presentado por", "1 de marzo de 2026",
                  "Documento público: puede publicarse en el sitio web del ACNUDH."],
        "headings": [("TOCHeading", "Índice"), ("UnnumberedHeading1", "Lista de abreviaturas"),
                     ("Heading1", "Introducción"), ("Heading1", "Seguimiento de las observaciones finales anteriores"),
                     ("Heading1", "Aplicación del Pacto"),
                     ("Heading2", "Libertad y seguridad personales (art. 9)"),
                     ("Heading2", "Derecho de reunión pacífica (art. 21)"),
                     ("UnnumberedHeading1", "Anexo\nResumen de las recomendaciones")],
        "xrefs": "As párr. 2 and sección III.A show, and as recomendación 2 asks, the law is strict.",
        "notes": {3: "CCPR/C/TST/CO/1, supra nota 1, párr. 5.",
                  4: "Front Line Defenders, «Statement on detentions», 1 de febrero de 2024, "
                     "https://example.org/statement (consultado el 1 de febrero de 2025).",
                  6: "Jane Doe y Richard Roe, «Assemblies in Central Asia», Journal of Rights, vol. 12, núm. 3 (2019), "
                     "págs. 10–30, pág. 12.",
                  8: "Kim Lee, «Courts», en Jo Park (ed.), Justice Handbook (Example Press, 2017), págs. 1–20.",
                  11: "Law on Assemblies, supra nota 2."},
    },
}
HEADING_STYLES = ("TOCHeading", "Heading1", "Heading2", "UnnumberedHeading1")


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_a_report_written_in_the_language_gets_every_generated_word_in_it(workspace, lang):
    config = workspace / "report.yml"
    config.write_text(config.read_text().replace("language: en\n", f"language: {lang}\n"))
    expected = EXPECTED[lang]
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    cover = [text for style, text, _ in doc.paragraphs() if style.startswith("Cover")]
    for line in expected["cover"]:
        assert line in cover, line
    headings = [(style, text) for style, text, _ in doc.paragraphs() if style in HEADING_STYLES]
    assert [h for h in headings if h != ("UnnumberedHeading1", "")] == expected["headings"]
    assert expected["xrefs"] in [text for _, text, _ in doc.paragraphs()]
    notes = doc.footnotes()
    assert {n: notes[n] for n in expected["notes"]} == expected["notes"]


@pytest.mark.parametrize("lang, value, expected", [
    ("en", "2026-03-01", "1 March 2026"),
    ("fr", "2026-03-01", "1er mars 2026"),
    ("fr", "2026-03-02", "2 mars 2026"),
    ("es", "2025-05", "mayo de 2025"),
    ("es", "2025-05-25", "25 de mayo de 2025"),
    ("en", "2025-05", "May 2025"),
    ("ru", "2025-05", "май 2025"),
    ("ru", "2025-05-25", "25 мая 2025 г."),
])
def test_dates_are_written_as_each_language_writes_them(lang, value, expected):
    from assemble.i18n import catalogue, format_date

    assert format_date(value, catalogue(lang)) == expected
