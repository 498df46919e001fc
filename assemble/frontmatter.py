"""A section file's front matter as people write it by hand: one key a line, lists in flow
style (`articles: [19, 21]`), strings plain where that reads back the same. Written by
`assemble new` and by `assemble import FILE.docx`."""
from __future__ import annotations

import yaml


def front_matter(front: dict) -> str:
    lines = []
    for key, value in front.items():
        if isinstance(value, list):
            lines.append(f"{key}: " + yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                                                     width=1000).strip())
        else:
            lines.append(yaml.safe_dump({key: value}, allow_unicode=True, width=1000).strip())
    return "---\n" + "\n".join(lines) + "\n---\n"
