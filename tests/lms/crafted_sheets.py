"""Hostile spreadsheets built in code: small files that cost a reader much more than their
size (zip and shared-strings bombs, lying dimensions, deep XML, giant CSV fields).

``CRAFTED`` maps a name to (filename, a function building the file's bytes, a phrase of
the English refusal). tests/lms/test_spreadsheet_limits.py asserts each is refused quickly
and benchmarks/imports.py times the refusals.
"""

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def patched_workbook(parts: dict[str, bytes], *, add: dict[str, bytes] | None = None) -> bytes:
    """A workbook saved by openpyxl (one sheet, one shared string) with ``parts`` replaced
    and ``add`` members added; shared strings are declared in the content types."""
    book = openpyxl.Workbook()
    book.active.append(["name"])
    source = io.BytesIO()
    book.save(source)
    content_types = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source.getvalue())) as original,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        names = set(original.namelist())
        for item in original.infolist():
            data = parts.get(item.filename, original.read(item))
            shared = SHARED_STRINGS in parts and b"sharedStrings" not in data
            if item.filename == "[Content_Types].xml" and shared:
                data = data.replace(b"</Types>", content_types + b"</Types>")
            copy.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in {
            **{n: d for n, d in parts.items() if n not in names},
            **(add or {}),
        }.items():
            copy.writestr(name, data, zipfile.ZIP_DEFLATED)
    return output.getvalue()


def sheet_xml(rows: str, *, dimension: str = "A1", after: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData>{after}</worksheet>'
    ).encode()


def shared_strings_xml(strings: list[str], *, doctype: str = "") -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="{MAIN}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()


def _shared_cells(rows: int, columns: int) -> str:
    """Rows of cells that all point at shared string 0."""
    row = "".join('<c t="s"><v>0</v></c>' for _c in range(columns))
    return "".join(f'<row r="{r}">{row}</row>' for r in range(1, rows + 1))


# The files -------------------------------------------------------------------------------


def huge_dimension() -> bytes:
    """A header and 20 rows whose sheet claims A1:XFD1048576 and holds a value in XFD."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>person {r}</t></is></c>'
        f'<c r="XFD{r}"><v>1</v></c></row>'
        for r in range(1, 22)
    )
    return patched_workbook({SHEET: sheet_xml(rows, dimension="A1:XFD1048576")})


def lying_dimension() -> bytes:
    """An ordinary small sheet (header and 3 rows) that declares A1:XFD1048576: accepted,
    read as the cells it holds."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{"name" if r == 1 else f"p{r}"}</t>'
        f"</is></c></row>"
        for r in range(1, 5)
    )
    return patched_workbook({SHEET: sheet_xml(rows, dimension="A1:XFD1048576")})


def far_row() -> bytes:
    """A header in A1 and one value in A1048576: a million empty rows in between."""
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    )
    return patched_workbook({SHEET: sheet_xml(rows)})


def shared_strings_bomb() -> bytes:
    """4,000 rows x 40 cells, all showing one 32,000-character shared string."""
    return patched_workbook(
        {
            SHARED_STRINGS: shared_strings_xml(["ກ" * 32_000]),
            SHEET: sheet_xml(_shared_cells(4_000, 40)),
        }
    )


def one_huge_row() -> bytes:
    """One row of a million numeric cells (no references): an 8 MB XML part."""
    cells = "<c><v>1</v></c>" * 1_000_000
    return patched_workbook({SHEET: sheet_xml(f'<row r="1">{cells}</row>')})


def styled_empty_columns() -> bytes:
    """2,000 rows of one name and 200 empty cells carrying a style each."""
    styled = "".join(f'<c r="{_column_letters(c)}{{r}}" s="0"/>' for c in range(2, 202))
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>p{r}</t></is></c>'
        + styled.replace("{r}", str(r))
        + "</row>"
        for r in range(1, 2_001)
    )
    return patched_workbook({SHEET: sheet_xml(rows)})


def styles_bomb() -> bytes:
    """A stylesheet of a million cell formats (openpyxl loads the stylesheet whole)."""
    formats = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 1_000_000
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<cellXfs count="1000000">{formats}</cellXfs></styleSheet>'
    ).encode()
    return patched_workbook({STYLES: styles})


