"""Reading our PDF back with pypdf: text runs with size and position, notes, bookmarks, fonts."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

LEFT_MARGIN = 2.5 / 2.54 * 72  # 2.5 cm in points
SMALL = 9.0  # footnote numbers are set small (superscript); all other text is 10 pt or more
FOOTER_Y = 60.0  # below the bottom margin: only the "Page X of Y" footer


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Run:
    text: str
    size: float
    x: float
    y: float


class Pdf:
    def __init__(self, source: Path | bytes):
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.runs = [self._runs(page) for page in self.reader.pages]

    @staticmethod
    def _runs(page) -> list[Run]:
        found: list[Run] = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                found.append(Run(text, size * abs(tm[3] or 1), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

        page.extract_text(visitor_text=visit)
        return found

    @staticmethod
    def _is_entry(run: Run) -> bool:
        """A footnote's own number at the bottom: small, at the left margin."""
        return run.size < SMALL and abs(run.x - LEFT_MARGIN) < 1 and run.text.strip().isdigit()

    def notes(self) -> dict[int, tuple[int, str]]:
        """Note number -> (1-based page, text) of every footnote at a page bottom."""
        notes: dict[int, tuple[int, str]] = {}
        for page, runs in enumerate(self.runs, start=1):
            current = None
            for run in runs:
                if self._is_entry(run):
                    current = int(run.text)
                    notes[current] = (page, "")
                elif current is not None and run.y > FOOTER_Y:
                    notes[current] = (page, notes[current][1] + run.text)
        return notes

    def note_calls(self) -> list[tuple[int, int]]:
        """(note number, 1-based page) of every footnote mark in the text, in order."""
        return [(int(run.text), page) for page, runs in enumerate(self.runs, start=1) for run in runs
                if run.size < SMALL and not self._is_entry(run) and run.text.strip().isdigit()]

    def body_text(self, first: int = 1, last: int | None = None) -> str:
        """The text of pages first..last without note marks, notes and footers."""
        out = []
        for runs in self.runs[first - 1:last]:
            for run in runs:
                if self._is_entry(run):
                    break
                if run.size >= SMALL and run.y > FOOTER_Y:
                    out.append(run.text)
        return " ".join(out)

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 1-based page) of every bookmark, in order."""
        found = []

        def walk(items, level):
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    found.append((level, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 1)
        return found

    def font_coverage(self) -> dict[str, set[str]]:
        """Font name -> the characters that font draws (from its ToUnicode map)."""
        coverage: dict[str, set[str]] = {}
        for page in self.reader.pages:
            fonts = page["/Resources"].get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                name = str(font["/BaseFont"]).split("+", 1)[-1]
                chars = coverage.setdefault(name, set())
                if "/ToUnicode" in font:
                    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
                    for hexes in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", cmap):
                        chars.update(bytes.fromhex(hexes).decode("utf-16-be"))
        return coverage
