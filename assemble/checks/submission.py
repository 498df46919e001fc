"""`assemble check --final`: the selected body's rules as a submission checklist, each with its source.

A rule the pack marks `confirmed` that the report breaks is an error (a warning for advice that
may be intended, such as a structure the body prefers); a `guidance` rule is listed as
recommended; an `unconfirmed` one is listed as "verify" and never fails: the research found no
source for it, so assemble does not pretend to know (docs/treaties/README.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assemble.checks.accessibility import accessibility_findings
from assemble.checks.words import limit_of, limit_words
from assemble.i18n import catalogue
from assemble.load import Workspace
from assemble.load.catalogue import source_text
from assemble.model import Heading, Paragraph, Report
from assemble.problems import Problems

# What each rule is called in the checklist; a rule not named here is listed with its text.
TITLES = {
    "word_limit": "Word limit", "word_count": "What counts", "languages": "Language", "formats": "File format",
    "cover": "Cover page", "publication": "Publication statement", "contents": "Table of contents",
    "numbering": "Numbered paragraphs and pages", "sections": "Required sections", "structure": "Structure",
    "clusters": "Clusters of articles", "annexes": "Annexes", "email_subject": "E-mail subject",
    "channel": "Where to send it", "deadline": "Deadline", "file_name": "File name", "period": "Period covered",
    "accessible": "Accessible formats", "accessibility": "Accessibility (assemble's own check)", "follow_up": "Follow-up", "summary_in_english": "Summary in English",
    "draft_state_report": "Draft State report", "contents_of_report": "Contents of the report",
}
# Words that show a required section is there, in any language of the report (its id, title or a heading).
SECTION_WORDS = {
    "executive-summary": ("summary", "résumé", "resumen", "резюме", "краткое изложение"),
    "methodology": ("methodology", "méthodologie", "metodología", "методология", "методы"),
    "contributors": ("contributors", "contributing organi", "contributeurs", "colaboradores", "участники",
                     "организации-участницы"),
}
SECTION_NAMES = {"executive-summary": "an executive summary", "methodology": "a methodology section",
                 "contributors": "a list of contributors"}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic", "zh": "Chinese"}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


@dataclass
class Item:
    rule: str
    what: str
    state: str  # ok | fails | verify | recommended | info
    detail: str
    source: str
    status: str  # the rule's status in the pack

    def as_dict(self) -> dict:
        return {"rule": self.rule, "what": self.what, "state": self.state, "status": self.status,
                "detail": self.detail, "source": self.source}


class Checklist:
    def __init__(self, workspace: Workspace, report: Report, problems: Problems | None):
        self.workspace = workspace
        self.report = report
        self.config = report.config
        self.pack = workspace.treaty
        self.problems = problems  # None: only list the items
        self.items: list[Item] = []
        self.committee = catalogue("en", self.config.treaty)["committee"]

    def run(self) -> list[Item]:
        for name, rule_ in self.pack["rules"].items():
            handler = getattr(self, f"rule_{name}", None)
            if handler is not None:
                handler(name, rule_)
            else:
                self.plain(name, rule_)
        if "accessible" not in self.pack["rules"]:
            self.rule_accessible("accessibility", {})
        return self.items

    # ---- recording ------------------------------------------------------------------
    def add(self, name: str, rule_: dict, state: str, detail: str) -> None:
        self.items.append(Item(name, TITLES.get(name, name.replace("_", " ").capitalize()), state, detail,
                               source_text(self.pack, rule_), rule_.get("status", "")))

    def fail(self, name: str, rule_: dict, detail: str, file, line, message: str, hint: str,
             warning: bool = False) -> None:
        """A broken rule: an error (or warning) when the pack confirms it, else only a checklist line."""
        if rule_.get("status") != "confirmed":
            self.add(name, rule_, "recommended" if rule_.get("status") == "guidance" else "verify", detail)
            return
        self.add(name, rule_, "fails", detail)
        if self.problems is not None:
            report_ = self.problems.warning if warning else self.problems.error
            report_(file, line, message, f"{hint}; rule of the {self.committee}: {source_text(self.pack, rule_)}")

    def plain(self, name: str, rule_: dict) -> None:
        """A rule assemble cannot decide from the files: its text, to read before sending."""
        state = {"confirmed": "info", "guidance": "recommended"}.get(rule_.get("status"), "verify")
        self.add(name, rule_, state, rule_.get("says", ""))

    def line(self, key: str) -> int | None:
        return self.config.lines.get(key)

    # ---- rules assemble decides -----------------------------------------------------
    def rule_word_limit(self, name, rule_):
        limit = limit_of(self.config, self.pack)
        count = self.report.word_count
        if not limit.words:
            pages = f" (older guidance: at most {rule_['pages']} pages)" if rule_.get("pages") else ""
            self.add(name, rule_, "verify", f"{count:,} words; no confirmed word limit{pages}; set word_limit in "
                     "report.yml from the session's information note")
            return
        whose = "report.yml's word_limit" if limit.from_report else "the committee's limit"
        detail = f"{count:,} words of {limit_words(limit)} ({whose}; footnotes included)"
        own = rule_.get("joint" if limit.kind == "joint" else "single") or rule_.get("single")
        if limit.from_report and own and own != limit.words:
            detail += f"; the body's own limit is {own:,}: make sure the session's note changed it"
        # check_word_limit reports the error itself (with the largest sections); here only the line
        state = "ok" if count <= limit.words else "fails"
        if limit.from_report or rule_.get("status") == "confirmed":
            self.add(name, rule_, state, detail)
        else:
            self.add(name, rule_, "verify" if state == "ok" else "fails", detail)

    def rule_languages(self, name, rule_):
        accepted = rule_.get("value") or []
        mine = [self.config.language] + list(self.config.translations)
        names = ", ".join(LANGUAGE_NAMES.get(a, a) for a in accepted)
        usable = [m for m in mine if m.split("-")[0] in accepted]
        if usable:
            self.add(name, rule_, "ok" if rule_.get("status") == "confirmed" else "verify",
                     f"the report is in {LANGUAGE_NAMES.get(usable[0], usable[0])} (accepted: {names})")
        else:
            self.fail(name, rule_, f"the report is in {self.config.language}; accepted: {names}",
                      self.config.file, self.line("language"),
                      f"the {self.committee} takes submissions in {names}, and this report is written in "
                      f"'{self.config.language}' with no translation into one of them",
                      "write it in one of them, or add one to 'translations:' and build it with --lang")

    def rule_formats(self, name, rule_):
        from assemble.build import output_stem

        stem = output_stem(self.report)
        formats = rule_.get("value") or ["docx"]
        files = " and ".join(f"build/{stem}.{f}" for f in formats)
        if rule_.get("status") == "confirmed":
            extra = " only, not the PDF" if formats == ["docx"] else ""
            self.add(name, rule_, "info", f"send {files}{extra}")
        else:
            self.add(name, rule_, "verify", f"no rule found; sending {files} is the safe practice")

    def cover_text(self) -> str:
        return "\n".join(line.text for line in self.report.cover)

    def rule_cover(self, name, rule_):
        cover = self.cover_text()
        words = self.report.words
        missing = []
        for item in rule_.get("value") or []:
            if item == "organisations":
                absent = [o.name for o in self.config.organisations if o.name not in cover]
                if absent:
                    missing.append(("organisations", "the names of " + ", ".join(absent)))
            elif item == "committee":
                if words.get("committee", "") not in cover:
                    missing.append(("treaty", f"the {words.get('committee')}"))
            elif item == "state_party":
                state = self.config.text("state_party", self.report.language)
                if not state or state not in cover:
                    missing.append(("state_party", "the State party"))
            elif item == "session":
                session = self.config.text("session", self.report.language)
                if not session or session not in cover:
                    missing.append(("session", "the session"))
        if not missing:
            listed = ", ".join(i.replace("_", " ") for i in rule_.get("value") or [])
            self.add(name, rule_, "ok" if rule_.get("status") == "confirmed" else "recommended",
                     f"the cover names {listed}")
            return
        what = "; ".join(text for _, text in missing)
        self.fail(name, rule_, f"the cover lacks {what}", self.config.file, self.line(missing[0][0]) or 1,
                  f"the cover page lacks {what}, which the {self.committee} asks for",
                  "fill it in report.yml (or put it back in templates/cover.j2)")

    def rule_publication(self, name, rule_):
        cover = self.cover_text()
        words = self.report.words["cover"]
        if words["public"] in cover or words["confidential"] in cover:
            said = "confidential" if self.config.confidential else "may be published"
            self.add(name, rule_, "ok" if rule_.get("status") == "confirmed" else "recommended",
                     f"the cover says the report {said}")
            return
        self.fail(name, rule_, "the cover does not say whether the report may be published", self.config.file,
                  self.line("confidential") or 1, "the cover page does not say whether the report may be published",
                  "set confidential: true or false in report.yml, and keep the 'note:' line of templates/cover.j2")

    def rule_contents(self, name, rule_):
        self.add(name, rule_, "ok", "assemble writes a table of contents after the cover")

    def rule_numbering(self, name, rule_):
        loose = [b for s in self.report.sections for b in s.blocks if isinstance(b, Paragraph) and b.number is None]
        parts = []
        if rule_.get("paragraphs"):
            parts.append("paragraphs")
        if rule_.get("pages"):
            parts.append("pages")
        if rule_.get("paragraphs") and loose:
            first = loose[0]
            self.fail(name, rule_, f"{len(loose)} paragraph{'s are' if len(loose) > 1 else ' is'} not numbered",
                      first.loc.file, first.loc.line,
                      f"this paragraph is not numbered ({{.unnumbered}}), and the {self.committee} asks for every "
                      f"paragraph to be numbered" + (f" ({len(loose)} such paragraphs)" if len(loose) > 1 else ""),
                      "delete the {.unnumbered} line before it")
            return
        self.add(name, rule_, "ok" if rule_.get("status") == "confirmed" else "recommended",
                 " and ".join(parts).capitalize() + " are numbered (assemble numbers every body paragraph and "
                 "writes page numbers in the footer)")

    def rule_sections(self, name, rule_):
        found, missing = [], []
        for wanted in rule_.get("value") or []:
            where = self.find_section(wanted)
            (found if where else missing).append((wanted, where))
        if not missing:
            self.add(name, rule_, "ok" if rule_.get("status") == "confirmed" else "recommended",
                     "; ".join(f"{SECTION_NAMES[w]}: {where}" for w, where in found))
            return
        names = " and ".join(SECTION_NAMES[w] for w, _ in missing)
        self.fail(name, rule_, f"the report lacks {names}", self.workspace.root / "sections", None,
                  f"the report lacks {names}, which the {self.committee} asks for",
                  "add a section for it, or a '## ' heading with its name in the introduction")

    def find_section(self, wanted: str) -> str:
        words = SECTION_WORDS[wanted]
        for s in self.report.sections:
            texts = [s.title] + [
                "".join(getattr(node, "text", "") for node in b.inlines) for b in s.blocks if isinstance(b, Heading)]
            texts.append(s.id.replace("-", " "))
            for text in texts:
                if any(w in text.lower() for w in words):
                    return f"{s.loc.file} ('{text}')"
        return ""

    def rule_structure(self, name, rule_):
        preferred = self.pack["structures"][0]
        if self.config.structure == preferred or rule_.get("status") != "confirmed":
            self.plain(name, rule_)
            return
        self.fail(name, rule_, f"structure: {self.config.structure}, not {preferred}", self.config.file,
                  self.line("structure"), f"the {self.committee} expects structure: {preferred}, and this report "
                  f"uses structure: {self.config.structure}", f"set structure: {preferred} in report.yml",
                  warning=True)

    def rule_annexes(self, name, rule_):
        annexes = [s for s in self.report.sections if s.part == "annex"]
        if not annexes:
            self.add(name, rule_, "ok", "the report has no annex sections")
            return
        listed = ", ".join(str(s.loc.file) for s in annexes)
        self.add(name, rule_, "verify", f"{rule_.get('says', '')} Annex sections: {listed}")

    def rule_email_subject(self, name, rule_):
        orgs = self.config.organisations
        lead = next((o for o in orgs if o.role == "lead"), orgs[0] if orgs else None)
        subject = rule_["pattern"].format(main=lead.name if lead else "[main organisation]",
                                          kind="joint" if len(orgs) > 1 else "individual",
                                          state=self.config.state_party, session=session_month(self.config.session))
        self.add(name, rule_, "info", f"{subject}; one country per e-mail, the contact person in the e-mail")

    def rule_channel(self, name, rule_):
        if rule_.get("value"):
            self.add(name, rule_, "info" if rule_.get("status") == "confirmed" else "verify",
                     f"send it to {rule_['value']}")
        else:
            self.plain(name, rule_)

    def rule_accessible(self, name, rule_):
        findings = accessibility_findings(self.workspace, self.report)
        if findings:
            self.add(name, rule_, "fails", f"{len(findings)} accessibility finding{'s' if len(findings) > 1 else ''} "
                     "(listed above)")
        else:
            self.add(name, rule_, "ok", "the PDF declares PDF/UA-1; the DOCX has its language, title, heading "
                     "styles and table header rows; no image without alt text")


def session_month(session: str) -> str:
    """'48th session (January 2025)' -> 'January 2025'; else a gap to fill."""
    match = re.search(rf"\b({'|'.join(MONTHS)})\b[\s,–-]*(?:\d{{1,2}}[\s,–-]*)*(\d{{4}})", session, re.I)
    if match:
        return f"{match[1].capitalize()} {match[2]}"
    return "[session month and year]"


def check_placeholders(workspace: Workspace, problems: Problems) -> None:
    """The organisation `assemble new` writes when none is given must not reach the committee."""
    from assemble.i18n import HERE

    names = set()
    for path in HERE.glob("*.yml"):
        names.add((catalogue(path.stem).get("new") or {}).get("organisation"))
    config = workspace.config
    for i, org in enumerate(config.organisations):
        if org.acronym == "ORG" and org.name in names:
            problems.error(config.file, config.lines.get(f"organisations.{i}.name") or config.lines.get("organisations"),
                           f"organisation {i + 1} is still the example written by assemble new ('{org.name}')",
                           "write your organisation's name and acronym, and use the acronym in sections/")


@dataclass
class Submission:
    """The checklist of one report against its body's pack, as `check --final` prints it."""

    body: str  # "Committee against Torture (CAT)"
    items: list[Item]

    def lines(self) -> list[str]:
        marks = {"ok": "ok", "fails": "FAILS", "verify": "verify", "recommended": "advice", "info": "info"}
        out = [f"Submission checklist, {self.body} (ok: met; FAILS: not met; verify: no confirmed rule, "
               "check the session's information note; advice: recommended by NGO guides; info: to do when sending):"]
        for item in self.items:
            out.append(f"  {marks[item.state]:<7} {item.what}: {item.detail}")
            if item.source:
                out.append(f"  {'':<7} source: {item.source}")
        return out

    def as_dict(self) -> dict:
        return {"body": self.body, "items": [i.as_dict() for i in self.items]}


def submission_checklist(workspace: Workspace, report: Report, problems: Problems | None = None) -> Submission:
    """The checklist; with `problems`, the broken confirmed rules are also recorded there."""
    checklist = Checklist(workspace, report, problems)
    return Submission(f"{checklist.committee} ({workspace.treaty['treaty']})", checklist.run())
