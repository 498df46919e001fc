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
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (assemble diff reads "
                                                                    "the sources at a sign-off from git)")

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


# every reviewed copy is read back as written (python-docx / lxml, what Word writes) and after a
# LibreOffice reviewer opened and saved it
SAVED_BY = pytest.mark.parametrize("saved_by", ["as-written", "libreoffice"])


def saved(path, saved_by, tmp_path):
    """`path` as the reviewer's program leaves it."""
    if saved_by == "as-written":
        return path
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    return soffice_docx(path, tmp_path / "lo")


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


# ---- 2. the review copy ------------------------------------------------------------------

def add_source_comments(workspace):
    path = workspace / "sections" / "art-21.md"
    text = path.read_text()
    text = text.replace("## Practice\n\nThe courts", "## Practice\n\n<!-- TBHR: check the fines figure -->\nThe courts")
    text = text.replace("the law is strict.", "the law is strict.<!-- Jane Doe: source? -->")
    text = text.replace("- another bullet\n", "- another bullet\n\n<!-- Unsigned remark. -->\n")
    path.write_text(text)


def comment_marks(doc: Docx) -> dict[str, str]:
    """comment id -> text of the body paragraph holding its reference."""
    return {ref.get(qn("w:id")): text_of(next(a for a in ref.iterancestors() if a.tag == qn("w:p"))).strip()
            for ref in doc.body.iter(qn("w:commentReference"))}


def test_review_copy_has_each_source_comment_as_a_word_comment_on_its_paragraph(workspace):
    add_source_comments(workspace)
    built = build_report(workspace, ["docx"], review=True).outputs[0]
    assert built.name == "test-report.review.docx"
    doc = Docx(built)
    marks = comment_marks(doc)
    found = [(c.author, c.initials, c.text, marks[str(c.comment_id)]) for c in doc.document.comments]
    assert ("TBHR", "TBHR", "check the fines figure",
            "The courts fined protesters. Again the law. Inline note follows.") in found
    assert ("Jane Doe", "JD", "source?", "As para. 2 and section III.A show, and as recommendation 2 asks, "
            "the law is strict.") in found
    # a comment on lines of its own: on the next paragraph; unsigned: the section's organisations
    assert ("TBHR, SCM", "TBHR", "Unsigned remark.", "Year") in found
    # the margin shows each section's status on its heading
    assert ("assemble", "assemble", "Status: final", "Right of peaceful assembly (art. 21)") in found
    assert ("assemble", "assemble", "Status: draft", "Liberty and security of person (art. 9)") in found
    assert len(found) == 3 + 4
    # dated with the report's date (identical inputs, identical bytes)
    assert {c.timestamp.date().isoformat() for c in doc.document.comments} == {"2026-03-01"}
    # each range starts in the paragraph of its mark
    for start in doc.body.iter(qn("w:commentRangeStart")):
        p = start.getparent()
        assert any(r.get(qn("w:id")) == start.get(qn("w:id")) for r in p.iter(qn("w:commentReference")))


def test_normal_build_keeps_comments_out_and_review_copy_is_reproducible(workspace, tmp_path):
    add_source_comments(workspace)
    normal = build_report(workspace, ["docx"]).outputs[0]
    assert "word/comments.xml" not in Docx(normal).parts
    assert "check the fines figure" not in "".join(t for _, t, _ in Docx(normal).paragraphs())
    first = build_report(workspace, ["docx"], review=True).outputs[0].read_bytes()
    second = build_report(workspace, ["docx"], review=True, output=tmp_path / "again.docx").outputs[0]
    assert second.read_bytes() == first


def test_review_copy_passes_the_strict_reader(workspace):
    audit = strict_reader()  # (defined with the redline's tests below)
    add_source_comments(workspace)
    built = build_report(workspace, ["docx"], review=True).outputs[0]
    result = subprocess.run([audit, str(built)], capture_output=True, text=True)
    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout


# ---- 3. comments back ------------------------------------------------------------------------

def run(*args):
    import os
    import sys

    return subprocess.run([sys.executable, "-m", "assemble", *args], capture_output=True, text=True,
                          env={**os.environ, "ASSEMBLE_DEBUG": ""})


def review(workspace, tmp_path, target=None):
    """A reviewer's copy: two comments added with python-docx to the built DOCX."""
    import docx

    built = build_report(workspace, ["docx"]).outputs[0]
    document = docx.Document(str(built))
    for p in document.paragraphs:
        if p.text.startswith("The courts fined"):
            document.add_comment(p.runs, text="Which court? Give the case number.", author="Jane Doe", initials="JD")
        elif p.text.startswith("nested two"):
            document.add_comment(p.runs[0], text="Too short.", author="Partner NGO", initials="P")
    target = target or tmp_path / "reviewed.docx"
    document.save(str(target))
    return target


def comments_text(workspace, path) -> list[str]:
    result = run("comments", "--root", str(workspace), str(path))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


TODAY = __import__("datetime").date.today().isoformat()  # python-docx dates a comment when it adds it


def test_comments_come_back_with_section_file_and_line(workspace, tmp_path):
    lines = comments_text(workspace, review(workspace, tmp_path))
    assert lines == [
        f'sections/art-21.md:18: para. 7, Jane Doe ({TODAY}): comment "Which court? Give the case number." '
        'on “The courts fined protesters. Again the law. Inline note foll …”',
        f'sections/art-21.md:24: para. 7 (b)(ii), Partner NGO ({TODAY}): comment "Too short." on “nested two.”',
        "2 comments, 0 insertions, 0 deletions, 0 formatting changes"]


