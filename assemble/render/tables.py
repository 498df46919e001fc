"""Table column widths from the content, the same in the DOCX and the PDF.

Equal columns give a long first column of labels too little room and a column of numbers too
much: LibreOffice then splits words ("correspondenc|e") and Typst lets them run into the border.
This is the automatic layout of HTML tables, estimated from the text (no renderer measures
it): each column needs at least its longest word and would like its longest cell on one
line. When all longest cells fit, each column gets its own and the rest is shared in
proportion; else every column gets its longest word and the room left goes to the columns
that would like more, in proportion to how much more. Only when even the longest words do
not fit do words have to break (`fits` is then False and the PDF hyphenates that table).
"""
from __future__ import annotations

from dataclasses import dataclass

from assemble.model import Cite, NoteRef, Table, inline_text

# Widths are estimated in average characters of the table text (10 pt Times: about 4.4 pt;
# 0.5 em is on the safe side) and a cell's padding counts as two characters.
CHAR_EM = 0.5
PADDING = 2.0
BOLD = 1.1  # header cells are bold, a little wider


@dataclass
class Columns:
    fractions: list[float]  # of the table width, summing to 1
    fits: bool  # every word fits its column


def _mark(node) -> str | None:
    """A note mark or citation takes the room of a small number, whatever its note says."""
    return "99" if isinstance(node, (NoteRef, Cite)) else None


def _needs(inlines, scale: float = 1.0) -> tuple[float, float]:
    """(longest word, longest line) of a cell, in characters with padding."""
    text = inline_text(inlines, _mark)
    words = text.split()
    longest_word = max((len(w) for w in words), default=0)
    longest_line = max((len(" ".join(line.split())) for line in text.split("\n")), default=0)
    return longest_word * scale + PADDING, longest_line * scale + PADDING


def column_widths(table: Table, width_pt: float, size_pt: float = 10.0) -> Columns:
    columns = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    least = [PADDING] * columns
    most = [PADDING] * columns
    rows = ([(table.header, BOLD)] if table.header else []) + [(row, 1.0) for row in table.rows]
    for row, scale in rows:
        for index, cell in enumerate(row[:columns]):
            word, line = _needs(cell, scale)
            least[index] = max(least[index], word)
            most[index] = max(most[index], line)
    room = width_pt / (CHAR_EM * size_pt)
    if sum(most) <= room:
        widths = [m + (room - sum(most)) * m / sum(most) for m in most]
    elif sum(least) <= room:
        extra = [m - w for m, w in zip(most, least)]
        widths = [w + (room - sum(least)) * e / sum(extra) for w, e in zip(least, extra)]
    else:
        widths = least
    total = sum(widths)
    return Columns([w / total for w in widths], sum(least) <= room)
