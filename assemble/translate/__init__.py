"""Translations against a frozen section set: units, freeze, status, alignment, XLIFF/PO exchange."""