@SAVED_BY
def test_comments_find_their_paragraphs_after_the_sources_moved_on(workspace, tmp_path, saved_by):
    reviewed = saved(review(workspace, tmp_path), saved_by, tmp_path)
    # an unrelated section grows at its start: report numbers move, art-21's lines do not
    art_9 = workspace / "sections" / "art-9.md"
    art_9.write_text(art_9.read_text().replace("status: draft\n---\n", "status: draft\n---\nA new first paragraph.\n\n"))
    lines = comments_text(workspace, reviewed)
    assert lines[0] == (f'sections/art-21.md:18: para. 8, Jane Doe ({TODAY}): comment "Which court? Give the case '
                        'number." on “The courts fined protesters. Again the law. Inline note foll …”')
    # in art-21 itself a paragraph is added before, and the commented one is edited
    art_21 = workspace / "sections" / "art-21.md"
    art_21.write_text(art_21.read_text().replace("## Practice\n", "## Practice\n\nAn added paragraph.\n")
                      .replace("Inline note^", "An inline note^"))
    lines = comments_text(workspace, reviewed)
    assert lines[0] == (f'sections/art-21.md:20: para. 9, Jane Doe ({TODAY}): comment "Which court? Give the case '
                        'number." on “The courts fined protesters. Again the law. Inline note foll …” (the '
                        'paragraph moved and its text changed since the review copy: found by its text)')
    assert lines[1] == (f'sections/art-21.md:26: para. 9 (b)(ii), Partner NGO ({TODAY}): comment "Too short." '
                        'on “nested two.” (the paragraph moved since the review copy: found by its text)')
    # the commented paragraph edited in place: found by its anchor, said to have changed
    art_21.write_text(art_21.read_text().replace("## Practice\n\nAn added paragraph.\n", "## Practice\n"))
    lines = comments_text(workspace, reviewed)
    assert lines[0] == (f'sections/art-21.md:18: para. 8, Jane Doe ({TODAY}): comment "Which court? Give the case '
                        'number." on “The courts fined protesters. Again the law. Inline note foll …” (the text '
                        'has changed since the review copy)')


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rewrite_part(path, name, change):
    """Edit one XML part of a DOCX with lxml (what a reviewer's Word writes, made by hand)."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts[name])
    change(root)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def w_el(tag, attrs=None, text=None):
    from lxml import etree

    element = etree.Element(f"{{{W_NS}}}{tag}")
    for k, v in (attrs or {}).items():
        element.set(f"{{{W_NS}}}{k}", v)
    if text is not None:
        element.text = text
    return element


def paragraph_starting(root, start):
    return next(p for p in root.iter(qn("w:p")) if text_of(p).lstrip("\t").startswith(start))


@SAVED_BY
def test_tracked_insertions_deletions_and_formatting_come_back_as_suggested_edits(workspace, tmp_path, saved_by):
    built = build_report(workspace, ["docx"]).outputs[0]
    reviewed = tmp_path / "edited.docx"
    shutil.copy(built, reviewed)

    def edit(root):
        p = paragraph_starting(root, "The law on assemblies")
        first = next(r for r in p.iter(qn("w:r")) if "prior permission" in text_of(r))
        before, after = text_of(first).split("prior ")
        first.find(qn("w:t")).text = before
        first.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        deleted = w_el("del", {"id": "901", "author": "Lawyer", "date": "2026-11-30T10:00:00Z"})
        run = w_el("r")
        run.append(w_el("delText", None, "prior "))
        deleted.append(run)
        inserted = w_el("ins", {"id": "902", "author": "Lawyer", "date": "2026-11-30T10:01:00Z"})
        run = w_el("r")
        run.append(w_el("t", None, "written "))
        inserted.append(run)
        for text in (*deleted.iter(qn("w:delText")), *inserted.iter(qn("w:t"))):  # as Word writes them
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        rest = w_el("r")
        rest.append(w_el("t", None, after))
        first.addnext(rest)
        first.addnext(inserted)
        first.addnext(deleted)
        rec = paragraph_starting(root, "The State party should release")
        r = next(rec.iter(qn("w:r")))
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = w_el("rPr")
            r.insert(0, rpr)
        rpr.append(w_el("b"))
        rpr.append(w_el("rPrChange", {"id": "903", "author": "Board", "date": "2026-12-01T09:00:00Z"}))

    rewrite_part(reviewed, "word/document.xml", edit)
    lines = comments_text(workspace, saved(reviewed, saved_by, tmp_path))
    assert lines == [
        'sections/art-21.md:10: para. 5, Lawyer (2026-11-30): deleted "prior" on “The law on assemblies requires prior '
        'permission. It was adop …”',
        'sections/art-21.md:10: para. 5, Lawyer (2026-11-30): inserted "written" on “The law on assemblies requires '
        'prior permission. It was adop …”',
        'sections/art-21.md:38: recommendation 3, Board (2026-12-01): formatting changed on "The State party should '
        'release detained protesters." on “The State party should release detained protesters.”',
        "0 comments, 1 insertion, 1 deletion, 1 formatting change"]


def test_a_comment_in_a_footnote_names_the_note_and_its_citation_key(workspace, tmp_path):
    """Word's reviewers only: LibreOffice has no comments in notes (and 7.4 cannot open a DOCX with one)."""
    import docx

    built = build_report(workspace, ["docx"]).outputs[0]
    reviewed = tmp_path / "note.docx"
    document = docx.Document(str(built))
    anchor_run = next(p for p in document.paragraphs if p.text.startswith("The courts fined")).runs[0]
    comment = document.add_comment(anchor_run, text="Cite the judgment's date.", author="Jane Doe", initials="JD")
    document.save(str(reviewed))
    cid = str(comment.comment_id)

    # python-docx comments body runs only: the comment moves into note 15 (tests/test_docx.py's list)
    rewrite_part(reviewed, "word/document.xml", lambda root: [
        e.getparent().remove(e) for e in list(root.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd")))
        + [r for r in root.iter(qn("w:r")) if r.find(qn("w:commentReference")) is not None]])

    def add_to_note(root):
        p = paragraph_starting(root, "Smith v. Testland")
        p.insert(1, w_el("commentRangeStart", {"id": cid}))
        p.append(w_el("commentRangeEnd", {"id": cid}))
        run = w_el("r")
        run.append(w_el("commentReference", {"id": cid}))
        p.append(run)

    rewrite_part(reviewed, "word/footnotes.xml", add_to_note)
    lines = comments_text(workspace, reviewed)
    assert lines[0].startswith('sections/art-21.md:18: note 15 (@case-smith), Jane Doe (')
    assert lines[0].endswith('): comment "Cite the judgment\'s date." on “Smith v. Testland, Supreme Court of '
                             'Testland, No. 2-123/2021 …”')


@SAVED_BY
def test_a_tracked_edit_in_a_footnote_names_the_note_and_its_citation_key(workspace, tmp_path, saved_by):
    built = build_report(workspace, ["docx"]).outputs[0]
    reviewed = tmp_path / "note-edit.docx"
    shutil.copy(built, reviewed)

    def edit(root):
        p = paragraph_starting(root, "Smith v. Testland")
        run = next(r for r in p.iter(qn("w:r")) if text_of(r, raw=True).endswith("2021, 4\u00a0March\u00a02021."))
        t = run.find(qn("w:t"))
        t.text = t.text[:-len("4\u00a0March\u00a02021.")]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        inserted = w_el("ins", {"id": "911", "author": "Lawyer", "date": "2026-11-30T10:00:00Z"})
        new = w_el("r")
        new.append(w_el("t", None, "5\u00a0March\u00a02021"))
        inserted.append(new)
        deleted = w_el("del", {"id": "912", "author": "Lawyer", "date": "2026-11-30T10:00:00Z"})
        old = w_el("r")
        old.append(w_el("delText", None, "4\u00a0March\u00a02021"))
        deleted.append(old)
        rest = w_el("r")
        rest.append(w_el("t", None, "."))
        run.addnext(rest)
        run.addnext(inserted)
        run.addnext(deleted)

    rewrite_part(reviewed, "word/footnotes.xml", edit)
    lines = comments_text(workspace, saved(reviewed, saved_by, tmp_path))
    on = "on “Smith v. Testland, Supreme Court of Testland, No. 2-123/2021 …”"
    assert lines == [f'sections/art-21.md:18: note 15 (@case-smith), Lawyer (2026-11-30): deleted "4 March 2021" {on}',
                     f'sections/art-21.md:18: note 15 (@case-smith), Lawyer (2026-11-30): inserted "5 March 2021" {on}',
                     "0 comments, 1 insertion, 1 deletion, 0 formatting changes"]


@needs_soffice
def test_comments_come_back_from_a_libreoffice_save(workspace, tmp_path):
    reviewed = review(workspace, tmp_path)
    saved = soffice_docx(reviewed, tmp_path / "lo")
    lines = comments_text(workspace, saved)
    assert lines[0].startswith("sections/art-21.md:18: para. 7, Jane Doe (")
    assert 'comment "Which court? Give the case number."' in lines[0]
    assert lines[1].startswith("sections/art-21.md:24: para. 7 (b)(ii), Partner NGO (")
    assert lines[2] == "2 comments, 0 insertions, 0 deletions, 0 formatting changes"


def test_comments_as_json(workspace, tmp_path):
    import json

    result = run("comments", "--root", str(workspace), "--format", "json", str(review(workspace, tmp_path)))
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)[0]
    assert first == {"kind": "comment", "author": "Jane Doe", "date": TODAY,
                     "text": "Which court? Give the case number.", "file": "sections/art-21.md", "line": 18,
                     "paragraph": "para. 7", "anchor": "_s_art_21_4",
                     "on": "The courts fined protesters. Again the law. Inline note follows.", "found": "anchor",
                     "in_note": False, "keys": [], "replies": [], "from_sources": False}


