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
            if block is not None and escalate(block):
                acted.append(number)
    return acted


def escalate(block: dict) -> bool:
    """The next remedy for a paragraph that widow/orphan control moves away from its notes, or
    leaves as a single line at the top of a page: the paragraph kept on one page if it is not
    long, else no widow/orphan control for it. False when nothing is left to try. (Word spaces
    set tighter, TeX's remedy, seldom saved a line here: Typst justifies by shrinking spaces
    already.)"""
    if block.get("t") == "p":
        if not block.get("keep") and _length(block.get("c", [])) <= KEEP_AT_MOST:
            block["keep"] = True
            return True
    if not block.get("loose"):
        block["loose"] = True
        return True
    return False


# A paragraph this long or shorter may be kept on one page to save its last line; a longer one
# would leave too much of its page empty (about twelve lines of text).
KEEP_AT_MOST = 1200


def _length(item) -> int:
    if isinstance(item, dict):
        return len(item.get("v", "")) + sum(_length(v) for v in item.values() if isinstance(v, (dict, list)))
    if isinstance(item, list):
        return sum(_length(v) for v in item)
    return 0


def repair_widows(paragraphs: dict[int, dict], positions: list[dict]) -> list[int]:
    """Single last lines at the top of a page ("widows"). Typst avoids them, but not when the
    line carries a note that does not fit on the page before: it then moves that line alone.
    Such a paragraph gets the next remedy of `escalate` (a paragraph without widow/orphan
    control is left as it is). Returns the paragraph keys acted on."""
    if not positions:
        return []
    top = min(p["y"] for p in positions)  # the first line of a page
    edges: dict[int, dict] = {}
    for p in positions:
        edges.setdefault(int(p["k"]), {})[p["edge"]] = p
    acted = []
    for key, edge in sorted(edges.items()):
        start, end = edge.get("start"), edge.get("end")
        if not start or not end or end["page"] <= start["page"] or end["y"] > top + 2:
            continue
        item = paragraphs.get(key)
        if item is None or item.get("loose") or not escalate(item):
            continue
        acted.append(key)
    return acted
