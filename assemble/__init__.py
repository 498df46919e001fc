"""assemble: UN treaty-body alternative reports from Markdown sections and BibTeX."""

__version__ = "0.1.0"