def deep_xml() -> bytes:
    """A sheet whose first cell nests 200,000 elements."""
    nested = "<x>" * 200_000 + "</x>" * 200_000
    rows = f'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is>{nested}</c></row>'
    return patched_workbook({SHEET: sheet_xml(rows)})


def entity_bomb() -> bytes:
    """ "Billion laughs": shared strings with entities that expand to gigabytes."""
    entities = (
        '<!ENTITY a "'
        + "x" * 100
        + '">'
        + "".join(f'<!ENTITY {chr(98 + n)} "' + f"&{chr(97 + n)};" * 10 + '">' for n in range(8))
    )
    doctype = f"<!DOCTYPE sst [{entities}]>"
    return patched_workbook(
        {
            SHARED_STRINGS: shared_strings_xml(["&i;"], doctype=doctype),
            SHEET: sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        }
    )


def zip_bomb() -> bytes:
    """A workbook carrying 200 MB of zeros (a few hundred KB compressed)."""
    return patched_workbook({}, add={"xl/media/padding.bin": b"\0" * (200 * 1024 * 1024)})


def merged_blocks_bomb() -> bytes:
    """A header, 1,000 rows of 40 cells and 3,000 merged blocks each covering all of them."""
    merged = "".join('<mergeCell ref="A1:AN1001"/>' for _n in range(3_000))
    after = f'<mergeCells count="3000">{merged}</mergeCells>'
    return patched_workbook(
        {
            SHARED_STRINGS: shared_strings_xml(["x"]),
            SHEET: sheet_xml(_shared_cells(1_001, 40), after=after),
        }
    )


def csv_giant_field() -> bytes:
    """A header and one quoted field of four million characters."""
    return b'name\n"' + b"x" * 4_000_000 + b'"\n'


def csv_many_columns() -> bytes:
    """One line of two million empty fields."""
    return b"name" + b"," * 2_000_000 + b"\n"


def csv_empty_lines() -> bytes:
    """A header and five million line ends."""
    return b"name\n" + b"\n" * (5 * 1024 * 1024 - 6)


def csv_much_text() -> bytes:
    """A header and 2,200 rows of 1,000 characters: 2.2 million characters of text."""
    return b"name\n" + (b"y" * 1_000 + b"\n") * 2_200


# name -> (filename, builder, a phrase of the English refusal)
CRAFTED = {
    "XLSX value in column XFD, dimension A1:XFD1048576": (
        "dimension.xlsx",
        huge_dimension,
        "more than 200000 cells",
    ),
    "XLSX value in row 1,048,576": ("far-row.xlsx", far_row, "more than 200000 cells"),
    "XLSX shared-strings bomb": ("strings.xlsx", shared_strings_bomb, "characters of text"),
    "XLSX one row of 1,000,000 cells": ("row.xlsx", one_huge_row, "more than 200000 cells"),
    "XLSX 200 styled empty columns": ("styled.xlsx", styled_empty_columns, "200000 cells"),
    "XLSX stylesheet of 1,000,000 formats": ("styles.xlsx", styles_bomb, "too large once"),
    "XLSX XML nested 200,000 deep": ("deep.xlsx", deep_xml, "could not be read"),
    "XLSX entity expansion (billion laughs)": ("laughs.xlsx", entity_bomb, "could not be read"),
    "XLSX zip bomb (200 MB of zeros)": ("bomb.xlsx", zip_bomb, "too large once unpacked"),
    "XLSX 3,000 overlapping merged blocks": ("merged.xlsx", merged_blocks_bomb, "merged cells"),
    "CSV one field of 4,000,000 characters": ("field.csv", csv_giant_field, "characters"),
    "CSV one line of 2,000,000 fields": ("columns.csv", csv_many_columns, "200000 cells"),
    "CSV 5,000,000 empty lines": ("lines.csv", csv_empty_lines, "200000 cells"),
    "CSV 2,200,000 characters of text": ("text.csv", csv_much_text, "characters of text"),
}
