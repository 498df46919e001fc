"""Whatever Markdown a co-author writes, `build` ends in a DOCX or in file:line messages, never a crash."""
import re
import shutil
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assemble.build import build_report
from assemble.problems import BuildError

BASE = Path(__file__).parent / "broken" / "_base"
FRONT = "---\nid: main\narticles: [21]\norganisations: [TB]\nstatus: final\n---\n"
MESSAGE = re.compile(r"^(report\.yml|sections/main\.md|footnotes/sources\.bib)(:\d+)?: (error|warning): \S")
# pieces of the syntax we support (and of what people get wrong), mixed with arbitrary text
PIECES = st.sampled_from([
    "Text ", " ", "\n", "\n\n", "[@law]", "[@law, art. 5]", "[see @law; @law, p. 3]", "[@", "[@nope]", "@law",
    "@para:first", "@para:nowhere", "@sec:main", "@rec:r1", "[^a]", "\n[^a]: a note\n", "^[inline [@law]]",
    "\n::: recommendations\n", "\n::: questions\n", "\n:::\n", "\n- ", "\n1. ", "\n   ", "\n# ", "\n## ",
    "\n> ", "\n{#para:p1}\n", "{#rec:r1} ", "\n{.unnumbered}\n", "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "*", "**", "_", "`", "\n```\n", "[link](http://example.org)", "<b>", "&amp;", "{{ 7*7 }}", "{% if x %}",
    "\\", "]", "[", "\t", "é", "Ж", "\u202e", "\x0c", "\ufeff", "\n---\n", "#", "$x$", "<!-- -->",
])
BODIES = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("prop") / "report"
    shutil.copytree(BASE, target)
    return target


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES)
def test_random_markdown_never_crashes_build(root, body):
    (root / "sections" / "main.md").write_text(FRONT + body, encoding="utf-8")
    output = root / "build" / "out.docx"
    output.unlink(missing_ok=True)
    try:
        build_report(root, ["docx"], output)
    except BuildError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert MESSAGE.match(str(problem)), str(problem)
        assert not output.exists()
        return
    document = docx.Document(str(output))
    assert document.paragraphs
