"""upr-recommendations.csv: the previous UPR cycle's recommendations, which sections cite as @upr:115.23.

One row per recommendation, as the Working Group's report numbers them (the matrix OHCHR
publishes per review is a table that Excel or LibreOffice saves as CSV):

    number,state,recommendation,response
    115.23,Norway,"Guarantee the right of peaceful assembly ...",supported

`number` and `state` are required; `recommendation` and `response` are kept for the statistics.
A column `state_ru` (any language code) gives the State's name in a build in that language.
Excel's own CSV variants (a BOM, `;` or tab between fields) are read as well.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from assemble.load.text import read_text
from assemble.problems import Problems

FILE = "upr-recommendations.csv"
NUMBER_RE = re.compile(r"^\d+(?:\.\d+)+$")
COLUMNS = {"number": ("number", "no.", "no", "recommendation number", "rec. no."),
           "state": ("state", "recommending state", "recommending states", "source"),
           "recommendation": ("recommendation", "text"),
           "response": ("response", "position")}


@dataclass
class PreviousRecommendation:
    number: str
    state: str
    text: str = ""
    response: str = ""
    line: int = 0
    states: dict[str, str] = field(default_factory=dict)  # language -> the State's name in it

    def state_in(self, lang: str) -> str:
        return self.states.get(lang) or self.state


def load_previous(root: Path, problems: Problems) -> dict[str, PreviousRecommendation] | None:
    """The listed recommendations by number; None when the workspace has no such file."""
    path = root / FILE
    if not path.exists():
        return None
    text = read_text(path, problems)
    if text is None:
        return {}
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        problems.error(path, 1, f"{FILE} is empty", "write a first line 'number,state,recommendation,response'")
        return {}
    header = [h.strip().lower() for h in rows[0]]
    where = {}
    for name, spellings in COLUMNS.items():
        where[name] = next((i for i, h in enumerate(header) if h in spellings), None)
    missing = [n for n in ("number", "state") if where[n] is None]
    if missing:
        problems.error(path, 1, f"the first line of {FILE} needs the column{'s' if len(missing) > 1 else ''} "
                       + " and ".join(f"'{m}'" for m in missing),
                       "start the file with the line: number,state,recommendation,response")
        return {}
    localised = {m[1]: i for i, h in enumerate(header) if (m := re.fullmatch(r"state_([a-z]{2,3})", h))}
    found: dict[str, PreviousRecommendation] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(i):
            return row[i].strip() if i is not None and i < len(row) else ""

        number, state = cell(where["number"]), cell(where["state"])
        if not NUMBER_RE.match(number):
            problems.error(path, line, f"'{number}' is not a recommendation number such as 115.23",
                           "write the number as the Working Group's report prints it")
            continue
        if number in found:
            problems.error(path, line, f"recommendation {number} is listed twice (also on line {found[number].line})",
                           "keep one of the two lines")
            continue
        if not state:
            problems.error(path, line, f"recommendation {number} has no recommending State",
                           "fill in the 'state' column, e.g. Norway")
            continue
        found[number] = PreviousRecommendation(
            number, state, cell(where["recommendation"]), cell(where["response"]), line,
            {lang: cell(i) for lang, i in localised.items() if cell(i)})
    return found
