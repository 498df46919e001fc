"""Reading users' text files: UTF-8 (with or without BOM), any line ending, clear errors."""
from __future__ import annotations

import errno
import re
from pathlib import Path

from assemble import paths
from assemble.problems import Problems, os_problem

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's text with '\\n' line ends, or None after recording why it cannot be read."""
    if path.is_dir():
        problems.error(path, None, "this is a folder, not a file; move or rename it")
        return None
    if path.is_symlink() and not path.exists():
        problems.error(path, None, "this is a link to a file that does not exist", "delete the link or restore the file")
        return None
    try:
        data = paths.read_bytes(path, problems.root)  # inside the report folder, a regular file
    except paths.Refused as exc:
        problems.error(exc.path, None, exc.message, exc.hint)
        return None
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            problems.error(path, None, f"cannot read the file ({exc.strerror}); check its permissions")
        else:  # a failing disk, too many open files, ...: the same sentence as anywhere else
            said = os_problem(exc)
            problems.error(path, None, said.message, said.hint)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(path, line, "the file is not UTF-8 text; save it as UTF-8 in your editor")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    if found:  # pasted from PDFs and Word; XML (hence DOCX) cannot hold them
        line = text.count("\n", 0, found.start()) + 1
        problems.warning(path, line, f"an invisible control character (U+{ord(found[0]):04X}) is ignored",
                         "delete it; it usually comes from copying text out of a PDF")
        text = CONTROL.sub("", text)
    return text
