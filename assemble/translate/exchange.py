"""CAT-tool exchange: XLIFF 1.2 and PO files with one unit per paragraph, heading, list item,
table cell, recommendation and footnote text. Citations, cross-references, footnote calls and
inline markup travel as protected placeholders; an import whose placeholders were lost or
altered is rejected, naming the unit."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
from lxml import etree

from assemble.load.sections import SourceFile
from assemble.output import write_atomic
from assemble.problems import BuildError, Problem
from assemble.translate.units import Unit, escape_markdown, section_hash, section_units

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{XLIFF_NS}}}"
UNCONFIRMED = ("new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
               "needs-review-adaptation", "needs-review-l10n")  # XLIFF 1.2 target states
PO_MARK = re.compile(r"⟦(\d+)⟧")
CTYPES = {"[": "x-link", "`": "x-code", "@": "x-reference", "*": "x-emphasis"}


def _ctype(original: str) -> str:
    if original.startswith("[^"):
        return "x-footnote"
    if original.startswith("[") and "@" in original:
        return "x-citation"
    if original.startswith("]("):
        return "x-link"
    return CTYPES.get(original[:1], "x-markup")


@dataclass
class ExportUnit:
    id: str
    unit: Unit
    source_file: str
    note: str


def export_units(root: Path, sources: list[SourceFile]) -> tuple[list[ExportUnit], dict[str, str]]:
    units, hashes = [], {}
    for source in sources:
        section = source.section
        hashes[section.id] = section_hash(section)
        rel = section.file.relative_to(root).as_posix()
        for unit in section_units(section):
            note = f"{rel}:{unit.line}" if unit.line else rel
            if unit.number and unit.kind == "para":
                note += f" (para. {unit.number})"
            units.append(ExportUnit(f"{section.id}/{unit.key}", unit, rel, note))
    return units, hashes


# ---- XLIFF 1.2 ----------------------------------------------------------------------

def write_xliff(path: Path, units: list[ExportUnit], hashes: dict[str, str], source_lang: str, target_lang: str,
                existing: dict | None = None, within: Path | None = None) -> None:
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
        tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if item.unit.label:
            tu.set("resname", item.unit.label)
        source = etree.SubElement(tu, X + "source")
        _fill_segments(source, item.unit)
        if existing and item.id in existing:
            previous = existing[item.id]
            state = "needs-review-translation" if previous.review else "translated"
            target = etree.SubElement(tu, X + "target", {"state": state})
            _fill_pieces(target, previous.pieces, item.unit)
        note = etree.SubElement(tu, X + "note")
        note.text = item.note
    write_atomic(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), root=within)


def _fill_segments(parent, unit: Unit) -> None:
    last = None
    number = 0
    for segment in unit.segments:
        if segment.protected:
            number += 1
            last = etree.SubElement(parent, X + "x", {"id": str(number), "ctype": _ctype(segment.text),
                                                        "equiv-text": segment.text})
        elif last is None:
            parent.text = (parent.text or "") + segment.text
        else:
            last.tail = (last.tail or "") + segment.text


def _fill_pieces(parent, pieces: list, unit: Unit) -> None:
    originals = unit.placeholders()
    last = None
    for piece in pieces:
        if isinstance(piece, int):
            last = etree.SubElement(parent, X + "x", {"id": str(piece), "ctype": _ctype(originals[piece]),
                                                        "equiv-text": originals[piece]})
        elif last is None:
            parent.text = (parent.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece


def read_xliff(path: Path) -> tuple[str, dict[str, str], dict[str, list]]:
    """(target language, source hash per section, unit id -> target pieces [str | int placeholder])."""
    data = path.read_bytes()
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data.lstrip(b"\xef\xbb\xbf"))
    if declared is None or declared[1].lower() in (b"utf-8", b"utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise BuildError([Problem(str(path), line, "this XLIFF file is not UTF-8 text",
                                      hint="save it again from your CAT tool as UTF-8")])
    try:
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    except etree.XMLSyntaxError as exc:
        raise BuildError([Problem(str(path), exc.lineno, f"this XLIFF file is not well-formed XML ({exc.msg})")])
    hashes, targets, lang = {}, {}, ""
    for file_el in tree.getroot().iter(X + "file"):
        here = file_el.get("target-language") or ""
        if lang and here and here != lang:
            raise BuildError([Problem(str(path), file_el.sourceline, f"this <file> is in '{here}' where the one "
                                      f"before is in '{lang}'", hint="import one language per file")])
        lang = here or lang
        note = file_el.find(f"{X}header/{X}note")
        if note is not None and note.text:
            fields = dict(part.split("=", 1) for part in note.text.split() if "=" in part)
            hashes[fields.get("section", "")] = fields.get("source_hash", "")
        for tu in file_el.iter(X + "trans-unit"):
            target = tu.find(X + "target")
            if target is None or tu.get("approved") == "no" or target.get("state") in UNCONFIRMED:
                continue
            pieces: list = [target.text or ""]
            for child in target:
                if child.tag in (X + "x", X + "ph"):
                    if not str(child.get("id", "")).isdigit():
                        raise BuildError([Problem(str(path), child.sourceline, f"unit {tu.get('id')}: the code id "
                                                  f"'{child.get('id', '')}' is not one assemble wrote (a number)",
                                                  hint="copy the codes from the source into the target")])
                    pieces.append(int(child.get("id")))
                else:
                    pieces.append(etree.tostring(child, method="text", encoding="unicode", with_tail=False))
                pieces.append(child.tail or "")
            targets[tu.get("id")] = [p for p in pieces if p != ""]
    return lang, hashes, targets


# ---- PO -----------------------------------------------------------------------------

def write_po(path: Path, units: list[ExportUnit], hashes: dict[str, str], source_lang: str, target_lang: str,
             existing: dict | None = None, within: Path | None = None) -> None:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": "assemble report", "Language": target_lang,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-Source-Language": source_lang,
                   "X-Source-Hashes": " ".join(f"{k}={v}" for k, v in hashes.items())}
    for item in units:
        text, number = [], 0
        for segment in item.unit.segments:
            if segment.protected:
                number += 1
                text.append(f"⟦{number}⟧")
            else:
                text.append(segment.text)
        comment = "protected: " + "  ".join(f"⟦{n}⟧={t}" for n, t in item.unit.placeholders().items())
        previous = (existing or {}).get(item.id)
        msgstr = "".join(f"⟦{p}⟧" if isinstance(p, int) else p for p in previous.pieces) if previous else ""
        po.append(polib.POEntry(msgctxt=item.id, msgid="".join(text), msgstr=msgstr,
                                flags=["fuzzy"] if previous and previous.review else [],
                                comment=item.note + ("\n" + comment if number else ""),
                                occurrences=[(item.source_file, str(item.unit.line or 1))]))
    write_atomic(path, po.__unicode__().encode(po.encoding), root=within)  # as po.save(), all or nothing


def read_po(path: Path) -> tuple[str, dict[str, str], dict[str, list]]:
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as exc:
        raise BuildError([Problem(str(path), None, f"this PO file cannot be read ({exc})")])
    hashes = dict(part.split("=", 1) for part in po.metadata.get("X-Source-Hashes", "").split() if "=" in part)
    targets = {}
    for entry in po:
        if entry.msgstr and entry.msgctxt and "fuzzy" not in entry.flags:  # fuzzy: not yet confirmed
            pieces = []
            for i, piece in enumerate(PO_MARK.split(entry.msgstr)):
                if i % 2:
                    pieces.append(int(piece))
                elif piece:
                    pieces.append(piece)
            targets[entry.msgctxt] = pieces
    return po.metadata.get("Language", ""), hashes, targets


# ---- import -------------------------------------------------------------------------

def unit_markdown(unit: Unit, pieces: list, where: str) -> tuple[str | None, str | None]:
    """(Markdown, None) for a good translation, (None, why) when its placeholders are wrong."""
    expected = unit.placeholders()
    used = [p for p in pieces if isinstance(p, int)]
    if sorted(used) != sorted(expected):
        missing = sorted(set(expected) - set(used))
        extra = sorted(set(used) - set(expected)) + sorted({p for p in used if used.count(p) > 1})
        detail = []
        if missing:
            detail.append("lost " + ", ".join(f"{{{n}}} ({expected[n]})" for n in missing))
        if extra:
            detail.append("unknown or repeated " + ", ".join(f"{{{n}}}" for n in sorted(set(extra))))
        return None, f"unit {where}: placeholders {'; '.join(detail)}; restore them as in the source"
    out = []
    for piece in pieces:
        out.append(expected[piece] if isinstance(piece, int) else escape_markdown(piece))
    return "".join(out), None


