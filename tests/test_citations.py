"""Citation notes a lawyer signs: every entry type Zotero and Better BibTeX export, their first
and later forms, positions decided per note, pandoc's citation syntax, free-note punctuation.

Expected notes are written by hand from OSCOLA and the UN editorial manual, never computed.
The sources below are shaped like real exports (Better BibTeX's extended names, `month = mar`,
`address`, `crossref`, Zotero statutes without `type`), one of each case issue 19 lists."""
from pathlib import Path

import pytest

from assemble.build import build_report, read_report
from assemble.load.bib import decode_latex, parse_names, verbatim
from assemble.model import Text
from assemble.problems import BuildError, Problems
from docxread import NS, Docx, text_of

SOURCES = r"""
@string{jrl = "Journal of "}
@string{rights = {Rights}}
@article{dijk2019,
  author = {family=Dijk, given=Marten, prefix=van, useprefix=true and family=Meij, given=Vincent, prefix=van der, useprefix=false},
  title = {Extended names},
  journaltitle = jrl # rights,
  volume = {3},
  date = {2019},
  pages = {1--9},
}
@book{hintikka1973,
  author = {K.J.J. Hintikka, J.M.E. Moravcsik, and P. Suppes},
  title = {Approaches to Natural Language},
  publisher = {Reidel},
  address = {Dordrecht},
  year = {1973},
  edition = {2},
}
@book{robotics,
  title = {Robotics Research},
  editor = {Park, Jo and Lee, Kim},
  publisher = {Example Press},
}
@proceedings{procs,
  title = {Proceedings of the Rights Conference},
  editor = {Roe, Richard},
  publisher = {Example Press},
  location = {Geneva},
  year = {2015},
}
@inproceedings{paper,
  author = {Ortega y Gasset, Jos{\'e}},
  title = {A braced family name},
  crossref = {procs},
  pages = {330--331},
}
@inreference{entry,
  title = {Habeas corpus},
  booktitle = {Encyclopedia of Human Rights},
  publisher = {Example Press},
  year = {2009},
}
@phdthesis{thesis,
  author = {{肖}, {发民}},
  title = {Rights in translation},
  school = {Example University},
  year = {2012},
}
@article{seven,
  author = {One, A. and Two, B. and Three, C. and Four, D. and Five, E. and Six, F. and Seven, G.},
  title = {Seven authors},
  journal = {Science},
  year = {2011},
  month = mar,
}
@legislation{hra,
  title = {Human Rights Act 1998},
  date = {1998-11-09},
}
@legislation{draft,
  title = {On human rights activities},
  type = {Draft Law},
  institution = {Republic of Testland},
  date = {2024-11},
}
@legal{iccpr,
  title = {International Covenant on Civil and Political Rights},
  date = {1966-12-16},
  eventdate = {1976-03-23},
  journaltitle = {UNTS},
  volume = {999},
  pages = {171},
}
@jurisdiction{kartinyeri,
  title = {Kartinyeri v Commonwealth},
  institution = {HCA},
  journaltitle = {CLR},
  volume = {195},
  pages = {337},
  date = {1998-04-01},
}
@jurisdiction{neutral,
  title = {A v Secretary of State for the Home Department},
  number = {[2004] UKHL 56},
  date = {2004-12-16},
}
@misc{latex,
  title = {Cu$_2$O films and `Neural' computation -- the Committee's view},
  date = {unknown/2006},
  note = {see \href{https://example.org/a~b}{the page}, \bibstring{nodate}},
  url = {https://example.org/x~y\_z%20w},
}
"""

BODY = """Extended names.[@dijk2019, p. 2] A list with commas.[@hintikka1973]
No year.[@robotics, p. 7] A chapter.[@paper] An encyclopedia.[@entry] A thesis.[@thesis]
Seven.[@seven] Later.[@seven, p. 5] An Act.[@hra, s 3] A draft.[@draft] A treaty.[@iccpr, art. 9]
A case.[@kartinyeri, 340] Neutral.[@neutral, para. 5] Leftovers.[@latex] Again.[@kartinyeri]
Names again.[@dijk2019] Twice in a group.[@hintikka1973, p. 3; @hintikka1973, p. 4]
"""

