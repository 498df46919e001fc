"""Parsed sections, reused between builds.

A section's model blocks depend only on what the parser reads: the body text, the line it
starts on, the file's name (for messages), the typographic quotes of its language, and the
parser's own code. Their hash is the key. Results (the blocks and the messages the parse
gave) are kept in memory, so `assemble preview` parses again only the section that changed,
and in build/.cache/parse/, so a one-shot build parses only the files edited since the last
build and, when none was, never imports markdown-it at all. The disk copy is written only
after a successful build (save()).

Entries are plain JSON rebuilt into fresh model objects on every use (resolve fills numbers
into the blocks it is given, so a cached copy must never be handed out twice). A cache file
that cannot be read is a miss, never an error: it only costs time.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
from enum import Enum
from functools import lru_cache
from pathlib import Path

from assemble import model
from assemble.load.sections import SourceFile
from assemble.output import remove_stale_temps
from assemble.paths import Refused, check_write
from assemble.problems import Problem, Problems

PARSER_FILES = ("model.py", "parse/__init__.py", "parse/to_model.py", "parse/rules.py", "parse/lint.py",
                "parse/cache.py")
MEMORY_ENTRIES = 1000
CLASSES = {cls.__name__: cls for cls in vars(model).values()
           if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__}
KINDS = {cls.__name__: cls for cls in vars(model).values()
         if isinstance(cls, type) and issubclass(cls, Enum) and cls.__module__ == model.__name__}


@lru_cache(maxsize=1)
def parser_version() -> str:
    """The parser's code and the Markdown libraries' versions: a new assemble parses afresh."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for name in PARSER_FILES:
        digest.update((package / name).read_bytes())
    for dist in ("markdown-it-py", "mdit-py-plugins"):
        try:
            digest.update(version(dist).encode())
        except PackageNotFoundError:
            digest.update(b"?")
    return digest.hexdigest()


def encode(value):
    """Model objects -> JSON values: {"@": class name, "f": [field values]}; a kind (an enum
    member, which JSON would write as a bare string) {"#": enum name, "v": its value}."""
    if isinstance(value, Enum):
        return {"#": type(value).__name__, "v": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__, "f": [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def decode(value):
    if isinstance(value, dict):
        if "#" in value:
            return KINDS[value["#"]](value["v"])
        return CLASSES[value["@"]](*[decode(v) for v in value["f"]])
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


class ParseCache:
    """In memory (this process) and, when given a folder, on disk (between processes)."""

    def __init__(self, folder: Path | None = None, root: Path | None = None):
        self.folder = folder  # on disk only with the report folder `root` (build/ must be its own)
        self.root = root
        self.memory: dict[str, dict] = {}
        self.parsed = 0  # sections actually parsed (not found): for tests and benchmarks
        self.used: set[str] = set()  # disk entries read or written since the last save
        self.unsaved: dict[str, dict] = {}  # file -> entry, written by save()

    def key(self, source: SourceFile, file: str) -> str:
        digest = hashlib.sha256(parser_version().encode())
        for part in (file, str(source.body_line), "\0".join(source.quotes), source.body):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0\1")
        return digest.hexdigest()

    def _disk_path(self, file: str) -> Path | None:
        if self.folder is None or self.root is None:
            return None
        path = self.folder / (hashlib.sha256(file.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".json")
        try:
            check_write(self.root, path)  # never through a link out of build/: not read, not written
        except Refused:
            return None
        return path

    def _read_disk(self, file: str, key: str) -> dict | None:
        path = self._disk_path(file)
        if path is None:
            return None
        self.used.add(path.name)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            return entry if entry.get("key") == key and "blocks" in entry and "problems" in entry else None
        except (OSError, ValueError, AttributeError):
            return None

    def _to_save(self, file: str, entry: dict) -> None:
        path = self._disk_path(file)
        if path is None:
            return
        self.used.add(path.name)
        self.unsaved[file] = entry

    def save(self) -> None:
        """Write what was parsed and forget the files of sections that no longer exist. Called
        after a build succeeded: a failed build writes nothing, not even its cache."""
        if self.folder is None or self.root is None:
            return
        try:
            check_write(self.root, self.folder / "x.json")
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(self.folder)  # left by a build killed while it saved
            for file, entry in self.unsaved.items():
                path = self._disk_path(file)
                if path is None:
                    continue
                # No fsync: a file cut short by a crash is unreadable JSON, which is a miss. The
                # temporary name is the atomic writer's, so a kill's leftovers are recognised.
                tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
                try:
                    tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
                    os.replace(tmp, path)
                except BaseException:  # a full disk, Ctrl-C, SIGTERM: no temporary file stays
                    try:
                        tmp.unlink(missing_ok=True)
                    except OSError:
                        pass
                    raise
            if self.used:
                for path in self.folder.glob("*.json"):
                    if path.name not in self.used:
                        path.unlink(missing_ok=True)
        except (OSError, Refused):
            pass  # a cache we cannot write only costs time
        self.unsaved.clear()
        self.used.clear()

    def parse(self, source: SourceFile, problems: Problems) -> None:
        """Fill `source.section.blocks` as parse_section does, from the cache when it can."""
        file = problems.rel(source.section.file)
        key = self.key(source, file)
        entry = self.memory.get(key) or self._read_disk(file, key)
        if entry is not None:
            try:
                blocks = decode(entry["blocks"])
                found = [Problem(**p) for p in entry["problems"]]
            except (KeyError, TypeError, ValueError):  # written by another model: parse afresh
                entry = None
        if entry is None:
            from assemble.parse.to_model import parse_section

            own = Problems(problems.root)
            parse_section(source, own)
            self.parsed += 1
            found = own.items
            blocks = source.section.blocks
            try:  # encoded now, before resolve fills numbers into `blocks`
                encoded = encode(blocks)
            except RecursionError:
                encoded = None  # a note calling itself makes the blocks a loop: resolve says so
            if encoded is None or any(p.severity == "error" for p in found):
                # Not kept: a section with errors is parsed again until it is fixed.
                source.section.blocks = blocks
                problems.items.extend(found)
                return
            entry = {"key": key, "blocks": encoded, "problems": [dataclasses.asdict(p) for p in found]}
            self._to_save(file, entry)
        self.memory.pop(key, None)
        self.memory[key] = entry  # the most recently used last
        if len(self.memory) > MEMORY_ENTRIES:
            self.memory.pop(next(iter(self.memory)))
        source.section.blocks = blocks
        problems.items.extend(found)


def disk_cache(root: Path) -> ParseCache:
    return ParseCache(root / "build" / ".cache" / "parse", root)
