"""Keeping every footnote on the page of its mark, where Typst alone does not.

Typst moves a line to the next page when the first note called in it does not fit, but a
second or third note of the same line that does not fit is set on the next page while its
mark stays behind. After a layout we read where each entry and mark landed (metadata the
template records) and fold such a note into the previous note marked on the same page: one
footnote holding both entries, which Typst then keeps whole, with its line. The notes keep
their own numbers and texts; only the second mark stops being a separate Typst footnote.
"""
from __future__ import annotations


def fold_misplaced(notes: dict[int, dict], placements: list[dict]) -> list[int]:
    """Fold each note set on a later page than its mark; returns the numbers folded (none: done)."""
    marks = {int(p["n"]): p["mark"] for p in placements}
    folded = []
    for placement in placements:
        number = int(placement["n"])
        if placement["entry"] <= placement["mark"]:
            continue
        target = max((n for n, page in marks.items() if n < number and page == placement["mark"]), default=None)
        if target is None or number not in notes or target not in notes:
            continue  # first note on its page: nothing to fold into
        item, into = notes[number], notes[target]
        into.setdefault("also", []).extend([{"n": item["n"], "p": item["p"]}, *item.pop("also", [])])
        item.clear()
        item.update({"t": "m", "n": str(number)})
        marks.pop(number)
        folded.append(number)
    return folded
