"""report.yml -> Config, validated against the FORMAT contract (every problem, with its line)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from assemble import paths
from assemble.load.catalogue import treaties, treaty_catalogue
from assemble.model import Config, Organisation
from assemble.problems import Problems
from assemble.load.text import read_text
from assemble.load.yamlfile import YamlError, load_yaml

TOP_KEYS = {
    "title": str, "subtitle": str, "state_party": str, "treaty": str, "session": str,
    "documents": dict, "organisations": list, "date": (str, dt.date), "language": str,
    "translations": list, "word_limit": int, "abbreviations": dict, "structure": str,
    "confidential": bool,
    # extensions (documented in docs/format.md)
    "output": str, "fonts": str, "contact": dict, "allow_outside": list, "notes_after_punctuation": bool,
}
CONTACT_KEYS = ("name", "organisation", "email", "phone")
REQUIRED = ("title", "state_party", "organisations")
DOCUMENT_KEYS = {"state_report", "list_of_issues", "concluding_observations", "replies"}
ORG_KEYS = {"name": str, "acronym": str, "url": str, "email": str, "role": str}
LOCALISED_RE = re.compile(r"^(title|subtitle|state_party|session)_[a-z]{2,3}$")
ORG_LOCALISED_RE = re.compile(r"^name_[a-z]{2,3}$")  # name_ru: the organisation's name in a Russian build
ABBREVIATIONS_LOCALISED_RE = re.compile(r"^abbreviations_([a-z]{2,3})$")  # the list of a Russian build
STRUCTURES = ("articles", "list-of-issues", "list-of-themes", "clusters", "thematic")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
MIN_YEAR, MAX_YEAR = 1980, 2107  # a ZIP archive (a DOCX) stores file dates in these years only
TYPE_NAMES = {str: "text", dict: "a mapping (key: value lines)", list: "a list",
              int: "a whole number", bool: "true or false"}


def _type_name(kind) -> str:
    if kind == (str, dt.date):
        return "a date written YYYY-MM-DD"
    if isinstance(kind, tuple):
        return TYPE_NAMES[kind[0]]
    return TYPE_NAMES[kind]


def _is(value, kind) -> bool:
    if kind is int and isinstance(value, bool):
        return False
    return isinstance(value, kind)


def load_config(root: Path, problems: Problems, partial: bool = False) -> Config | None:
    """The validated Config, or None after recording why not.

    With `partial`, a report.yml with errors still yields a Config of its usable values, so
    `assemble check` can go on and list the problems of the other files too.
    """
    path = root / "report.yml"
    paths.allow_outside(root, [])  # until this report.yml says otherwise
    paths.named_sources(root, [])
    if not path.exists():
        problems.error(path, None, "report.yml is missing; create it in the report folder (see docs/format.md)")
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data, lines = load_yaml(text)
    except YamlError as exc:
        problems.error(path, exc.line, exc.message)
        return None
    if not isinstance(data, dict):
        problems.error(path, 1, "report.yml must be a list of 'key: value' lines (title, state_party, organisations, ...)")
        return None
    ok = True

    def err(key_path, message, hint=None):
        nonlocal ok
        ok = False
        problems.error(path, lines.get(key_path) or lines.get(key_path[:1]), message, hint)

    for key, value in data.items():
        key = str(key)  # `2020: x` is a number key in YAML
        if LOCALISED_RE.match(key):  # title_ru: the cover in a Russian build
            if not isinstance(value, str):
                err((key,), f"'{key}' must be text")
            continue
        if ABBREVIATIONS_LOCALISED_RE.match(key):  # abbreviations_ru: НПО: неправительственная организация
            if value is not None and not isinstance(value, dict):
                err((key,), f"'{key}' must be a list of 'abbreviation: meaning' lines")
            for k, v in (value or {}).items() if isinstance(value, dict) else []:
                if not isinstance(v, str) or not v.strip():
                    err((key, k), f"abbreviation '{k}' needs its expansion as text")
            continue
        if key not in TOP_KEYS:
            close = [k for k in TOP_KEYS if k[:3] == key[:3]]
            err((key,), f"unknown key '{key}' in report.yml",
                f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(TOP_KEYS))
        elif value is None and key not in REQUIRED:
            continue
        elif not _is(value, TOP_KEYS[key]):
            err((key,), f"'{key}' must be {_type_name(TOP_KEYS[key])}")
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            problems.error(path, 1, f"report.yml needs '{key}'")
            ok = False

    orgs = []
    for i, raw in enumerate(data.get("organisations") or [] if isinstance(data.get("organisations"), list) else []):
        if not isinstance(raw, dict):
            err(("organisations", i), "each organisation needs 'name' and 'acronym' lines")
            continue
        for k, v in raw.items():
            if ORG_LOCALISED_RE.match(str(k)):
                if not isinstance(v, str):
                    err(("organisations", i, k), f"organisation '{k}' must be text")
                continue
            if k not in ORG_KEYS:
                err(("organisations", i, k), f"unknown organisation key '{k}'", "allowed: " + ", ".join(ORG_KEYS))
            elif not isinstance(v, str):
                err(("organisations", i, k), f"organisation '{k}' must be text")
        missing = [k for k in ("name", "acronym") if not raw.get(k)]
        for k in missing:
            err(("organisations", i), f"organisation {i + 1} needs '{k}'")
        if raw.get("role", "contributor") not in ("lead", "contributor"):
            err(("organisations", i, "role"), "organisation role must be 'lead' or 'contributor'")
        if not missing:
            orgs.append(Organisation(**{k: str(v) for k, v in raw.items() if k in ORG_KEYS},
                                     localised={str(k): " ".join(v.split()) for k, v in raw.items()
                                                if ORG_LOCALISED_RE.match(str(k)) and isinstance(v, str)}))
    acronyms = [o.acronym for o in orgs]
    for a in set(acronyms):
        if acronyms.count(a) > 1:
            err(("organisations",), f"organisation acronym '{a}' is used twice")

    documents = data.get("documents") or {}
    if isinstance(documents, dict):
        for k, v in documents.items():
            if k not in DOCUMENT_KEYS:
                err(("documents", k), f"unknown document '{k}'", "allowed: " + ", ".join(sorted(DOCUMENT_KEYS)))
            elif not isinstance(v, str):
                err(("documents", k), f"document '{k}' must be a UN symbol such as CCPR/C/KAZ/CO/2")

    contact = data.get("contact") or {}
    if isinstance(contact, dict):
        for k, v in contact.items():
            if k not in CONTACT_KEYS and not ORG_LOCALISED_RE.match(str(k)):
                err(("contact", k), f"unknown contact key '{k}'", "allowed: " + ", ".join(CONTACT_KEYS)
                    + ", name_<language> (e.g. name_ru)")
            elif not isinstance(v, str):
                err(("contact", k), f"contact '{k}' must be text")
        if contact and not contact.get("name"):
            err(("contact",), "the contact needs a 'name' (the person the Committee's secretariat may write to)")
        if contact.get("organisation") and orgs and contact["organisation"] not in acronyms:
            err(("contact", "organisation"), f"contact organisation '{contact['organisation']}' is not listed "
                "in 'organisations'", "known: " + ", ".join(sorted(acronyms)))
    else:
        contact = {}

    date = data.get("date")
    if isinstance(date, dt.date):
        date = date.isoformat()[:10]
    elif isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError as exc:
            written = re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
            err(("date",), f"date '{date}' does not exist ({exc})" if written
                else f"date '{date}' must be written YYYY-MM-DD")
            date = None
    if isinstance(date, str) and not MIN_YEAR <= int(date[:4]) <= MAX_YEAR:
        err(("date",), f"date '{date}' is outside {MIN_YEAR}-{MAX_YEAR}, the years a DOCX file (a ZIP archive) "
            "can record; check the year")
        date = None
    if not date or not isinstance(date, str):
        date = dt.date.today().isoformat()

    language = data.get("language") or "en"
    if isinstance(language, str) and not LANG_RE.match(language):
        err(("language",), f"language '{language}' must be a language code such as en, fr, ru")
    treaty = data.get("treaty") or "ICCPR"
    pack = treaty_catalogue(treaty) if isinstance(treaty, str) else None
    if pack is None and isinstance(treaty, str):
        err(("treaty",), f"unknown treaty '{treaty}'", "known: " + ", ".join(treaties()))
    accepted = pack["structures"] if pack else list(STRUCTURES)
    structure = data.get("structure") or accepted[0]
    if structure not in STRUCTURES:
        err(("structure",), f"structure must be one of: {', '.join(STRUCTURES)}")
    elif structure not in accepted:
        err(("structure",), f"the {pack['committee']} does not take structure: {structure}",
            f"use one of: {', '.join(accepted)} (see docs/treaties/{pack['treaty'].lower()}.md)")
    word_limit = data.get("word_limit")
    if isinstance(word_limit, int) and not isinstance(word_limit, bool) and word_limit < 0:
        err(("word_limit",), "word_limit must be 0 (no limit) or a positive number")
    abbreviations = data.get("abbreviations") or {}
    if isinstance(abbreviations, dict):
        for k, v in abbreviations.items():
            if not isinstance(v, str):
                err(("abbreviations", k), f"abbreviation '{k}' needs its expansion as text")
    translations = data.get("translations") or []
    if isinstance(translations, list):
        for i, lang in enumerate(translations):
            if not isinstance(lang, str) or not LANG_RE.match(lang):
                err(("translations", i), f"translation language '{lang}' must be a code such as ru")
    outside = []
    allow = data.get("allow_outside") or []
    for i, folder in enumerate(allow if isinstance(allow, list) else []):
        where = root / str(folder)
        if not isinstance(folder, str) or not folder.strip():
            err(("allow_outside", i), "each 'allow_outside' entry must be a folder path")
        elif not where.is_dir():
            err(("allow_outside", i), f"the folder '{folder}' in 'allow_outside' does not exist",
                "correct the path (relative to the report folder, or absolute) or remove the line")
        else:
            outside.append(where)
    paths.allow_outside(root, outside)
    fonts = data.get("fonts")
    paths.named_sources(root, [root / fonts] if isinstance(fonts, str) and fonts.strip() else [])
    if not ok and not partial:
        return None
    # from here on every value has been checked; in partial mode the wrong ones fall back to defaults
    return Config(
        title=str(data.get("title") or "").strip(), state_party=str(data.get("state_party") or "").strip(),
        organisations=orgs, file=path, subtitle=str(data.get("subtitle") or "").strip(),
        treaty=pack["treaty"] if pack else str(treaty), session=str(data.get("session") or ""),
        documents={k: str(v) for k, v in documents.items()} if isinstance(documents, dict) else {},
        date=date, language=language if isinstance(language, str) and LANG_RE.match(language) else "en",
        translations=[t for t in translations if isinstance(t, str)] if isinstance(translations, list) else [],
        word_limit=word_limit if _is(word_limit, int) and word_limit >= 0 else None,
        abbreviations={str(k): str(v) for k, v in abbreviations.items()} if isinstance(abbreviations, dict) else {},
        abbreviations_in={m.group(1): {str(k): str(v) for k, v in value.items()}
                          for key, value in data.items()
                          if (m := ABBREVIATIONS_LOCALISED_RE.match(str(key))) and isinstance(value, dict)},
        structure=structure if structure in accepted else accepted[0],
        confidential=bool(data.get("confidential", False)), output=str(data.get("output") or ""),
        fonts=str(data.get("fonts") or ""), allow_outside=[str(f) for f in outside],
        contact={k: " ".join(str(v).split()) for k, v in contact.items()
                 if (k in CONTACT_KEYS or ORG_LOCALISED_RE.match(str(k))) and isinstance(v, str)},
        notes_after_punctuation=data.get("notes_after_punctuation") if isinstance(data.get("notes_after_punctuation"), bool) else None,
        localised={str(k): str(v).strip() for k, v in data.items() if LOCALISED_RE.match(str(k)) and isinstance(v, str)},
        lines={".".join(map(str, k)): v for k, v in lines.items()},
    )
