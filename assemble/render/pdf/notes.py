"""Keeping every footnote on the page of its mark, where Typst alone does not.

After a layout we read where each note's entry starts and where its mark is (metadata the
template records) and repair the two ways Typst gets it wrong:

- A later note of a line that does not fit is set on the next page while its mark stays
  behind (Typst moves a line only for its first note). We fold such a note into the previous
  note marked on the same page: one footnote holding both entries, which Typst keeps whole,
  with its line. The notes keep their numbers and texts; the folded mark becomes plain.
- When widow/orphan control moves a line to the next page, its notes can stay on the page
  before (typst#5314). That paragraph is then laid out without widow/orphan control.
"""
from __future__ import annotations


def repair_notes(notes: dict[int, dict], blocks: dict[int, dict], placements: list[dict]) -> list[int]:
    """Change the data for each misplaced note; returns the numbers acted on (none: all is well)."""
    marks = {int(p["n"]): p["mark"] for p in placements}
    acted = []
    for placement in placements:
        number = int(placement["n"])
        if placement["entry"] > placement["mark"]:
            target = max((n for n, page in marks.items() if n < number and page == placement["mark"]),
                         default=None)
            if target is None or number not in notes or target not in notes:
                continue  # the first note on its page: nothing to fold into
            item, into = notes[number], notes[target]
            into.setdefault("also", []).extend([{"n": item["n"], "p": item["p"]}, *item.pop("also", [])])
            in_heading = item.get("h", False)
            item.clear()
            item.update({"t": "m", "n": str(number), "h": in_heading})
            marks.pop(number)
            acted.append(number)
        elif placement["entry"] < placement["mark"]:
            block = blocks.get(number)
            if block is not None and not block.get("loose"):
                block["loose"] = True
                acted.append(number)
    return acted
