"""YAML that remembers where each key was, so messages can say file:line."""
from __future__ import annotations

import copy
from functools import lru_cache

import yaml


class YamlError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _record_lines(node, path: tuple, lines: dict) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            if key in seen:
                raise YamlError(key_node.start_mark.line + 1, f"key '{key}' appears twice")
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _record_lines(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_lines(item, path + (i,), lines)


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; return (data, lines) with lines mapping key paths to 1-based lines.

    `first_line` is the file line of the text's first line (front matter starts on line 2).
    A text parsed before in this process (assemble preview: every unchanged front matter on
    every save) is not parsed again; the caller gets its own copy.
    """
    data, lines = _load_yaml(text, first_line)
    return copy.deepcopy(data), dict(lines)


@lru_cache(maxsize=512)
def _load_yaml(text: str, first_line: int):
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), start=first_line):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                raise YamlError(number, "a tab is used for indentation; YAML needs spaces")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        raise YamlError(line, f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"YAML syntax error: {exc}") from None
    if node is None:
        return None, {}
    lines: dict = {}
    try:
        _record_lines(node, (), lines)
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"YAML value error: {exc}") from None
    except YamlError as exc:
        exc.line = exc.line + first_line - 1 if exc.line else None
        raise
    return data, {k: v + first_line - 1 for k, v in lines.items()}