EXPECTED = {
    1: "Marten van Dijk and Vincent van der Meij, “Extended names”, Journal of Rights, vol. 3 (2019), "
       "pp. 1–9, p. 2.",
    2: "K.J.J. Hintikka, J.M.E. Moravcsik and P. Suppes, Approaches to Natural Language, 2nd edn "
       "(Dordrecht: Reidel, 1973).",
    3: "Jo Park and Kim Lee (eds), Robotics Research (Example Press), p. 7.",
    4: "José Ortega y Gasset, “A braced family name”, in Richard Roe (ed.), Proceedings of the Rights "
       "Conference (Geneva: Example Press, 2015), pp. 330–331.",
    5: "“Habeas corpus”, in Encyclopedia of Human Rights (Example Press, 2009).",
    6: "肖发民, “Rights in translation” (PhD thesis, Example University, 2012).",
    7: "A. One and others, “Seven authors”, Science (March 2011).",
    8: "Ibid., p. 5.",
    9: "Human Rights Act 1998, 9 November 1998, s 3.",
    10: "Draft Law of the Republic of Testland “On human rights activities”, November 2024.",
    11: "International Covenant on Civil and Political Rights (adopted 16 December 1966, entered into force "
        "23 March 1976) 999 UNTS 171, art. 9.",
    12: "Kartinyeri v Commonwealth (1998) 195 CLR 337 (HCA), 340.",
    13: "A v Secretary of State for the Home Department [2004] UKHL 56, para. 5.",
    14: "Cu₂O films and ‘Neural’ computation – the Committee’s view, 2006, see the page "
        "(https://example.org/a~b), n.d., https://example.org/x~y_z%20w.",
    15: "Kartinyeri v Commonwealth, supra note 12.",
    16: "van Dijk and van der Meij, “Extended names”, supra note 1.",
    17: "Hintikka, Moravcsik and Suppes, Approaches to Natural Language, supra note 2, p. 3; ibid., p. 4.",
}


def setup(workspace: Path, sources: str = SOURCES, body: str = BODY, extra: str = "") -> Path:
    (workspace / "footnotes" / "sources.bib").write_text(sources)
    for path in (workspace / "sections").glob("*.md"):
        path.unlink()
    (workspace / "sections" / "main.md").write_text(
        "---\nid: main\narticles: [21]\norganisations: [TBHR]\n---\n" + body + extra)
    return workspace


def notes_of(root: Path, lang: str | None = None) -> dict[int, str]:
    return Docx(build_report(root, ["docx"], lang=lang, allow_missing=True).outputs[0]).footnotes()


W = "{%s}" % NS["w"]


def with_marks(doc: Docx, start: str) -> list[str]:
    """Body paragraphs starting with `start`, their note calls written [N]."""
    out = []
    for _, text, p in doc.paragraphs():
        if text.startswith(start):
            out.append("".join(n.text or "" if n.tag == W + "t" else "[" + n.get(W + "id") + "]"
                               for n in p.iter(W + "t", W + "footnoteReference")))
    return out


def italic_runs(doc: Docx, number: int) -> list[str]:
    note = next(fn for fn in doc.footnotes_xml.findall("w:footnote", NS) if fn.get(f"{{{NS['w']}}}id") == str(number))
    return [text_of(r) for r in note.iter(f"{{{NS['w']}}}r") if r.find("w:rPr/w:i", NS) is not None]


def test_every_kind_first_and_later_notes(workspace):
    setup(workspace)
    assert notes_of(workspace) == EXPECTED


def test_case_names_are_italic_in_full_and_short_forms(workspace):
    setup(workspace)
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    assert italic_runs(doc, 12) == ["Kartinyeri v Commonwealth"]
    assert italic_runs(doc, 15) == ["Kartinyeri v Commonwealth"]
    assert italic_runs(doc, 2) == ["Approaches to Natural Language"]


