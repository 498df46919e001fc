"""What changed in the report since a sign-off, block by block, and today's DOCX with those
changes as Word tracked changes (`w:ins` / `w:del`, author "assemble").

Blocks are compared with the numbers assemble generates masked (cross-references as their
labels, citations as their keys and locators, note calls as a mark), so renumbering alone
("para. 41" becoming "para. 42", "supra note 12" becoming "supra note 13") is no change. Within
a section, old and new blocks are aligned as a diff aligns lines; a changed block is marked
word by word, an added one as a whole insertion, a removed one as a deleted paragraph where it
stood. Footnote texts are compared the same way, note by note.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lxml import etree

from assemble.model import (Cite, Heading, LineBreak, Link, Note, NoteRef, Paragraph, Recommendation, Report, Table,
                            XRef, inline_text)
from assemble.render.nobreak import protect
from assemble.resolve.blockids import section_blocks
from assemble.review.locate import _node_text, normalise, section_labels
from assemble.review.reviewed import anchor_name, w

AUTHOR = "assemble"
SAME_BLOCK = 0.5  # difflib ratio from which an old and a new block are one block, edited
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _mask(node) -> str | None:
    """What a redline compares in place of generated text: the label, the keys, a note mark."""
    if isinstance(node, XRef):
        return f"[@{node.label}]"
    if isinstance(node, Cite):
        return "[" + "; ".join(f"{i.prefix} @{i.key} {i.locator}" for i in node.items) + "]"
    if isinstance(node, NoteRef):
        return "[^]"
    if isinstance(node, LineBreak):
        return ""
    return None


CALL = "\ue000"  # a note's call in a block's text, so a call added or removed is a change of its own


def _with_calls(node) -> tuple[str, list]:
    """A block's printed text with CALL where each note is called, and those notes in order."""
    if isinstance(node, (Note, Table)):
        return _node_text(node), []
    notes = []

    def call(inline):
        if isinstance(inline, NoteRef):
            if inline.note is None:
                return ""
            notes.append(inline.note)
            return CALL
        return None

    return normalise(inline_text(node.inlines, call)), notes


def _parts(node) -> list:
    """The inline lists of a block or note."""
    if isinstance(node, Note):
        return list(node.paragraphs)
    return [] if isinstance(node, Table) or not hasattr(node, "inlines") else [node.inlines]


def _generated(inline) -> tuple | None:
    """What a cross-reference or a citation is known by across versions: its label, its keys."""
    if isinstance(inline, XRef):
        return ("xref", inline.label)
    if isinstance(inline, Cite):
        return ("cite", tuple((i.key, i.locator) for i in inline.items))
    return None


def old_text_as_today(old, new) -> str:
    """The old block's text (CALL at its note calls) with each cross-reference and citation that
    today's block also has printed as today prints it: a changed paragraph is marked for the
    words an author changed, not for "para. 2" becoming "para. 3" (renumbering is no change)."""
    today: dict[tuple, list[str]] = {}

    def collect(inlines):
        for inline in inlines:
            key = _generated(inline)
            if key is not None:
                today.setdefault(key, []).append(inline.text if isinstance(inline, XRef)
                                                 else inline_text(inline.rendered or []))
            elif isinstance(inline, Link):
                collect(inline.children)

    for inlines in _parts(new.node):
        collect(inlines)

    def atom(inline):
        if isinstance(inline, NoteRef):
            return CALL if inline.note is not None else ""
        key = _generated(inline)
        if key is not None and today.get(key):
            return today[key].pop(0)
        return None

    return normalise(" ".join(inline_text(inlines, atom) for inlines in _parts(old.node))) if _parts(old.node) \
        else old.calls


def masked(inlines) -> str:
    return normalise(inline_text(inlines, _mask))


def _key(node) -> str:
    if isinstance(node, Note):
        if node.cite is not None:
            return "cite:" + "; ".join(f"{i.prefix} @{i.key} {i.locator}" for i in node.cite.items)
        return " ".join(masked(p) for p in node.paragraphs)
    if isinstance(node, Table):
        return "table:" + " | ".join(masked(c) for row in [node.header, *node.rows] for c in row)
    return f"{type(node).__name__}:" + masked(node.inlines)


@dataclass(eq=False)
class Block:
    uid: str
    node: object
    key: str
    text: str  # as printed
    label: str  # "para. 41" (locate.section_labels)
    calls: str = ""  # the text with CALL at each note call
    notes: list = field(default_factory=list)  # the notes it calls, in order


