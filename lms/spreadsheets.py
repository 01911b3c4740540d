"""THE spreadsheet module: every XLSX or CSV file the project reads or writes goes through here.

Reading (``read_rows``): the first visible sheet of an XLSX workbook, or a CSV file in
UTF-8 (with or without a byte-order mark), as lists of cell values. Limits are checked
before and while parsing, so an oversized or hostile file is refused early with a
translatable ``SpreadsheetError``: the file size (and, for XLSX, its unpacked size), the
rows with content and the cells. A merged block gives its value to every cell of the
block; a formula is never evaluated but flagged as a ``Formula``; text escaped by one of
our exports (``"'=2"``) reads back as typed (``"=2"``).

Writing (``csv_bytes``, ``xlsx_bytes``, ``workbook_bytes``, ``write_table``): CSV starts
with a UTF-8 byte-order mark so Excel reads Lao text correctly, and every text cell that
begins with = + - @ (or a tab or carriage return) gets a leading apostrophe, so Excel and
LibreOffice never run it as a formula (OWASP "CSV injection"). ``escape_cell`` and
``unescape_cell`` are the two halves of that rule; ``EscapedSpreadsheetExportMixin``
brings the same escaping and byte-order mark to Wagtail's listing exports (snippets,
model viewsets, report views).
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from lms.lao import lao_matching_key

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Limits of what is read. An import of a few thousand people or questions is far below them.
MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX archive unpacked (a "zip bomb" guard)
MAX_ROWS = 5_000  # rows with content, below the header rows
MAX_CELLS = 200_000  # cells read, empty ones included (rows x columns)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
# The UTF-8 byte-order mark: without it Excel opens Lao text in a CSV file as mojibake.
CSV_BOM = "\ufeff"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


class Formula(str):
    """A cell that holds a formula instead of a typed value (never evaluated)."""


# Escaping ---------------------------------------------------------------------------------


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


def cell_text(value) -> str:
    """A cell read by ``read_rows`` as text: dates in ISO form, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Column names -----------------------------------------------------------------------------

# A person's columns as imports name them -> the spellings people type, compared through
# lms.lao.lao_matching_key (case and Lao spelling free). Every import that reads people
# (sign-in sheets, paper scores) reads its headers with ``header_column`` and these.
PERSON_HEADERS = {
    "name_lo": [
        "lao name",
        "name in lao",
        "name (lao)",
        "name lao",
        "ຊື່",
        "ຊື່ ແລະ ນາມສະກຸນ",
        "ຊື່ ນາມສະກຸນ",
        "ຊື່-ນາມສະກຸນ",
        "ຊື່ ແລະ ນາມສະກຸນ ຜູ້ເຂົ້າຮ່ວມ",
        "ຊື່ ຜູ້ເຂົ້າຮ່ວມ",
        "ຊື່ພາສາລາວ",
        "ຊື່ (ລາວ)",
        "ຊື່ ແລະ ນາມສະກຸນ (ລາວ)",
    ],
    "name_latin": [
        "romanised name",
        "romanized name",
        "name (english)",
        "english name",
        "name in english",
        "name latin",
        "ຊື່ພາສາອັງກິດ",
        "ຊື່ (ອັງກິດ)",
        "ຊື່ ແລະ ນາມສະກຸນ (ອັງກິດ)",
    ],
    "sex": ["sex", "gender", "m/f", "ເພດ", "ເພດ (ຊ/ຍ)", "ຊ/ຍ"],
    "organisation": [
        "organisation",
        "organization",
        "institution",
        "office",
        "agency",
        "ອົງການ",
        "ຫົວໜ່ວຍ",
        "ພາກສ່ວນ",
        "ສະຖາບັນ",
        "ອົງການຈັດຕັ້ງ",
        "ບ່ອນປະຈຳການ",
        "ບ່ອນເຮັດວຽກ",
        "ຫ້ອງການ",
    ],
    "position": ["position", "title", "job", "ຕຳແໜ່ງ", "ໜ້າທີ່"],
    "phone": [
        "phone",
        "telephone",
        "tel",
        "mobile",
        "phone number",
        "ເບີໂທ",
        "ເບີໂທລະສັບ",
        "ໂທລະສັບ",
        "ເບີ",
        "ເບີໂທ (ມືຖື)",
    ],
    # The running number of a paper list: read past, never imported.
    "number": ["no", "no.", "#", "n°", "ລ/ດ", "ລດ", "ລຳດັບ", "ລ.ດ"],
}
_BILINGUAL_HEADER = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def header_keys(vocabulary: dict) -> dict[str, str]:
    """{matching key of a spelling: column} of a vocabulary like ``PERSON_HEADERS``."""
    return {
        lao_matching_key(spelling): column
        for column, spellings in vocabulary.items()
        for spelling in spellings
    }


