"""The rules of lms.spreadsheets, on hand-built files: what is read, what is refused, what
is written."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lms import spreadsheets
from lms.spreadsheets import (
    CSV_BOM,
    Formula,
    SpreadsheetError,
    cell_text,
    csv_bytes,
    read_rows,
    write_table,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def workbook(*sheets, merged=(), hidden=()):
    """An XLSX file: a sheet per list of rows; ``merged`` ranges on the first sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, rows in enumerate(sheets):
        sheet = book.create_sheet(f"Sheet {index + 1}")
        for row in rows:
            sheet.append(row)
        if index in hidden:
            sheet.sheet_state = "hidden"
    for cells in merged:
        next(s for s in book.worksheets if s.sheet_state == "visible").merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refusal(content, filename, **limits) -> str:
    with pytest.raises(SpreadsheetError) as error:
        read_rows(content, filename, **limits)
    return str(error.value)


# Reading ----------------------------------------------------------------------------------


def test_csv_is_read_with_or_without_a_byte_order_mark():
    text = "ຊື່,Phone\nວິໄລ,020 5555 1234\n"
    expected = [["ຊື່", "Phone"], ["ວິໄລ", "020 5555 1234"]]
    assert read_rows(text.encode(), "sheet.csv") == expected
    assert read_rows((CSV_BOM + text).encode(), "sheet.csv") == expected


def test_xlsx_keeps_numbers_and_dates_and_reads_them_as_text():
    content = workbook([["score", "date"], [85, datetime.datetime(2026, 3, 4)], [62.5, None]])
    rows = read_rows(content, "scores.xlsx")
    assert rows[1] == [85, datetime.datetime(2026, 3, 4)]
    assert [cell_text(value) for value in rows[1]] == ["85", "2026-03-04"]
    assert [cell_text(value) for value in rows[2]] == ["62.5", ""]
    assert cell_text(85.0) == "85"


def test_an_uploaded_file_is_read_like_its_bytes():
    upload = SimpleUploadedFile("sheet.csv", b"a,b\n1,2\n")
    assert read_rows(upload, upload.name) == [["a", "b"], ["1", "2"]]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formulas_are_flagged_not_evaluated(file_format):
    if file_format == "csv":
        content = b'name,total\nx,=SUM(A1:A2)\ny,=HYPERLINK("http://x")\n'
    else:
        content = workbook([["name", "total"], ["x", "=SUM(1,2)"]])
    rows = read_rows(content, f"sheet.{file_format}")
    assert isinstance(rows[1][1], Formula)
    assert rows[1][1].startswith("=")
    assert not isinstance(rows[0][1], Formula)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_escaped_cells_read_back_as_typed_and_are_not_formulas(file_format):
    typed = ["=2", "+856 20 5555 1234", "-1 year", "@home"]
    escaped = [spreadsheets.escape_cell(value) for value in typed]
    assert escaped == ["'" + value for value in typed]
    if file_format == "csv":
        content = csv_bytes(["a", "b", "c", "d"], [typed])
    else:
        content = xlsx_bytes(["a", "b", "c", "d"], [typed])
    row = read_rows(content, f"export.{file_format}")[1]
    assert row == typed
    assert not any(isinstance(value, Formula) for value in row)
    # An apostrophe before anything else is the typist's.
    assert read_rows(b"a\n'quoted\n", "x.csv")[1] == ["'quoted"]


def test_a_merged_block_gives_its_value_to_every_cell():
    content = workbook(
        [["Name", "Organisation", "Sex"], ["A", "ATD", "M"], ["B", None, "F"], ["C", None, "M"]],
        merged=["B2:B4"],
    )
    rows = read_rows(content, "sheet.xlsx")
    assert [row[1] for row in rows[1:]] == ["ATD", "ATD", "ATD"]
    wide = workbook([["Title", None, None], ["a", "b", "c"]], merged=["A1:C1"])
    assert read_rows(wide, "sheet.xlsx")[0] == ["Title", "Title", "Title"]


def test_the_first_visible_sheet_is_read_hidden_ones_skipped():
    content = workbook([["hidden"]], [["visible"]], [["third"]], hidden={0})
    assert read_rows(content, "book.xlsx") == [["visible"]]


