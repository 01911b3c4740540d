import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from courses.models import Attendance, AttendanceStatus, Participation
from lms import groups
from lms.models import Person, PersonMerge, Sex
from tests.factories import PersonFactory, UserFactory, attend, make_event

# Assertions read English messages; the Lao page is checked on its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def trainer(client):
    user = UserFactory(username="trainer", groups=[groups.TRAINERS], person__name_lo="ຄູຝຶກ ທົດສອບ")
    client.force_login(user)
    return user


@pytest.fixture
def event(request):
    event = make_event(session_hours=(4, 4))
    attend(event, PersonFactory(name_lo="ມະນີວັນ ພົມມະຈັນ", sex=Sex.FEMALE), [])
    attend(event, PersonFactory(name_lo="ບຸນມີ ສີສຸລາດ"), [])
    if "trainer" in request.fixturenames:
        # A trainer acts only on the events they train (lms.access).
        event.trainers.add(request.getfixturevalue("trainer").person)
    return event


def mark_url(event):
    return reverse("events:mark_session", args=[event.sessions.first().pk])


def test_marking_page_lists_participants_with_big_buttons_in_lao(client, trainer, event):
    with translation.override("lo"):
        response = client.get(mark_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ມະນີວັນ ພົມມະຈັນ" in html
    assert html.count('name="mark"') == 6
    assert 'lang="lo"' in html
    assert ">ມາຊ້າ</button>" in html


def test_a_tap_without_javascript_saves_the_mark_and_returns_to_the_row(client, trainer, event):
    participation = Participation.objects.get(person__sex=Sex.FEMALE)
    response = client.post(mark_url(event), {"mark": f"{participation.pk}:late"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#p{participation.pk}")
    mark = Attendance.objects.get()
    assert (mark.status, mark.marked_by) == (AttendanceStatus.LATE, trainer)
    page = client.get(mark_url(event)).content.decode()
    assert 'data-count="women">1<' in page


def test_a_queued_tap_from_javascript_gets_json_with_counts(client, trainer, event):
    participation = Participation.objects.get(person__sex=Sex.FEMALE)
    response = client.post(
        mark_url(event),
        {"mark": f"{participation.pk}:present", "marked_at": "1774000000000"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.json()["counts"] == {"total": 1, "women": 1, "men": 0}
    # The same queued tap sent again (the connection dropped before the answer) stays one mark.
    client.post(
        mark_url(event),
        {"mark": f"{participation.pk}:present", "marked_at": "1774000000000"},
        headers={"X-Requested-With": "fetch"},
    )
    assert Attendance.objects.count() == 1


def test_marks_for_another_event_or_bad_status_are_refused(client, trainer, event):
    other = make_event(session_hours=(4,))
    stranger = attend(other, PersonFactory(), [])
    assert client.post(mark_url(event), {"mark": f"{stranger.pk}:present"}).status_code == 400
    mine = Participation.objects.filter(event=event).first()
    assert client.post(mark_url(event), {"mark": f"{mine.pk}:asleep"}).status_code == 400
    assert client.post(mark_url(event), {"mark": "garbage"}).status_code == 400
    assert not Attendance.objects.exists()


def test_marking_page_for_sixty_people_is_light(client, trainer):
    event = make_event(session_hours=(4,))
    event.trainers.add(trainer.person)
    for n in range(60):
        attend(event, PersonFactory(name_lo=f"ຜູ້ເຂົ້າຮ່ວມ {n}"), [AttendanceStatus.PRESENT])
    url = mark_url(event)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= 10
    assert len(response.content) < 60_000


@pytest.mark.parametrize(
    "name",
    [
        "events_admin:event",
        "events_admin:import",
        "events_admin:duplicates",
        "events:mark_session",
        "events_admin:signin_pdf",
        "events_admin:export",
    ],
)
def test_a_learner_cannot_reach_any_event_page(client, event, name):
    learner = UserFactory(username="learner", groups=[groups.LEARNERS])
    client.force_login(learner)
    args = {
        "events_admin:event": [event.pk],
        "events_admin:import": [event.pk],
        "events_admin:duplicates": [],
        "events:mark_session": [event.sessions.first().pk],
        "events_admin:signin_pdf": [event.sessions.first().pk],
        "events_admin:export": [event.pk, "xlsx"],
    }[name]
    response = client.get(reverse(name, args=args))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]
    participation = Participation.objects.filter(event=event).first()
    client.post(
        reverse("events:mark_session", args=[event.sessions.first().pk]),
        {"mark": f"{participation.pk}:present"},
    )
    assert not Attendance.objects.exists()


def test_a_learner_cannot_merge_people(client):
    client.force_login(UserFactory(username="learner", groups=[groups.LEARNERS]))
    a, b = PersonFactory(), PersonFactory()
    client.post(reverse("events_admin:merge"), {"people": [a.pk, b.pk], "kept": a.pk})
    assert Person.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    response = client.get(mark_url(event))
    assert response.status_code == 302 and "login" in response["Location"]


def test_trainer_registers_a_new_walk_in_from_the_event_page(client, trainer, event):
    from lms.models import Organisation, Province

    response = client.post(
        reverse("events_admin:event", args=[event.pk]),
        {
            "action": "create",
            "name_lo": "ແສງເດືອນ ໄຊຍະວົງ",
            "name_latin": "Sengdeuane Xayavong",
            "sex": Sex.FEMALE,
            "organisation": Organisation.objects.get(key="ospp").pk,
            "position": "Prosecutor",
            "province": Province.objects.get(code="01").pk,
            "phone": "020 5555 4321",
            "role": "participant",
            "walk_in": "on",
        },
    )
    assert response.status_code == 302
    participation = Participation.objects.get(person__phone="+8562055554321")
    assert participation.walk_in and participation.sector.code == "prosecutor"


def test_trainer_finds_a_registered_person_by_romanised_name_and_registers_them(
    client, trainer, event
):
    person = PersonFactory(name_lo="ທອງສະຫວັນ ອິນທະວົງ", name_latin="Thongsavanh Inthavong")
    page = client.get(reverse("events_admin:event", args=[event.pk]), {"q": "thongsavanh"})
    assert "ທອງສະຫວັນ ອິນທະວົງ" in page.content.decode()
    client.post(
        reverse("events_admin:event", args=[event.pk]), {"action": "add", "person": person.pk}
    )
    assert Participation.objects.filter(event=event, person=person).exists()


def xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "sheet.xlsx"
    return buffer


def test_import_previews_then_commits_on_confirmation(client, trainer, event):
    url = reverse("events_admin:import", args=[event.pk])
    sheet = xlsx(
        [
            ["ຊື່ ແລະ ນາມສະກຸນ", "ເພດ", "ຫົວໜ່ວຍ", "ເບີໂທ", "Session 1", "Session 2"],
            ["ວິໄລ ພົມມະວົງ", "ຊ", "ATD", "020 5555 8888", "✓", "L"],
        ]
    )
    response = client.post(url, {"sheet": sheet})
    html = response.content.decode()
    assert "New person" in html and "Import all rows" in html
    assert not Person.objects.filter(name_lo="ວິໄລ ພົມມະວົງ").exists()
    token = response.context["token"]
    response = client.post(url, {"action": "confirm", "token": token})
    assert response.status_code == 302
    participation = Participation.objects.get(person__name_lo="ວິໄລ ພົມມະວົງ")
    assert participation.attendances.count() == 2


def test_import_with_errors_shows_them_and_offers_no_import(client, trainer, event):
    url = reverse("events_admin:import", args=[event.pk])
    sheet = xlsx([["ຊື່", "ເພດ", "Session 1"], ["ວິໄລ", "?", "✓"]])
    html = client.post(url, {"sheet": sheet}).content.decode()
    assert "is not M or F" in html
    assert "Import all rows" not in html


def test_export_xlsx_and_csv_have_lao_headers_and_a_bom(client, trainer, event):
    attend(event, PersonFactory(name_lo="ຄຳພອນ ວົງສະຫວັນ"), [AttendanceStatus.PRESENT])
    csv = client.get(reverse("events_admin:export", args=[event.pk, "csv"]))
    assert csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    assert "ຊື່ ແລະ ນາມສະກຸນ" in text.splitlines()[0]
    assert "ຄຳພອນ ວົງສະຫວັນ" in text
    response = client.get(reverse("events_admin:export", args=[event.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert client.get(reverse("events_admin:export", args=[event.pk, "exe"])).status_code == 404


def test_exported_sheet_imports_back_unchanged(client, trainer, event):
    from courses.events.signin_sheets import preview_sheet

    person = PersonFactory(name_lo="ຄຳພອນ ວົງສະຫວັນ")
    attend(event, person, [AttendanceStatus.LATE, AttendanceStatus.EXCUSED])
    response = client.get(reverse("events_admin:export", args=[event.pk, "xlsx"]))
    preview = preview_sheet(response.content, "export.xlsx", event)
    assert preview.is_valid, [r.errors for r in preview.rows] + preview.file_errors
    row = next(r for r in preview.rows if r.person == person)
    assert sorted(row.marks.values()) == ["excused", "late"]


def test_export_escapes_formulas_and_phone_numbers_import_back(client, trainer, event):
    from courses.events.signin_sheets import preview_sheet

    person = PersonFactory(name_lo="ຄຳພອນ ວົງສະຫວັນ", phone="020 5555 6060")
    attend(event, person, [AttendanceStatus.PRESENT])
    Participation.objects.filter(person=person).update(position='=HYPERLINK("http://x")')
    csv = client.get(reverse("events_admin:export", args=[event.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert "'+8562055556060" in text
    assert "'=HYPERLINK" in text
    for file_format in ("xlsx", "csv"):
        response = client.get(reverse("events_admin:export", args=[event.pk, file_format]))
        if file_format == "xlsx":
            cells = openpyxl.load_workbook(io.BytesIO(response.content)).active.values
            row = next(row for row in cells if row[0] == "ຄຳພອນ ວົງສະຫວັນ")
            assert '\'=HYPERLINK("http://x")' in row
            assert "'+8562055556060" in row
        preview = preview_sheet(response.content, f"export.{file_format}", event)
        assert preview.is_valid, [r.errors for r in preview.rows] + preview.file_errors
        row = next(r for r in preview.rows if r.person == person)
        assert row.phone == "+8562055556060"
        assert row.position == '=HYPERLINK("http://x")'


def test_sign_in_sheet_pdf_has_the_lao_names(client, trainer, event):
    response = client.get(reverse("events_admin:signin_pdf", args=[event.sessions.first().pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "ມະນີວັນ" in text
    assert "Signature" in text


def test_removing_a_participant_touches_only_this_events_list(client, event):
    client.force_login(UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF]))
    other = make_event(title_en="Another workshop")
    elsewhere = attend(other, PersonFactory(name_lo="ສີດາ ແກ້ວມະນີ"), [])
    url = reverse("events_admin:event", args=[event.pk])
    client.post(url, {"action": "remove", "participation": elsewhere.pk})
    assert Participation.objects.filter(pk=elsewhere.pk).exists()
    here = Participation.objects.filter(event=event).first()
    client.post(url, {"action": "remove", "participation": here.pk})
    assert not Participation.objects.filter(pk=here.pk).exists()


def test_staff_merge_and_undo_from_the_duplicates_screen(client, event):
    staff = UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF])
    client.force_login(staff)
    first = PersonFactory(name_lo="ສົມສັກ ລາດຊະວົງ", phone="020 5555 6060")
    second = PersonFactory(name_lo="ສົມສັກ ລາດຊະວົງ", phone="020 5555 6060")
    attend(event, second, [AttendanceStatus.PRESENT])
    page = client.get(reverse("events_admin:duplicates")).content.decode()
    assert "Same phone number" in page
    client.post(reverse("events_admin:merge"), {"people": [first.pk, second.pk], "kept": first.pk})
    assert not Person.objects.filter(pk=second.pk).exists()
    assert Participation.objects.filter(event=event, person=first).exists()
    log = PersonMerge.objects.get()
    assert log.merged_by == staff
    client.post(reverse("events_admin:undo", args=[log.pk]))
    assert Participation.objects.filter(event=event, person_id=second.pk).exists()


def test_event_listing_filters_by_programme_province_date_and_status(client, event):
    admin = get_user_model().objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    url = reverse("wagtailsnippets_courses_trainingevent:list")
    response = client.get(url, {"status": "held", "start_date_from": "2026-01-01"})
    assert response.status_code == 200
    assert "Victim identification workshop" in response.content.decode()
    response = client.get(url, {"status": "cancelled"})
    assert "Victim identification workshop" not in response.content.decode()


def test_admin_creates_an_event_with_its_sessions_inline(client):
    from courses.models import Programme, TrainingEvent
    from lms.models import Province

    admin = get_user_model().objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    add_url = reverse("wagtailsnippets_courses_trainingevent:add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "title_en": "Judges' refresher",
            "title_lo": "ຝຶກອົບຮົມຄືນ ຜູ້ພິພາກສາ",
            "programme": Programme.objects.get(code="mapp").pk,
            "event_type": "refresher",
            "province": Province.objects.get(code="13").pk,
            "venue": "Savannakhet",
            "start_date": "2026-05-04",
            "end_date": "2026-05-04",
            "planned_participants": "20",
            "status": "planned",
            "min_attendance_share": "0.75",
            "post_test_pass_mark": "70",
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "sessions-0-date": "2026-05-04",
            "sessions-0-start_time": "08:30",
            "sessions-0-end_time": "12:00",
            "sessions-0-title": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = TrainingEvent.objects.get(title_en="Judges' refresher")
    assert event.sessions.get().hours == 3.5
    edit_url = reverse("wagtailsnippets_courses_trainingevent:edit", args=[event.pk])
    assert client.get(edit_url).status_code == 200
    assert client.get(reverse("events_admin:event", args=[event.pk])).status_code == 200


def test_trainer_corrects_a_mark_to_excused_in_the_admin_and_the_change_is_logged(
    client, trainer, event
):
    from courses.models import AttendanceChange

    participation = Participation.objects.filter(event=event).first()
    attend(event, participation.person, [AttendanceStatus.ABSENT])
    mark = Attendance.objects.get()
    url = reverse("wagtailsnippets_courses_attendance:edit", args=[mark.pk])
    response = client.post(url, {"status": "excused", "note": "Court hearing"})
    assert response.status_code == 302
    mark.refresh_from_db()
    assert (mark.status, mark.note, mark.marked_by) == ("excused", "Court hearing", trainer)
    assert AttendanceChange.objects.get().old_status == "absent"
    add_url = reverse("wagtailsnippets_courses_attendance:add")
    assert client.get(add_url).status_code in (302, 403)


def test_the_merge_log_is_a_report_listing_each_merge_with_its_undo(client, event):
    staff = UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF])
    client.force_login(staff)
    first = PersonFactory(name_lo="ສົມສັກ ລາດຊະວົງ", phone="020 5555 6060")
    second = PersonFactory(name_lo="ສົມສັກ ລາດຊະວົງ", phone="020 5555 6060")
    client.post(reverse("events_admin:merge"), {"people": [first.pk, second.pk], "kept": first.pk})
    log = PersonMerge.objects.get()
    merges = reverse("events_admin:merges")
    assert merges in client.get(reverse("events_admin:duplicates")).content.decode()
    page = client.get(merges).content.decode()
    assert log.removed_label in page
    assert reverse("events_admin:undo", args=[log.pk]) in page
    # Undoing lands back on the log, where the merge now reads as undone.
    response = client.post(reverse("events_admin:undo", args=[log.pk]))
    assert response.url == merges
    page = client.get(merges).content.decode()
    assert reverse("events_admin:undo", args=[log.pk]) not in page
    # A trainer may not read who was merged.
    client.force_login(UserFactory(username="trainer", groups=[groups.TRAINERS]))
    assert client.get(merges).status_code == 403
