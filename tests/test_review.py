"""The review loop in Word: stable anchors, the review copy, comments read back to file:line."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx.oxml.ns import qn

from assemble.build import build_report
from docxread import Docx, text_of

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                           ".ci/run installs libreoffice-writer-nogui")

# tests/workspace/sections/art-21.md, block by block, as written by hand from the source
ART_21_ANCHORS = {
    "_s_art_21_h": "Right of peaceful assembly (art. 21)",
    "_s_art_21_1": "The law on assemblies requires prior permission. It was adopted quickly. The same article is "
                   "cited again.",
    "_s_art_21_3": "Practice",
    "_s_art_21_5": "first point, in italics and bold;",
    "_s_art_21_7": "nested one;",
    "_s_art_21_10": "another bullet",
    "_s_art_21_11": "Year",  # a table: its first cell
    "_s_art_21_12": "Article 5: “No one shall hold an assembly without permission.”",
    "_s_art_21_13": "The State party should repeal the permission requirement.",
    "_s_art_21_15": "How many assemblies were refused in 2024?",
}
ART_21_NOTE_ANCHORS = {"_s_art_21_n1": "Law on Assemblies, supra note 2.", "_s_art_21_n2": "Ibid., art. 10.",
                       "_s_art_21_n3": "Ibid."}


def soffice_docx(path, out_dir):
    """LibreOffice opens the DOCX and saves it again as DOCX (what a LibreOffice reviewer does)."""
    profile = out_dir / "lo-profile"
    out_dir.mkdir(exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(path)],
                   check=True, capture_output=True, timeout=180)
    return out_dir / path.name


def anchors(path) -> tuple[dict[str, str], dict[str, str]]:
    """name -> text of the paragraph holding each `_s_` bookmark, in the body and in the notes."""
    doc = Docx(path)

    def found(root):
        return {b.get(qn("w:name")): text_of(b.getparent()).strip() for b in root.iter(qn("w:bookmarkStart"))
                if b.get(qn("w:name")).startswith("_s_")}

    return found(doc.body), found(doc.footnotes_xml)


# ---- 1. stable anchors -----------------------------------------------------------------

def test_every_block_and_note_carries_a_hidden_anchor(workspace):
    body, notes = anchors(build_report(workspace, ["docx"]).outputs[0])
    for name, text in ART_21_ANCHORS.items():
        assert body[name] == text, name
    for name, text in ART_21_NOTE_ANCHORS.items():
        assert notes[name] == text, name
    # art-21 has 15 blocks and 7 notes; every section has its heading anchor
    assert sorted(n for n in body if n.startswith("_s_art_21_")) == sorted(
        ["_s_art_21_h"] + [f"_s_art_21_{i}" for i in range(1, 16)])
    assert sorted(n for n in notes if n.startswith("_s_art_21_")) == [f"_s_art_21_n{i}" for i in range(1, 8)]
    assert {"_s_intro_h", "_s_art_9_h", "_s_followup_h"} <= set(body)
    # Word compares bookmark names without case: all distinct that way too
    everything = list(body) + list(notes)
    assert len({n.casefold() for n in everything}) == len(everything)


def test_anchors_do_not_move_when_another_section_or_a_comment_changes(workspace):
    before, _ = anchors(build_report(workspace, ["docx"]).outputs[0])
    art_9 = workspace / "sections" / "art-9.md"
    art_9.write_text(art_9.read_text() + "\nA new paragraph at the end of article 9.\n")
    art_21 = workspace / "sections" / "art-21.md"
    art_21.write_text(art_21.read_text().replace("## Practice\n", "## Practice\n\n<!-- TBHR: check -->\n"))
    after, _ = anchors(build_report(workspace, ["docx"]).outputs[0])
    for name, text in ART_21_ANCHORS.items():
        assert after[name] == before[name] == text


def test_a_long_section_id_gives_anchors_within_words_limit(workspace):
    long_id = "a-very-long-section-identifier-about-freedom-of-expression"
    path = workspace / "sections" / "long.md"
    path.write_text(f"---\nid: {long_id}\npart: articles\narticles: [19]\n---\nOne paragraph.[@law-assembly]\n")
    body, notes = anchors(build_report(workspace, ["docx"]).outputs[0])
    mine = [n for n in list(body) + list(notes) if n.startswith("_s_a_very_long")]
    assert len(mine) == 3 and all(len(n) <= 40 for n in mine)
    assert "One paragraph." in {body[n] for n in mine if n in body}
    assert [notes[n] for n in mine if n in notes] == ["Law on Assemblies, supra note 2."]


@needs_soffice
def test_libreoffice_keeps_every_anchor(workspace, tmp_path):
    built = build_report(workspace, ["docx"]).outputs[0]
    body, notes = anchors(built)
    saved_body, saved_notes = anchors(soffice_docx(built, tmp_path / "lo"))
    # LibreOffice 7.4 renames the bookmarks of every note but the first "<name>_Copy_1" (it copies
    # each note's text once on import); the reader takes the suffix off
    saved_notes = {re.sub(r"_Copy_\d+$", "", n): text for n, text in saved_notes.items()}
    assert set(saved_body) == set(body)
    assert set(saved_notes) == set(notes)
    for name, text in ART_21_ANCHORS.items():
        assert saved_body[name] == text, name
    for name, text in ART_21_NOTE_ANCHORS.items():
        assert saved_notes[name] == text, name
