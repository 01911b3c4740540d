"""The sign-in sheet preview's summary of its rows reads right for a sheet of one row."""

import io

import openpyxl
import pytest
from django.urls import reverse

from lms import groups
from tests.factories import UserFactory, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


def one_row_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.append(["ຊື່ ແລະ ນາມສະກຸນ", "ເພດ", "ຫົວໜ່ວຍ", "ເບີໂທ", "Session 1"])
    workbook.active.append(["ວິໄລ ພົມມະວົງ", "ຊ", "ATD", "020 5555 8888", "✓"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "sheet.xlsx"
    return buffer


def test_the_preview_of_a_one_row_sheet_counts_one_row_not_one_rows(client):
    trainer = UserFactory(username="trainer", groups=[groups.TRAINERS], person=True)
    client.force_login(trainer)
    event = make_event(session_hours=(4,))
    event.trainers.add(trainer.person)
    response = client.post(
        reverse("events_admin:import", args=[event.pk]), {"sheet": one_row_sheet()}
    )
    html = response.content.decode()
    assert response.context["preview"].counts["rows"] == 1
    assert "1 rows" not in html and "1 new people" not in html
    assert "Rows: 1 · matched: 0 · new people: 1 · possible duplicates: 0 · with errors: 0" in html
