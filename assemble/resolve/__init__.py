"""Resolve stage: order, numbers, notes, citation forms, cross-reference texts: once, for all renderers."""
from __future__ import annotations

import re
from pathlib import Path

from assemble.i18n import catalogue, format_date
from assemble.load.bib import BibEntry
from assemble.load.catalogue import localised
from assemble.model import (Config, CoverLine, CoverStyle, Heading, LineBreak, Metadata, NoteRef, Organisation, Part,
                            Report, Section, Text, block_inlines, copy_tree, inline_text, walk_inlines)
from assemble.problems import Problems
from assemble.resolve.anchors import Anchors
from assemble.resolve.blockids import assign_block_ids
from assemble.resolve.citations import CitationFormatter
from assemble.resolve.crossrefs import resolve_xrefs
from assemble.resolve.headings import section_heading
from assemble.resolve.links import link_urls
from assemble.resolve.nested import fold_nested_notes
from assemble.resolve.notes import collect_notes, format_citations
from assemble.resolve.numbering import Numberer, set_paragraph_ranges
from assemble.resolve.order import order_sections
from assemble.templates_loader import environment, template_path
from assemble.typography import quotes_for, smarten

# Chinese and Japanese are written without spaces: Word counts each character as a word.
# Korean has spaces between words and is counted like any other script.
UNSPACED_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def cluster_title(cluster: dict, words: dict, lang: str) -> str:
    """'General measures of implementation (arts. 4, 42 and 44 (6))', from the pack."""
    reference = localised(cluster["reference"], lang)
    suffix = words["article_suffix_one" if reference.isdigit() else "article_suffix_many"]
    return f"{localised(cluster['title'], lang)} {suffix.replace('{n}', reference)}"


def resolve(root: Path, config: Config, sections: list[Section], bib: dict[str, BibEntry], catalogue_: dict,
            problems: Problems, lang: str | None = None, previous: dict | None = None) -> Report:
    lang = lang or config.language
    words = catalogue(lang, config.treaty)
    # Resolve works on its own copy (as Sphinx resolves a fresh doctree): the parsed sections
    # stay as the author wrote them, for translation units and for a second build language.
    sections = copy_tree(sections)
    fold_nested_notes(sections, problems)
    parts = []
    for group in order_sections(sections, config.structure, catalogue_):
        title = cluster_title(group.cluster, words, lang) if group.cluster else words["parts"][group.key]
        heading = Heading(1, [Text(title)], group.sections[0].loc, label=None)
        for section in group.sections:
            section.heading = section_heading(section, lang, config.treaty)
        parts.append(Part(group.key, heading, group.sections))

    anchors = Anchors()
    summary_anchor, abbreviations_anchor = anchors.claim("annex_recommendations"), anchors.claim("abbreviations")
    numberer = Numberer(problems, anchors)
    numberer.number_parts(parts)
    set_paragraph_ranges(parts)
    ordered = [s for p in parts for s in p.sections]

    after = config.notes_after_punctuation
    notes = collect_notes(ordered, problems, after_punctuation=words.get("notes_after_punctuation", True) if after is None
                          else after)
    formatter = CitationFormatter(root, words, lang, source_lang=config.language, treaty=config.treaty)
    cited = format_citations(notes, bib, formatter, problems, body=ordered)
    resolve_xrefs(ordered, notes, numberer.labels, words, problems, previous, lang,
                  words_of=lambda other: catalogue(other, config.treaty))
    link_urls(ordered, notes)
    assign_block_ids(ordered)

    summary = Heading(1, [Text(words["annex"]), LineBreak(), Text(words["summary_of_recommendations"])],
                      ordered[0].loc if ordered else None, numbered=False)
    summary.anchor = summary_anchor
    abbreviations_heading = Heading(1, [Text(words["abbreviations"])], None, numbered=False)
    abbreviations_heading.anchor = abbreviations_anchor

    report = Report(config=config, parts=parts, notes=notes, recommendations=numberer.recommendations,
                    cover=cover_lines(root, config, catalogue_, words, lang, problems), words=words,
                    abbreviations=[], labels=numberer.labels, language=lang, cited=cited,
                    meta=metadata(config, words, lang))
    texts = [section_text(s) for s in ordered]
    report.word_count = sum(count_words(body) + count_words(notes) for body, notes in texts)
    text = "\n".join(part for pair in texts for part in pair)
    quotes = quotes_for(words)  # report.yml values get the typography section text gets
    report.abbreviations = [(a, smarten(" ".join(e.split()), quotes))
                            for a, e in sorted(config.abbreviations_for(lang).items(), key=lambda kv: kv[0].lower())
                            if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text)]
    report.summary_heading = summary if report.recommendations else None
    report.abbreviations_heading = abbreviations_heading if report.abbreviations else None
    return report


