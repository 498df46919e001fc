"""docs/treaties/<body>.md are made from the packs: a page that no longer says what the pack checks fails."""
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_body_page_is_up_to_date():
    pages = runpy.run_path(str(ROOT / "docs" / "treaties" / "make_pages.py"))["pages"]()
    assert sorted(p.name for p in pages) == ["cat.md", "cedaw.md", "cerd.md", "cescr.md", "crc.md", "crpd.md",
                                             "iccpr.md", "upr.md"]
    for path, text in pages.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is out of date: run make docs"


def test_the_crc_page_lists_the_clusters_and_their_sources():
    text = (ROOT / "docs" / "treaties" / "crc.md").read_text(encoding="utf-8")
    assert "| `general-measures` | General measures of implementation (arts. 4, 42 and 44 (6)) | 4, 42, 44 |" in text
    assert "- `crc-guidelines`: Committee on the Rights of the Child, treaty-specific guidelines" in text
