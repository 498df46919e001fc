"""`assemble import FILE.docx --as sections/<id>.md`: a partner's Word file becomes a section.

Read (read.py) -> decide what each paragraph is (structure.py) -> match the notes to the
workspace's sources (notes.py, match.py) -> write Markdown (write.py) -> read it back with the
project's own loader and parser, so the section written is the section imported -> write it
atomically -> run the workspace checks and report (report.py).
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assemble.i18n import catalogue
from assemble.load.bib import load_bibliography
from assemble.load.catalogue import treaty_catalogue
from assemble.load.config import load_config
from assemble.load.sections import ID_RE, PARTS, load_section
from assemble.output import write_atomic
from assemble.paths import Refused, check_inside
from assemble.problems import BuildError, Problem, Problems
from assemble.wordimport.match import Matcher, NoteResult, match_notes
from assemble.wordimport.read import DocxError, read_docx
from assemble.wordimport.report import ImportReport, note_entries
from assemble.wordimport.sniff import docx_problem
from assemble.wordimport.structure import Structured, built_section_id, spans_text, structure
from assemble.wordimport.write import section_markdown

LABEL_IN_TEXT = re.compile(r"\{#((?:para|sec|rec):[A-Za-z0-9][A-Za-z0-9_-]*)\}")
ARTICLE_WORD = r"(?:art(?:icle)?s?\.?|ст(?:атья|атьи)?\.?)"
ARTICLE_IN_TITLE = re.compile(rf"\b{ARTICLE_WORD}\s*(\d{{1,3}}(?:\s*(?:,|and|&|и|–|-)\s*\d{{1,3}})*)", re.I)
# "Freedom of expression (art. 19)", "Article 19: Freedom of expression", "Art. 19. Expression"
ARTICLE_SUFFIX = re.compile(rf"\s*\({ARTICLE_WORD}\s*[\d,\s&и–-]+(?:and\s+\d+)?\)\s*$", re.I)
ARTICLE_PREFIX = re.compile(rf"^\s*{ARTICLE_WORD}\s*\d{{1,3}}\s*[.:–—-]\s*", re.I)


def _article_numbers(text: str) -> list[int]:
    """"2, 3 and 26" -> [2, 3, 26]; "2–4" -> [2, 3, 4]."""
    numbers: list[int] = []
    for a, b in re.findall(r"(\d{1,3})(?:\s*[–-]\s*(\d{1,3}))?", text):
        first, last = int(a), int(b) if b else int(a)
        numbers.extend(range(first, last + 1) if last >= first and last - first < 30 else [first])
    return list(dict.fromkeys(numbers))
FRONT_TITLES = re.compile(r"^(introduction|summary|executive summary|methodology|foreword|preface)\b", re.I)
FOLLOWUP_TITLES = re.compile(r"follow[- ]?up", re.I)
ANNEX_TITLES = re.compile(r"^annex", re.I)


@dataclass
class ImportOptions:
    target: str | None = None  # --as, relative to the report folder
    articles: str | None = None  # "19,21"
    part: str | None = None
    organisations: tuple[str, ...] = ()
    title: str | None = None
    dry_run: bool = False
    force: bool = False


@dataclass
class _Target:
    path: Path
    rel: str
    section_id: str
    told: list[str] = field(default_factory=list)


def _fail(file, message: str, hint: str | None = None):
    raise BuildError([Problem(str(file), None, message, hint=hint)])


def _target(root: Path, source: Path, wanted: str | None, built_id: str, force: bool, dry_run: bool) -> _Target:
    told = []
    if wanted is None:
        stem = built_id or re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "imported"
        wanted = f"sections/{stem}.md"
        told.append(f"written to {wanted} (from the {'section the file was built from' if built_id else 'file name'}; "
                    "choose another with --as)")
    raw = wanted.replace("\\", "/")
    if "/" not in raw:
        raw = f"sections/{raw}"
    if not raw.endswith(".md"):
        raw += ".md"
    path = (root / raw)
    sections = (root / "sections").resolve()
    try:
        resolved = path.resolve()
        inside = resolved.parent == sections
    except OSError:
        inside = False
    if not inside:
        _fail(wanted, "--as must name a file directly in the report's sections/ folder, such as sections/art-19.md")
    try:
        check_inside(root, path.parent)  # sections/ itself may be a link out of the report folder
    except Refused as exc:
        _fail(exc.path, exc.message, exc.hint)
    section_id = path.stem
    if not ID_RE.match(section_id):
        _fail(wanted, f"the section id '{section_id}' may only contain a-z, 0-9 and '-'",
              "choose another file name with --as, e.g. sections/art-19.md")
    rel = f"sections/{path.name}"
    if path.exists() and not force and not dry_run:
        _fail(rel, "this section file already exists; nothing was changed",
              "add --force to replace it, or choose another name with --as")
    for other in sorted((root / "sections").glob("*.md")) if (root / "sections").is_dir() else []:
        if other.resolve() == resolved:
            continue
        head = other.read_text(encoding="utf-8", errors="replace")[:2000]
        match = re.search(r"(?m)^id:\s*['\"]?([a-z0-9-]+)", head) if head.startswith("---") else None
        if (match[1] if match else other.stem) == section_id:
            _fail(rel, f"section id '{section_id}' is already used by sections/{other.name}",
                  "choose another name with --as")
    return _Target(path, rel, section_id, told)


def _front(opts: ImportOptions, target: _Target, structured: Structured, config, treaty,
           file: Path) -> tuple[dict, list[str]]:
    told: list[str] = []
    articles: list[int] = []
    known = treaty["articles"] if treaty else {}
    if opts.articles:
        for piece in re.split(r"[,\s]+", opts.articles.strip()):
            if not piece:
                continue
            if not piece.isdigit():
                _fail(file, f"--articles takes article numbers such as 19,21, not '{piece}'")
            number = int(piece)
            if known and number not in known:
                _fail(file, f"article {number} is not in the {treaty['treaty']} (articles 1-{max(known)})")
            articles.append(number)
    part = opts.part
    if part and part not in PARTS:
        _fail(file, f"--part must be one of: {', '.join(PARTS)}")
    doc_title = structured.title
    if not articles and part in (None, "articles"):
        from_title = ARTICLE_IN_TITLE.search(doc_title or "")
        from_id = re.fullmatch(r"art-?(\d{1,3})", target.section_id)
        guess = _article_numbers(from_title[1]) if from_title else [int(from_id[1])] if from_id else []
        guess = [a for a in guess if not known or a in known]
        if guess:
            articles = guess
            told.append(f"articles: {guess} (from the {'title' if from_title else 'file name'}; "
                        "use --articles to change)")
        elif part == "articles":
            _fail(file, "an 'articles' section needs its article numbers", "add --articles, e.g. --articles 19,21")
    if part is None:
        title_text = opts.title or doc_title or target.section_id
        if articles:
            part = "articles"
        elif FOLLOWUP_TITLES.search(title_text) or "followup" in target.section_id:
            part = "followup"
        elif ANNEX_TITLES.search(title_text):
            part = "annex"
        else:
            part = "front"
        told.append(f"part: {part} (use --part to change)")
    organisations = []
    acronyms = {o.acronym.lower(): o.acronym for o in config.organisations}
    for given in opts.organisations:
        for acronym in [a.strip() for a in given.split(",") if a.strip()]:
            if acronym.lower() not in acronyms:
                _fail(file, f"organisation '{acronym}' is not listed in report.yml",
                      "known: " + ", ".join(sorted(acronyms.values())))
            organisations.append(acronyms[acronym.lower()])
    front: dict = {"id": target.section_id}
    title = opts.title
    if not title and part != "articles":
        title = doc_title or target.section_id.replace("-", " ").capitalize()
        told.append(f"title: {title} (from the {'document' if doc_title else 'file name'}; use --title to change)")
    elif not title and doc_title:
        # assemble adds "(art. 19)" itself, and the catalogue's title is the default
        own = ARTICLE_PREFIX.sub("", ARTICLE_SUFFIX.sub("", doc_title)).strip()
        standard = known.get(articles[0], "") if articles else ""
        if own and " ".join(own.lower().split()) != " ".join(str(standard).lower().split()):
            title = own
            told.append(f"title: {own} (from the document; use --title to change)")
        else:
            told.append(f"title: {standard or 'from the treaty catalogue'} (the catalogue's title for article "
                        f"{articles[0]})")
    if opts.title and doc_title and " ".join(doc_title.split()).lower() != " ".join(opts.title.split()).lower():
        told.append(f"title: {opts.title} (--title), in place of the document's own “{doc_title}”")
    if title:
        front["title"] = title
    front["part"] = part
    if articles:
        front["articles"] = articles
    if organisations:
        front["organisations"] = organisations
    else:
        told.append("organisations: none given (add --organisation ACRONYM)")
    front["status"] = "draft"
    return front, told


def _taken_labels(root: Path, target: Path) -> set[str]:
    """Labels other sections already use: an imported label must not repeat one."""
    taken = set()
    folder = root / "sections"
    if folder.is_dir():
        for path in folder.glob("*.md"):
            if path.resolve() == target.resolve():
                continue
            taken.update(LABEL_IN_TEXT.findall(path.read_text(encoding="utf-8", errors="replace")))
    return taken


def _xref_words(words: list[dict]) -> list[str]:
    found = []
    for w in words:
        for key in ("para", "paras", "section", "recommendation"):
            value = w.get(key) or ""
            if "{n}" in value:
                found.append(value.split("{n}")[0])
    return found + ["paragraph ", "paragraphs ", "para ", "section "]


def import_word(root: Path, file: Path, opts: ImportOptions) -> ImportReport:
    """Import `file` into the report folder `root`; raises BuildError with one sentence on failure."""
    why = docx_problem(file)
    if why:
        _fail(file, why)
    problems = Problems(root)
    config = load_config(root, problems)
    if config is None:
        raise BuildError(problems.errors)
    treaty = treaty_catalogue(config.treaty)
    try:
        doc = read_docx(file)
    except DocxError as exc:
        _fail(file, str(exc))
    words = [catalogue(config.language)] + ([catalogue("en")] if config.language != "en" else [])
    # which section: --as, else the section an assemble-built file came from, else the file name
    target = _target(root, file, opts.target, built_section_id(doc), opts.force, opts.dry_run)
    structured = structure(doc, words, _taken_labels(root, target.path))
    if not any(b.kind != "comment" for b in structured.blocks):
        _fail(file, "this Word file holds no text to import" + (f" besides its title “{structured.title}”"
                                                                 if structured.title else "")
              + "; check that the partner sent the right file")
    bib_problems = Problems(root)
    bib = load_bibliography(root / "footnotes", bib_problems)
    front, told = _front(opts, target, structured, config, treaty, file)
    every_language = [catalogue(lang) for lang in ("en", "fr", "es", "ru")]
    matcher = Matcher(bib, words + every_language, config.abbreviations)
    results = match_notes(doc.notes, matcher)
    written = section_markdown(structured, results, front, _xref_words(words))
    readback = verify(root, config, treaty, target, written.text, structured, written.notes)
    report = ImportReport(source=str(file), target=target.rel, front=front, told=target.told + told,
                          decisions=structured.decisions, markdown=written.text, dry_run=opts.dry_run)
    report.counts = _counts(doc, structured, written.notes, readback)
    report.notes = note_entries(written.notes, results)
    report.problems = [p for p in readback["problems"]] + [Problem(target.rel, None, m) for m in written.problems]
    report.bib_errors = len(bib_problems.errors)
    if readback["mismatch"]:
        raise BuildError([Problem(str(file), None, "the section could not be written so that it reads back as "
                                  f"imported ({readback['mismatch']}); nothing was written",
                                  hint="please report this file to the assemble maintainers")])
    if opts.dry_run:
        return report
    # the user named this file (--as, or the file name), and _target() keeps it in sections/
    write_atomic(target.path, written.text.encode("utf-8"), root=None)
    report.written = True
    from assemble.checks.run import check_workspace

    report.problems = [p for p in check_workspace(root) if p.file == target.rel]
    return report


def verify(root: Path, config, treaty, target: _Target, text: str, structured: Structured,
           called: list[NoteResult]) -> dict:
    """Read the written text back through assemble's loader and parser and compare it with what
    was imported: numbered paragraphs, notes and citation keys, in order."""
    from assemble.model import Cite, NoteRef, Paragraph, block_inlines, walk_blocks, walk_inlines
    from assemble.parse import parse_section

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / target.path.name
        path.write_text(text, encoding="utf-8")
        problems = Problems(Path(tmp))
        source = load_section(path, config, treaty, problems)
        if source is not None:
            parse_section(source, problems)
    found = [Problem(target.rel, p.line, p.message, p.severity, p.hint) for p in problems.items]
    if source is None:
        return {"problems": found, "mismatch": "the front matter did not load", "paragraphs": 0}
    blocks = source.section.blocks
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.numbered and not _comment_only(b)]
    keys, notes = [], 0
    for inlines in block_inlines(blocks):
        for node in walk_inlines(inlines):
            if isinstance(node, Cite):
                notes += 1
                keys.extend(i.key for i in node.items)
            elif isinstance(node, NoteRef) and node.note is not None:
                notes += 1
                for para in node.note.paragraphs:
                    for inner in walk_inlines(para):
                        if isinstance(inner, Cite):
                            keys.extend(i.key for i in inner.items)
    expected_paragraphs = sum(1 for b in structured.blocks if b.kind == "para" and b.numbered and spans_text(b.spans).strip()
                              or (b.kind == "para" and b.numbered and any(s.note for s in b.spans)))
    expected_notes = sum(1 for r in called if r.state != "empty")
    expected_keys = [c.key for r in called if r.state != "empty" for c in r.cites]
    mismatch = ""
    if len(paragraphs) != expected_paragraphs:
        mismatch = f"{len(paragraphs)} numbered paragraphs read back, {expected_paragraphs} imported"
    elif notes != expected_notes:
        mismatch = f"{notes} notes read back, {expected_notes} imported"
    elif keys != expected_keys:
        mismatch = "the citation keys read back differ from those imported"
    errors = [p for p in found if p.severity == "error"]
    if errors and not mismatch:
        mismatch = errors[0].message
    _ = walk_blocks
    return {"problems": found, "mismatch": mismatch, "paragraphs": len(paragraphs)}


def _comment_only(paragraph) -> bool:
    from assemble.model import Text

    text = "".join(n.text for n in paragraph.inlines if isinstance(n, Text)).strip()
    return text.startswith("<!--") and text.endswith("-->")


def _counts(doc, structured: Structured, called: list[NoteResult], readback: dict) -> dict:
    counts = {"paragraphs": readback["paragraphs"]}
    blocks = structured.blocks
    counts["headings"] = sum(1 for b in blocks if b.kind == "heading")
    counts["lists"] = sum(1 for b in blocks if b.kind == "list")
    counts["tables"] = sum(1 for b in blocks if b.kind == "table")
    counts["quotes"] = sum(1 for b in blocks if b.kind == "quote")
    counts["recommendations"] = sum(len(b.items) for b in blocks if b.kind == "recommendations")
    counts["questions"] = sum(len(b.items) for b in blocks if b.kind == "questions")
    notes = [r for r in called if r.state != "empty"]
    counts["notes"] = len(notes)
    counts["endnotes"] = sum(1 for r in notes if r.note.kind == "endnote")
    counts["citation notes"] = sum(1 for r in notes if r.state == "citation")
    counts["notes with text and citations"] = sum(1 for r in notes if r.state == "mixed")
    counts["notes kept as text"] = sum(1 for r in notes if r.state == "text")
    counts["empty notes"] = sum(1 for r in called if r.state == "empty")
    counts["citations"] = sum(len(r.cites) for r in notes)
    counts["parts kept as text"] = sum(1 for r in notes for part in r.kept if part.candidates)
    counts["tracked insertions accepted"] = doc.counts.get("insertions", 0) + doc.counts.get("moves", 0)
    counts["tracked deletions dropped"] = doc.counts.get("deletions", 0)
    counts["comments"] = structured.counts.get("comments", 0)
    counts["images"] = doc.counts.get("images", 0)
    for key, value in sorted((doc.counts + structured.counts).items()):
        if value and key not in ("insertions", "deletions", "moves", "images", "comments", "headings", "lists",
                                 "tables", "quotes", "recommendations", "questions"):
            counts[key] = value
    return counts