def header_column(value, keys: dict[str, str]) -> str | None:
    """The column a header names among ``keys`` (``header_keys``): "ຊື່ ແລະ ນາມສະກຸນ
    (Lao name)" is read by either half, Lao digits as ASCII ones."""
    key = lao_matching_key(cell_text(value))
    if key in keys:
        return keys[key]
    bilingual = _BILINGUAL_HEADER.match(key)
    if bilingual:
        return keys.get(bilingual.group(1)) or keys.get(bilingual.group(2))
    return None


# Reading ----------------------------------------------------------------------------------


def _read_content(source) -> bytes:
    """The bytes of an uploaded file (or bytes), refusing an empty or oversized one."""
    if isinstance(source, bytes | bytearray | memoryview):
        content = bytes(source)
    else:
        size = getattr(source, "size", None)
        if size is not None and size > MAX_BYTES:
            raise _too_large()
        if hasattr(source, "seek"):
            source.seek(0)
        content = source.read(MAX_BYTES + 1)
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise _too_large()
    return content


def _too_large() -> SpreadsheetError:
    # The message names MAX_BYTES (its Lao translation is in the catalogue).
    return SpreadsheetError(_("The file is larger than 5 MB."))


class _Limits:
    """Counts rows and cells as they are read, refusing the file past a limit."""

    def __init__(self, max_rows: int, header_rows: int):
        self.max_rows, self.header_rows = max_rows, header_rows
        self.rows = self.cells = 0

    def count(self, values: Sequence, blank: bool):
        # Every row costs at least one cell, so a file of empty lines is bounded too.
        self.cells += max(len(values), 1)
        if self.cells > MAX_CELLS:
            raise SpreadsheetError(
                _(
                    "The sheet has more than %(max)s cells (rows × columns); split it into "
                    "smaller files or delete the empty columns."
                )
                % {"max": MAX_CELLS}
            )
        if not blank:
            self.rows += 1
            if self.rows > self.max_rows + self.header_rows:
                raise SpreadsheetError(
                    _(
                        "The sheet has more than %(max)s rows; at most %(max)s can be imported "
                        "at once."
                    )
                    % {"max": self.max_rows}
                )