def test_names_in_every_export_form():
    full = lambda value: [n.full() for n in parse_names(value)]  # noqa: E731
    assert full("family=Dijk, given=Marten, prefix=van, useprefix=true") == ["Marten van Dijk"]
    assert full("K.J.J. Hintikka, J.M.E. Moravcsik, and P. Suppes") == [
        "K.J.J. Hintikka", "J.M.E. Moravcsik", "P. Suppes"]
    assert full("Hintikka, K.J.J. and Smith, J.,") == ["K.J.J. Hintikka", "J. Smith"]
    assert full(r"{Ortega y Gasset}, Jos{\'e}") == ["José Ortega y Gasset"]
    assert full("肖, 发民") == ["肖发民"]
    assert full("{Barnes and Noble, Inc.}") == ["Barnes and Noble, Inc."]
    assert full("King, Jr., Martin Luther") == ["Martin Luther King Jr."]
    assert [n.short() for n in parse_names("Doe, Jane and van Dijk, Marten")] == ["Doe", "van Dijk"]
    assert full("d' Almeida, Luís and al- One, Alan") == ["Luís d'Almeida", "Alan al-One"]
    assert full("'t Horvath, Peter A.C.") == ["Peter A.C. 't Horvath"]  # one person, not a list


def test_latex_is_decoded_and_urls_kept_verbatim():
    assert decode_latex(r"Cu$_2$O and H$_2$O$^{+}$, $\alpha$-decay") == "Cu₂O and H₂O⁺, α-decay"
    assert decode_latex(r"\bibstring{nodate}") == "n.d."
    assert decode_latex(r"50% of \emph{all} {\&} more") == "50% of all & more"
    assert decode_latex(r"\emph{Law & Order} & more") == "Law & Order & more"  # a bare & is text
    assert decode_latex(r"\href{https://x.org/a~b%20c}{https://x.org/a~b\%20c}") == "https://x.org/a~b%20c"
    assert verbatim(r"https://x.org/a~b\_c%20d&e") == "https://x.org/a~b_c%20d&e"
    assert decode_latex(r"Loi n\textsuperscript{o} 2011-525") == "Loi nᵒ 2011-525"
    assert decode_latex(r"200\,{\mbox{$\mu$}}{J}") == "200 μJ"
    assert decode_latex(r"\href {https://www.gap-system.org} {\texttt{https://www.gap-system.org}}") == \
        "https://www.gap-system.org"


@pytest.mark.parametrize("field, text", [
    (r"see \url", "see"), (r"see \href", "see"), (r"\href{https://x.org}", "https://x.org"),
    (r"\href{https://x.org}{", "https://x.org"), (r"a \nolinkurl b", "a b"), (r"\url\href", ""),
])
def test_a_link_command_cut_off_prints_no_placeholder_and_no_warning(field, text, capfd):
    """Issue 13: a cut-off \\href raised IndexError once; a bare \\url printed "<%s>" and the decoder's
    "WARNING: Error in configuration" on the terminal."""
    assert decode_latex(field) == text
    assert capfd.readouterr() == ("", "")


def test_an_undefined_string_is_a_warning_with_its_line(workspace):
    setup(workspace, sources="@inproceedings{p, title = {Paper}, author = {Doe, J.},\n  booktitle = IEEE_J_PROC,\n"
                             "  year = {2016}}\n", body="A.[@p]\n")
    problems = Problems(workspace)
    read_report(workspace, problems)
    assert [str(p) for p in problems.warnings] == [
        "footnotes/sources.bib:2: warning: source 'p': booktitle = IEEE_J_PROC names an @string that no .bib file "
        "defines; it is printed as written (add @string{IEEE_J_PROC = {...}}, or write the text in braces)"]


def test_crossref_and_xdata_inherit_across_files(workspace):
    setup(workspace, sources="@incollection{ch, author = {Lee, Kim}, title = {Courts}, crossref = {bk}, "
          "pages = {1--20}}\n@misc{x, title = {Shared}, xdata = {pub}}\n", body="A.[@ch] B.[@x]\n")
    (workspace / "footnotes" / "parents.bib").write_text(
        "@book{bk, title = {Justice Handbook}, editor = {Park, Jo}, publisher = {Example Press}, year = {2017}}\n"
        "@xdata{pub, publisher = {Example Press}, date = {2001}}\n")
    notes = notes_of(workspace)
    assert notes[1] == "Kim Lee, “Courts”, in Jo Park (ed.), Justice Handbook (Example Press, 2017), pp. 1–20."
    assert notes[2] == "Shared, Example Press, 2001."


