"""Nothing the author wrote is lost or doubled: random nesting of lists and quotes, and random
runs of citations, note calls, inline notes and brackets side by side, counted in the DOCX.

Every piece of text carries a word of its own (w12, n3, i7); each must be in the DOCX exactly
once, and there must be exactly one footnote per citation group, note call and inline note.
"""
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docx.oxml.ns import qn

from assemble.build import build_report
from docxread import Docx

BASE = Path(__file__).parent / "broken" / "_base"
FRONT = "---\nid: main\narticles: [21]\norganisations: [TB]\nstatus: final\n---\n"
TAG = re.compile(r"\b[wni]\d+\b")


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("lost") / "report"
    shutil.copytree(BASE, target)
    return target


def build(root: Path, body: str) -> Docx:
    (root / "sections" / "main.md").write_text(FRONT + body, encoding="utf-8")
    return Docx(build_report(root, ["docx"], root / "build" / "out.docx").outputs[0])


def tags_in(doc: Docx) -> list[str]:
    """The tags of the body (a note mark separates the words on either side) and of the notes."""
    pieces = []
    for node in doc.body.iter(qn("w:t"), qn("w:footnoteReference"), qn("w:p")):
        pieces.append(node.text or "" if node.tag == qn("w:t") else " ")
    return TAG.findall("".join(pieces) + "\n" + "\n".join(doc.footnotes().values()))


# ---- nesting ------------------------------------------------------------------------------------

class Counter:
    def __init__(self):
        self.n = 0

    def word(self, prefix="w") -> str:
        self.n += 1
        return f"{prefix}{self.n}"


# A block tree: ("p",) | ("ul"|"ol", [item blocks...]) | ("q", [blocks]), nesting bounded so
# that lists inside quotes stay within what markdown-it reads (11 lists, 23 quotes).
def blocks(depth: int):
    leaf = st.just(("p",))
    if depth == 0:
        return st.lists(leaf, min_size=1, max_size=2)
    inner = blocks(depth - 1)
    node = st.one_of(leaf,
                     st.tuples(st.sampled_from(["ul", "ol"]), st.lists(inner, min_size=1, max_size=2)),
                     st.tuples(st.just("q"), inner))
    return st.lists(node, min_size=1, max_size=2)


def markdown(tree, counter: Counter, words: list[str]) -> str:
    out = []
    for node in tree:
        if node[0] == "p":
            word = counter.word()
            words.append(word)
            out.append(f"Text {word}.")
        elif node[0] == "q":
            inner = markdown(node[1], counter, words)
            out.append("\n".join("> " + line if line else ">" for line in inner.split("\n")))
        else:
            marker = "- " if node[0] == "ul" else "1. "
            items = []
            for item in node[1]:
                inner = markdown(item, counter, words).split("\n")
                items.append("\n".join([marker + inner[0]] + [" " * len(marker) + line if line else ""
                                                              for line in inner[1:]]))
            out.append("\n\n".join(items))
    return "\n\n".join(out)


def chain(kinds: str):
    """One block nested in the next: "uoq" is a bullet list holding an ordered list holding a quote."""
    tree = [("p",)]
    for kind in reversed(kinds):
        tree = [("q", tree)] if kind == "q" else [("ul" if kind == "u" else "ol", [tree, [("p",)]])]
    return tree


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(tree=blocks(10))
@example(tree=chain("uououououo"))  # as deep as Word's lists go, and one more
@example(tree=chain("qqqqqqqqqqqqqqqqqqqqqq"))
def test_every_nested_paragraph_reaches_the_docx_once(root, tree):
    words: list[str] = []
    body = "Opening.\n\n" + markdown(tree, Counter(), words) + "\n"
    assert sorted(tags_in(build(root, body))) == sorted(words), body


# ---- citations, note calls and brackets side by side --------------------------------------------

ATOMS = st.sampled_from(["word", "cite", "cite2", "call", "inline", "paren"])
SEPARATORS = st.sampled_from(["", " ", ", ", ". "])


def adjacent(atoms: list[str], seps: list[str]) -> tuple[str, list[str], int]:
    """(Markdown paragraph with its note definitions, the tags it holds, its number of notes)."""
    counter, tags, notes, defs = Counter(), [], 0, []
    out = []
    for atom, sep in zip(atoms, seps):
        if atom == "word":
            tag = counter.word()
            piece = tag
        elif atom in ("cite", "cite2"):
            piece, tag = ("[@law]" if atom == "cite" else "[see @law, art. 5]"), None
            notes += 1
        elif atom == "call":
            tag = counter.word("n")
            piece = f"[^{tag}]"
            defs.append(f"[^{tag}]: Free note {tag}.")
            notes += 1
        elif atom == "inline":
            tag = counter.word("i")
            piece = f"^[He wrote [sic] that 5 \\* 3, a\\_b and AT&T meet {tag}]"
            notes += 1
        else:  # a bracketed citation and word, right after whatever came before: [^n3]([@law] w4)
            inner = counter.word()
            piece, tag = f"([@law] {inner})", inner
            notes += 1
        if tag:
            tags.append(tag)
        if out and not sep and out[-1][-1:].isalnum() and piece[:1].isalnum():
            sep = " "  # two words written together are one word
        out.append(sep + piece)
    return "".join(out).lstrip(", .") + "\n\n" + "\n\n".join(defs) + "\n", tags, notes


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_citations_notes_and_brackets_side_by_side_lose_nothing(root, data):
    atoms = data.draw(st.lists(ATOMS, min_size=1, max_size=10))
    seps = data.draw(st.lists(SEPARATORS, min_size=len(atoms), max_size=len(atoms)))
    body, tags, notes = adjacent(atoms, seps)
    doc = build(root, "Opening.\n\n" + body)
    assert sorted(tags_in(doc)) == sorted(tags), body
    assert len(doc.footnotes()) == notes, body
