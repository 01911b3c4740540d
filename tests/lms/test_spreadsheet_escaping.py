"""Every spreadsheet the admin serves escapes formulas, and our imports read them back."""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from lms.spreadsheets import EscapedSpreadsheetExportMixin, escape_cell, unescape_cell
from tests.factories import PersonFactory, UserFactory

FORMULA = '=HYPERLINK("http://evil.example","click")'


def _view_classes(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _view_classes(pattern)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                yield pattern, view_class


def test_every_listing_export_the_project_serves_is_escaped():
    unescaped = sorted(
        {
            f"{pattern.name}: {view_class.__module__}.{view_class.__qualname__}"
            for pattern, view_class in _view_classes()
            if issubclass(view_class, SpreadsheetExportMixin)
            and getattr(view_class, "list_export", None) is not None
            and view_class.__module__.split(".")[0] in ("lms", "courses", "assessments")
            and not issubclass(view_class, EscapedSpreadsheetExportMixin)
        }
    )
    assert unescaped == []


def test_snippet_listings_export_through_the_escaping_mixin():
    # Snippet viewsets build their view classes at run time, in Wagtail's modules.
    from wagtail.snippets.models import get_snippet_models

    for model in get_snippet_models():
        if model._meta.app_label in ("lms", "courses", "assessments"):
            viewset = model.snippet_viewset
            assert issubclass(viewset.index_view_class, EscapedSpreadsheetExportMixin), model


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_an_escaped_cell_reads_back_as_typed(prefix):
    typed = f"{prefix}856 20 5555 1234"
    escaped = escape_cell(typed)
    assert escaped == "'" + typed
    assert unescape_cell(escaped) == typed
    assert unescape_cell("'quoted") == "'quoted"


@pytest.fixture
def admin_client_with_formula_person(client, db):
    PersonFactory(
        name_lo="ທ້າວ ທົດສອບ",
        name_latin=FORMULA,
        position="+856 cell",
        organisation_key=None,
        phone="",
    )
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_people_csv_export_escapes_formulas(admin_client_with_formula_person):
    response = admin_client_with_formula_person.get(
        "/admin/snippets/lms/person/", {"export": "csv"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(_streamed(response).decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA in cells
    assert "'+856 cell" in cells
    assert FORMULA not in cells


def test_people_xlsx_export_escapes_formulas(admin_client_with_formula_person):
    response = admin_client_with_formula_person.get(
        "/admin/snippets/lms/person/", {"export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(_streamed(response))).active
    cells = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
