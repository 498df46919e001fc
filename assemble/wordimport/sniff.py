"""What kind of file a partner sent: a DOCX, or one clear sentence saying why it cannot be imported.

Decided from the bytes, never from the extension alone: a `.docx` that is really a `.doc`, a
password-protected file (Office wraps those in an OLE2 container) or a PDF renamed by a mail
program is common in a coalition's inbox.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
OPEN_AGAIN = "open it in Word or LibreOffice and save it as a Word document (.docx), then import that file"


def _ole_streams(data: bytes) -> set[str]:
    """Names of the streams in an OLE2 container (Word 97-2003, encrypted OOXML, ...).

    The directory entries hold each name in UTF-16LE; looking for the few names that decide
    the kind is enough here and needs no OLE library.
    """
    names = ("WordDocument", "EncryptedPackage", "EncryptionInfo", "Workbook", "PowerPoint Document")
    return {n for n in names if n.encode("utf-16-le") in data}


def docx_problem(path: Path) -> str | None:
    """None when `path` is a DOCX we can read; otherwise the reason, as one sentence."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            size = handle.seek(0, 2)
    except IsADirectoryError:
        return "this is a folder, not a Word file"
    except FileNotFoundError:
        return "this file does not exist"
    except OSError as exc:
        return f"this file cannot be read ({exc.strerror}); check its permissions"
    if size == 0:
        return "this file is empty (0 bytes); ask the partner to send it again"
    if head.startswith(OLE2):
        data = path.read_bytes()
        streams = _ole_streams(data)
        if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
            return ("this Word file is protected with a password; ask the partner to remove the password "
                    "(in Word: File > Info > Protect Document > Encrypt with Password, then clear it) and send it again")
        if "WordDocument" in streams:
            return f"this is an old Word 97-2003 document (.doc), not a .docx; {OPEN_AGAIN}"
        if "Workbook" in streams:
            return "this is an Excel workbook, not a Word document"
        if "PowerPoint Document" in streams:
            return "this is a PowerPoint presentation, not a Word document"
        return f"this is an old Microsoft Office file, not a Word document (.docx); {OPEN_AGAIN}"
    if head.startswith(b"%PDF"):
        return "this is a PDF, not a Word document; ask the partner for the Word file they made it from"
    if head.startswith(b"{\\rtf"):
        return f"this is an RTF file, not a .docx; {OPEN_AGAIN}"
    if not head.startswith(ZIP) and not head.startswith(b"PK"):
        return f"this is not a Word document (.docx); {OPEN_AGAIN}"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return "this Word file is damaged or incomplete; ask the partner to send it again"
    if "word/document.xml" in names:
        return None
    if mimetype == "application/vnd.oasis.opendocument.text":
        return f"this is an OpenDocument text (.odt), not a .docx; {OPEN_AGAIN}"
    if "xl/workbook.xml" in names:
        return "this is an Excel workbook, not a Word document"
    if "ppt/presentation.xml" in names:
        return "this is a PowerPoint presentation, not a Word document"
    if any(n.startswith("word/") for n in names):
        return "this Word file has no main document part (word/document.xml); open it in Word and save it again"
    return f"this is a ZIP archive, not a Word document (.docx); {OPEN_AGAIN}"


def looks_like_docx(path: Path) -> bool:
    """A .docx by name, or anything that is a ZIP holding word/document.xml."""
    if path.suffix.lower() in (".docx", ".docm", ".dotx", ".doc"):
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    if head.startswith(OLE2):
        return True  # a .doc or an encrypted file: the Word importer says which
    if head.startswith(ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                return "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
    return False


TRANSLATION_SUFFIXES = (".xlf", ".xliff", ".po", ".pot")


def is_translation_file(path: Path) -> bool:
    """An XLIFF or PO file from a CAT tool: by its name, or by its first bytes."""
    if path.suffix.lower() in TRANSLATION_SUFFIXES:
        return True
    if looks_like_docx(path):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", "replace")
    return "<xliff" in text or bool(re.search(r'(?m)^msgid\s+"', text))
