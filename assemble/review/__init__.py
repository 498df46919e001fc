"""The review round: reading a reviewer's DOCX back to the sources (comments, tracked changes)."""
