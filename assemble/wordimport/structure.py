"""WordDocument -> the blocks of a section: what each Word paragraph is in assemble's terms.

Word holds paragraphs with styles; a section holds paragraphs, headings, lists, quotes, tables
and recommendations. The decisions here are the ones an editor retyping the file would take:
the title is not a sub-heading, a hand-typed "12." or Word's own numbering of body paragraphs
goes (assemble numbers paragraphs), "(a)"/"(i)" items are sub-paragraphs, a short bold line is
a sub-heading, "Recommendations" followed by a list is a recommendations block. Each decision
that changes what the partner typed is counted, so the import report can say so.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assemble.wordimport.read import Comment, Span, WordDocument, WordParagraph, WordTable

# Styles assemble's own DOCX uses for text it generates (cover, contents, annexes).
GENERATED_STYLES = {"Cover Title", "Cover Subtitle", "Cover Label", "Cover Text", "Cover Org", "Cover Note",
                    "Cover Space", "TOC Heading", "Abbreviation", "Summary Heading", "Summary Recommendation",
                    "Footer", "Header"}
TOC_STYLE = re.compile(r"^(toc|contents)(\s|$)", re.I)  # TOC 1, TOC Heading, assemble's TOC Columns
# A list of sources at the end (Word's, Zotero's or pandoc's "Bibliography" style): the sources
# are in footnotes/*.bib already, and assemble prints full references in the notes.
BIBLIOGRAPHY_STYLES = {"bibliography", "библиография", "bibliographie", "bibliografía", "literaturverzeichnis"}
BIBLIOGRAPHY_HEADINGS = {"bibliography", "references", "sources", "works cited", "библиография", "литература",
                         "список литературы", "bibliographie", "références", "bibliografía", "referencias"}
QUOTE_STYLES = {"quote", "intense quote", "block text", "block quotation", "quotation", "цитата",
                "выделенная цитата", "citation", "cita", "zitat"}
TITLE_STYLES = {"title", "заголовок", "titre", "título", "titel"}
SUBTITLE_STYLES = {"subtitle", "подзаголовок", "sous-titre", "subtítulo", "untertitel"}
CAPTION_STYLES = {"caption", "table caption", "figure caption", "название объекта", "légende", "descripción"}
# "Source: ..." under a table is the table's note, not a paragraph of the argument (UN practice)
TABLE_NOTE = re.compile(r"^\s*(?:sources?|notes?|источники?|примечания?|дереккөз(?:дер)?|fuentes?|notas?)\s*:", re.I)
HEADING_NAME = re.compile(r"^(?:heading|заголовок|titre|título|überschrift)\s*(\d)$", re.I)
HAND_NUMBER = re.compile(r"^\s*(\d{1,3})(?:\s*[.)]\s+|\t+|\s{2,}|\s+(?=\S))")
HEADING_NUMBER = re.compile(r"^\s*(?:(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)]|\d+(?:\.\d+)+)\s+(?=\S)")
SUB_ITEM = re.compile(r"^\s*\(?([a-z]{1,2}|[ivxlc]{1,6})\)\s+(?=\S)")
BULLET_ITEM = re.compile(r"^\s*[•·▪‣◦●○■□\-–—]\s+(?=\S)")
ROMAN = re.compile(r"^[ivxlc]+$")
OPEN_QUOTES = "“\"«„‘'"
CLOSE_QUOTES = "”\"»“’'"
LIST_FORMATS_BULLET = {"bullet"}


@dataclass
class Item:
    spans: list[Span]
    depth: int = 0
    ordered: bool = False
    label: str = ""


@dataclass
class Block:
    kind: str  # para | heading | list | quote | table | recommendations | questions | comment
    spans: list[Span] = field(default_factory=list)
    level: int = 2  # heading: Markdown level (2 = ##)
    numbered: bool = True
    label: str = ""
    items: list[Item] = field(default_factory=list)
    rows: list[list[list[Span]]] = field(default_factory=list)
    paragraphs: list[list[Span]] = field(default_factory=list)
    text: str = ""  # comment text


@dataclass
class Structured:
    blocks: list[Block]
    title: str = ""
    section_id: str = ""  # from assemble's own bookmark sec_<id>, when the file was built by assemble
    counts: Counter = field(default_factory=Counter)
    decisions: list[str] = field(default_factory=list)  # what changed form, for the report
    labels: dict[str, str] = field(default_factory=dict)  # bookmark -> label


def spans_text(spans: list[Span]) -> str:
    return "".join(s.text for s in spans if not s.br)


def _strip_prefix(spans: list[Span], pattern: re.Pattern) -> tuple[list[Span], str]:
    """Remove a leading match of `pattern` from the first text spans; (spans, removed text)."""
    text = spans_text(spans)
    match = pattern.match(text)
    if not match:
        return spans, ""
    cut = match.end()
    out, removed, i = [], match.group(0), 0
    for span in spans:
        if cut > 0 and not span.note and not span.zotero and not span.br:
            if len(span.text) <= cut:
                cut -= len(span.text)
                continue
            out.append(Span(span.text[cut:], span.italic, span.bold, span.url, xref=span.xref))
            cut = 0
        else:
            out.append(span)
        i += 1
    return out, removed


def _has_content(p: WordParagraph) -> bool:
    return bool(p.text.strip()) or any(s.note or s.zotero for s in p.spans)


def _is_bold_line(p: WordParagraph) -> bool:
    text = p.text.strip()
    if not text or len(text) > 150 or len(text.split()) > 20 or text[-1] in ".;,!?" or "\t" in text.strip():
        return False
    texts = [s for s in p.spans if s.text.strip()]
    return bool(texts) and all(s.bold or p.style_bold for s in texts)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[:.\s]+$", "", text.strip()).lower().split())


class _Structurer:
    def __init__(self, doc: WordDocument, words: list[dict], taken_labels: set[str]):
        self.doc = doc
        self.words = words
        self.taken = taken_labels
        self.counts: Counter = Counter()
        self.decisions: list[str] = []
        self.out: list[Block] = []
        self.assemble = doc.made_by_assemble
        self.rec_words = {_norm(w.get("recommendations", "")) for w in words} | {"recommendations"}
        self.question_words = ({_norm(w.get("questions", "")) for w in words}
                               | {"questions", "suggested questions", "questions for the state party"})
        self.hand_numbers: list[int] = []
        self.numbering_ignored = 0
        self._last_quote = -2

    # ---- classification -------------------------------------------------------------
    def kind_of(self, p: WordParagraph) -> str:
        style = p.style
        lower = style.lower()
        if p.skip:
            return "skip"
        if TOC_STYLE.match(lower) or (self.assemble and style in GENERATED_STYLES):
            return "skip"
        if lower in BIBLIOGRAPHY_STYLES:
            return "bibliography"
        if not _has_content(p):
            return "empty"
        if self.assemble:
            if style == "Heading 1" or style == "Unnumbered Heading 1":
                return "skip"
            if style in ("Heading 2", "Unnumbered Heading 2"):  # the section heading assemble generated
                return "title"
            if style == "Block Heading":
                return "bold"
            if style == "Recommendation":
                return "rec-item"
            if style == "Question":
                return "question-item"
            if style == "Unnumbered Paragraph":
                return "unnumbered"
            if style == "Numbered Paragraph":
                return "para"
        if lower in TITLE_STYLES:
            return "title"
        if lower in SUBTITLE_STYLES or lower in CAPTION_STYLES:
            return "unnumbered"
        if p.outline or HEADING_NAME.match(lower) or (self.assemble and lower.startswith("unnumbered heading")):
            return "heading"
        if lower in QUOTE_STYLES:
            return "quote"
        if p.numbering is not None:
            return "list"
        return "para"

    def heading_level(self, p: WordParagraph) -> int:
        match = HEADING_NAME.match(p.style.lower().replace("unnumbered ", ""))
        if p.outline:
            return p.outline
        return int(match[1]) if match else 1

    # ---- the walk ---------------------------------------------------------------------
    def run(self) -> Structured:
        items = list(self.doc.blocks)
        kinds = [self.kind_of(b) if isinstance(b, WordParagraph) else "table" for b in items]
        paragraph_numbering = self.paragraph_numbering(items, kinds)
        title, section_id, title_index = self.find_title(items, kinds)
        heading_levels = sorted({self.heading_level(b) for b, k in zip(items, kinds)
                                 if k == "heading" and b is not (items[title_index] if title_index is not None else None)})
        level_map = {lvl: min(2 + i, 4) for i, lvl in enumerate(heading_levels)}
        if self.assemble:  # Heading 3 is the first body heading in a report assemble built
            level_map = {lvl: min(max(lvl - 1, 2), 4) for lvl in heading_levels}
        folded = [lvl for lvl in heading_levels if level_map[lvl] == 4][1:]
        if folded:  # a section has three heading levels (##-####): a deeper Word level joins the last
            self.decisions.append("Word heading levels " + ", ".join(str(lvl) for lvl in folded)
                                  + " became #### like the level above (a section has three heading levels)")
        last_heading = 1
        i = 0
        while i < len(items):
            block, kind = items[i], kinds[i]
            if i == title_index:
                self.comments_of(block)
                i += 1
                continue
            if kind == "skip":
                self.counts["generated paragraphs skipped"] += 1
                i += 1
                continue
            if kind == "bibliography":
                self.counts["bibliography entries skipped (the sources are in footnotes/)"] += 1
                self.comments_of(block)
                i += 1
                continue
            if kind in ("heading", "para") and _norm(block.text) in BIBLIOGRAPHY_HEADINGS and all(
                    k in ("bibliography", "empty", "skip") for k in kinds[i + 1:]) and "bibliography" in kinds[i + 1:]:
                self.counts["bibliography entries skipped (the sources are in footnotes/)"] += 0
                self.decisions.append(f"the heading “{block.text.strip()}” of the bibliography at the end was left out")
                i += 1
                continue
            if kind == "empty":
                if block.images:
                    self.images(block)
                else:
                    self.counts["empty paragraphs"] += 1
                self.comments_of(block)
                i += 1
                continue
            if kind == "table":
                self.table(block)
                i += 1
                continue
            p = block
            text = p.text.strip()
            bold_line = kind in ("para", "bold") and (kind == "bold" or _is_bold_line(p))
            if (kind in ("heading", "bold") or bold_line) and _norm(text) in self.rec_words | self.question_words:
                consumed = self.container(items, kinds, i, "recommendations" if _norm(text) in self.rec_words
                                          else "questions")
                if consumed:
                    self.comments_of(p)
                    i += consumed
                    continue
            if kind in ("rec-item", "question-item"):
                consumed = self.container(items, kinds, i - 1, "recommendations" if kind == "rec-item" else "questions")
                i += consumed - 1
                continue
            if kind == "heading":
                level = level_map.get(self.heading_level(p), 4)
                last_heading = level
                self.heading(p, level, numbered=not p.style.lower().startswith("unnumbered"))
            elif bold_line and kind in ("para", "bold") and not paragraph_numbering.get(id(p)):
                level = min(last_heading + 1, 4) if any(k == "heading" for k in kinds) else 2
                self.heading(p, level)
                self.counts["bold lines read as headings"] += 1
                self.decisions.append(f"bold line read as a heading: “{text[:60]}”")
            elif kind == "quote" or (kind == "para" and self.looks_quoted(p)):
                self.quote(items, kinds, i)
            elif kind == "list" and not paragraph_numbering.get(id(p)):
                i += self.list_block(items, kinds, i, paragraph_numbering)
                continue
            elif kind == "para" and (SUB_ITEM.match(text) or BULLET_ITEM.match(text)) and self.starts_hand_list(items, kinds, i):
                i += self.list_block(items, kinds, i, paragraph_numbering)
                continue
            else:
                if paragraph_numbering.get(id(p)):
                    self.numbering_ignored += 1
                numbered = kind != "unnumbered"
                before = next((b for b in reversed(self.out) if b.kind != "comment"), None)
                if numbered and before is not None and before.kind == "table" and TABLE_NOTE.match(text):
                    numbered = False
                    self.counts["table notes left unnumbered"] += 1
                    self.decisions.append(f"the line under a table left unnumbered: “{text[:60]}”")
                self.paragraph(p, numbered=numbered)
            i += 1
        for comment in self.doc.comments:
            self.add_comment(comment)
            self.counts["comments not anchored (placed at the end)"] += 1
        for kind, text in self.doc.uncalled:
            self.out.append(Block("comment", text=f"a {kind} of the Word file that no note mark calls: {text}"))
            self.decisions.append(f"a {kind} that no note mark calls kept as a comment at the end: “{text[:60]}”")
        if self.hand_numbers:
            first, last = self.hand_numbers[0], self.hand_numbers[-1]
            self.decisions.append(f"hand-typed paragraph numbers removed ({len(self.hand_numbers)}: {first}–{last})"
                                  if len(self.hand_numbers) > 1 else f"hand-typed paragraph number {first} removed")
            self.counts["hand-typed paragraph numbers removed"] = len(self.hand_numbers)
        if self.numbering_ignored:
            self.decisions.append(f"Word's numbering of {self.numbering_ignored} body paragraphs ignored "
                                  "(assemble numbers paragraphs itself)")
            self.counts["Word-numbered paragraphs"] = self.numbering_ignored
        structured = Structured(self.out, title, section_id, self.counts, self.decisions)
        structured.labels = self.labels(items, kinds, title_index, section_id)
        return structured

    def find_title(self, items, kinds) -> tuple[str, str, int | None]:
        first = next((i for i, k in enumerate(kinds) if k not in ("skip", "empty")), None)
        if first is None:
            return "", "", None
        for i, k in enumerate(kinds):
            if k == "title":
                p = items[i]
                section_id = next((b[4:].replace("_", "-") for b in p.bookmarks if b.startswith("sec_")), "")
                return p.text.strip(), section_id, i
        block = items[first]
        if kinds[first] == "heading":
            level = self.heading_level(block)
            others = [self.heading_level(b) for j, (b, k) in enumerate(zip(items, kinds)) if k == "heading" and j != first]
            if all(lvl > level for lvl in others):
                return block.text.strip(), "", first
        if kinds[first] == "para" and _is_bold_line(block) and _norm(block.text) not in self.rec_words:
            following = [k for k in kinds[first + 1:] if k not in ("skip", "empty")]
            if following and following[0] in ("para", "list", "quote"):
                return block.text.strip(), "", first
        return "", "", None

    def paragraph_numbering(self, items, kinds) -> dict[int, bool]:
        """Word's decimal list numbering used to number body paragraphs (not a sub-list):
        the list is interrupted by other text, or it does not follow an introducing colon."""
        runs: dict[str, list[int]] = {}
        for i, (b, k) in enumerate(zip(items, kinds)):
            if k in ("list", "para") and isinstance(b, WordParagraph) and b.numbering:
                num_id, ilvl, fmt, _ = b.numbering
                if fmt == "decimal" and ilvl == 0:
                    runs.setdefault(num_id, []).append(i)
        found: dict[int, bool] = {}
        for num_id, indexes in runs.items():
            contiguous = indexes == list(range(indexes[0], indexes[-1] + 1))
            before = next((items[j] for j in range(indexes[0] - 1, -1, -1)
                           if kinds[j] not in ("skip", "empty")), None)
            introduced = isinstance(before, WordParagraph) and before.text.rstrip().endswith(":")
            if not (contiguous and introduced):
                for i in indexes:
                    found[id(items[i])] = True
        return found

    def looks_quoted(self, p: WordParagraph) -> bool:
        text = p.text.strip()
        return p.indent >= 567 and len(text) > 1 and text[0] in OPEN_QUOTES  # indented by 1 cm, in quotes

    def starts_hand_list(self, items, kinds, i) -> bool:
        """A hand-typed '(a)' or '•' item: at least two such lines in a row, or one after a colon."""
        def marked(j):
            return (j < len(items) and kinds[j] == "para"
                    and bool(SUB_ITEM.match(items[j].text.strip()) or BULLET_ITEM.match(items[j].text.strip())))
        if marked(i + 1) or (i > 0 and kinds[i - 1] in ("list",) ):
            return True
        before = next((items[j] for j in range(i - 1, -1, -1) if kinds[j] not in ("skip", "empty")), None)
        return isinstance(before, WordParagraph) and before.text.rstrip().endswith(":")

    # ---- blocks -------------------------------------------------------------------------
    def paragraph(self, p: WordParagraph, numbered: bool = True) -> None:
        spans = p.spans
        if numbered:
            spans = self.strip_hand_number(spans)
        self.out.append(Block("para", spans=_trim(spans), numbered=numbered, label=self.label_for(p, "para")))
        self.after(p)

    def strip_hand_number(self, spans):
        text = spans_text(spans)
        match = HAND_NUMBER.match(text)
        if not match:
            return spans
        number = int(match[1])
        punctuated = bool(re.match(r"^\s*\d{1,3}\s*[.)]", text)) or "\t" in match.group(0) or "  " in match.group(0)
        expected = (self.hand_numbers[-1] + 1) if self.hand_numbers else 1
        rest = text[match.end():]
        if not rest[:1].isupper() and not rest[:1] in OPEN_QUOTES:
            return spans  # "12 people were detained": a number in the sentence, not a paragraph number
        if not punctuated and number != expected:
            return spans
        if punctuated and self.hand_numbers and number < self.hand_numbers[-1] - 1 and number > 1:
            return spans
        self.hand_numbers.append(number)
        return _strip_prefix(spans, HAND_NUMBER)[0]

    def heading(self, p: WordParagraph, level: int, numbered: bool = True) -> None:
        spans, removed = _strip_prefix(p.spans, HEADING_NUMBER)
        if removed.strip():
            self.counts["heading numbers removed"] += 1
        spans = [Span(s.text, False, False, s.url, s.note, s.zotero, s.xref, s.br) for s in spans]  # Markdown bolds none
        self.out.append(Block("heading", spans=_trim(spans), level=level, numbered=numbered,
                              label=self.label_for(p, "sec")))
        self.counts["headings"] += 1
        self.after(p)

    def quote(self, items, kinds, i) -> None:
        p = items[i]
        if self.out and self.out[-1].kind == "quote" and self._last_quote == i - 1:
            self.out[-1].paragraphs.append(_trim(p.spans))
        else:
            self.out.append(Block("quote", paragraphs=[_trim(p.spans)]))
            self.counts["quotes"] += 1
        self._last_quote = i
        self.after(p)

    def list_block(self, items, kinds, i, paragraph_numbering=None) -> int:
        """Consecutive list paragraphs (Word numbering or hand-typed markers) as one list; a
        paragraph Word numbers as a body paragraph ends it."""
        block = Block("list")
        j = i
        letters: list[str] = []
        pending: list[WordParagraph] = []
        while j < len(items):
            p, kind = items[j], kinds[j]
            if kind == "empty":
                j += 1
                continue
            if not isinstance(p, WordParagraph) or (paragraph_numbering or {}).get(id(p)):
                break
            text = p.text.strip()
            if kind == "list" and p.numbering is not None:
                _, ilvl, fmt, _ = p.numbering
                ordered = fmt not in LIST_FORMATS_BULLET
                depth = min(ilvl or 0, 3)
                spans = p.spans
            elif kind == "para" and (SUB_ITEM.match(text) or BULLET_ITEM.match(text)) and j == i or (
                    kind == "para" and block.items and (SUB_ITEM.match(text) or BULLET_ITEM.match(text))):
                sub = SUB_ITEM.match(text)
                if sub:
                    marker = sub[1]
                    ordered = True
                    if ROMAN.match(marker) and not (letters and len(marker) == 1
                                                    and ord(marker) == ord(letters[-1]) + 1):
                        depth = 1 if letters else 0
                    else:
                        letters.append(marker)
                        depth = 0
                    spans = _strip_prefix(p.spans, SUB_ITEM)[0]
                    self.counts["hand-typed (a)/(i) items"] += 1
                else:
                    ordered, depth = False, 0
                    spans = _strip_prefix(p.spans, BULLET_ITEM)[0]
                    self.counts["hand-typed bullets"] += 1
            else:
                break
            if block.items and depth > block.items[-1].depth + 1:
                depth = block.items[-1].depth + 1
            if not block.items and depth:
                depth = 0
            block.items.append(Item(_trim(spans), depth, ordered))
            pending.append(p)
            j += 1
        if not block.items:
            self.paragraph(items[i])
            return 1
        self.out.append(block)
        self.counts["lists"] += 1
        for p in pending:
            self.after(p)
        return j - i

    def container(self, items, kinds, i, kind: str) -> int:
        """A 'Recommendations' / 'Questions' line at i followed by list items -> one block.
        Returns how many items were consumed (0 when nothing follows)."""
        block = Block(kind)
        j = i + 1
        wanted = "rec-item" if kind == "recommendations" else "question-item"
        pending = []
        while j < len(items):
            p, k = items[j], kinds[j]
            if k == "empty":
                j += 1
                continue
            if not isinstance(p, WordParagraph):
                break
            text = p.text.strip()
            if k == wanted or k == "list":
                spans = p.spans
            elif k == "para" and (SUB_ITEM.match(text) or BULLET_ITEM.match(text) or HAND_NUMBER.match(text)):
                spans = p.spans
                for pattern in (SUB_ITEM, BULLET_ITEM, HAND_NUMBER):
                    if pattern.match(text):
                        spans = _strip_prefix(p.spans, pattern)[0]
                        break
            else:
                break
            block.items.append(Item(_trim(spans), label=self.label_for(p, "rec") if kind == "recommendations" else ""))
            pending.append(p)
            j += 1
        if not block.items:
            return 0
        self.out.append(block)
        self.counts[kind] += len(block.items)
        for p in pending:
            self.after(p)
        return j - i

    def table(self, t: WordTable) -> None:
        cells = [p for row in t.rows for cell in row for p in cell if _has_content(p) or p.style]
        if cells and all(TOC_STYLE.match(p.style) for p in cells):
            self.counts["contents (a table of contents)"] += 1  # assemble's contents with paragraph ranges
            return
        rows = []
        for row in t.rows:
            cells = []
            for cell in row:
                spans: list[Span] = []
                for p in cell:
                    if not _has_content(p):
                        continue
                    if spans:
                        spans.append(Span(" "))
                        self.counts["table cells with several paragraphs (joined)"] += 1
                    spans.extend(_trim(p.spans))
                cells.append(spans)
            if any(cells):
                rows.append(cells)
        if not rows:
            self.counts["empty tables"] += 1
            return
        width = max(len(r) for r in rows)
        rows = [r + [[] for _ in range(width - len(r))] for r in rows]
        self.out.append(Block("table", rows=rows))
        self.counts["tables"] += 1
        for row in t.rows:
            for cell in row:
                for p in cell:
                    self.after(p)

    # ---- what follows a block: images and comments ------------------------------------
    def after(self, p: WordParagraph) -> None:
        self.images(p)
        self.comments_of(p)

    def images(self, p: WordParagraph) -> None:
        for alt in p.images:
            self.out.append(Block("comment", text=f"image: {alt}" if alt else "image without alt text"))
            self.counts["images (kept as comments)"] += 1
        p.images = []

    def comments_of(self, p) -> None:
        for comment in getattr(p, "comments", []):
            self.add_comment(comment)
        if isinstance(p, WordParagraph):
            for span in p.spans:
                if span.note is not None:
                    for comment in span.note.comments:
                        self.add_comment(comment)
                    span.note.comments = []
                    for alt in span.note.images:
                        self.out.append(Block("comment", text=f"image in note {span.note.label}: {alt}" if alt
                                              else f"image without alt text in note {span.note.label}"))
                        self.counts["images (kept as comments)"] += 1
                    span.note.images = []
            p.comments = []

    def add_comment(self, comment: Comment) -> None:
        who = comment.author + (" (reply)" if comment.reply else "")
        self.out.append(Block("comment", text=f"{who}: {comment.text}"))
        self.counts["comments"] += 1

    # ---- labels ----------------------------------------------------------------------
    def label_for(self, p: WordParagraph, kind: str) -> str:
        """A placeholder, resolved in labels() once every cross-reference target is known."""
        return f"\0{kind}\0{id(p)}" if p.bookmarks else ""

    def labels(self, items, kinds, title_index, section_id) -> dict[str, str]:
        """Bookmarks that become labels: assemble's own (para_x, sec_x, rec_x) and any a Word
        cross-reference (REF field) in this file points to. The others are dropped."""
        targets = set()
        for block in items:
            for p in ([block] if isinstance(block, WordParagraph) else [q for r in block.rows for c in r for q in c]):
                targets.update(s.xref for s in p.spans if s.xref)
        for note in self.doc.notes:
            for para in note.paragraphs:
                targets.update(s.xref for s in para if s.xref)
        by_id = {id(b): b for b in items if isinstance(b, WordParagraph)}
        mapping: dict[str, str] = {}
        used = set(self.taken)
        if title_index is not None and section_id:
            for b in items[title_index].bookmarks:
                if b.startswith("sec_"):
                    mapping[b] = f"sec:{section_id}"
        for block in self.out + [i for b in self.out for i in b.items]:
            marker = getattr(block, "label", "")
            if not marker.startswith("\0"):
                continue
            _, kind, pid = marker.split("\0")
            p = by_id.get(int(pid))
            label = ""
            for bookmark in (p.bookmarks if p else []):
                ours = re.match(rf"^{kind}_([A-Za-z0-9_]+)$", bookmark)
                if kind == "rec" and ours and re.match(r"^n\d+$", ours[1]):
                    continue  # assemble's name for an unlabelled recommendation
                if not ours and bookmark not in targets:
                    continue
                name = ours[1] if ours else bookmark
                name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                candidate = f"{kind}:{name}"
                if not name or candidate in used:
                    if name:
                        self.counts["labels dropped (already used in the report)"] += 1
                    continue
                used.add(candidate)
                mapping[bookmark] = candidate
                label = candidate
                break
            block.label = label
        return mapping


def _trim(spans: list[Span]) -> list[Span]:
    """Leading and trailing white space (and tabs after a hand number) removed."""
    spans = [Span(s.text.replace("\t", " "), s.italic, s.bold, s.url, s.note, s.zotero, s.xref, s.br)
             if s.text else s for s in spans]
    while spans and not spans[0].note and not spans[0].zotero and not spans[0].text.strip():
        spans = spans[1:]
    while spans and not spans[-1].note and not spans[-1].zotero and not spans[-1].text.strip():
        spans = spans[:-1]
    if spans and spans[0].text and not spans[0].note and not spans[0].zotero:
        first = spans[0]
        spans[0] = Span(first.text.lstrip(), first.italic, first.bold, first.url, xref=first.xref)
    if spans and spans[-1].text and not spans[-1].note and not spans[-1].zotero:
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.italic, last.bold, last.url, xref=last.xref)
    return spans


def structure(doc: WordDocument, words: list[dict], taken_labels: set[str] = frozenset()) -> Structured:
    return _Structurer(doc, words, set(taken_labels)).run()


def built_section_id(doc: WordDocument) -> str:
    """The id of the section a DOCX built by assemble holds (its heading's bookmark sec_<id>)."""
    if not doc.made_by_assemble:
        return ""
    for block in doc.blocks:
        if isinstance(block, WordParagraph) and block.style in ("Heading 2", "Unnumbered Heading 2"):
            for bookmark in block.bookmarks:
                if bookmark.startswith("sec_"):
                    return bookmark[4:].replace("_", "-").lower()
    return ""
