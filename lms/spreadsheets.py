"""Formula escaping for every spreadsheet the project writes, and its undoing on import.

A text cell that begins with = + - @ (or a tab or carriage return) gets a leading
apostrophe, so Excel and LibreOffice never run it as a formula (OWASP "CSV injection");
imports take such a value back as it was typed. ``EscapedSpreadsheetExportMixin`` brings
the same escaping to Wagtail's listing exports (snippets, model viewsets, report views).
"""

import datetime
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """The value as safe to put in a spreadsheet cell: text never starts a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def unescape_cell(text: str) -> str:
    """A cell read back from one of our exports: "'+856 20..." is "+856 20..." as typed."""
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text


class EscapedSpreadsheetExportMixin:
    """Mixed into a Wagtail listing view before its spreadsheet export mixin."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_cell(value) if isinstance(value, str) else value
