import pytest
from django.urls import reverse

from courses.events.attendance import record_attendance
from courses.models import Attendance, AttendanceStatus, Participation
from lms import groups
from tests.factories import PersonFactory, UserFactory, attend, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(username="trainer", groups=[groups.TRAINERS], person__name_lo="ຄູຝຶກ ທົດສອບ")
    client.force_login(user)
    return user


@pytest.fixture
def event(trainer):
    event = make_event(session_hours=(4, 4))
    for name in ("ມະນີວັນ ພົມມະຈັນ", "ບຸນມີ ສີສຸລາດ", "ແສງເດືອນ ວົງສາ"):
        attend(event, PersonFactory(name_lo=name), [])
    event.trainers.add(trainer.person)
    return event


def test_all_present_marks_the_unmarked_and_keeps_the_exceptions(client, trainer, event):
    session = event.sessions.order_by("date").first()
    absent = Participation.objects.filter(event=event).first()
    record_attendance(absent, session, AttendanceStatus.ABSENT, marked_by=trainer)
    url = reverse("events:mark_session", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'name="all_present"' in page
    response = client.post(url, {"all_present": "1"})
    assert response.status_code == 302
    marks = dict(Attendance.objects.filter(session=session).values_list("participation", "status"))
    assert marks[absent.pk] == AttendanceStatus.ABSENT
    assert sorted(marks.values()) == ["absent", "present", "present"]
    # The other session is untouched, and a second tap (a double tap) changes nothing.
    assert not Attendance.objects.exclude(session=session).exists()
    client.post(url, {"all_present": "1"})
    assert Attendance.objects.filter(session=session).count() == 3
    assert 'name="all_present"' not in client.get(url).content.decode()


def test_all_present_for_another_trainers_event_changes_nothing(client, trainer):
    other = make_event(session_hours=(4,))
    attend(other, PersonFactory(name_lo="ຄົນອື່ນ"), [])
    url = reverse("events:mark_session", args=[other.sessions.first().pk])
    assert client.post(url, {"all_present": "1"}).status_code == 404
    assert not Attendance.objects.exists()


def test_the_admin_links_the_marking_page_in_the_trainers_site_language(client, trainer, event):
    page = client.get(reverse("events_admin:event", args=[event.pk])).content.decode()
    session = event.sessions.order_by("date", "start_time").first()
    assert f"/lo/events/sessions/{session.pk}/mark/" in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("events_admin:event", args=[event.pk])).content.decode()
    assert f"/en/events/sessions/{session.pk}/mark/" in page


def test_the_printed_sign_in_sheet_has_a_sex_column(client, trainer, event):
    import io

    from pypdf import PdfReader

    from lms.models import Sex

    Participation.objects.filter(event=event).update(sex=Sex.FEMALE)
    response = client.get(reverse("events_admin:signin_pdf", args=[event.sessions.first().pk]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", " ")
    assert "Sex (M/F)" in text and "ເພດ" in text
    assert text.count("ຍ F") == 3