@dataclass
class Change:
    kind: str  # added | removed | changed
    new: Block | None
    old: Block | None
    after: str = ""  # a removed block: the uid of the new block it followed
    before: str = ""  # or (a removed section's first block) the uid of the block it preceded


@dataclass
class SectionChanges:
    id: str
    file: str
    status: str  # added | removed | changed
    blocks: list[Change] = field(default_factory=list)
    notes: list[Change] = field(default_factory=list)


def _blocks(section, notes: bool) -> list[Block]:
    labels = section_labels(section)
    return [Block(uid, node, _key(node), _node_text(node), labels[uid], *_with_calls(node))
            for uid, node in section_blocks(section) if isinstance(node, Note) == notes]


def _align(old: list[Block], new: list[Block], first: str) -> list[Change]:
    changes = []
    matcher = difflib.SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        pairs = []
        for o in olds:  # an edited block is the most similar unclaimed new one, in order
            candidates = [n for n in news if n not in [p[1] for p in pairs]
                          and (not pairs or news.index(n) > news.index(pairs[-1][1]))]
            best = max(candidates, key=lambda n: difflib.SequenceMatcher(None, o.text, n.text).ratio(), default=None)
            if best is not None and difflib.SequenceMatcher(None, o.text, best.text).ratio() >= SAME_BLOCK \
                    and type(best.node) is type(o.node):
                pairs.append((o, best))
        paired_old = {id(o) for o, _ in pairs}
        paired_new = {id(n) for _, n in pairs}
        previous = new[j1 - 1].uid if j1 else first
        for o in olds:
            if id(o) in paired_old:
                n = next(n for oo, n in pairs if oo is o)
                changes.append(Change("changed", n, o))
                previous = n.uid
            else:
                changes.append(Change("removed", None, o, after=previous))
        changes.extend(Change("added", n, None) for n in news if id(n) not in paired_new)
    return changes


def compare(old: Report, new: Report, rel, old_rel) -> list[SectionChanges]:
    """Per section of today's report (then the removed ones), what changed since `old`."""
    before = {s.id: s for s in old.sections}
    found = []
    for section in new.sections:
        previous = before.get(section.id)
        heading_uid = section.heading.uid if section.heading else ""
        if previous is None:
            found.append(SectionChanges(section.id, rel(section.file), "added",
                                        [Change("added", b, None) for b in _blocks(section, False)],
                                        [Change("added", b, None) for b in _blocks(section, True)]))
            continue
        blocks = _align(_blocks(previous, False), _blocks(section, False), heading_uid)
        notes = _align(_blocks(previous, True), _blocks(section, True), "")
        if blocks or notes:
            found.append(SectionChanges(section.id, rel(section.file), "changed", blocks, notes))
    today = {s.id: s for s in new.sections}
    for index, section in enumerate(old.sections):
        if section.id not in today:
            blocks = [Change("removed", None, b) for b in _blocks(section, False)]
            if blocks:
                blocks[0].after, blocks[0].before = _where_removed(old.sections, index, today)
            found.append(SectionChanges(section.id, old_rel(section.file), "removed", blocks))
    return found


def _where_removed(old_sections, index: int, today: dict) -> tuple[str, str]:
    """(after, before): where a removed section stood, between the sections kept around it. Before
    the next kept section's heading when that one is in its part (or nothing is kept before it),
    else after the last block of the kept section before it, else after today's last block."""
    section = old_sections[index]
    previous = next((today[s.id] for s in reversed(old_sections[:index]) if s.id in today), None)
    following = next((today[s.id] for s in old_sections[index + 1:] if s.id in today), None)
    if following is not None and following.heading is not None and (following.part == section.part
                                                                     or previous is None):
        return "", following.heading.uid
    last = previous or (list(today.values())[-1] if today else None)
    blocks = _blocks(last, False) if last is not None else []
    return (blocks[-1].uid if blocks else ""), ""


# ---- the tracked-changes DOCX ---------------------------------------------------------

