"""The other PDF engine: LibreOffice converts the DOCX we just rendered (a second, independent reader)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from assemble.problems import BuildError, Problem

TIMEOUT = 300


def _fail(message: str, hint: str | None = None) -> BuildError:
    return BuildError([Problem("--pdf-engine libreoffice", None, message, hint=hint)])


def convert_docx(docx: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise _fail("LibreOffice (soffice) was not found on PATH",
                    "install LibreOffice or use the default --pdf-engine typst")
    with tempfile.TemporaryDirectory(prefix="assemble-lo-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(docx)
        # A private profile: parallel builds and a user's open LibreOffice would otherwise collide.
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise _fail(f"LibreOffice did not finish converting the DOCX within {TIMEOUT} seconds") from None
        result = work / "out" / "report.pdf"
        if done.returncode != 0 or not result.exists():
            detail = " ".join((done.stderr or done.stdout or "").split())[:300]
            raise _fail(f"LibreOffice could not convert the DOCX (exit code {done.returncode})"
                        + (f": {detail}" if detail else ""))
        return result.read_bytes()
