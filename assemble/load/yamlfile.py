"""YAML that remembers where each key was, so messages can say file:line.

Also the limits a shared file needs: an anchor (`&a`) may be repeated through aliases (`*a`) a
little, but a document whose aliases expand into more than MAX_ALIAS_VALUES values (the
"billion laughs") or that contains itself is refused, and so is a date that does not exist.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import yaml

MAX_ALIAS_VALUES = 1000  # values reached again through aliases, in the whole document
# The package's own data (i18n catalogues, rule packs) needs neither line maps nor alias bounds,
# and libyaml's parser reads it about ten times faster than PyYAML's pure-Python one.
_PACKAGED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_packaged(path) -> object:
    """A YAML file shipped with assemble (trusted, never a user's file)."""
    with open(path, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_PACKAGED_LOADER)


class YamlError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers anchor names (for messages) and explains impossible dates."""

    def __init__(self, stream):
        super().__init__(stream)
        self.anchors_of: dict[int, str] = {}
        self.alias_lines: dict[tuple[int, int], int] = {}  # (parent, index or key node) -> line of the '*'

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            where = index if isinstance(index, int) else id(index)
            self.alias_lines[(id(parent), where)] = event.start_mark.line + 1
            return super().compose_node(parent, index)
        node = super().compose_node(parent, index)
        if getattr(event, "anchor", None):
            self.anchors_of[id(node)] = event.anchor
        return node

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise YamlError(node.start_mark.line + 1,
                            f"'{node.value}' is not a date that exists ({exc}); write a real date as YYYY-MM-DD") from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _Walk:
    """Records the line of every key path, visiting aliased values once per alias (as the data
    will hold them), within the alias budget."""

    def __init__(self, loader: _Loader):
        self.anchors_of = loader.anchors_of
        self.alias_lines = loader.alias_lines
        self.lines: dict = {}
        self.seen: set[int] = set()
        self.repeated = 0

    def visit(self, node, path: tuple, inside: tuple, via: int | None = None) -> None:
        """`via`: the line of the '*' alias this value is reached through, where it is "written"."""
        line = via or node.start_mark.line + 1
        if id(node) in inside:
            name = self.anchors_of.get(id(node), "")
            raise YamlError(line, f"the YAML alias '*{name}' refers to the value that "
                            f"contains it (an endless value); write the value out instead")
        if id(node) in self.seen:
            self.repeated += 1
            if self.repeated > MAX_ALIAS_VALUES:
                name = self.anchors_of.get(id(node)) or next(
                    (self.anchors_of[i] for i in reversed(inside) if i in self.anchors_of), "")
                raise YamlError(line, f"the YAML aliases ('*{name}') repeat values more than "
                                f"{MAX_ALIAS_VALUES:,} times; write the values out instead of using '&' and '*'")
        self.seen.add(id(node))
        self.lines.setdefault(path, line)
        inside = inside + (id(node),)
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
                if key in keys and key_node.tag != "tag:yaml.org,2002:merge":
                    raise YamlError(key_node.start_mark.line + 1, f"key '{key}' appears twice")
                keys.add(key)
                self.lines[path + (key,)] = via or key_node.start_mark.line + 1
                self.visit(value_node, path + (key,), inside, self.alias_lines.get((id(node), id(key_node)), via))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.visit(item, path + (i,), inside, self.alias_lines.get((id(node), i), via))


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
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            raise YamlError(line, f"YAML syntax error: {exc.problem or exc.context}") from None
        except yaml.YAMLError as exc:
            raise YamlError(None, f"YAML syntax error: {exc}") from None
        if node is None:
            return None, {}
        walk = _Walk(loader)
        walk.visit(node, (), ())
        try:
            data = loader.construct_document(node)
        except YamlError:
            raise
        except yaml.YAMLError as exc:
            raise YamlError(1, f"YAML value error: {exc}") from None
        except (ValueError, TypeError, OverflowError) as exc:
            raise YamlError(1, f"YAML value error: {exc}") from None
    except RecursionError:
        raise YamlError(first_line, "the YAML is nested too deeply to read; write it with fewer levels") from None
    except YamlError as exc:
        exc.line = exc.line + first_line - 1 if exc.line else None
        raise
    finally:
        loader.dispose()
    return data, {k: v + first_line - 1 for k, v in walk.lines.items()}