def test_legislation_titles_keep_their_act_and_quotes(workspace):
    sources = """
@legislation{on-law, title = {On the procedure for holding assemblies in the Republic of Testland},
  type = {Law}, institution = {Republic of Testland}, number = {333-VI}, date = {2020-05-25}}
@legislation{code, title = {Criminal Code of the Republic of Testland}, type = {Code},
  institution = {Republic of Testland}, number = {226-V}, date = {2014-07-03}}
@legislation{decree, title = {On the Human Rights Commission under the President of the Republic of Testland},
  type = {Decree}, institution = {President of the Republic of Testland}, number = {1042}, date = {2003-03-19}}
@legislation{zotero, title = {Law of the Republic of Testland No. 333-VI on assemblies}, number = {333-VI},
  journaltitle = {Official Gazette}, volume = {12}, pages = {45}}
"""
    setup(workspace, sources=sources, body="A.[@on-law, art. 5] B.[@code] C.[@decree] D.[@zotero] E.[@on-law]\n")
    assert notes_of(workspace) == {
        1: "Law of the Republic of Testland No. 333-VI “On the procedure for holding assemblies in the Republic "
           "of Testland”, 25 May 2020, art. 5.",
        2: "Criminal Code of the Republic of Testland No. 226-V, 3 July 2014.",
        3: "Decree of the President of the Republic of Testland No. 1042 “On the Human Rights Commission under "
           "the President of the Republic of Testland”, 19 March 2003.",
        4: "Law of the Republic of Testland No. 333-VI on assemblies, Official Gazette 12 45.",
        5: "Law No. 333-VI, supra note 1.",
    }


def test_ibid_is_decided_per_note_not_per_group(workspace):
    """Bug 3: a free note citing two sources in two groups breaks the Ibid. chain."""
    body = ("First.[@hra] Then.^[Compare [@iccpr, art. 9] with [@hra, s 4].] Again.[@hra, s 4]\n"
            "Alone.^[See [@draft].] Same.[@draft]\n")
    setup(workspace, body=body)
    notes = notes_of(workspace)
    assert notes[2] == ("Compare International Covenant on Civil and Political Rights (adopted 16 December 1966, "
                        "entered into force 23 March 1976) 999 UNTS 171, art. 9 with Human Rights Act 1998, "
                        "supra note 1, s 4.")
    assert notes[3] == "Human Rights Act 1998, supra note 1, s 4."
    assert notes[5] == "Ibid."


def test_positions_are_data_that_stats_reads(workspace):
    setup(workspace, body="A.[@hra] B.[@hra, s 2] C.[@iccpr; @hra]\n")
    _, report = read_report(workspace, Problems(workspace))
    items = [(i.key, i.position.value, i.first_note) for n in report.notes for i in n.cite.items]
    assert items == [("hra", "first", 1), ("hra", "ibid-with-locator", 1), ("iccpr", "first", 3),
                     ("hra", "subsequent", 1)]
    from assemble.stats import _citations
    from assemble.load import load_workspace
    rows = _citations(report, load_workspace(workspace, Problems(workspace)))["sources"]
    assert [(r["key"], r["count"], r["first_note"]) for r in rows] == [("hra", 3, 1), ("iccpr", 1, 3)]