def test_bad_input_gets_one_clear_sentence(workspace, tmp_path):
    import docx

    text = tmp_path / "notes.docx"
    text.write_text("not a zip")
    result = run("comments", "--root", str(workspace), str(text))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith("error: this file is not a Word document (DOCX); open it in Word or "
                                                  "LibreOffice and save it as .docx")
    blank = tmp_path / "blank.docx"
    docx.Document().save(str(blank))
    result = run("comments", "--root", str(workspace), str(blank))
    assert result.returncode == 1
    assert "error: this file has no assemble anchors: it was not made by 'assemble build'" in result.stderr
    other = tmp_path / "other"
    shutil.copytree(workspace, other)
    for path in (other / "sections").glob("*.md"):
        path.write_text(path.read_text().replace("id: ", "id: other-").replace("@sec:art-9", "@sec:other-art-9"))
    foreign = build_report(other, ["docx"]).outputs[0]
    result = run("comments", "--root", str(workspace), str(foreign))
    assert result.returncode == 1
    assert "error: this file is a copy of another report: none of its sections (other_art_21, other_art_9," \
        in result.stderr
    import zipfile

    with zipfile.ZipFile(tmp_path / "sheet.docx", "w") as z:  # a spreadsheet renamed
        z.writestr("xl/workbook.xml", "<workbook/>")
    with zipfile.ZipFile(tmp_path / "cut.docx", "w") as z:  # a copy cut short by a mail program
        z.writestr("word/document.xml", "<w:document")
    for name, said in (("sheet.docx", "this file is not a Word document (DOCX): it has no word/document.xml; open "
                        "it in Word or LibreOffice and save it as .docx"),
                       ("cut.docx", "this file is damaged (its XML cannot be read); open it in Word, save it "
                        "again as .docx and retry")):
        result = run("comments", "--root", str(workspace), str(tmp_path / name))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines()[0] == f"{tmp_path / name}: error: {said}"
    missing = run("comments", "--root", str(workspace), str(tmp_path / "nowhere.docx"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and "nowhere.docx" in missing.stderr


@SAVED_BY
def test_replies_come_back_under_the_comment_they_answer(workspace, tmp_path, saved_by):
    """Word threads a reply through commentsExtended.xml (w15:paraIdParent); written here by hand."""
    import zipfile

    reviewed = review(workspace, tmp_path)
    W14 = "http://schemas.microsoft.com/office/word/2010/wordml"

    def thread(root):
        first = next(root.iter(qn("w:comment")))
        first.find(qn("w:p")).set(f"{{{W14}}}paraId", "1A2B3C4D")
        reply = w_el("comment", {"id": "77", "author": "Aigerim Nurlanova", "date": "2026-12-03T08:00:00Z"})
        p = w_el("p")
        p.set(f"{{{W14}}}paraId", "5E6F7A8B")
        r = w_el("r")
        r.append(w_el("t", None, "Supreme Court, case 2-123/2021."))
        p.append(r)
        reply.append(p)
        root.append(reply)

    def mark_reply(root):  # Word gives a reply its own range and mark, next to those of its comment
        for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
            start = next(e for e in root.iter(qn(tag)) if e.get(qn("w:id")) == first_id)
            start.addnext(w_el(tag.split(":")[1], {"id": "77"}))
        ref = next(e for e in root.iter(qn("w:commentReference")) if e.get(qn("w:id")) == first_id).getparent()
        run = w_el("r")
        run.append(w_el("commentReference", {"id": "77"}))
        ref.addnext(run)

    import docx

    first_id = str(next(iter(docx.Document(str(reviewed)).comments)).comment_id)
    rewrite_part(reviewed, "word/comments.xml", thread)
    rewrite_part(reviewed, "word/document.xml", mark_reply)
    with zipfile.ZipFile(reviewed, "a") as z:
        z.writestr("word/commentsExtended.xml",
                   '<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
                   '<w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/>'
                   '<w15:commentEx w15:paraId="5E6F7A8B" w15:paraIdParent="1A2B3C4D" w15:done="0"/>'
                   '</w15:commentsEx>')
    lines = comments_text(workspace, saved(reviewed, saved_by, tmp_path))
    assert lines[0].startswith("sections/art-21.md:18: para. 7, Jane Doe (")
    if saved_by == "as-written":
        assert lines[1] == '    reply, Aigerim Nurlanova (2026-12-03): "Supreme Court, case 2-123/2021."'
        assert lines[-1] == "2 comments, 0 insertions, 0 deletions, 0 formatting changes"
    else:  # LibreOffice 7.4 drops the thread: the reply is a comment on the same words, after it
        assert lines[1] == ('sections/art-21.md:18: para. 7, Aigerim Nurlanova (2026-12-03): comment "Supreme Court, '
                            'case 2-123/2021." on “The courts fined protesters. Again the law. Inline note foll …”')
        assert lines[-1] == "3 comments, 0 insertions, 0 deletions, 0 formatting changes"


def test_source_comments_of_a_review_copy_come_back_marked_and_status_notes_do_not(workspace, tmp_path):
    add_source_comments(workspace)
    built = build_report(workspace, ["docx"], review=True).outputs[0]
    lines = comments_text(workspace, built)
    assert lines == [
        'sections/art-21.md:13: para. 6, Jane Doe (2026-03-01): comment "source?" on “As para. 2 and section III.A '
        'show, and as recommendation 2 a …” (a comment of the sources)',
        'sections/art-21.md:19: para. 7, TBHR (2026-03-01): comment "check the fines figure" on “The courts fined '
        'protesters. Again the law. Inline note foll …” (a comment of the sources)',
        'sections/art-21.md:32: table after para. 7, TBHR, SCM (2026-03-01): comment "Unsigned remark." on “Year” '
        '(a comment of the sources)',
        "3 comments, 0 insertions, 0 deletions, 0 formatting changes"]


# ---- 4. the redline since a sign-off ---------------------------------------------------------

def git(workspace, *args):
    return subprocess.run(["git", "-C", str(workspace), "-c", "user.name=Editor", "-c", "user.email=e@example.org",
                           *args], check=True, capture_output=True, text=True)


def signed_off(workspace):
    """The workspace in git, committed as the partners signed it off."""
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "signed off")


def edit(workspace, file, old, new):
    path = workspace / "sections" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def tracked(path) -> dict[str, list[tuple[str, str]]]:
    """part -> (ins|del, text) of every tracked change with text, in order; marks of whole paragraphs as 'ins ¶'."""
    import zipfile

    from lxml import etree

    found = {}
    with zipfile.ZipFile(path) as z:
        for part in ("word/document.xml", "word/footnotes.xml"):
            root = etree.fromstring(z.read(part))
            found[part] = []
            for e in root.iter(qn("w:ins"), qn("w:del")):
                kind = "ins" if e.tag == qn("w:ins") else "del"
                assert e.get(qn("w:author")) == "assemble"
                if e.getparent().tag == qn("w:rPr"):
                    found[part].append((kind, "¶"))
                else:
                    found[part].append((kind, "".join(t.text or "" for t in e.iter(qn("w:t"), qn("w:delText")))
                                        .strip()))
    return found


@needs_git
def test_redline_marks_exactly_the_edits_since_a_git_revision(workspace, tmp_path):
    signed_off(workspace)
    edit(workspace, "art-21.md", "It was adopted quickly.", "It was adopted in haste.")
    edit(workspace, "art-21.md", "The courts fined protesters.", "The district courts fined protesters.")
    edit(workspace, "art-9.md", "Detention is common.", "Detention is widespread.")
    edit(workspace, "art-21.md", "^[A comment citing", "^[A remark citing")
    edit(workspace, "art-21.md", "should release detained", "should release all detained")
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(tmp_path / "redline.docx"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "sections/art-9.md: 1 changed (para. 4)",
        "sections/art-21.md: 3 changed (para. 5, para. 7, recommendation 3); notes: 1 changed (note 17)",
        f"wrote {tmp_path / 'redline.docx'}"]
    assert tracked(tmp_path / "redline.docx") == {
        "word/document.xml": [("del", "common"), ("ins", "widespread"), ("del", "quickly"), ("ins", "in haste"),
                              ("ins", "district"), ("ins", "all"),
                              ("ins", "all")],  # the recommendation's line in the annex summary, marked as it is
        "word/footnotes.xml": [("del", "comment"), ("ins", "remark")]}
    text = run("diff", "--root", str(workspace), "--since", "HEAD", "--format", "text")
    assert text.stdout.splitlines() == result.stdout.splitlines()[:2]


@needs_git
def test_renumbering_alone_is_no_change(workspace, tmp_path):
    signed_off(workspace)
    # a new first paragraph in art-9, citing the law first: every later paragraph and note renumbers,
    # and art-21's first citation of the law becomes a short form
    edit(workspace, "art-9.md", "---\nDetention is common.", "---\nA new first paragraph.[@law-assembly]\n\n"
         "Detention is common.")
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(tmp_path / "redline.docx"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:-1] == ["sections/art-9.md: 1 added (para. 4); notes: 1 added (note 4)"]
    # the new paragraph (its text, its note call, its paragraph mark) and its new note: nothing else
    assert tracked(tmp_path / "redline.docx") == {
        "word/document.xml": [("ins", "¶"), ("ins", "A new first paragraph."), ("ins", "")],
        "word/footnotes.xml": [("ins", "¶"), ("ins", ""), ("ins", ""), ("ins", "Law on Assemblies, supra note\u00a02.")]}


@needs_git
def test_redline_since_a_freeze_tag_and_bad_references(workspace, tmp_path):
    signed_off(workspace)
    result = run("freeze", "--root", str(workspace), "--tag", "partners-round-1")
    assert result.returncode == 0, result.stderr
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "freeze")
    edit(workspace, "art-21.md", "It was adopted quickly.", "It was adopted in haste.")
    git(workspace, "commit", "-qam", "later edit")  # committed after the freeze: the tag still names the freeze
    result = run("diff", "--root", str(workspace), "--since", "partners-round-1", "--format", "text")
    assert result.stdout.splitlines() == ["sections/art-21.md: 1 changed (para. 5)"]
    outside = tmp_path / "outside"
    shutil.copytree(workspace, outside, ignore=shutil.ignore_patterns(".git"))
    result = run("diff", "--root", str(outside), "--since", "HEAD", "--format", "text")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"--since: error: {outside} is not in a git repository, so there "
                                                    "is no earlier version to compare with")
    unknown = run("diff", "--root", str(workspace), "--since", "round-9", "--format", "text")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert unknown.stderr.splitlines()[0] == ("--since: error: 'round-9' is neither a freeze tag in the history of "
                                              "sections.lock nor a git revision (give a tag of 'assemble freeze --tag', "
                                              "a git tag, a branch or a commit (git log --oneline lists them))")


