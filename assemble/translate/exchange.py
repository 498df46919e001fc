"""CAT-tool exchange: XLIFF 1.2 and PO files with one unit per paragraph, heading, list item,
table cell, recommendation and footnote text.

Citations, cross-references, footnote calls and line breaks travel as standalone codes
(XLIFF `<x/>`, PO `<x1/>`); italics, bold and links as pairs around their text (XLIFF `<g>`,
PO `<g2>…</g2>`), so CAT tools protect them and keep pairs balanced. Readers give back each
target as text and numbered codes (`targets.Ref/Open/Close`), whatever segmentation (`<mrk>`)
or tag style (`<g>`, `<bpt>/<ept>`, `<bx/>/<ex/>`, `<ph>`) the tool wrote.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from lxml import etree

from assemble import paths
from assemble.model import Section
from assemble.problems import BuildError, Problem
from assemble.translate.targets import Close, Open, Ref, merge_text, pieces_of
from assemble.translate.units import Unit, section_hash, section_units

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{XLIFF_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
UNCONFIRMED = ("new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
               "needs-review-adaptation", "needs-review-l10n")  # XLIFF 1.2 target states
PO_CODE = re.compile(r"<x(\d+)/>|<g(\d+)>|</g(\d+)>")
PO_FLAG = 'placeholders:r"<x\\d+/>|</?g\\d+>"'  # Weblate's placeholder check for these codes
SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".po": "po", ".sdlxliff": "sdlxliff"}


@dataclass
class ExportUnit:
    id: str
    unit: Unit
    source_file: str
    note: str


@dataclass
class Previous:
    """What a re-export offers for a unit: the earlier translation, and the source it translated
    when that source has changed since (the unit is then marked for review)."""

    pieces: list
    review: bool
    old_source: Unit | None = None


@dataclass
class Exchange:
    """A translated file as read: its language, source hashes and confirmed targets."""

    path: Path
    lang: str = ""
    hashes: dict[str, str] = field(default_factory=dict)
    targets: dict[str, list] = field(default_factory=dict)  # unit id -> text and codes
    unconfirmed: set[str] = field(default_factory=set)  # units with a target not yet confirmed


def export_units(root: Path, sections: list[Section]) -> tuple[list[ExportUnit], dict[str, str]]:
    """The units of the resolved sections (so each note can give the report paragraph number)."""
    units, hashes = [], {}
    for section in sections:
        hashes[section.id] = section_hash(section)
        rel = section.file.relative_to(root).as_posix()
        for unit in section_units(section):
            note = f"{rel}:{unit.line}" if unit.line else rel
            if unit.number and unit.kind == "para":
                note += f" (para. {unit.number})"
            units.append(ExportUnit(f"{section.id}/{unit.key}", unit, rel, note))
    return units, hashes


def read_exchange(path: Path) -> Exchange:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind == "sdlxliff":
        raise BuildError([Problem(str(path), None, "this is a Trados Studio .sdlxliff file, whose codes Trados "
                                  "renumbers", hint="in Trados, use File > Save Target As (or Batch Tasks > "
                                  "Generate Target Translations) to write the translated .xlf, and import that")])
    if kind is None:
        raise BuildError([Problem(str(path), None, "assemble imports translations from XLIFF (.xlf, .xliff) and "
                                  "PO (.po) files", hint="export one with 'assemble export'")])
    if not path.exists():
        raise BuildError([Problem(str(path), None, "this file does not exist")])
    paths.check_regular(path)  # never a FIFO or a device, even one the user names
    exchange = read_xliff(path) if kind == "xliff" else read_po(path)
    if not exchange.lang:
        raise BuildError([Problem(str(path), None, "the file does not say its target language",
                                  hint="set it in your CAT tool's project (XLIFF target-language, PO Language)")])
    if not exchange.hashes:
        where = "the <note from=\"assemble\"> in each <file> header" if kind == "xliff" else "X-Source-Hashes in the header"
        raise BuildError([Problem(str(path), None, f"this file lacks {where}, which says which version of each "
                                  "section it translates", hint="import the file 'assemble export' wrote, saved by "
                                  "your CAT tool; if the tool dropped it, export again and pre-translate")])
    return exchange


# ---- XLIFF 1.2 ----------------------------------------------------------------------

def write_xliff(units: list[ExportUnit], hashes: dict[str, str], source_lang: str, target_lang: str,
                existing: dict | None = None) -> bytes:
    root = etree.Element(X + "xliff", nsmap={None: XLIFF_NS})
    root.set("version", "1.2")
    files: dict[str, etree._Element] = {}
    for item in units:
        section_id = item.id.split("/")[0]
        if section_id not in files:
            file_el = etree.SubElement(root, X + "file", {
                "original": item.source_file, "source-language": source_lang, "target-language": target_lang,
                "datatype": "x-markdown", "tool-id": "assemble"})
            header = etree.SubElement(file_el, X + "header")
            etree.SubElement(header, X + "tool", {"tool-id": "assemble", "tool-name": "assemble"})
            note = etree.SubElement(header, X + "note", {"from": "assemble"})
            note.text = f"section={section_id} source_hash={hashes[section_id]}"
            files[section_id] = etree.SubElement(file_el, X + "body")
        tu = etree.SubElement(files[section_id], X + "trans-unit", {"id": item.id})
        tu.set(XML_SPACE, "preserve")
        if item.unit.label:
            tu.set("resname", item.unit.label)
        _fill(etree.SubElement(tu, X + "source"), item.unit, pieces_of(item.unit))
        previous = (existing or {}).get(item.id)
        if previous is not None:
            state = "needs-review-translation" if previous.review else "translated"
            _fill(etree.SubElement(tu, X + "target", {"state": state}), item.unit, previous.pieces)
            if not previous.review:
                tu.set("approved", "yes")
        note = etree.SubElement(tu, X + "note")
        note.text = item.note
        if previous is not None and previous.old_source is not None:
            # what the translator translated before the source changed, to compare with <source>
            alt = etree.SubElement(tu, X + "alt-trans", {"alttranstype": "previous-version"})
            _fill(etree.SubElement(alt, X + "source"), previous.old_source, pieces_of(previous.old_source))
            _fill(etree.SubElement(alt, X + "target"), item.unit, previous.pieces)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _fill(parent, unit: Unit, pieces: list) -> None:
    """Text and codes into an XLIFF inline container: <x/> for single codes, <g> for pairs."""
    codes = unit.codes()
    stack = [parent]

    def add_text(text: str) -> None:
        element = stack[-1]
        if len(element):
            element[-1].tail = (element[-1].tail or "") + text
        else:
            element.text = (element.text or "") + text

    for piece in pieces:
        if isinstance(piece, str):
            add_text(piece)
        elif isinstance(piece, Ref):
            code = codes[piece.id]
            etree.SubElement(stack[-1], X + "x", {"id": str(piece.id), "ctype": code.ctype,
                                                   "equiv-text": code.markdown})
        elif isinstance(piece, Open):
            stack.append(etree.SubElement(stack[-1], X + "g", {"id": str(piece.id), "ctype": codes[piece.id].ctype}))
        elif len(stack) > 1:
            stack.pop()


def _claim_unit(path: Path, seen: dict[str, int], unit_id: str | None, line: int, missing: str, hint: str) -> None:
    """Record `unit_id` as read on `line`; refuse a unit without an id (its text would belong
    nowhere) or one given twice (one translation would be dropped without a word)."""
    if not unit_id:
        raise BuildError([Problem(str(path), line, f"{missing}, so assemble cannot tell which text of the report it "
                                  "translates", hint=hint)])
    if unit_id in seen:
        raise BuildError([Problem(str(path), line, f"unit {unit_id} is in the file twice (also on line {seen[unit_id]})",
                                  hint="keep one of them, or export the file again")])
    seen[unit_id] = line


def read_xliff(path: Path) -> Exchange:
    data = path.read_bytes()
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data.lstrip(b"\xef\xbb\xbf"))
    if declared is None or declared[1].lower() in (b"utf-8", b"utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise BuildError([Problem(str(path), line, "this XLIFF file is not UTF-8 text",
                                      hint="save it again from your CAT tool as UTF-8")])
    # XLIFF needs no entities of its own. One declared in the DOCTYPE is either a file of the
    # machine (<!ENTITY x SYSTEM "file:///...">) or a "billion laughs"; lxml would only drop the
    # reference, so the translator's text would lose it without a word: refuse the file instead.
    prolog = re.match(rb"(?:[^<]|<[?!])*", data)[0]
    entity = re.search(rb"<!ENTITY", prolog)
    if entity:
        raise BuildError([Problem(str(path), prolog[:entity.start()].count(b"\n") + 1,
                                  "this XLIFF file declares XML entities (<!ENTITY ...>), which assemble does not read",
                                  hint="export the file again from your CAT tool, or delete the <!DOCTYPE ...> "
                                       "part: XLIFF needs no entities")])
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise BuildError([Problem(str(path), exc.lineno, f"this XLIFF file is not well-formed XML ({exc.msg})")])
    root = tree.getroot()
    if root.tag != X + "xliff":
        version = root.get("version", "")
        raise BuildError([Problem(str(path), root.sourceline, "this is not an XLIFF 1.2 file"
                                  + (f" (it says version {version})" if version else ""),
                                  hint="export XLIFF 1.2 from your CAT tool, as 'assemble export' wrote it")])
    exchange = Exchange(path)
    seen: dict[str, int] = {}  # unit id -> its line
    for file_el in root.iter(X + "file"):
        here = (file_el.get("target-language") or "").strip()
        if exchange.lang and here and here != exchange.lang:
            raise BuildError([Problem(str(path), file_el.sourceline, f"this <file> is in '{here}' where the one "
                                      f"before is in '{exchange.lang}'", hint="import one language per file")])
        exchange.lang = here or exchange.lang
        for note in file_el.iterfind(f"{X}header/{X}note"):
            fields = dict(part.split("=", 1) for part in (note.text or "").split() if "=" in part)
            if fields.get("section") and fields.get("source_hash"):
                exchange.hashes[fields["section"]] = fields["source_hash"]
        for tu in file_el.iter(X + "trans-unit"):
            _claim_unit(path, seen, tu.get("id"), tu.sourceline, "a translation unit (<trans-unit>) has no id",
                        "keep the unit ids as 'assemble export' wrote them, or export the file again")
            target = tu.find(X + "target")
            if target is None:
                continue
            pieces = merge_text(_inline(target, path, tu.get("id")))
            if tu.get("approved") == "no" or target.get("state") in UNCONFIRMED:
                exchange.unconfirmed.add(tu.get("id"))
                continue
            exchange.targets[tu.get("id")] = pieces
    return exchange


def _inline(element, path: Path, unit_id: str) -> list:
    """An XLIFF inline container as text and codes; segment markers (<mrk>) are transparent."""
    out: list = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            out.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if name in ("x", "ph"):
            out.append(Ref(_code_id(child, "id", path, unit_id)))
        elif name == "g":
            number = _code_id(child, "id", path, unit_id)
            out += [Open(number), *_inline(child, path, unit_id), Close(number)]
        elif name in ("bpt", "bx"):
            out.append(Open(_code_id(child, "rid" if child.get("rid") else "id", path, unit_id)))
        elif name in ("ept", "ex"):
            out.append(Close(_code_id(child, "rid" if child.get("rid") else "id", path, unit_id)))
        elif name == "it":
            number = _code_id(child, "rid" if child.get("rid") else "id", path, unit_id)
            out.append(Open(number) if child.get("pos") == "open" else Close(number))
        elif name == "mrk":
            out += _inline(child, path, unit_id)
        else:  # an element of another tool's namespace: keep its words
            out.append(etree.tostring(child, method="text", encoding="unicode", with_tail=False))
        out.append(child.tail or "")
    return out


def _code_id(element, attribute: str, path: Path, unit_id: str) -> int:
    value = str(element.get(attribute, ""))
    if not value.isdigit():
        raise BuildError([Problem(str(path), element.sourceline, f"unit {unit_id}: the code id '{value}' is not "
                                  "one assemble wrote (a number)",
                                  hint="copy the codes from the source into the target")])
    return int(value)


# ---- PO -----------------------------------------------------------------------------

def po_text(unit: Unit, pieces: list) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Ref):
            out.append(f"<x{piece.id}/>")
        elif isinstance(piece, Open):
            out.append(f"<g{piece.id}>")
        else:
            out.append(f"</g{piece.id}>")
    return "".join(out)


def _code_comment(unit: Unit) -> str:
    names = {"italic": "italics", "bold": "bold", "link": "link"}
    parts = []
    for number, code in unit.codes().items():
        if code.paired:
            what = names.get(code.ctype, code.ctype)
            if code.ctype == "link":
                what += " " + code.closing[2:-1]
            parts.append(f"<g{number}>…</g{number}> {what}")
        else:
            parts.append(f"<x{number}/> {code.markdown}")
    return "codes: " + "  ".join(parts) if parts else ""


def write_po(units: list[ExportUnit], hashes: dict[str, str], source_lang: str, target_lang: str,
             existing: dict | None = None) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": "assemble report", "Language": target_lang,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-Source-Language": source_lang,
                   "X-Source-Hashes": " ".join(f"{k}={v}" for k, v in hashes.items())}
    for item in units:
        unit = item.unit
        previous = (existing or {}).get(item.id)
        comment = _code_comment(unit)
        flags = [PO_FLAG] if unit.codes() else []
        if previous is not None and previous.review:
            flags.insert(0, "fuzzy")
        entry = polib.POEntry(msgctxt=item.id, msgid=po_text(unit, pieces_of(unit)),
                              msgstr=po_text(unit, previous.pieces) if previous else "", flags=flags,
                              comment=item.note + ("\n" + comment if comment else ""),
                              occurrences=[(item.source_file, str(unit.line or 1))])
        if previous is not None and previous.old_source is not None:
            entry.previous_msgctxt = item.id
            entry.previous_msgid = po_text(previous.old_source, pieces_of(previous.old_source))
        po.append(entry)
    return str(po).encode("utf-8")


def _names_a_file(text: str) -> bool:
    """polib.pofile takes a file name or a file's text, and reads the file when the text names one."""
    try:
        return os.path.lexists(text)
    except (ValueError, OSError):  # a NUL, a name too long: no file
        return False


