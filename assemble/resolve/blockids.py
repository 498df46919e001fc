"""Stable block anchors: every heading, paragraph, table, recommendation and footnote of a
section gets a hidden bookmark name made of the section id and its place in the section,
`_s_art_21_7` (the 7th block of art-21), `_s_art_21_h` (its heading), `_s_art_21_n3` (its 3rd
footnote).

They are what a reviewed DOCX is read back by (`assemble comments`): Word and LibreOffice keep
bookmarks through a save, and a leading underscore hides them from Word's bookmark list, so
they change nothing a reader sees. Unlike labels they need no author's work, and unlike the
printed numbers they do not move when another section grows: an edit shifts at most the
indices after it in its own section, which the reader detects by comparing texts.

Comments (`<!-- -->`) are not blocks here, so adding or removing one moves no anchor.
"""
from __future__ import annotations

import hashlib

from assemble.model import (Heading, NoteRef, Paragraph, RecBlock, Section, Table, block_inlines, walk_blocks,
                            walk_inlines)
from assemble.resolve.anchors import MAX_LENGTH

PREFIX = "_s_"
# "_s_" + key + "_n" + up to 5 digits stays within Word's 40 characters
KEY_LENGTH = MAX_LENGTH - len(PREFIX) - 7


def section_key(section_id: str) -> str:
    """The section part of its anchors: the id with `_` for `-` (ids are a-z 0-9 -, so this is
    one to one), a long id shortened with a digest of the whole id."""
    key = section_id.replace("-", "_")
    if len(key) > KEY_LENGTH:
        key = key[:KEY_LENGTH - 9] + "_" + hashlib.sha1(section_id.encode()).hexdigest()[:8]
    return key


def section_blocks(section: Section):
    """(uid, node) of every anchored block of a section, in reading order: its heading, then its
    blocks (list items and quotes opened, each recommendation item), then its footnotes."""
    key = PREFIX + section_key(section.id)
    if section.heading is not None:
        yield f"{key}_h", section.heading
    index = 0
    for block in walk_blocks(section.blocks):
        items = block.items if isinstance(block, RecBlock) else [block]
        for node in items:
            if isinstance(block, RecBlock) or isinstance(node, (Paragraph, Heading, Table)):
                index += 1
                yield f"{key}_{index}", node
    index = 0
    seen = set()
    for inlines in block_inlines(section.blocks):
        for node in walk_inlines(inlines):
            if isinstance(node, NoteRef) and node.note is not None and id(node.note) not in seen:
                seen.add(id(node.note))
                index += 1
                yield f"{key}_n{index}", node.note


def assign_block_ids(sections: list[Section]) -> None:
    """Set `uid` on every anchored block (after notes are collected)."""
    for section in sections:
        for uid, node in section_blocks(section):
            node.uid = uid