def strict_reader():
    import sys
    from pathlib import Path

    audit = Path(sys.executable).with_name("openxml-audit")
    audit = str(audit) if audit.exists() else shutil.which("openxml-audit")
    if not audit:
        pytest.skip("openxml-audit is not installed (it is a test dependency: pip install -e '.[test]')")
    return audit


@needs_git
@needs_soffice
def test_libreoffice_shows_the_redline(workspace, tmp_path):
    signed_off(workspace)
    edit(workspace, "art-21.md", "It was adopted quickly.", "It was adopted in haste.")
    edit(workspace, "art-21.md", "^[A comment citing", "^[A remark citing")
    target = tmp_path / "redline.docx"
    assert run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target)).returncode == 0
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=180)
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "redline.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "It was adopted quicklyin haste." in text  # the deleted word, then the inserted ones
    assert "A commentremark citing" in text  # and in the footnote


@needs_git
def test_the_redline_is_dated_today_reproducible_and_passes_the_strict_reader(workspace, tmp_path):
    import datetime as dt
    import zipfile

    from lxml import etree

    signed_off(workspace)
    edit(workspace, "art-21.md", "It was adopted quickly.", "It was adopted in haste.")
    first, second = tmp_path / "one.docx", tmp_path / "two.docx"
    for target in (first, second):
        assert run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    dates = {e.get(qn("w:date")) for e in root.iter(qn("w:ins"), qn("w:del"))}
    assert dates == {f"{dt.date.today().isoformat()}T00:00:00Z"}
    result = subprocess.run([strict_reader(), str(first)], capture_output=True, text=True)
    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout


@needs_git
def test_words_changed_side_by_side_are_one_change(workspace, tmp_path):
    signed_off(workspace)
    edit(workspace, "art-21.md", "The law on assemblies requires prior", "The law of 2020 demands prior")
    target = tmp_path / "redline.docx"
    assert run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target)).returncode == 0
    # not "on" / "of" / "assemblies" / "2020" / ... in turn, which reads "onof assemblies2020 ..."
    assert tracked(target)["word/document.xml"] == [("del", "on assemblies requires"), ("ins", "of 2020 demands")]


@needs_git
def test_a_removed_paragraph_is_a_deleted_paragraph_where_it_stood(workspace, tmp_path):
    signed_off(workspace)
    edit(workspace, "art-21.md", "As @para:method and @sec:art-9 show, and as @rec:free-assembly asks, the law is "
         "strict.[see @co-2016, para. 26; @osce-guidelines]\n\n", "")
    target = tmp_path / "redline.docx"
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "sections/art-21.md: 1 removed (was para. 6); notes: 1 removed (was note 14)"
    # the paragraph, its note's call (a deleted call, no text) and the note's text, deleted
    assert tracked(target) == {"word/document.xml": [
        ("del", "¶"), ("del", "As para.\u00a02 and section\u00a0III.A show, and as recommendation\u00a02 asks, the law "
                              "is strict."),  # with the no-break spaces a build prints
        ("del", "")],
        "word/footnotes.xml": [("del", "See CCPR/C/TST/CO/1, supra note\u00a01, para.\u00a026; OSCE/ODIHR, “Guidelines "
                                       "on Freedom of Peaceful Assembly”, 2019, https://example.org/osce (accessed "
                                       "1\u00a0March\u00a02025).")]}
    doc = Docx(target)
    texts = [text_of(p) or "".join(t.text for t in p.iter(qn("w:delText"))) for p in doc.body.iter(qn("w:p"))]
    deleted = texts.index("As para.\u00a02 and section\u00a0III.A show, and as recommendation\u00a02 asks, the law is "
                          "strict.")
    assert texts[deleted - 1].startswith("The law on assemblies requires prior permission.")