class Marker:
    """Writes tracked changes into today's document.xml / footnotes.xml."""

    def __init__(self, date: str, footnotes=None):
        self.date = f"{date}T00:00:00Z"
        self.next_id = 900000  # far above the build's bookmark ids: revision ids must not repeat
        self.footnotes = footnotes
        ids = [int(f.get(w("id"))) for f in footnotes.iter(w("footnote"))] if footnotes is not None else []
        self.next_note = max(ids, default=0)  # a removed note gets an id after today's

    def _attrs(self) -> dict:
        self.next_id += 1
        return {"id": str(self.next_id), "author": AUTHOR, "date": self.date}

    def el(self, tag: str, attrs: dict | None = None):
        element = etree.Element(w(tag))
        for k, v in (attrs or {}).items():
            element.set(w(k), v)
        return element

    def deleted_run(self, text: str, rpr=None):
        d = self.el("del", self._attrs())
        r = etree.SubElement(d, w("r"))
        if rpr is not None:
            r.append(_copy(rpr))
        t = etree.SubElement(r, w("delText"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return d

    def deleted(self, text: str, notes: list, rpr=None) -> list:
        """`text` (CALL where a note was called) as deleted runs; each call a deleted note call,
        its note's text deleted in footnotes.xml, so a partner sees the source that went."""
        out, notes = [], list(notes)
        for index, piece in enumerate(text.split(CALL)):
            if index:
                note = notes.pop(0) if notes else None
                if note is not None and self.footnotes is not None:
                    out.append(self.deleted_call(note))
            if piece:
                out.append(self.deleted_run(protect(piece), rpr))  # the no-break spaces the build prints
        return out

    def deleted_call(self, note: Note):
        self.next_note += 1
        d = self.el("del", self._attrs())
        r = etree.SubElement(d, w("r"))
        etree.SubElement(etree.SubElement(r, w("rPr")), w("rStyle")).set(w("val"), "FootnoteReference")
        etree.SubElement(r, w("footnoteReference")).set(w("id"), str(self.next_note))
        fn = etree.SubElement(self.footnotes, w("footnote"))
        fn.set(w("id"), str(self.next_note))
        p = etree.SubElement(fn, w("p"))
        etree.SubElement(etree.SubElement(p, w("pPr")), w("pStyle")).set(w("val"), "FootnoteText")
        mark = etree.SubElement(p, w("r"))
        etree.SubElement(etree.SubElement(mark, w("rPr")), w("rStyle")).set(w("val"), "FootnoteReference")
        etree.SubElement(mark, w("footnoteRef"))
        etree.SubElement(etree.SubElement(p, w("r")), w("tab"))
        # with the no-break spaces the build prints ("supra note 2", dates)
        p.append(self.deleted_run(protect(" ".join(inline_text(paragraph) for paragraph in note.paragraphs))))
        return d

    def mark_paragraph(self, p, tag: str) -> None:
        """The paragraph mark itself inserted or deleted (a whole paragraph added or removed)."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = self.el("pPr")
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        rpr.insert(0, self.el(tag, self._attrs()))

    def insert_all(self, p) -> None:
        for r in [r for r in p.iter(w("r")) if r.getparent().tag in (w("p"), w("hyperlink"))]:
            wrapper = self.el("ins", self._attrs())
            r.addprevious(wrapper)
            wrapper.append(r)
        self.mark_paragraph(p, "ins")

    def removed_paragraph(self, text: str, style: str, notes: list = ()):
        p = self.el("p")
        ppr = etree.SubElement(p, w("pPr"))
        etree.SubElement(ppr, w("pStyle")).set(w("val"), style)
        self.mark_paragraph(p, "del")
        p.extend(self.deleted(text, notes))
        return p

    def words(self, p, old_text: str, old_notes: list = (), new_notes: list = ()) -> None:
        """Mark, word by word, how `p` (today's text) differs from `old_text`; a note's call is a
        word of its own, known by its citation (so the call marked is the note added)."""
        pieces = _explode(p)
        new_text = "".join(text for text, _ in pieces)
        old_tokens, new_tokens = TOKEN.findall(old_text), TOKEN.findall(new_text)
        matcher = difflib.SequenceMatcher(None, _compared(old_tokens, old_notes), _compared(new_tokens, new_notes),
                                          autojunk=False)
        offsets = [0]
        for token in new_tokens:
            offsets.append(offsets[-1] + len(token))
        inserted: list[tuple[int, int]] = []
        deletions: list[tuple[int, str]] = []
        calls_before = 0  # old calls passed: which old note a deleted call was
        for tag, i1, i2, j1, j2 in _phrases(matcher.get_opcodes(), old_tokens):
            gone = "".join(old_tokens[i1:i2])
            if tag in ("replace", "delete"):
                notes = list(old_notes[calls_before:calls_before + gone.count(CALL)])
                deletions.append((offsets[j1], gone, notes))
            calls_before += gone.count(CALL)
            if tag in ("replace", "insert"):
                inserted.append((offsets[j1], offsets[j2]))
        _split(pieces, sorted({o for span in inserted for o in span} | {o for o, _, _ in deletions}))
        pieces = _explode(p)
        position = 0
        starts = {}
        for text, run in pieces:
            starts.setdefault(position, run)
            position += len(text)
        for start, end in inserted:
            position = 0
            for text, run in pieces:
                if start <= position < end:
                    wrapper = run.getparent()
                    if wrapper.tag != w("ins"):
                        wrapper = self.el("ins", self._attrs())
                        run.addprevious(wrapper)
                        wrapper.append(run)
                position += len(text)
        for offset, text, notes in deletions:
            run = starts.get(offset)
            rpr = run.find(w("rPr")) if run is not None and run.find(w("footnoteReference")) is None else None
            for d in self.deleted(text, notes, rpr):
                if run is None:
                    last = pieces[-1][1] if pieces else None
                    if last is None:
                        p.append(d)
                    else:
                        holder = last.getparent() if last.getparent().tag == w("ins") else last
                        holder.addnext(d)
                        pieces.append(("", d))  # the next deleted piece follows this one
                else:
                    (run.getparent() if run.getparent().tag == w("ins") else run).addprevious(d)


def _compared(tokens: list[str], notes: list) -> list[str]:
    """What two texts' tokens are compared as: any space as one space, a call as its note's
    citation (a note of free text as any such note: its words are compared in the notes)."""
    keys = iter(_key(note) if note.cite is not None else "free" for note in notes)
    return [" " if token.isspace() else CALL + next(keys, "") if token == CALL else token.replace("\u2011", "-")
            for token in tokens]


def _phrases(opcodes, old_tokens: list[str]) -> list[tuple]:
    """Changed words separated by nothing but a space are one change: "25 years" struck and "a
    quarter century" inserted, not "25" / "a" / "years" / "quarter century" in turn, which
    reads as "25a yearsquarter century" (Word's own comparison groups them the same way)."""
    merged: list[tuple] = []
    for op in opcodes:
        if op[0] != "equal" and len(merged) >= 2 and merged[-2][0] != "equal" and merged[-1][0] == "equal" \
                and all(token.isspace() for token in old_tokens[merged[-1][1]:merged[-1][2]]):
            merged.pop()
            first = merged.pop()
            op = ("replace", first[1], op[2], first[3], op[4])
        merged.append(op)
    return merged


def _copy(element):
    return etree.fromstring(etree.tostring(element))


def _explode(p) -> list[tuple[str, object]]:
    """Each text-carrying run of `p` as (text, run), one piece of text per run: a run holding
    text and a tab becomes two runs, so changes can be marked at any piece."""
    pieces = []
    for r in list(p.iter(w("r"))):
        if r.getparent().tag not in (w("p"), w("hyperlink"), w("ins")):
            continue
        content = [c for c in r if c.tag in (w("t"), w("tab"), w("noBreakHyphen"), w("footnoteReference"))]
        if not content:
            continue
        if len(content) > 1:
            rpr = r.find(w("rPr"))
            for child in content:
                single = etree.Element(w("r"))
                if rpr is not None:
                    single.append(_copy(rpr))
                single.append(child)
                r.addprevious(single)
            r.getparent().remove(r)
    for r in p.iter(w("r")):
        if r.getparent().tag not in (w("p"), w("hyperlink"), w("ins")):
            continue
        for child in r:
            if child.tag == w("t"):
                pieces.append((child.text or "", r))
            elif child.tag == w("tab"):
                pieces.append(("\t", r))
            elif child.tag == w("noBreakHyphen"):
                pieces.append(("-", r))
            elif child.tag == w("footnoteReference"):
                pieces.append((CALL, r))
    return pieces


def _split(pieces, offsets: list[int]) -> None:
    """Split the w:t runs so every offset in `offsets` falls between two runs."""
    position = 0
    for text, run in pieces:
        end = position + len(text)
        cuts = [o - position for o in offsets if position < o < end]
        t = run.find(w("t"))
        if cuts and t is not None:
            bounds = [0, *cuts, len(text)]
            rpr = run.find(w("rPr"))
            for a, b in zip(bounds, bounds[1:]):
                piece = etree.Element(w("r"))
                if rpr is not None:
                    piece.append(_copy(rpr))
                pt = etree.SubElement(piece, w("t"))
                pt.text = text[a:b]
                pt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.addprevious(piece)
            run.getparent().remove(run)
        position = end


def paragraphs_by_anchor(root) -> dict[str, object]:
    found = {}
    for mark in root.iter(w("bookmarkStart")):
        name = anchor_name(mark.get(w("name"), ""))
        p = next((a for a in mark.iterancestors() if a.tag == w("p")), None)
        if p is not None and name not in found:
            found[name] = p
    return found


def _removed_style(node) -> str:
    """The style a removed block is shown in: its own kind, without a number of its own for a
    heading or an unnumbered paragraph (a struck "[1.]" before a heading misreads)."""
    if isinstance(node, Heading):
        return "UnnumberedHeading" + str(min(max(node.level, 1), 5))
    if isinstance(node, Paragraph):
        return "NumberedParagraph" if node.number is not None else "UnnumberedParagraph"
    if isinstance(node, Recommendation):
        return "Recommendation" if node.number else "Question"
    return "TableText" if isinstance(node, Table) else "UnnumberedParagraph"


def apply(changes: list[SectionChanges], document, footnotes, date: str) -> int:
    """Write `changes` into the parsed document.xml and footnotes.xml; returns how many marks."""
    marker = Marker(date, footnotes)
    body = paragraphs_by_anchor(document)
    notes = paragraphs_by_anchor(footnotes) if footnotes is not None else {}
    copies = _linked_copies(document)
    for section in changes:
        for change in section.blocks:
            if change.kind == "changed" and change.new.uid in body:
                if isinstance(change.new.node, Table):
                    continue  # a table's cells: listed in the summary, not marked cell by cell
                p = body[change.new.uid]
                for copy in _copies_of(p, copies):
                    text = normalise("".join(piece for piece, _ in _explode(copy)))
                    if normalise(change.new.text) in text:
                        marker.words(copy, text.replace(normalise(change.new.text), normalise(change.old.text), 1))
                marker.words(p, old_text_as_today(change.old, change.new), change.old.notes, change.new.notes)
            elif change.kind == "added" and change.new.uid in body:
                for copy in _copies_of(body[change.new.uid], copies):
                    marker.insert_all(copy)
                marker.insert_all(body[change.new.uid])
            elif change.kind == "removed":
                style = _removed_style(change.old.node)
                p = marker.removed_paragraph(change.old.calls, style, change.old.notes)
                anchor = body.get(change.before or change.after)
                if anchor is None:
                    continue
                holder = next((a for a in anchor.iterancestors() if a.tag == w("tbl")), anchor)
                holder.addprevious(p) if change.before else holder.addnext(p)
                after = change.after or f"removed:{id(change)}"
                body[after] = p  # the next removal follows this one
                next_change = section.blocks[section.blocks.index(change) + 1:][:1]
                if next_change and next_change[0].kind == "removed" and not next_change[0].after:
                    next_change[0].after = after
        for change in section.notes:
            if change.kind == "changed" and change.new.uid in notes:
                marker.words(notes[change.new.uid], "\t" + old_text_as_today(change.old, change.new))
            elif change.kind == "added" and change.new.uid in notes:
                marker.insert_all(notes[change.new.uid])
    if footnotes is not None:
        _in_call_order(document, footnotes)
    return marker.next_id - 900000


def _linked_copies(document) -> dict[str, list]:
    """Bookmark name -> the paragraphs linking to it: the contents entry of a heading, the annex
    summary line of a recommendation, which repeat its text and are marked as it is."""
    found: dict[str, list] = {}
    for link in document.iter(w("hyperlink")):
        p = next((a for a in link.iterancestors() if a.tag == w("p")), None)
        if link.get(w("anchor")) and p is not None and p not in found.get(link.get(w("anchor")), []):
            found.setdefault(link.get(w("anchor")), []).append(p)
    return found


def _copies_of(p, copies: dict) -> list:
    out = []
    for mark in p.iter(w("bookmarkStart")):
        out.extend(c for c in copies.get(mark.get(w("name"), ""), []) if c is not p and c not in out)
    return out


def _in_call_order(document, footnotes) -> None:
    """Note ids 1, 2, 3 ... in the order of the calls in the text, and footnotes.xml in that
    order (the separators first): LibreOffice (7.4) pairs calls and notes by the order of their
    ids, so a removed note (given an id after today's) showed the text of the note after it."""
    calls = list(document.iter(w("footnoteReference")))
    renumber = {}
    for ref in calls:
        renumber.setdefault(ref.get(w("id")), str(len(renumber) + 1))
    notes = list(footnotes.findall(w("footnote")))
    order = {old: int(new) for old, new in renumber.items()}
    ranked = sorted(notes, key=lambda f: order.get(f.get(w("id")), -1))  # stable: separators stay first
    for note in notes:
        footnotes.remove(note)
        if note.get(w("id")) in renumber:
            note.set(w("id"), renumber[note.get(w("id"))])
    footnotes.extend(ranked)
    for ref in calls:
        ref.set(w("id"), renumber[ref.get(w("id"))])
