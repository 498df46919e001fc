"""report.yml values a translated build has no version of: its cover and document properties
would print them in the source language ("государства-участника: Kazakhstan")."""
from __future__ import annotations

from assemble.model import Config
from assemble.problems import Problems

VALUES = ("title", "subtitle", "state_party", "session")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic",
                  "zh": "Chinese", "kk": "Kazakh", "de": "German", "uk": "Ukrainian", "ky": "Kyrgyz",
                  "tg": "Tajik", "uz": "Uzbek"}


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, f"'{lang}'")


def missing_localised(config: Config, lang: str) -> list[tuple[str, int | None, str]]:
    """(key to add, report.yml line, value printed instead) of each value without a `_<lang>`
    version: the title, subtitle, State party, session, the abbreviations and each organisation's name."""
    if lang == config.language:
        return []
    found = []
    for key in VALUES:
        value = getattr(config, key)
        if value and f"{key}_{lang}" not in config.localised:
            found.append((f"{key}_{lang}", config.lines.get(key), value))
    for index, organisation in enumerate(config.organisations):
        if f"name_{lang}" not in organisation.localised:
            line = config.lines.get(f"organisations.{index}.name") or config.lines.get(f"organisations.{index}")
            found.append((f"name_{lang}", line, organisation.name))
    if config.abbreviations and lang not in config.abbreviations_in:
        found.append((f"abbreviations_{lang}", config.lines.get("abbreviations"), ", ".join(config.abbreviations)))
    return found


def check_localised(config: Config, lang: str, problems: Problems) -> None:
    for key, line, value in missing_localised(config, lang):
        if key.startswith("abbreviations_"):
            problems.warning(config.file, line, f"the abbreviations have no {language_name(lang)} version: a "
                             f"'{lang}' build lists {value} with their meanings as written",
                             f"add {key}: with the abbreviations of the {language_name(lang)} text to report.yml")
            continue
        what = "the organisation name" if key.startswith("name_") else f"'{key.rsplit('_', 1)[0]}'"
        problems.warning(config.file, line, f"{what} has no {language_name(lang)} version: a '{lang}' build "
                         f"prints '{value}' on its cover", f"add {key}: ... to report.yml")