def test_comments_on_the_cover_contents_and_annex_summary(workspace, tmp_path):
    import docx

    built = build_report(workspace, ["docx"]).outputs[0]
    document = docx.Document(str(built))
    cover = next(p for p in document.paragraphs if p.text == "Test alternative report")
    document.add_comment(cover.runs, text="Shorter title?", author="Board", initials="B")
    summary = [p for p in document.paragraphs if p.text.endswith("The State party should release detained protesters.")]
    assert len(summary) == 2  # the recommendation, and its line in the annex summary
    document.add_comment(summary[1].runs, text="Merge with 2?", author="Board", initials="B")
    entry = next(p for cell in document.tables[0]._cells for p in cell.paragraphs
                 if "Right of peaceful assembly" in p.text)
    document.add_comment(entry.runs, text="Rename the section.", author="Board", initials="B")
    reviewed = tmp_path / "front.docx"
    document.save(str(reviewed))
    lines = comments_text(workspace, reviewed)
    assert lines[0] == (f'report.yml: the cover, contents or abbreviations, Board ({TODAY}): comment "Shorter title?" '
                        'on “Test alternative report”')
    # python-docx's runs of the entry are those outside its link: the range covers the paragraph numbers
    assert lines[1] == (f'sections/art-21.md:1: heading III.B, Board ({TODAY}): comment "Rename the section." '
                        'on “5–7” (in the contents or the annex summary, which link to it)')
    assert lines[2] == (f'sections/art-21.md:38: recommendation 3, Board ({TODAY}): comment "Merge with 2?" on “The '
                        'State party should release detained protesters.” (in the contents or the annex summary, '
                        'which link to it)')


@needs_git
def test_a_new_section_is_inserted_whole_and_leaves_no_temporary_folder(workspace, tmp_path):
    import tempfile
    from pathlib import Path

    signed_off(workspace)
    (workspace / "sections" / "art-19.md").write_text("---\nid: art-19\npart: articles\narticles: [19]\n"
                                                     "organisations: [TBHR]\n---\nJournalists were fined.\n")
    before = set(Path(tempfile.gettempdir()).glob("assemble-since-*"))
    target = tmp_path / "redline.docx"
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "sections/art-19.md: section added (2 blocks)"
    # its line in the contents (number, title, paragraphs, and the runs of its page field), then the section
    assert tracked(target)["word/document.xml"] == [
        ("ins", "¶"), ("ins", "B."), ("ins", "Freedom of opinion and expression (art.\u00a019)"), ("ins", "5"),
        ("ins", "¶"), ("ins", ""), ("ins", ""), ("ins", ""), ("ins", ""),
        ("ins", "¶"), ("ins", "Freedom of opinion and expression (art.\u00a019)"), ("ins", "¶"),
        ("ins", "Journalists were fined.")]
    result = subprocess.run([strict_reader(), str(target)], capture_output=True, text=True)
    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout
    assert set(Path(tempfile.gettempdir()).glob("assemble-since-*")) == before


def test_a_source_comment_in_a_footnote_goes_on_the_note_call_and_libreoffice_opens_the_copy(workspace, tmp_path):
    edit(workspace, "art-21.md", "[@report-2020, p. 4] inline.]", "[@report-2020, p. 4] inline.<!-- SCM: which page? -->]")
    built = build_report(workspace, ["docx"], review=True).outputs[0]
    doc = Docx(built)
    assert not list(doc.footnotes_xml.iter(qn("w:commentReference")))  # none in footnotes.xml
    mine = [c for c in doc.document.comments if c.author == "SCM"]
    assert [(c.text, c.initials) for c in mine] == [("In note 17: which page?", "SCM")]
    cid = str(mine[0].comment_id)
    start = next(s for s in doc.body.iter(qn("w:commentRangeStart")) if s.get(qn("w:id")) == cid)
    # the range covers the note's call, in the paragraph that calls note 17
    call = start.getnext()
    assert call.find(qn("w:footnoteReference")).get(qn("w:id")) == "17"
    assert text_of(start.getparent()).startswith("The courts fined protesters.")
    assert comment_marks(doc)[cid].startswith("The courts fined protesters.")
    assert [s.get(qn("w:id")) for s in doc.body.iter(qn("w:commentRangeStart"))].count(cid) == 1
    lines = comments_text(workspace, built)
    assert lines[0] == ('sections/art-21.md:18: para. 7, SCM (2026-03-01): comment "In note 17: which page?" on “The '
                        'courts fined protesters. Again the law. Inline note foll …” (a comment of the sources)')
    if SOFFICE:
        profile = tmp_path / "lo-profile"
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(built)], check=True, capture_output=True, timeout=180)
        assert (tmp_path / "test-report.review.pdf").exists()  # LibreOffice 7.4 refused it with the comment in the note


