"""Sign-in sheet import times and the weight of the trainer's marking page.

Budgets (issue 6): a 2,000-row sign-in sheet with 3 sessions is previewed and imported
in under 20 s each; the marking page for a 60-person session takes at most 10 queries
and weighs under 60 KB (HTML, plus the page's own stylesheet and script). Runs inside
a transaction on the configured database and rolls it back, leaving nothing behind:

    DATABASE_URL=sqlite:////tmp/events.sqlite3 .venv/bin/python benchmarks/attendance.py
"""

import io
import os
import sys
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
# The database in DATABASE_URL, else a scratch SQLite file (migrated below).
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/attendance_benchmark.sqlite3")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from courses.events.attendance import register_participant  # noqa: E402
from courses.events.signin_sheets import import_sheet, preview_sheet  # noqa: E402
from courses.models import (  # noqa: E402
    Attendance,
    EventSession,
    EventStatus,
    Programme,
    TrainingEvent,
)
from lms import groups  # noqa: E402
from lms.models import Organisation, Person, Province, Sex  # noqa: E402

SHEET_ROWS = 2_000
TIME_BUDGET = 20.0
QUERY_BUDGET = 10
WEIGHT_BUDGET = 60 * 1024
GIVEN = ["ສົມພອນ", "ມະນີວັນ", "ບຸນມີ", "ແສງເດືອນ", "ຄຳພອນ", "ວັນນາ", "ທອງສະຫວັນ", "ພອນທິບ"]
FAMILY = ["ພົມມະຈັນ", "ສີສຸລາດ", "ວົງສະຫວັນ", "ໄຊຍະວົງ", "ອິນທະວົງ", "ບຸບຜາ"]
ORGANISATIONS = ["ATD", "OSPP", "PSC", "LBA", "MOJ", "LWU"]


class Rollback(Exception):
    pass


def make_event(sessions: int) -> TrainingEvent:
    event = TrainingEvent.objects.create(
        title_en="Benchmark workshop",
        title_lo="ກອງປະຊຸມທົດສອບ",
        programme=Programme.objects.get(code="charj"),
        province=Province.objects.get(code="01"),
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 2 + sessions - 1),
        status=EventStatus.HELD,
    )
    for day in range(sessions):
        EventSession.objects.create(
            event=event, date=date(2026, 3, 2 + day), start_time=clock(8), end_time=clock(12)
        )
    return event


def sign_in_sheet(rows: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ລາຍຊື່ຜູ້ເຂົ້າຮ່ວມ"])
    sheet.append(
        ["ລ/ດ", "ຊື່ ແລະ ນາມສະກຸນ", "Romanised name", "ເພດ", "ຫົວໜ່ວຍ", "ຕຳແໜ່ງ", "ເບີໂທ"]
        + ["Session 1", "Session 2", "Session 3"]
    )
    marks = ["✓", "✓", "✓", "L", "", "E"]
    for n in range(rows):
        name = f"{GIVEN[n % len(GIVEN)]} {FAMILY[n // len(GIVEN) % len(FAMILY)]} {n}"
        sheet.append(
            [
                n + 1,
                name,
                "",
                "ຍ" if n % 2 else "ຊ",
                ORGANISATIONS[n % len(ORGANISATIONS)],
                "ພະນັກງານ",
                f"020 {70000000 + n:08d}",
                marks[n % 6],
                marks[(n + 1) % 6],
                marks[(n + 2) % 6],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_registry_matches(count: int):
    """A quarter of the sheet's people already in the registry, matched by phone."""
    organisation = Organisation.objects.get(key="atd")
    for n in range(0, count, 4):
        Person.objects.create(
            name_lo=f"{GIVEN[n % len(GIVEN)]} {FAMILY[n // len(GIVEN) % len(FAMILY)]} {n}",
            sex=Sex.FEMALE if n % 2 else Sex.MALE,
            sector=organisation.sector,
            organisation=organisation,
            province_id=Province.objects.get(code="01").pk,
            phone=f"020 {70000000 + n:08d}",
        )


def bench_import():
    event = make_event(3)
    seed_registry_matches(SHEET_ROWS)
    content = sign_in_sheet(SHEET_ROWS)
    started = time.perf_counter()
    preview = preview_sheet(content, "sheet.xlsx", event)
    preview_seconds = time.perf_counter() - started
    assert preview.is_valid, preview.file_errors or [r.errors for r in preview.rows if r.errors][:3]
    started = time.perf_counter()
    result = import_sheet(content, "sheet.xlsx", event)
    commit_seconds = time.perf_counter() - started
    assert Attendance.objects.filter(session__event=event).count() == SHEET_ROWS * 3
    print(f"Sign-in sheet: {SHEET_ROWS} rows x 3 sessions ({len(content) / 1024:.0f} KB)")
    print(f"  preview  {preview_seconds:6.2f} s  {preview.counts}")
    print(f"  commit   {commit_seconds:6.2f} s  {result}")
    return preview_seconds <= TIME_BUDGET and commit_seconds <= TIME_BUDGET


def asset_bytes(html: str) -> int:
    total = 0
    for name in ("courses/css/attendance-marking.css", "courses/js/attendance-marking.js"):
        if name in html:
            total += Path(finders.find(name)).stat().st_size
    return total


def bench_marking_page():
    event = make_event(1)
    organisation = Organisation.objects.get(key="ospp")
    for n in range(60):
        person = Person.objects.create(
            name_lo=f"{GIVEN[n % len(GIVEN)]} {FAMILY[n % len(FAMILY)]}",
            name_latin=f"Participant {n}",
            sex=Sex.FEMALE if n % 2 else Sex.MALE,
            sector=organisation.sector,
            organisation=organisation,
            province=Province.objects.get(code="01"),
        )
        register_participant(event, person)
    user = get_user_model().objects.create_user("benchmark-trainer")
    user.groups.add(Group.objects.get(name=groups.TRAINERS))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = event.sessions.get()
    url = reverse("events:mark_session", args=[session.pk])
    participation = event.participations.first()
    client.post(url, {"mark": f"{participation.pk}:present"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    page = len(response.content)
    assets = asset_bytes(html)
    print("Marking page, 60 people:")
    print(f"  queries  {len(queries):6d}    (budget {QUERY_BUDGET})")
    print(f"  HTML     {page / 1024:6.1f} KB (gzip not counted)")
    print(f"  + own CSS and JS {assets / 1024:.1f} KB = {(page + assets) / 1024:.1f} KB")
    print(f"  (budget {WEIGHT_BUDGET // 1024} KB; site.css and the Lao font are shared and cached)")
    return len(queries) <= QUERY_BUDGET and page + assets <= WEIGHT_BUDGET


def main():
    call_command("migrate", verbosity=0)
    within = True
    try:
        with transaction.atomic():
            within &= bench_import()
            within &= bench_marking_page()
            raise Rollback
    except Rollback:
        pass
    print("Within budget." if within else "OVER BUDGET.")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
