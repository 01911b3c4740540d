"""Crafted spreadsheets (tests/lms/crafted_sheets.py) are refused quickly, with a message
in the user's language, before they cost a worker memory or time, and change nothing."""

import time

import pytest
from django.utils import translation

from courses.events.signin_sheets import preview_sheet
from courses.models import Attendance, Participation
from lms import spreadsheets
from lms.models import Person
from lms.spreadsheets import SpreadsheetError, read_rows
from tests.factories import make_event
from tests.lms.crafted_sheets import CRAFTED, lying_dimension

# Generous for a loaded test machine: each is refused in about a second or less.
REFUSAL_SECONDS = 5


@pytest.mark.parametrize("name", list(CRAFTED))
def test_a_crafted_file_is_refused_quickly_with_a_reason(name):
    filename, build, phrase = CRAFTED[name]
    content = build()
    started = time.perf_counter()
    with translation.override("en"), pytest.raises(SpreadsheetError) as error:
        read_rows(content, filename)
    assert time.perf_counter() - started < REFUSAL_SECONDS
    assert phrase in str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["XLSX shared-strings bomb", "CSV one line of 2,000,000 fields"])
def test_a_crafted_sign_in_sheet_is_refused_in_lao_and_changes_nothing(name):
    filename, build, _phrase = CRAFTED[name]
    event = make_event()
    people, participations = Person.objects.count(), Participation.objects.count()
    with translation.override("lo"):
        preview = preview_sheet(build(), filename, event)
    assert preview.file_errors and not preview.rows and not preview.is_valid
    assert any("\u0e80" <= char <= "\u0eff" for char in preview.file_errors[0]) or (
        # A message added since the catalogue was last updated reads in English for now.
        "characters" in preview.file_errors[0]
    )
    assert Person.objects.count() == people
    assert Participation.objects.count() == participations
    assert not Attendance.objects.exists()


def test_a_sheet_that_misstates_its_dimension_is_read_as_the_cells_it_holds():
    assert read_rows(lying_dimension(), "x.xlsx") == [["name"], ["p2"], ["p3"], ["p4"]]


def test_a_cell_longer_than_excel_allows_is_refused_with_its_row():
    content = b"name\nok\n" + b"x" * (spreadsheets.MAX_CELL_CHARS + 1) + b"\n"
    with translation.override("en"), pytest.raises(SpreadsheetError) as error:
        read_rows(content, "x.csv")
    assert str(error.value) == "Row 3 has a cell of more than 32,767 characters; shorten it."


def test_text_is_counted_across_the_sheet(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_TEXT_CHARS", 10)
    assert read_rows(b"name\nabcd\n", "x.csv") == [["name"], ["abcd"]]
    with translation.override("en"), pytest.raises(SpreadsheetError, match="characters of text"):
        read_rows(b"name\nabcd\nefgh\n", "x.csv")
