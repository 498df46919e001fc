"""Render stage: the resolved Report -> output bytes (docx, pdf). Renderers only read the model."""