def drop_anchor(root, start):
    """The `_s_` bookmark of the paragraph starting with `start` removed (a paragraph pasted anew)."""
    p = paragraph_starting(root, start)
    for mark in [b for b in p.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")).startswith("_s_")]:
        for end in [e for e in root.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == mark.get(qn("w:id"))]:
            end.getparent().remove(end)
        mark.getparent().remove(mark)


@SAVED_BY
def test_a_paragraph_whose_anchor_is_gone_is_found_by_its_text_and_said_so(workspace, tmp_path, saved_by):
    reviewed = review(workspace, tmp_path)
    rewrite_part(reviewed, "word/document.xml", lambda root: drop_anchor(root, "The courts fined"))
    reviewed = saved(reviewed, saved_by, tmp_path)
    lines = comments_text(workspace, reviewed)
    assert lines[0] == (f'sections/art-21.md:18: para. 7, Jane Doe ({TODAY}): comment "Which court? Give the case '
                        'number." on “The courts fined protesters. Again the law. Inline note foll …” (its anchor is '
                        'gone: found by its text)')
    assert lines[1] == (f'sections/art-21.md:24: para. 7 (b)(ii), Partner NGO ({TODAY}): comment "Too short." '
                        'on “nested two.”')
    # and edited since in the sources as well: the closest text, said so
    edit(workspace, "art-21.md", "Inline note^", "An inline note^")
    assert comments_text(workspace, reviewed)[0].endswith("(its anchor is gone and its text changed: found by its text)")


@SAVED_BY
def test_a_paragraph_the_reviewer_added_is_an_insertion_after_the_paragraph_before_it(workspace, tmp_path, saved_by):
    built = build_report(workspace, ["docx"]).outputs[0]
    reviewed = tmp_path / "added.docx"
    shutil.copy(built, reviewed)

    def add(root):
        from copy import deepcopy

        p = paragraph_starting(root, "The courts fined")
        new = w_el("p")
        new.append(deepcopy(p.find(qn("w:pPr"))))
        inserted = w_el("ins", {"id": "950", "author": "Lawyer", "date": "2026-11-30T10:00:00Z"})
        run = w_el("r")
        run.append(w_el("t", None, "A new paragraph by the lawyer."))
        inserted.append(run)
        new.append(inserted)
        p.addnext(new)

    rewrite_part(reviewed, "word/document.xml", add)
    lines = comments_text(workspace, saved(reviewed, saved_by, tmp_path))
    assert lines == ['sections/art-21.md:18: para. 7, Lawyer (2026-11-30): inserted "A new paragraph by the lawyer." '
                     'on “The courts fined protesters. Again the law. Inline note foll …” (a new paragraph after this '
                     'one)', "0 comments, 1 insertion, 0 deletions, 0 formatting changes"]


def test_comments_on_a_table_cell_and_on_a_title_assemble_writes(workspace, tmp_path):
    import docx

    document = docx.Document(str(build_report(workspace, ["docx"]).outputs[0]))
    cell = next(p for t in document.tables for c in t._cells for p in c.paragraphs if p.text == "2019")
    document.add_comment(cell.runs, text="Add 2018.", author="Board", initials="B")
    title = next(p for p in document.paragraphs if p.text == "Recommendations")
    document.add_comment(title.runs, text="Say 'Our recommendations'.", author="Board", initials="B")
    reviewed = tmp_path / "cells.docx"
    document.save(str(reviewed))
    assert comments_text(workspace, reviewed) == [
        f'sections/art-9.md:8: para. 4, Board ({TODAY}): comment "Say \'Our recommendations\'." on “Recommendations” '
        '(on a line assemble writes (a part heading, a block title) after this paragraph)',
        f'sections/art-21.md:29: table after para. 7, Board ({TODAY}): comment "Add 2018." on “2019”',
        "2 comments, 0 insertions, 0 deletions, 0 formatting changes"]


def calls(path) -> list[tuple[str, str]]:
    """(ins|del|"", note id) of every note call in document.xml, in order."""
    doc = Docx(path)
    out = []
    for ref in doc.body.iter(qn("w:footnoteReference")):
        tracked_as = next((a.tag.split("}")[1] for a in ref.iterancestors() if a.tag in (qn("w:ins"), qn("w:del"))), "")
        out.append((tracked_as, ref.get(qn("w:id"))))
    return out


@needs_git
def test_a_citation_removed_or_added_in_a_paragraph_is_a_tracked_note_call(workspace, tmp_path):
    signed_off(workspace)
    edit(workspace, "art-21.md", " Again the law.[@law-assembly]", " Again the law.")
    target = tmp_path / "redline.docx"
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target))
    assert result.stdout.splitlines()[0] == "sections/art-21.md: 1 changed (para. 7); notes: 1 removed (was note 16)"
    # the text did not change: the call is deleted where it stood, and its note's text with it
    assert tracked(target) == {"word/document.xml": [("del", "")],
                               "word/footnotes.xml": [("del", "Law on Assemblies, supra note\u00a02.")]}
    marked = calls(target)
    # the removed call stands between notes 15 and 16 of today; ids follow the calls (LibreOffice
    # pairs calls and notes by id order)
    assert [i for _, i in marked] == [str(n) for n in range(1, len(marked) + 1)]
    assert [kind for kind, _ in marked].index("del") == 15 and [kind for kind, _ in marked].count("del") == 1
    texts = {f.get(qn("w:id")): text_of(f).strip() + "".join(d.text for d in f.iter(qn("w:delText")))
             for f in Docx(target).footnotes_xml.iter(qn("w:footnote"))}
    assert texts["16"] == "Law on Assemblies, supra note\u00a02."  # the removed note, deleted
    assert texts["17"].startswith("A comment citing")  # today's note 16
    p = next(a for a in next(r for r in Docx(target).body.iter(qn("w:footnoteReference"))
                             if r.get(qn("w:id")) == "16").iterancestors() if a.tag == qn("w:p"))
    assert text_of(p).startswith("The courts fined protesters. Again the law.")
    if SOFFICE:  # LibreOffice prints the removed note's text under its struck call, in order
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)], check=True,
                       capture_output=True, timeout=180)
        pdf = subprocess.run(["pdftotext", str(tmp_path / "redline.pdf"), "-"], capture_output=True, text=True).stdout
        after = pdf[pdf.index("Smith v. Testland"):]
        assert after.index("Law on Assemblies, supra note 2.") < after.index("A comment citing")

    git(workspace, "checkout", "--", ".")
    edit(workspace, "art-21.md", "The same article is cited again.", "The same article is cited again.[@co-2016]")
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target))
    assert result.stdout.splitlines()[0] == "sections/art-21.md: 1 changed (para. 5); notes: 1 added (note 13)"
    assert tracked(target) == {"word/document.xml": [("ins", "")],
                               "word/footnotes.xml": [("ins", "¶"), ("ins", ""), ("ins", ""),
                                                      ("ins", "CCPR/C/TST/CO/1, supra note\u00a01.")]}
    assert [c for c in calls(target) if c[0]] == [("ins", "13")]  # the call of the note added