def test_citations_inside_free_notes_read_as_a_lawyer_writes_them(workspace):
    body = ("A.[@hra] B.^[The court ruled during the strike [@hra, s 3].] "
            "C.^[Later; see [@hra, s 4].] D.^[He said so. [@hra, s 4]] "
            "E.^[A comment citing [@draft] here.] F.^[The act [@iccpr] applies widely.]\n")
    setup(workspace, body=body)
    problems = Problems(workspace)
    read_report(workspace, problems)
    notes = notes_of(workspace)
    assert notes[2] == "The court ruled during the strike. Ibid., s 3."
    assert notes[3] == "Later; see ibid., s 4."
    assert notes[4] == "He said so. Ibid."
    assert notes[5] == "A comment citing Draft Law of the Republic of Testland “On human rights activities”, " \
                       "November 2024 here."
    assert notes[6] == ("The act (International Covenant on Civil and Political Rights (adopted 16 December 1966, "
                        "entered into force 23 March 1976) 999 UNTS 171) applies widely.")
    messages = [p.message for p in problems.warnings]
    assert messages.count("a citation in this note follows the text without punctuation; it is printed as a "
                          "sentence of its own") == 1
    assert messages.count("a citation inside a sentence of this note is printed in parentheses") == 1


def test_two_note_marks_side_by_side_are_a_warning(workspace):
    setup(workspace, body="A mechanism;[@hra]^[A note.] and more.\n")
    problems = Problems(workspace)
    read_report(workspace, problems)
    assert [str(p) for p in problems.warnings if "side by side" in str(p)] == [
        "sections/main.md:6: warning: two note marks stand side by side; readers see one number run into the "
        "other (put both into one note: [@a; @b], or one footnote that cites both)"]


def test_pandoc_citation_syntax(workspace):
    sources = SOURCES + "@misc{dot.key, title = {Dotted}}\n@misc{胡適1917, title = {CJK key}}\n" \
                        "@misc{bbt-, title = {Dash key}}\n"
    body = ("Braced.[@{dot.key}] Unicode.[@胡適1917] Dash.[@bbt-] Passim.[*see* @hra, *passim*] "
            "Braces.[@iccpr, {pp. iv, vi-xi}]\n\n"
            "As @dijk2019 [p. 33] shows, @kartinyeri’s court agreed (@hra). "
            "See [the report [@draft]](https://example.org/r) too.\n")
    setup(workspace, sources=sources, body=body)
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    notes = doc.footnotes()
    assert notes[1] == "Dotted." and notes[2] == "CJK key." and notes[3] == "Dash key."
    assert notes[4] == "See Human Rights Act 1998, 9 November 1998, passim."
    assert italic_runs(doc, 4) == ["See", "passim"]
    assert notes[5].endswith("999 UNTS 171, pp. iv, vi-xi.")
    assert notes[6] == ("Marten van Dijk and Vincent van der Meij, “Extended names”, Journal of Rights, vol. 3 "
                        "(2019), pp. 1–9, p. 33.")
    assert with_marks(doc, "As ") == ["As van Dijk and van der Meij[6] shows, Kartinyeri v Commonwealth’s[7] court "
                                      "agreed (Human Rights Act 1998[8]). See the report[9] too."]
    links = doc.body.findall(".//w:hyperlink", NS)
    assert any(text_of(link) == "the report" and link.find(".//w:footnoteReference", NS) is not None
               for link in links)


def test_notes_after_punctuation(workspace):
    setup(workspace, body="Text [@hra]. More text [@iccpr], and more.\n")
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    assert with_marks(doc, "Text") == ["Text.[1] More text,[2] and more."]
    config = workspace / "report.yml"
    config.write_text(config.read_text() + "notes_after_punctuation: false\n")
    doc = Docx(build_report(workspace, ["docx"]).outputs[0])
    assert with_marks(doc, "Text") == ["Text[1]. More text[2], and more."]


def test_translated_build_never_mixes_languages(workspace):
    """No Russian fields: the whole form as written; some: Russian, and `check` names the gaps."""
    sources = SOURCES + """
@legislation{ru-full, title = {On equal rights}, type = {Law}, institution = {Republic of Testland},
  number = {223-IV}, date = {2009-12-08}, title_ru = {О равных правах}, type_ru = {Закон},
  institution_ru = {Республики Тестландия}}
@legislation{ru-part, title = {On elections}, type = {Law}, institution = {Republic of Testland},
  date = {1995-09-28}, title_ru = {О выборах}}
"""
    setup(workspace, sources=sources, body="A.[@draft] B.[@ru-full] C.[@ru-part] D.[@draft]\n")
    config = workspace / "report.yml"
    text = config.read_text()
    if "translations:" not in text:
        config.write_text(text + "translations: [ru]\n")
    notes = notes_of(workspace, lang="ru")
    assert notes[1] == "Draft Law of the Republic of Testland “On human rights activities”, November 2024."
    assert notes[2] == "Закон Республики Тестландия № 223-IV «О равных правах», 8 декабря 2009 г."
    assert notes[4] == "Draft Law “On human rights activities”, см. сноску 1 выше."
    from assemble.checks.run import check_workspace
    found = [str(p) for p in check_workspace(workspace)]
    assert any("source 'ru-part' has 'ru' fields but not institution_ru, type_ru" in p for p in found), found


