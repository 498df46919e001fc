"""Language codes as CAT tools write them (ru, ru-RU, ru_RU, RU) turned into the code the report
uses, and never into a path: a code names a folder under translations/ and a suffix of a file in
build/, so anything but a BCP 47 tag is refused before it reaches a path."""
from __future__ import annotations

import re

from assemble.model import Config
from assemble.problems import BuildError, Problem

# BCP 47's shape (language, then subtags of letters and digits), with POSIX's '_' accepted as
# '-' and its '.UTF-8' / '@modifier' tails dropped, as PO files and CAT tools write them.
TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
POSIX_TAIL = re.compile(r"(?:\.[A-Za-z0-9-]+)?(?:@[A-Za-z0-9]+)?$")


def canonical(code: str) -> str | None:
    """'ru_RU.UTF-8' -> 'ru-RU', 'EN' -> 'en'; None when it is not a language code at all."""
    code = POSIX_TAIL.sub("", str(code).strip()).replace("_", "-")
    if not TAG_RE.match(code):
        return None
    language, *rest = code.split("-")
    subtags = [s.upper() if len(s) == 2 else s.title() if len(s) == 4 else s.lower() for s in rest]
    return "-".join([language.lower(), *subtags])


def _listed(config: Config) -> str:
    return ", ".join(config.translations) if config.translations else "none"


def report_language(config: Config, code: str, where: str, *, source_ok: bool = False) -> str:
    """The report's own spelling of `code` (one of report.yml's `translations:`, or the source
    language when `source_ok`), matching a region-less entry by language (ru-RU -> ru) and a
    region-less code to a single entry with a region; BuildError with one sentence otherwise."""
    tag = canonical(code)
    if tag is None:
        raise BuildError([Problem(where, None, f"'{code}' is not a language code",
                                  hint="use a code such as ru, fr or pt-BR (BCP 47)")])
    known = list(config.translations) + ([config.language] if source_ok else [])
    by_tag = {canonical(k): k for k in known}
    if tag in by_tag:
        return by_tag[tag]
    language = tag.split("-")[0]
    if language in by_tag:  # ru-RU where the report translates into ru
        return by_tag[language]
    regional = [k for t, k in by_tag.items() if t and t.split("-")[0] == language]
    if "-" not in tag and len(regional) == 1:  # pt where the report translates into pt-BR only
        return regional[0]
    raise BuildError([Problem(where, None, f"language '{code}' is not one of the report's translations "
                                           f"({_listed(config)})",
                              hint=f"add '{tag}' to 'translations:' in report.yml, or use one of those")])
