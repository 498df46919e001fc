"""Package-level pieces: the footnotes part, settings flags, fixed zip timestamps."""
from __future__ import annotations

import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.settings import CT_Settings
from docx.parts.story import StoryPart

from assemble.render.docx.oxml import el, sub

FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)


class FootnotesPart(StoryPart):
    """/word/footnotes.xml as a story part of its own, as python-docx makes its comments part:
    it has its own relationships, so a link in a note is related from footnotes.xml, where its
    w:hyperlink stands (a link related from document.xml would be broken in the note)."""

    @classmethod
    def default(cls, package) -> "FootnotesPart":
        """A new footnotes part holding only the separator notes (ids -1 and 0)."""
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(FOOTNOTES_XML), package)


# A reference.docx saved by Word brings its own footnotes part: load it as ours too.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart


def add_footnotes_part(document) -> FootnotesPart:
    """The report's footnotes part, new: one a restyled reference.docx brings (Word's sample
    separators, maybe notes) is dropped, as the report's notes and separators replace it."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            document.part.drop_rel(rel_id)
    part = FootnotesPart.default(document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def _settings_sequence() -> tuple[str, ...]:
    """w:settings' child order from w:evenAndOddHeaders on, as python-docx's CT_Settings knows
    it: the class keeps the schema's sequence only in the inserter of that one child."""
    for cell in CT_Settings._insert_evenAndOddHeaders.__closure__ or ():
        successors = getattr(cell.cell_contents, "_successors", None)
        if successors:
            return ("w:evenAndOddHeaders", *successors)
    raise RuntimeError("python-docx's CT_Settings no longer carries its child order")


SETTINGS_SEQUENCE = _settings_sequence()


def set_setting(settings, element) -> None:
    """Put `element` into w:settings where the schema's sequence places it, replacing one
    already there (Word refuses a settings part whose children are out of order)."""
    for old in settings.findall(element.tag):
        settings.remove(old)
    tag = "w:" + element.tag.split("}")[1]
    settings.insert_element_before(element, *SETTINGS_SEQUENCE[SETTINGS_SEQUENCE.index(tag) + 1:])


def configure_settings(document) -> None:
    settings = document.settings.element
    set_setting(settings, el("w:updateFields", {"w:val": "true"}))
    footnote_pr = el("w:footnotePr")
    sub(footnote_pr, "w:footnote", {"w:id": -1})
    sub(footnote_pr, "w:footnote", {"w:id": 0})
    set_setting(settings, footnote_pr)


def fixed_zip(data: bytes, date: tuple[int, int, int]) -> bytes:
    """Rewrite the zip with one fixed timestamp so identical inputs give identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(max(date[0], 1980), date[1], date[2], 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