def test_cjk_names_print_in_the_pdf(workspace):
    from assemble.render.pdf.fonts import cjk_fonts
    from pdfread import Pdf

    if cjk_fonts("肖") is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk; .ci/run installs it)")
    setup(workspace, body="A thesis.[@thesis] 胡適 wrote in Chinese.\n")
    pdf = Pdf(build_report(workspace, ["pdf"]).outputs[0])
    text = "".join(pdf.pages)
    assert "肖发民" in text and "胡適" in text


# ---- shapes the full run over Better BibTeX's 516 fixture files found (docs/citations-corpus.md) ----

def test_tex_that_an_export_escaped_twice_is_read_once_more():
    # Better BibTeX's case-protection phantoms (issue #1043 of its tracker) print no braces
    assert decode_latex(r"Thin \{\vphantom\}{{GaN}}\vphantom\{\} Layers") == "Thin GaN Layers"
    assert decode_latex(r"Crystal-\{\{\vphantom{\}\}}{{Phase Wires}}\vphantom\{\}\vphantom\{\}: One") == \
        "Crystal-Phase Wires: One"
    # TeX typed into Zotero, exported escaped: "$^7$Be" was meant, not the dollar signs
    assert decode_latex(r"Using \$\textasciicircum 7\${{Be}} Decay") == "Using ⁷Be Decay"
    assert decode_latex(r"GaN(0001)-(1\textbackslash{}times1) Surface") == "GaN(0001)-(1×1) Surface"
    assert decode_latex(r"by \${{R}}\_2\$ dispersion") == "by R₂ dispersion"
    assert decode_latex(r"TiN\$\_\{\textbackslash{}boldsymbol\{\textbackslash{}mathsf\{x\}\}\}\$") == "TiNₓ"
    assert decode_latex(r"on \$c\$-{{Face}} Sapphire") == "on c-Face Sapphire"
    # what the author asked for stays: a price, Miller indices, a macro named in prose
    assert decode_latex(r"Owe \$620 Billion") == "Owe $620 Billion"
    assert decode_latex(r"Pay \$5 and \$6 more") == "Pay $5 and $6 more"
    assert decode_latex(r"Paired Twins and \{112\} Morphology") == "Paired Twins and {112} Morphology"
    assert decode_latex(r"the use of \textbackslash parteditandtrans here") == r"the use of \parteditandtrans here"
    # BibTeX's tie is a no-break space, kept when spaces are collapsed
    assert decode_latex("No.~5 of\n  2020") == "No.\u00a05 of 2020"
    # decoded math is not decoded again with the text around it
    assert decode_latex(r"{$<\backslash$}input Wiki") == r"<\input Wiki"
    # in \href's address, \\ is a backslash (hyperref); the text repeating the address is not printed twice
    assert decode_latex(r"\href{https://example.com/\#f\%20o\\o}{https://example.com/\#f\%20o\textbackslash o}") \
        == r"https://example.com/#f%20o\o"