def test_a_workbook_without_a_visible_sheet_is_refused():
    book = openpyxl.Workbook()
    book.create_sheet("other")
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl always writes one sheet visible: hide them all in the XML instead.
    source = io.BytesIO(buffer.getvalue())
    patched = io.BytesIO()

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(patched, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="hidden"')
            copy.writestr(item, data)
    assert "no visible sheet" in refusal(patched.getvalue(), "book.xlsx")


def test_empty_rows_keep_row_numbers_and_trailing_ones_are_dropped():
    assert read_rows(b"a\n\nb\n\n\n", "x.csv") == [["a"], [], ["b"]]
    content = workbook([["a"], [None], ["b"], [None], [None]])
    assert read_rows(content, "x.xlsx") == [["a"], [], ["b"]]


def test_an_empty_file_is_refused():
    assert refusal(b"", "x.csv") == "The file is empty."


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 100)
    assert "larger than" in refusal(b"a,b\n" * 30, "x.csv")

    class Upload(io.BytesIO):
        size = 10_000

        def read(self, *args):
            raise AssertionError("an oversized upload must not be read")

    assert "larger than" in refusal(Upload(), "x.csv")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_too_many_rows_are_refused_with_the_limit(file_format):
    rows = [["name"]] + [[f"person {n}"] for n in range(12)]
    content = "\n".join(row[0] for row in rows).encode() if file_format == "csv" else workbook(rows)
    message = refusal(content, f"x.{file_format}", max_rows=10)
    assert message == "The sheet has more than 10 rows; at most 10 can be imported at once."
    assert len(read_rows(content, f"x.{file_format}", max_rows=12)) == 13


def test_the_default_row_limit_is_five_thousand():
    content = ("name\n" + "x\n" * 5_001).encode()
    assert "at most 5000 can be imported" in refusal(content, "x.csv")
    assert len(read_rows(("name\n" + "x\n" * 5_000).encode(), "x.csv")) == 5_001


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_too_many_cells_are_refused(file_format, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 50)
    rows = [[f"c{n}" for n in range(10)] for _row in range(6)]
    if file_format == "csv":
        content = "\n".join(",".join(row) for row in rows).encode()
    else:
        content = workbook(rows)
    assert "more than 50 cells" in refusal(content, f"x.{file_format}")


def test_a_zip_bomb_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1_000)
    content = workbook([["x" * 2_000]])
    assert "too large once unpacked" in refusal(content, "x.xlsx")


def _broken_workbook_xml() -> bytes:
    source, broken = io.BytesIO(workbook([["a"]])), io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(item, data[:-20] if item.filename == "xl/workbook.xml" else data)
    return broken.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-1.7", "x.pdf", "must be an .xlsx or .csv"),
        (b"PK\x03\x04broken", "x.xlsx", "could not be read as a spreadsheet"),
        (b"not a workbook", "x.xlsx", "could not be read as a spreadsheet"),
        (_broken_workbook_xml(), "x.xlsx", "could not be read as a spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "x.csv", "not a CSV text file"),
        ("ຊື່\n".encode("utf-16"), "x.csv", "not a CSV text file"),
        ("nom\ncafé\n".encode("latin-1"), "x.csv", "not in UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, filename, message):
    assert message in refusal(content, filename)


# Writing ----------------------------------------------------------------------------------


def test_csv_starts_with_the_byte_order_mark_and_escapes_formulas():
    content = csv_bytes(["ຊື່", "Phone"], [['=HYPERLINK("x")', "+856 20"], [None, Decimal("2")]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["ຊື່", "Phone"], ['\'=HYPERLINK("x")', "'+856 20"], ["", "2"]]


def test_xlsx_escapes_formulas_and_stores_no_formula_cell():
    content = xlsx_bytes(["a", "b"], [["=1+1", 3], ["bell\x07", datetime.date(2026, 3, 4)]])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[2]] == ["'=1+1", 3]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # Control characters Excel refuses are left out rather than failing the export.
    assert sheet["A3"].value == "bell"
    assert sheet["A1"].font.bold


def test_write_table_writes_a_tablib_dataset_as_csv_or_xlsx():
    import tablib

    dataset = tablib.Dataset(["ວິໄລ", "=2"], headers=["name", "note"])
    content, content_type, extension = write_table(dataset, "csv")
    assert (content_type, extension) == ("text/csv; charset=utf-8", "csv")
    assert content.decode("utf-8") == CSV_BOM + "name,note\r\nວິໄລ,'=2\r\n"
    content, content_type, extension = write_table(dataset, "xlsx")
    assert extension == "xlsx" and content_type == spreadsheets.XLSX_CONTENT_TYPE
    assert read_rows(content, "x.xlsx") == [["name", "note"], ["ວິໄລ", "=2"]]
