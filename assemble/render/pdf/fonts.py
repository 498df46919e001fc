"""Which fonts the PDF takes. Kept apart from compile.py so that `check` and a DOCX-only build
can ask whether CJK text has a font without importing the Typst compiler."""
from __future__ import annotations

import re
from pathlib import Path

BUNDLED_FONTS = Path(__file__).resolve().parent.parent.parent / "fonts"
# Times New Roman metrics (as the DOCX), then Typst's own serif for anything Liberation lacks.
BODY_FONTS = ["Liberation Serif", "Libertinus Serif"]
# Chinese, Japanese and Korean text (names, titles of sources): Liberation and Libertinus have no
# glyphs for it, so the PDF takes Noto Serif CJK where the system has it (Debian/Ubuntu package
# fonts-noto-cjk; Fedora and Arch folders too). Only looked for when the report holds such text.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
CJK_FOLDERS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"),
               Path("/usr/share/fonts/google-noto-cjk"), Path("/usr/share/fonts/noto-cjk-fonts")]
CJK_FAMILIES = ["Noto Serif CJK SC", "Noto Sans CJK SC"]


def cjk_fonts(text: str, own_families: list[str] = ()) -> list[Path] | None:
    """The font folders CJK text in `text` needs: [] when none is needed or the report's own
    fonts have it, None when the text needs one and none is installed."""
    if not CJK.search(text) or any("CJK" in f or "Han" in f for f in own_families):
        return []
    found = [f for f in CJK_FOLDERS if any(f.glob("Noto*CJK*"))]
    return found[:1] or None
