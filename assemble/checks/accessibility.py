"""What an accessibility checker (Word's, or a PDF/UA checker) would report, found in the sources
so each finding names its file and line: images without alt text, empty headings, tables without a
header row, heading levels skipped, and logos without alt text in a report's own reference.docx."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assemble.load import Workspace
from assemble.model import Heading, Report, Table
from assemble.problems import Problems

IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)")


@dataclass
class Finding:
    file: Path
    line: int | None
    message: str
    hint: str


def accessibility_findings(workspace: Workspace, report: Report) -> list[Finding]:
    """Missing alt text, empty headings, tables without a header row: as Word's and the PDF/UA
    checkers see them, found in the sources so each names its file and line."""
    found = []
    root = workspace.root
    for source in workspace.sources:
        for offset, text in enumerate(source.body.split("\n")):
            for match in IMAGE_RE.finditer(text):
                if not match[1].strip():
                    found.append(Finding(source.section.file, source.body_line + offset,
                                         f"the image '{match[2]}' has no alt text",
                                         "describe it between the brackets: ![What the image shows](file)"))
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Heading) and not "".join(getattr(n, "text", "") for n in block.inlines).strip():
                found.append(Finding(root / block.loc.file, block.loc.line, "this heading has no text",
                                     "write its text after the '#' marks, or delete the line"))
            elif isinstance(block, Table) and not any(
                    "".join(getattr(n, "text", "") for n in cell).strip() for cell in block.header):
                found.append(Finding(root / block.loc.file, block.loc.line, "this table has no header row",
                                     "write the column names in its first row, above the '|---|' line"))
    found.extend(heading_skips(report, root))
    found.extend(_reference_images(workspace.root))
    return found


def images_left_out(workspace: Workspace) -> list[Finding]:
    """Images are not placed in the outputs yet: the DOCX and the PDF print an image's alt text in
    its place, and nothing for an image without one. Said at every check, so no one sends a report
    believing its map or chart is in it."""
    found = []
    for source in workspace.sources:
        for offset, text in enumerate(source.body.split("\n")):
            for match in IMAGE_RE.finditer(text):
                alt = " ".join(match[1].split())
                shown = f"only its alt text '{alt}' is printed" if alt else "nothing is printed in its place"
                found.append(Finding(source.section.file, source.body_line + offset,
                                     f"the image '{match[2]}' is not placed in the report: {shown}",
                                     "say in the text what it shows, or send the image with the submission "
                                     "as a file of its own"))
    return found


def heading_skips(report: Report, root: Path) -> list[Finding]:
    """A heading more than one level below the one before it (`####` after `##`): screen readers
    lose the outline, and PDF/UA-1 forbids it (the PDF is then only tagged, see render/pdf)."""
    found = []
    previous = 0
    for part in report.parts:
        previous = part.heading.level
        for section in part.sections:
            previous = section.heading.level if section.heading else previous
            for block in section.blocks:
                if not isinstance(block, Heading):
                    continue
                if block.level > previous + 1:
                    after = "the section title" if previous == 2 else f"a '{'#' * (previous - 1)}' heading"
                    found.append(Finding(root / block.loc.file, block.loc.line,
                                         f"this '{'#' * (block.level - 1)}' heading skips a level after {after}",
                                         f"use '{'#' * previous}' here: screen readers lose the outline, and the "
                                         "PDF cannot be PDF/UA-1"))
                previous = block.level
    return found


def _reference_images(root: Path) -> list[Finding]:
    """Logos in the report's own reference.docx (headers, footers) need alt text too."""
    import zipfile

    from lxml import etree

    path = root / "templates" / "reference.docx"
    if not path.is_file():
        return []
    found = []
    try:
        with zipfile.ZipFile(path) as z:
            for name in sorted(n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")):
                tree = etree.fromstring(z.read(name))
                for pr in tree.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
                    if not (pr.get("descr") or "").strip():
                        found.append(Finding(path, None,
                                             f"an image in {name.split('/')[-1]} ('{pr.get('name', '')}') has no alt text",
                                             "in Word: right-click the image, View Alt Text, and describe it"))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        return []  # the build reports a damaged reference.docx itself
    return found


def check_accessibility(workspace: Workspace, report: Report, problems: Problems, final: bool) -> None:
    """Errors in the submission check; a skipped heading level is a warning at every check and
    build too, since it costs the PDF its PDF/UA-1 conformance, and so is an image, which the
    outputs do not place."""
    if final:
        findings = accessibility_findings(workspace, report)
    else:
        findings = heading_skips(report, workspace.root)
    for f in findings:
        (problems.error if final else problems.warning)(f.file, f.line, f.message, f.hint)
    for f in images_left_out(workspace):
        problems.warning(f.file, f.line, f.message, f.hint)


