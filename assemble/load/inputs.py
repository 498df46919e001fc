"""The report's templates and fonts, checked before anything is rendered.

`assemble check` and `assemble build` share this: every template or font the build would
refuse is refused here first, with the file and line (issue 12.5: one contract).
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from assemble import paths
from assemble.load.text import read_text
from assemble.model import Config
from assemble.problems import Problems

TEXT_TEMPLATES = (".j2", ".typ")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
KEEP_BUILT_IN = "delete it to use the built-in one"


def check_inputs(root: Path, config: Config, problems: Problems) -> None:
    folder = root / "templates"
    for refused in paths.check_tree(root, folder):
        problems.error(refused.path, None, refused.message, refused.hint)
    refused = {p.file for p in problems.errors}
    if folder.is_dir():
        for path in paths.files_under(folder):
            if problems.rel(path) in refused or not paths.is_regular(path):
                continue
            if path.suffix in TEXT_TEMPLATES:
                read_text(path, problems)  # UTF-8, or file:line says where it is not
    reference = folder / "reference.docx"
    if paths.is_regular(reference) and problems.rel(reference) not in refused:
        why = docx_problem(reference)
        if why:
            problems.error(reference, None, why, f"save it from Word as 'Word Document (.docx)', or {KEEP_BUILT_IN}")
        else:  # a whole DOCX, but perhaps not one the writer can take its styles from
            from assemble.render.docx.writer import REFERENCE_HINT, reference_problem

            why = reference_problem(reference)
            if why:
                problems.error(reference, None, why, REFERENCE_HINT)
    fonts_folder(root, config, problems)


LINK_SCHEMES = ("http://", "https://", "mailto:", "#")  # links a reader follows on their own machine


def _xml_parts(package: zipfile.ZipFile, names: set[str]) -> tuple[str | None, str | None]:
    """The first part that is not well-formed XML, and the first external relationship that names a
    file (file:, a path, a share) rather than a web page."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    linked = None
    for name in sorted(n for n in names if n.endswith((".xml", ".rels"))):
        try:
            part = etree.fromstring(package.read(name), parser)
        except etree.XMLSyntaxError:
            return name, None
        if name.endswith(".rels") and linked is None:
            for rel in part:
                target = (rel.get("Target") or "").strip()
                # Word names the .dotx a document was made from (attachedTemplate) in nearly every
                # file it saves; that is not content, and refusing it would refuse most real files.
                if rel.get("TargetMode") == "External" and not target.lower().startswith(LINK_SCHEMES) \
                        and not (rel.get("Type") or "").endswith("/attachedTemplate"):
                    linked = target
                    break
    return None, linked


def docx_problem(path: Path) -> str | None:
    """Why the file cannot serve as a DOCX template, or None."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            types = package.read("[Content_Types].xml").decode("utf-8", "replace") \
                if "[Content_Types].xml" in names else ""
            damaged, linked = _xml_parts(package, names)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, zlib.error):
        return "this is not a Word document (.docx): it is not a ZIP package"
    if damaged:
        return f"this Word document is damaged: its part {damaged} is not well-formed XML"
    if linked:
        return (f"this Word document links to the file '{linked}' (a linked picture or field), which Word and "
                "LibreOffice open on whatever machine shows or builds the report; embed the picture instead of "
                "linking it")
    if "word/document.xml" not in names or not types:
        return "this is not a Word document (.docx): it has no word/document.xml"
    if DOCX_MAIN not in types:
        if "template.main+xml" in types:
            return "this is a Word template (.dotx), not a document (.docx)"
        if "macroEnabled" in types:
            return "this is a Word document with macros (.docm), not a plain document (.docx)"
        return "this is not a Word document (.docx): its main part is of another type"
    return None


def fonts_folder(root: Path, config: Config, problems: Problems) -> Path | None:
    """The report's own fonts folder (report.yml `fonts:`), checked; None when there is none or it is refused."""
    if not config.fonts:
        return None
    line = config.lines.get("fonts")
    folder = root / config.fonts
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        problems.error(config.file, line, f"the fonts folder '{config.fonts}' {what}",
                       "create it and put .ttf/.otf files in it, or remove the 'fonts:' key")
        return None
    try:
        paths.check_inside(root, folder)
    except paths.Refused:
        problems.error(config.file, line, f"the fonts folder '{config.fonts}' is outside the report folder",
                       "move the fonts into the report folder, or list the folder under 'allow_outside:' in report.yml")
        return None
    refused = paths.check_tree(root, folder)
    for exc in refused:
        problems.error(exc.path, None, exc.message, exc.hint)
    if refused:
        return None
    if not any(p.suffix.lower() in FONT_SUFFIXES for p in paths.files_under(folder) if paths.is_regular(p)):
        problems.warning(config.file, line, f"the fonts folder '{config.fonts}' holds no .ttf, .otf or .ttc file, "
                         "so the PDF uses the built-in fonts", "put the font files in it, or remove the 'fonts:' key")
    return folder
