"""XLSX and CSV writers for report tables, drill-downs and the donor workbook.

Headers are translatable and rendered in the active language when the file is written.
CSV files start with a UTF-8 byte-order mark so Excel reads Lao text correctly, and text
cells beginning with = + - @ (or a tab or carriage return) get a leading apostrophe so a
spreadsheet never runs them as formulas (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lms.spreadsheets import escape_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class Column:
    """A column of an exported table: a translatable header and how to read a row's value."""

    header: str
    value: Callable[[object], object]


@dataclass
class Sheet:
    """One table: a title, lines describing it (period, filters, time), a header row, rows."""

    title: str
    headers: list[str]
    rows: Iterable[list]
    preamble: list[tuple[str, str]] = field(default_factory=list)


def table(columns: list[Column], objects: Iterable) -> tuple[list[str], Iterable[list]]:
    headers = [str(column.header) for column in columns]
    rows = ([column.value(obj) for column in columns] for obj in objects)
    return headers, rows


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used = set()
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_name(sheet.title, used))
        for label, value in sheet.preamble:
            worksheet.append([_bold(worksheet, str(label), bold), escape_cell(str(value))])
        if sheet.preamble:
            worksheet.append([])
        worksheet.append([_bold(worksheet, str(header), bold) for header in sheet.headers])
        for row in sheet.rows:
            worksheet.append([escape_cell(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(sheet: Sheet) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    for label, value in sheet.preamble:
        writer.writerow([str(label), escape_cell(str(value))])
    if sheet.preamble:
        writer.writerow([])
    writer.writerow([str(header) for header in sheet.headers])
    for row in sheet.rows:
        writer.writerow(["" if value is None else escape_cell(value) for value in row])
    # The BOM tells Excel the file is UTF-8; without it Lao text turns into mojibake.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def download(sheets: list[Sheet], filename: str, file_format: str) -> HttpResponse:
    """An attachment: every sheet in one workbook, or the first sheet as CSV."""
    if file_format == "csv":
        content, content_type = csv_bytes(sheets[0]), "text/csv; charset=utf-8"
    else:
        content, content_type, file_format = xlsx_bytes(sheets), XLSX_TYPE, "xlsx"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def _bold(worksheet, value, font):
    cell = WriteOnlyCell(worksheet, value=escape_cell(value))
    cell.font = font
    return cell


def _sheet_name(title: str, used: set) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, each name once."""
    name = "".join(" " if char in "[]:*?/\\" else char for char in str(title))[:31].strip()
    candidate, number = name or "Sheet", 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate
