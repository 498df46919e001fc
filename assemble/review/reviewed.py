"""A reviewer's DOCX, read with lxml: its comments (with replies) and tracked changes, each with
the stable anchor (resolve/blockids.py) of the paragraph it stands in and the text there.

Word and LibreOffice both keep the `_s_` bookmarks through a save; LibreOffice 7.4 renames those
in footnotes `<name>_Copy_1`, which is taken off here. A paragraph without an anchor of its own
(a reviewer's new paragraph, the annex summary) takes the one of the paragraph before it.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from assemble.resolve.blockids import PREFIX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


COPY_SUFFIX = re.compile(r"_Copy_\d+$")
CHANGE_KINDS = {w("ins"): "insertion", w("moveTo"): "insertion", w("del"): "deletion", w("moveFrom"): "deletion",
                w("rPrChange"): "formatting", w("pPrChange"): "formatting"}


class NotReviewable(Exception):
    """The file cannot be read as a reviewed copy; the message says why, in one sentence."""


@dataclass
class Item:
    kind: str  # comment | insertion | deletion | formatting
    author: str
    date: str  # YYYY-MM-DD, or ""
    text: str  # the comment's text, or the inserted / deleted / reformatted text
    anchor: str  # the `_s_` anchor of its paragraph, "" when none stands before it
    own_anchor: bool  # the paragraph carries the anchor itself (not one before it)
    paragraph: str  # the paragraph's text as the review copy had it (insertions left out)
    on: str = ""  # a comment: the text its range covers
    in_note: bool = False
    comment_id: str = ""
    linked: bool = False  # in a contents entry or annex summary line that links to the anchored block
    replies: list["Item"] = field(default_factory=list)
    order: int = 0  # place in the file


@dataclass
class Reviewed:
    items: list[Item]
    anchors: set[str]  # every `_s_` anchor found in the file


def anchor_name(raw: str) -> str:
    return COPY_SUFFIX.sub("", raw)


def _date(value: str | None) -> str:
    return (value or "")[:10] if value and re.match(r"\d{4}-\d\d-\d\d", value) else ""


def _text(node) -> str:
    """The visible text under `node`: w:t, w:delText, tabs and breaks as spaces."""
    out = []
    for el in node.iter(w("t"), w("delText"), w("tab"), w("br"), w("noBreakHyphen")):
        if el.tag in (w("t"), w("delText")):
            out.append(el.text or "")
        elif el.tag == w("noBreakHyphen"):
            out.append("-")
        else:
            out.append(" ")
    return "".join(out)


def original_text(p) -> str:
    """A paragraph's text before the reviewer's tracked edits: deletions in, insertions out."""
    out = []
    for el in p.iter(w("t"), w("delText"), w("tab"), w("noBreakHyphen")):
        if any(a.tag in (w("ins"), w("moveTo")) for a in el.iterancestors()):
            continue
        if el.tag in (w("t"), w("delText")):
            out.append(el.text or "")
        elif el.tag == w("noBreakHyphen"):
            out.append("-")
        elif el.getparent().tag == w("r"):
            out.append(" ")
    return " ".join("".join(out).split())


def _paragraph_anchor(p) -> str:
    for mark in p.iter(w("bookmarkStart")):
        name = anchor_name(mark.get(w("name"), ""))
        if name.startswith(PREFIX):
            return name
    return ""


def _comments(zf: zipfile.ZipFile) -> dict[str, dict]:
    """id -> author, date, text, paraId (of its last paragraph) of every comment in comments.xml."""
    if "word/comments.xml" not in zf.namelist():
        return {}
    root = etree.fromstring(zf.read("word/comments.xml"))
    found = {}
    for c in root.iter(w("comment")):
        paragraphs = c.findall(w("p"))
        found[c.get(w("id"))] = {
            "author": c.get(w("author"), ""), "date": _date(c.get(w("date"))), "stamp": c.get(w("date")) or "",
            "text": "\n".join(" ".join(_text(p).split()) for p in paragraphs).strip(),
            "para": paragraphs[-1].get(f"{{{W14}}}paraId", "") if paragraphs else ""}
    return found


def _parents(zf: zipfile.ZipFile) -> dict[str, str]:
    """paraId of a reply -> paraId of the comment it answers (commentsExtended.xml)."""
    if "word/commentsExtended.xml" not in zf.namelist():
        return {}
    root = etree.fromstring(zf.read("word/commentsExtended.xml"))
    return {ex.get(f"{{{W15}}}paraId"): ex.get(f"{{{W15}}}paraIdParent")
            for ex in root.iter(f"{{{W15}}}commentEx") if ex.get(f"{{{W15}}}paraIdParent")}


def read_reviewed(path: Path) -> Reviewed:
    try:
        zf = zipfile.ZipFile(path)
        names = zf.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise NotReviewable(f"{path} is not a Word document (DOCX); open it in Word or LibreOffice and save it "
                            "as .docx") from None
    with zf:
        if "word/document.xml" not in names:
            raise NotReviewable(f"{path} is not a Word document (DOCX): it has no word/document.xml; open it in "
                                "Word or LibreOffice and save it as .docx")
        try:
            body = etree.fromstring(zf.read("word/document.xml"))
            notes = etree.fromstring(zf.read("word/footnotes.xml")) if "word/footnotes.xml" in names else None
            comments = _comments(zf)
            parents = _parents(zf)
        except etree.XMLSyntaxError:
            raise NotReviewable(f"{path} is damaged (its XML cannot be read); open it in Word, save it again as "
                                ".docx and retry") from None
    items: list[Item] = []
    anchors: set[str] = set()
    by_id: dict[str, Item] = {}
    note_anchor: dict[str, str] = {}  # footnote id -> anchor of the body paragraph calling it
    last = ""
    targets = _link_targets(body)
    for root in (body, notes) if notes is not None else (body,):
        for cid, text in _ranges(root).items():
            if cid in comments:
                comments[cid]["range"] = text
    for p in body.iter(w("p")):
        last = _walk_paragraph(p, last, False, comments, items, anchors, by_id, targets)
        for ref in p.iter(w("footnoteReference")):
            note_anchor[ref.get(w("id"))] = last
    if notes is not None:
        for fn in notes.iter(w("footnote")):
            last = note_anchor.get(fn.get(w("id")), "")
            for p in fn.iter(w("p")):
                last = _walk_paragraph(p, last, True, comments, items, anchors, by_id, targets)
    # replies: attached to the comment they answer (Word's commentsExtended), left out of the list
    by_para = {comments[i]["para"]: item for i, item in by_id.items() if comments[i]["para"]}
    for cid, data in comments.items():  # a reply may have no mark of its own in the text
        if cid not in by_id and parents.get(data["para"]) in by_para:
            parent = by_para[parents[data["para"]]]
            by_id[cid] = Item("comment", data["author"], data["date"], data["text"], parent.anchor,
                              parent.own_anchor, parent.paragraph, in_note=parent.in_note, comment_id=cid)
    replies = set()
    for item in sorted(by_id.values(), key=lambda i: int(i.comment_id) if i.comment_id.isdigit() else 0):
        parent = by_para.get(parents.get(comments[item.comment_id]["para"], ""))
        if parent is not None and parent is not item:
            parent.replies.append(item)
            replies.add(id(item))
    for index, item in enumerate(items):
        item.order = index
    return Reviewed([i for i in items if id(i) not in replies], anchors)


def _link_targets(body) -> dict[str, str]:
    """Bookmark name -> the `_s_` anchor of its paragraph: a contents entry or a line of the annex
    summary links to a heading or recommendation, and a comment there belongs to that block."""
    found = {}
    for p in body.iter(w("p")):
        own = _paragraph_anchor(p)
        if own:
            for mark in p.iter(w("bookmarkStart")):
                found.setdefault(mark.get(w("name"), ""), own)
    return found


def _walk_paragraph(p, last: str, in_note: bool, comments: dict, items: list, anchors: set, by_id: dict,
                    targets: dict) -> str:
    """Collect the comments and changes of one paragraph; returns the anchor in force after it."""
    own = _paragraph_anchor(p)
    if not own:  # a contents entry, an annex summary line: the block it links to
        linked = next((targets[h.get(w("anchor"))] for h in p.iter(w("hyperlink")) if h.get(w("anchor")) in targets),
                      "")
        if linked:
            start = len(items)
            _collect(p, linked, True, original_text(p), in_note, comments, items, by_id)
            for item in items[start:]:
                item.linked = True
            return last
    for mark in p.iter(w("bookmarkStart")):
        name = anchor_name(mark.get(w("name"), ""))
        if name.startswith(PREFIX):
            anchors.add(name)
    text = original_text(p)
    if not own:
        # a cell of a table: the table is one block, anchored (and found) by its first cell
        first = _first_cell(p)
        if first is not None and _paragraph_anchor(first):
            own, text = _paragraph_anchor(first), original_text(first)
    _collect(p, own or last, bool(own), text, in_note, comments, items, by_id)
    return own or last


def _first_cell(p):
    """The first paragraph of the outermost table holding `p`, or None outside tables."""
    tables = [a for a in p.iterancestors() if a.tag == w("tbl")]
    return next(tables[-1].iter(w("p")), None) if tables else None


def _collect(p, anchor: str, own: bool, text: str, in_note: bool, comments: dict, items: list, by_id: dict) -> None:
    # a comment over several paragraphs belongs to the one where its range starts (where the
    # commented text begins), though its mark stands in the last
    for start in p.iter(w("commentRangeStart")):
        if start.get(w("id")) in comments:
            comments[start.get(w("id"))].setdefault("start", (anchor, own, text))
    found = []
    for ref in p.iter(w("commentReference")):
        cid = ref.get(w("id"))
        if cid in by_id or cid not in comments:
            continue
        data = comments[cid]
        at, is_own, where_text = data.get("start", (anchor, own, text))
        item = Item("comment", data["author"], data["date"], data["text"], at, is_own, where_text,
                    on=data.get("range") or where_text, in_note=in_note, comment_id=cid)
        by_id[cid] = item
        found.append(item)
    # comments on the same words: the oldest first. LibreOffice (7.4) saves a reply as a comment of
    # its own on its comment's words, without the thread, and may write it first
    first_seen = {}
    for index, item in enumerate(found):
        first_seen.setdefault(item.on, index)
    items.extend(sorted(found, key=lambda i: (first_seen[i.on], comments[i.comment_id]["stamp"])))
    for change in p.iter(*CHANGE_KINDS):
        kind = CHANGE_KINDS[change.tag]
        if change.getparent().tag in (w("rPr"), w("pPr")) and kind != "formatting":
            continue  # a paragraph mark inserted or deleted: the text around it is tracked too
        if kind == "formatting":
            holder = change.getparent().getparent()  # the run (rPrChange) or the paragraph (pPrChange)
            changed = " ".join(_text(holder).split()) if holder.tag == w("r") else text
        else:
            changed = _text(change)
            if not changed.strip():
                continue
        items.append(Item(kind, change.get(w("author"), ""), _date(change.get(w("date"))), changed, anchor,
                          own, text, in_note=in_note))


def _ranges(root) -> dict[str, str]:
    """comment id -> the text between its range's start and end (over paragraphs too), in one pass."""
    open_ids: list[str] = []
    texts: dict[str, list[str]] = {}
    for el in root.iter(w("commentRangeStart"), w("commentRangeEnd"), w("t"), w("delText"), w("p")):
        if el.tag == w("commentRangeStart"):
            open_ids.append(el.get(w("id")))
            texts.setdefault(el.get(w("id")), [])
        elif el.tag == w("commentRangeEnd"):
            if el.get(w("id")) in open_ids:
                open_ids.remove(el.get(w("id")))
        elif el.tag == w("p"):
            for cid in open_ids:
                texts[cid].append(" ")  # paragraphs apart
        else:
            for cid in open_ids:
                texts[cid].append(el.text or "")
    return {cid: " ".join("".join(parts).split()) for cid, parts in texts.items()}
