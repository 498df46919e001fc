"""Parse stage: Markdown section bodies -> document-model blocks (see to_model)."""
from assemble.parse.to_model import parse_section  # noqa: F401