@needs_git
def test_a_removed_section_is_deleted_where_it_stood_with_its_notes(workspace, tmp_path):
    signed_off(workspace)
    (workspace / "sections" / "art-9.md").unlink()
    edit(workspace, "art-21.md", "As @para:method and @sec:art-9 show", "As @para:method shows")
    target = tmp_path / "redline.docx"
    result = run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "sections/art-9.md: section removed (3 blocks)"
    doc = Docx(target)
    texts = [(text_of(p).strip(), "".join(t.text for t in p.iter(qn("w:delText"))))
             for p in doc.body.iter(qn("w:p")) if text_of(p).strip() or list(p.iter(qn("w:delText")))]
    start = texts.index(("", "Liberty and security of person (art.\u00a09)"))
    # after the part heading, before the heading of art-21 that followed it
    assert texts[start - 1] == ("Implementation of the Covenant", "")
    assert texts[start + 1][1].startswith("Detention is common. See the report.")
    assert texts[start + 2] == ("", "The State party should end arbitrary detention, see para.\u00a02.")
    assert texts[start + 3] == ("Right of peaceful assembly (art. 21)", "")
    styles = {p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) for p in doc.body.iter(qn("w:p"))
              if "".join(t.text for t in p.iter(qn("w:delText"))) == "Liberty and security of person (art.\u00a09)"}
    assert styles == {"UnnumberedHeading2"}  # no struck number of its own before it
    # its paragraph's notes are deleted calls, their texts struck in footnotes.xml
    deleted_calls = [r for r in doc.body.iter(qn("w:footnoteReference"))
                     if any(a.tag == qn("w:del") for a in r.iterancestors())]
    assert len(deleted_calls) == 7
    struck = ["".join(t.text for t in f.iter(qn("w:delText"))) for f in doc.footnotes_xml.iter(qn("w:footnote"))]
    assert sum(1 for s in struck if s) == 7


@needs_git
def test_a_changed_title_is_marked_in_the_contents_too(workspace, tmp_path):
    signed_off(workspace)
    path = workspace / "sections" / "intro.md"
    path.write_text(path.read_text().replace("title: Introduction and methodology", "title: Introduction and method"))
    target = tmp_path / "redline.docx"
    assert run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target)).returncode == 0
    assert tracked(target)["word/document.xml"] == [("del", "methodology"), ("ins", "method")] * 2
    marked = {next(a for a in e.iterancestors() if a.tag == qn("w:p")).find(qn("w:pPr")).find(qn("w:pStyle")).get(
        qn("w:val")) for e in Docx(target).body.iter(qn("w:ins"))}
    assert marked == {"TOC2", "UnnumberedHeading2"}  # the contents entry and the heading


@SAVED_BY
def test_a_comment_over_several_paragraphs_belongs_to_the_first(workspace, tmp_path, saved_by):
    import docx

    document = docx.Document(str(build_report(workspace, ["docx"]).outputs[0]))
    first = next(p for p in document.paragraphs if p.text.startswith("The law on assemblies"))
    last = next(p for p in document.paragraphs if p.text.startswith("The courts fined"))
    document.add_comment([first.runs[0], last.runs[-1]], text="This whole part needs sources.", author="Board",
                         initials="B")
    reviewed = tmp_path / "over.docx"
    document.save(str(reviewed))
    # where the commented text starts (para. 5, line 10), not where Word puts the mark (para. 7)
    assert comments_text(workspace, saved(reviewed, saved_by, tmp_path)) == [
        f'sections/art-21.md:10: para. 5, Board ({TODAY}): comment "This whole part needs sources." on “The law on '
        'assemblies requires prior permission. It was adop …”',
        "1 comment, 0 insertions, 0 deletions, 0 formatting changes"]


@needs_git
def test_redline_of_a_report_in_a_folder_of_a_bigger_repository(workspace, tmp_path):
    """A coalition keeps several reports in one repository: the report folder is not its top."""
    repo = tmp_path / "coalition"
    shutil.copytree(workspace, repo / "reports" / "iccpr")
    report = repo / "reports" / "iccpr"
    signed_off(repo)
    assert run("freeze", "--root", str(report), "--tag", "round-1").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "freeze")
    edit(report, "art-21.md", "It was adopted quickly.", "It was adopted in haste.")
    for since in ("round-1", "HEAD", "HEAD~1"):
        result = run("diff", "--root", str(report), "--since", since, "--format", "text")
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == ["sections/art-21.md: 1 changed (para. 5)"], since


@needs_git
def test_in_a_changed_paragraph_or_note_renumbered_references_are_not_marked(workspace, tmp_path):
    signed_off(workspace)
    # a new first paragraph with a note: "para. 2" becomes "para. 3", "supra note 5" "supra note 6"
    path = workspace / "sections" / "intro.md"
    path.write_text(path.read_text().replace("This report is submitted", "An added first paragraph.[@co-2016, "
                                                                          "para. 9]\n\nThis report is submitted"))
    edit(workspace, "art-21.md", "the law is strict.", "the law is very strict.")  # cites @para:method
    edit(workspace, "art-21.md", "^[A comment citing", "^[A remark citing")  # its citation: supra note 5
    target = tmp_path / "redline.docx"
    assert run("diff", "--root", str(workspace), "--since", "HEAD", "--output", str(target)).returncode == 0
    found = tracked(target)
    assert [c for c in found["word/document.xml"] if c[1] not in ("", "¶")] == [
        ("ins", "An added first paragraph."), ("ins", "very")]
    assert [c for c in found["word/footnotes.xml"] if c[1] not in ("", "¶")] == [
        ("ins", "Human Rights Committee,"), ("ins", "Concluding observations on the initial report of Testland"),
        ("ins", ", CCPR/C/TST/CO/1, 9\u00a0August\u00a02016, para.\u00a09."), ("del", "comment"), ("ins", "remark")]
    texts = [text_of(p) for p in Docx(target).body.iter(qn("w:p"))]
    assert any("As para. 3 and section III.A show" in t for t in texts)  # today's number, unmarked