def _is_blank(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _cell(value):
    """A raw cell as read: formulas flagged, text stripped and unescaped."""
    if isinstance(value, str):
        if value.startswith("="):
            return Formula(value)
        return unescape_cell(value.strip())
    return value


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_blocks(archive: zipfile.ZipFile, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged block of the sheet.

    Read from the sheet's XML because openpyxl's fast read-only mode does not parse them.
    """
    from openpyxl.utils.cell import range_boundaries

    xml = archive.read(sheet_path.lstrip("/"))
    blocks = []
    for first, last in _MERGE_REF.findall(xml):
        min_col, min_row, max_col, max_row = range_boundaries(f"{first.decode()}:{last.decode()}")
        blocks.append((min_row, min_col, max_row, max_col))
    return blocks


def _fill_merged(rows: list[list], blocks, width: int):
    """A merged block (an organisation typed once for several people) holds its value in
    the top-left cell only: give every cell of the block that value."""
    for min_row, min_col, max_row, max_col in blocks:
        if min_row > len(rows) or min_col > width:
            continue
        max_col = min(max_col, width)
        first = rows[min_row - 1]
        value = first[min_col - 1] if min_col <= len(first) else None
        for row in rows[min_row - 1 : max_row]:
            row.extend([None] * (max_col - len(row)))
            row[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)


def _unreadable() -> SpreadsheetError:
    return SpreadsheetError(
        _("This file could not be read as a spreadsheet. Save it as XLSX or CSV.")
    )


def _collect_rows(values_of_rows, limits: _Limits) -> list[list]:
    """The rows read, within the limits. An empty row is kept only when content follows, so
    row numbers stay those of the sheet and trailing empty rows cost nothing."""
    rows, blanks = [], 0
    for values in values_of_rows:
        blank = _is_blank(values)
        limits.count(values, blank)
        if blank:
            blanks += 1
            continue
        rows.extend([] for _i in range(blanks))
        blanks = 0
        rows.append([_cell(value) for value in values])
    return rows


def _read_xlsx(content: bytes, limits: _Limits) -> list[list]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise SpreadsheetError(
                    _("The workbook is too large once unpacked; save only the sheet to import.")
                )
            # Read-only mode streams the sheet: several times faster on thousands of rows.
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            try:
                sheet = next(
                    (ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None
                )
                if sheet is None:
                    raise SpreadsheetError(_("The workbook has no visible sheet."))
                rows = _collect_rows(sheet.iter_rows(values_only=True), limits)
                width = max((len(row) for row in rows), default=0)
                blocks = _merged_blocks(archive, sheet._worksheet_path)
            finally:
                workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # zipfile, XML and openpyxl errors: the file is broken
        raise _unreadable() from error
    _fill_merged(rows, blocks, width)
    return rows


def _read_csv(content: bytes, limits: _Limits) -> list[list]:
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(
            _("This file is not a CSV text file. Save it as XLSX or CSV (UTF-8).")
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("The CSV file is not in UTF-8. Save it as 'CSV UTF-8' and upload it again.")
        ) from error
    try:
        rows = _collect_rows(csv.reader(io.StringIO(text, newline="")), limits)
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from error
    return rows


def read_rows(source, filename: str, *, max_rows: int = MAX_ROWS, header_rows: int = 1) -> list:
    """The cells of the first visible sheet of an XLSX file, or of a UTF-8 CSV file.

    ``source`` is the file's bytes or an uploaded file. Each row is a list of values:
    ``None`` for an empty cell, text (stripped, escaped cells unescaped), numbers and dates
    as the workbook holds them (CSV: text only), ``Formula`` for a formula. Empty rows
    inside the sheet are kept (as ``[]``) so row numbers are the sheet's; trailing ones are
    dropped. At most ``max_rows`` rows with content below ``header_rows`` header (or
    title) rows. Raises ``SpreadsheetError`` with a message for the user.
    """
    content = _read_content(source)
    limits = _Limits(max_rows, header_rows)
    name = (filename or "").lower()
    if content.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, limits)
    if name.endswith((".csv", ".txt")):
        return _read_csv(content, limits)
    raise SpreadsheetError(_("The file must be an .xlsx or .csv spreadsheet."))


# Writing ----------------------------------------------------------------------------------


def _xlsx_safe(value):
    """An escaped value openpyxl can store: control characters Excel refuses are removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = escape_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@dataclass
class Table:
    """One sheet to write: a title, lines describing it (label, value), a header row, rows."""

    title: str
    headers: list
    rows: Iterable
    preamble: list = field(default_factory=list)


def csv_bytes(headers: Sequence, rows: Iterable, *, preamble: Iterable = ()) -> bytes:
    """A UTF-8 CSV file with its byte-order mark, every cell escaped."""
    output = io.StringIO()
    writer = csv.writer(output)
    preamble = list(preamble)
    for label, value in preamble:
        writer.writerow([str(label), escape_cell(str(value))])
    if preamble:
        writer.writerow([])
    writer.writerow([escape_cell(str(header)) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else escape_cell(value) for value in row])
    return (CSV_BOM + output.getvalue()).encode("utf-8")


def _sheet_name(title: str, used: set) -> str:
    """A unique sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    name = re.sub(r"[\[\]:*?/\\]", "-", str(title or "Sheet")).strip("'")[:31] or "Sheet"
    candidate, number = name, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def workbook_bytes(tables: Iterable) -> bytes:
    """An XLSX workbook with a sheet per table (anything with ``title``, ``headers``, ``rows``
    and ``preamble``): bold headers frozen above the rows, every cell escaped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used = set()

    def heading(worksheet, value):
        cell = WriteOnlyCell(worksheet, value=_xlsx_safe(str(value)))
        cell.font = bold
        return cell

    for table in tables:
        worksheet = workbook.create_sheet(_sheet_name(table.title, used))
        preamble = list(getattr(table, "preamble", None) or ())
        headers = [str(header) for header in table.headers]
        rows = table.rows
        if isinstance(rows, Sequence):
            # Columns as wide as their content (within reason) when the rows are at hand.
            for index, header in enumerate(headers, start=1):
                cells = [cell_text(row[index - 1]) for row in rows if len(row) >= index]
                longest = max([len(header)] + [len(cell) for cell in cells])
                worksheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, 60)
        if not preamble:
            worksheet.freeze_panes = "A2"
        for label, value in preamble:
            worksheet.append([heading(worksheet, label), _xlsx_safe(str(value))])
        if preamble:
            worksheet.append([])
        worksheet.append([heading(worksheet, header) for header in headers])
        for row in rows:
            worksheet.append([_xlsx_safe(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_bytes(headers: Sequence, rows: Iterable, *, title: str = "Sheet1") -> bytes:
    """An XLSX workbook of one sheet: bold headers frozen above the rows, every cell escaped."""
    return workbook_bytes([Table(title=title, headers=list(headers), rows=rows)])


def write_table(dataset, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file extension) of a tablib dataset as XLSX or CSV."""
    headers, rows = list(dataset.headers or []), [list(row) for row in dataset]
    if file_format == "csv":
        return csv_bytes(headers, rows), CSV_CONTENT_TYPE, "csv"
    title = getattr(dataset, "title", None) or "Sheet1"
    return xlsx_bytes(headers, rows, title=title), XLSX_CONTENT_TYPE, "xlsx"


class EscapedSpreadsheetExportMixin:
    """Mixed into a Wagtail listing view before its spreadsheet export mixin: cells escaped
    as ``escape_cell`` does, and the CSV starting with the byte-order mark like ours."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if not isinstance(value, str):
            return value
        return _xlsx_safe(value) if export_format == "xlsx" else escape_cell(value)

    def stream_csv(self, queryset):
        yield CSV_BOM
        yield from super().stream_csv(queryset)