def test_commented_entries_missing_keys_and_repeated_fields(workspace):
    sources = ("%@article{dup,\n%  title = {Commented out},\n%  year = {2019}\n%}\n\n"
               "@article{dup, title = {Read}, author = {Doe, Jane}, journal = {J}, year = {2019}}\n"
               "@article{, title = {No key}, year = {2014}}\n"
               "@book{twice, title = {First},\n  file = {a.pdf},\n  publisher = {P},\n  file = {b.pdf},\n  year = {2001}}\n")
    setup(workspace, sources=sources, body="A.[@dup] B.[@twice]\n")
    problems = Problems(workspace)
    read_report(workspace, problems)
    assert [str(p) for p in problems.items if p.file.startswith("footnotes")] == [
        "footnotes/sources.bib:7: warning: this entry has no citation key, so it cannot be cited "
        "(give it a key; Zotero and Better BibTeX make one, Mendeley may not)",
        "footnotes/sources.bib:11: warning: source 'twice' has the field 'file' twice (first at line 9); "
        "the first is used (delete the one you do not want)"]
    notes = notes_of(workspace)
    assert notes == {1: "Jane Doe, “Read”, J (2019).", 2: "First (P, 2001)."}


def test_an_entry_with_nothing_to_print_is_an_error_where_cited(workspace):
    setup(workspace, sources="@misc{blank,\n}\n@misc{unused,\n  keywords = {x}}\n", body="A.[@blank]\n")
    problems = Problems(workspace)
    with pytest.raises(BuildError):
        read_report(workspace, problems)
    assert [str(p) for p in problems.errors] == [
        "footnotes/sources.bib:1: error: source 'blank' is cited (sections/main.md:6) but has nothing a note "
        "could print (no author, title, number or date) (fix the entry in the .bib file)"]


def test_catalogue_punctuation_never_doubles(workspace):
    """Fields as library catalogues (WorldCat, Mendeley) and ACM export them."""
    sources = r"""
@book{oslund, author = {Oslund, Karen}, title = {Iceland imagined : nature, culture, and storytelling},
  address = {Seattle :}, publisher = {University of Washington Press,}, year = {2011}}
@book{bunge, author = {Bunge, Mario}, title = {Chasing reality}, address = {Toronto ; Buffalo},
  publisher = {University of Toronto Press}, year = {2006}, edition = {1st ed.}}
@article{cursive, author = {Barrientos, Francesca}, title = {Cursive:}, subtitle = {Controlling Gesture},
  journal = {Proceedings?}, year = {2002}}
@dataset{baer, author = {R. A. Baer}, titleaddon = {Unpublished raw data}, institution = {University of Kentucky},
  date = {2015}}
@article{ducheyne, author = {Ducheyne, Steffen}, title = {Regulae}, journal = {Estudios}, date = {2015},
  month = {Jun.}}
@article{iwanowski, author = {Iwanowski, R. J.}, title = {Cells}, journal = {Solar Cells}, year = {1984--1985},
  month = {1}}
@legmaterial{senate, type = {resolution}, number = {438}, date = {2016}}
"""
    setup(workspace, sources=sources, body="A.[@oslund] B.[@bunge] C.[@cursive] D.[@baer] E.[@ducheyne] "
          "F.[@iwanowski] G.[@senate] H.[@oslund] I.[@senate, p. 2]\n")
    assert notes_of(workspace) == {
        1: "Karen Oslund, Iceland imagined: nature, culture, and storytelling (Seattle: University of "
           "Washington Press, 2011).",
        2: "Mario Bunge, Chasing reality, 1st ed. (Toronto; Buffalo: University of Toronto Press, 2006).",
        3: "Francesca Barrientos, “Cursive: Controlling Gesture”, Proceedings? (2002).",
        4: "R. A. Baer, Unpublished raw data (University of Kentucky, 2015).",
        5: "Steffen Ducheyne, “Regulae”, Estudios (June 2015).",
        6: "R. J. Iwanowski, “Cells”, Solar Cells (January 1984–1985).",
        7: "resolution, 438, 2016.",
        8: "Oslund, Iceland imagined: nature, culture, and storytelling, supra note 1.",
        9: "resolution, 438, 2016, supra note 7, p. 2.",  # no title to shorten: the full form again
    }


def test_a_french_build_keeps_the_space_before_a_colon():
    from assemble.i18n import catalogue
    from assemble.resolve.citations import typography

    assert typography("Titre : sous-titre", catalogue("fr")) == "Titre : sous-titre"
    assert typography("Title : subtitle ; more", catalogue("en")) == "Title: subtitle; more"
