"""Synthetic report workspaces for benchmarks, in our format and as equivalent pandoc input.

    python bench/generate.py OUT_DIR [--scale N]

Scale 1: about 60,000 words in 20 sections, 200 citation notes over 180 sources of mixed
entry types, cross-references and recommendations. Scale N multiplies sections, notes and
sources. Deterministic: the same scale always gives the same files.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("the State party authorities court law assembly freedom expression detention judges "
         "defenders journalists association registration criminal code article fine police torture "
         "complaint prosecutor investigation remedy prison guarantees independence media internet "
         "election participation religious discrimination women minorities protest permission").split()
TYPES = ["legislation", "undoc", "report", "online", "jurisdiction", "article", "book"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def entry(i: int, rng: random.Random) -> str:
    kind = TYPES[i % len(TYPES)]
    key = f"src-{i:04d}"
    fields = {"title": f"{sentence(rng, 6)[:-1]} {i}", "date": f"20{10 + i % 15:02d}-0{1 + i % 9}-1{i % 9}"}
    if kind == "legislation":
        fields.update(number=f"{100 + i}-VI", institution="Republic of Kazakhstan", shorttitle=f"Law {i}")
    elif kind == "undoc":
        fields.update(author="{Human Rights Committee}", number=f"CCPR/C/KAZ/CO/{i}")
    elif kind in ("report", "online"):
        fields.update(author="{Kazakhstan International Bureau for Human Rights}",
                      url=f"https://example.org/{key}", urldate="2026-01-15", shorttitle=f"Report {i}")
    elif kind == "jurisdiction":
        fields.update(institution="Supreme Court", number=f"2-{i}/2021", shorttitle=f"Case {i}")
    elif kind == "article":
        fields.update(author="Doe, Jane and Roe, Richard", journaltitle="Journal of Rights", volume=str(i % 30),
                      pages=f"{i}--{i + 20}")
    else:
        fields.update(author="Smith, Anna", publisher="Example Press", location="London", year=str(2000 + i % 20))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{key},\n{body},\n}}\n"


def generate(out: Path, scale: int = 1) -> dict:
    rng = random.Random(scale)
    sections_n, sources_n, notes_n, words_per_section = 20 * scale, 180 * scale, 200 * scale, 3000
    (out / "sections").mkdir(parents=True, exist_ok=True)
    (out / "footnotes").mkdir(parents=True, exist_ok=True)
    (out / "report.yml").write_text(
        "title: Benchmark alternative report\nstate_party: Kazakhstan\n"
        "organisations:\n  - name: Benchmark Coalition\n    acronym: BC\n    role: lead\n"
        f"date: 2026-11-20\nword_limit: 0\noutput: bench-{scale}x\n", encoding="utf-8")
    (out / "footnotes" / "sources.bib").write_text("\n".join(entry(i, rng) for i in range(sources_n)),
                                                   encoding="utf-8")
    notes_per_section = notes_n // sections_n
    pandoc = ["---\ntitle: Benchmark alternative report\n---\n"]
    cite_index = 0
    for s in range(sections_n):
        sid = f"s{s:03d}"
        article = 1 + s % 27
        lines = [f"---\nid: {sid}\ntitle: Section {s}\npart: articles\narticles: [{article}]\n"
                 f"organisations: [BC]\norder: {s}\n---\n"]
        md = [f"# Section {s} {{#sec-{sid}}}\n"]
        paragraphs = 30
        words_per_paragraph = words_per_section // paragraphs
        for p in range(paragraphs):
            text = " ".join(sentence(rng, 12) for _ in range(words_per_paragraph // 12))
            label = ""
            if p < notes_per_section:
                key = f"src-{cite_index % sources_n:04d}"
                pin = f", para. {p + 1}" if p % 3 == 0 else ""
                text += f"[@{key}{pin}]"
                cite_index += 0 if p % 10 == 9 else 1  # some repeats: short forms and Ibid. occur
            if p == 0:
                label = f"{{#para:{sid}-first}}\n"
            if p == 5 and s > 0:
                text += f" As shown in @para:s{s - 1:03d}-first, the pattern continues."
            if p == 8 and s > 0:
                text += f" See also @sec:s{s - 1:03d}."
            lines.append(f"{label}{text}\n")
            md.append(text.replace("@para:", "para. ").replace("@sec:", "section ") + "\n")
        recs = "\n".join(f"- The State party should {sentence(rng, 10).lower()}" for _ in range(3))
        lines.append(f"::: recommendations\n{recs}\n:::\n")
        md.append(f"::: recommendations\n{recs}\n:::\n")
        (out / "sections" / f"{sid}.md").write_text("\n".join(lines), encoding="utf-8")
        pandoc.append("\n".join(md))
    (out / "pandoc.md").write_text("\n".join(pandoc), encoding="utf-8")
    return {"sections": sections_n, "sources": sources_n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.scale))


if __name__ == "__main__":
    main()
