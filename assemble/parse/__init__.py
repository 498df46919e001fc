"""Parse stage: Markdown section bodies -> document-model blocks (see to_model, and cache for
reuse between builds). markdown-it is imported only when a section is actually parsed."""


def parse_section(source, problems) -> None:
    from assemble.parse.to_model import parse_section as parse

    parse(source, problems)