def section_text(section: Section) -> tuple[str, str]:
    """(body, notes) of a section as the committee counts words: title, text, its footnotes."""
    body = [inline_text(section.heading.inlines)] if section.heading else []
    notes = []
    for inlines in block_inlines(section.blocks):
        body.append(inline_text(inlines))
        for node in walk_inlines(inlines):
            if isinstance(node, NoteRef) and node.note is not None:
                notes.extend(inline_text(p) for p in node.note.paragraphs)
    return "\n".join(body), "\n".join(notes)


def count_words(text: str) -> int:
    """Words as Word counts them, and with it the committees' secretariats: whatever stands between
    spaces, so "CCPR/C/KAZ/CO/2", a URL, "10,000" and "so-called" are one word each; a dash or
    "&" standing alone is none."""
    count = 0
    for token in text.split():
        count += len(UNSPACED_SCRIPTS.findall(token))
        count += sum(1 for part in UNSPACED_SCRIPTS.sub(" ", token).split() if LETTER_OR_DIGIT.search(part))
    return count


def cover_lines(root: Path, config: Config, treaty: dict, words: dict, lang: str,
                problems: Problems | None = None) -> list[CoverLine]:
    """The cover page through templates/cover.j2: one 'style: text' line per cover line. Values are
    in the build language where report.yml has them (`title_ru`), with smart typography. A line
    without a known style (a typo in a report's own template) is printed whole as text, with a
    warning: nothing of it is lost."""
    env = environment(root, autoescape=False)
    quotes = quotes_for(words)
    clean = lambda s: " ".join(str(s).split())  # noqa: E731 - a value can never add a cover line
    smart = lambda s: smarten(clean(s), quotes)  # noqa: E731
    documents = {k: clean(v) for k, v in config.documents.items()}
    names = {o.acronym: o for o in config.organisations}
    contact = {k: clean(v) for k, v in config.contact.items() if not k.startswith("name_")}
    if contact.get("name"):  # name_ru: the contact's name as a Russian cover writes it
        contact["name"] = smart(config.contact.get(f"name_{lang}") or contact["name"])
    rendered = env.get_template("cover.j2").render(
        title=smart(config.text("title", lang)), subtitle=smart(config.text("subtitle", lang)),
        state=smart(config.text("state_party", lang)),
        treaty=treaty, session=smart(config.text("session", lang)), documents=documents,
        organisations=[{"name": smart(o.text("name", lang)),
                        **{k: clean(getattr(o, k)) for k in ("acronym", "url", "email", "role")}}
                       for o in config.organisations],
        contact=contact, contact_organisation=names[contact["organisation"]].acronym
        if contact.get("organisation") in names else "",
        date=format_date(config.date, words), confidential=config.confidential, w=words)
    lines = []
    for raw in rendered.split("\n"):
        if not raw.strip():
            continue
        name, _, text = raw.partition(":")
        try:
            lines.append(CoverLine(CoverStyle(name.strip()), text.strip()))
        except ValueError:
            lines.append(CoverLine(CoverStyle.TEXT, raw.strip()))
            if problems is not None:
                _unknown_cover_style(root, name.strip(), raw.strip(), problems)
    return lines


def _unknown_cover_style(root: Path, name: str, line_text: str, problems: Problems) -> None:
    path = template_path(root, "cover.j2")
    source = path.read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((i for i, text in enumerate(source, 1) if text.strip().startswith(name or line_text)), None)
    problems.warning(path, line, f"the cover line '{line_text[:60]}' has no known style, so it is printed as plain text",
                     "begin each line with one of: " + ", ".join(s.value for s in CoverStyle) + ", and a colon")


def metadata(config: Config, words: dict, lang: str) -> Metadata:
    """The document properties, once for both renderers: build language, smart typography."""
    quotes = quotes_for(words)
    smart = lambda s: smarten(" ".join(str(s).split()), quotes)  # noqa: E731
    state = smart(config.text("state_party", lang))
    lead = next((o for o in config.organisations if o.role == "lead"), None) or \
        (config.organisations[0] if config.organisations else Organisation("", ""))
    return Metadata(title=smart(config.text("title", lang)), subject=f"{config.treaty}: {state}",
                    authors=[smart(o.text("name", lang)) for o in config.organisations],
                    acronyms=[o.acronym for o in config.organisations], lead=smart(lead.text("name", lang)),
                    lead_acronym=lead.acronym,
                    keywords=[config.treaty, state, words["alternative_report"]], language=lang)