def read_po(path: Path) -> Exchange:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BuildError([Problem(str(path), None, f"this PO file is not UTF-8 text (byte {exc.start})",
                                  hint="save it again from your tool as UTF-8")])
    if _names_a_file(text):  # polib would read that file instead: a PO file must not open another one
        raise BuildError([Problem(str(path), None, "this PO file holds the name of another file, not translations",
                                  hint="export the file again with 'assemble export --format po' and translate that")])
    try:
        po = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise BuildError([Problem(str(path), None, f"this PO file cannot be read ({exc})")])
    exchange = Exchange(path, lang=str(po.metadata.get("Language", "")).strip())
    exchange.hashes = dict(part.split("=", 1) for part in po.metadata.get("X-Source-Hashes", "").split() if "=" in part)
    seen: dict[str, int] = {}  # unit id (msgctxt) -> its line
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        _claim_unit(path, seen, entry.msgctxt, entry.linenum, "a translated entry has no msgctxt (the unit id)",
                    "keep the msgctxt lines as 'assemble export' wrote them, or export the file again")
        if "fuzzy" in entry.flags:  # fuzzy: not yet confirmed
            exchange.unconfirmed.add(entry.msgctxt)
            continue
        pieces: list = []
        last = 0
        for match in PO_CODE.finditer(entry.msgstr):
            pieces.append(entry.msgstr[last:match.start()])
            x, g, end = match.groups()
            pieces.append(Ref(int(x)) if x else Open(int(g)) if g else Close(int(end)))
            last = match.end()
        pieces.append(entry.msgstr[last:])
        exchange.targets[entry.msgctxt] = merge_text(pieces)
    return exchange
