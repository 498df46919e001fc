"""Package-level pieces python-docx lacks: the footnotes part, settings flags, fixed zip timestamps."""
from __future__ import annotations

import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from assemble.render.docx.oxml import el, sub

FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)

# CT_Settings is a sequence: new children must go before the first of the elements that follow them.
SETTINGS_AFTER_UPDATE_FIELDS = ["hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                                "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"]


def add_footnotes_part(document):
    """Create /word/footnotes.xml with the separator notes; returns its root element."""
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(FOOTNOTES_XML),
                   document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part.element


def _insert_setting(settings, name: str, element, followers: list[str]) -> None:
    existing = settings.find(qn(f"w:{name}"))
    if existing is not None:
        settings.remove(existing)
    for follower in followers:
        found = settings.find(qn(f"w:{follower}"))
        if found is not None:
            found.addprevious(element)
            return
    settings.append(element)


def configure_settings(document) -> None:
    settings = document.settings.element
    _insert_setting(settings, "updateFields", el("w:updateFields", {"w:val": "true"}), SETTINGS_AFTER_UPDATE_FIELDS)
    footnote_pr = el("w:footnotePr")
    sub(footnote_pr, "w:footnote", {"w:id": -1})
    sub(footnote_pr, "w:footnote", {"w:id": 0})
    _insert_setting(settings, "footnotePr", footnote_pr, SETTINGS_AFTER_UPDATE_FIELDS[2:])


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
