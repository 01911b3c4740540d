"""Trainers act only on the events they train: every event view, export and import."""

import pytest
from django.urls import reverse

from courses.models import Attendance, AttendanceStatus, Participation, TrainingEvent
from lms import groups
from lms.models import Sector
from tests.factories import PersonFactory, attend, make_event, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def police_trainer():
    return make_user("police-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"])


@pytest.fixture
def judge_trainer():
    return make_user("judge-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["judge"])


@pytest.fixture
def staff():
    return make_user("staff", groups.PROGRAMME_STAFF)


@pytest.fixture
def police_event(police_trainer):
    event = make_event(title_en="Police workshop", session_hours=(4, 4))
    event.trainers.add(police_trainer.person)
    attend(event, PersonFactory(name_lo="ຕຳຫຼວດ ໜຶ່ງ", phone="020 7777 0001"), ["present"])
    return event


@pytest.fixture
def judge_event(judge_trainer):
    event = make_event(title_en="Judges workshop", session_hours=(4, 4))
    event.trainers.add(judge_trainer.person)
    judge = PersonFactory(
        name_lo="ຜູ້ພິພາກສາ ໜຶ່ງ", phone="020 9999 0001", sector=Sector.objects.get(code="judge")
    )
    attend(event, judge, ["absent"])
    return event


def session_of(event):
    return event.sessions.order_by("date").first()


def event_urls(event):
    session = session_of(event)
    return {
        "detail": reverse("events_admin:event", args=[event.pk]),
        "import": reverse("events_admin:import", args=[event.pk]),
        "xlsx": reverse("events_admin:export", args=[event.pk, "xlsx"]),
        "csv": reverse("events_admin:export", args=[event.pk, "csv"]),
        "pdf": reverse("events_admin:signin_pdf", args=[session.pk]),
        "mark": reverse("events:mark_session", args=[session.pk]),
        "edit": reverse("wagtailsnippets_courses_trainingevent:edit", args=[event.pk]),
        "history": reverse("wagtailsnippets_courses_trainingevent:history", args=[event.pk]),
        "usage": reverse("wagtailsnippets_courses_trainingevent:usage", args=[event.pk]),
        "copy": reverse("wagtailsnippets_courses_trainingevent:copy", args=[event.pk]),
    }


@pytest.mark.parametrize(
    "page", ["detail", "import", "xlsx", "csv", "pdf", "mark", "edit", "history", "usage", "copy"]
)
def test_a_trainer_gets_404_for_every_page_of_an_event_they_do_not_train(
    client, police_trainer, judge_event, page
):
    client.force_login(police_trainer)
    assert client.get(event_urls(judge_event)[page]).status_code == 404


@pytest.mark.parametrize("page", ["detail", "import", "xlsx", "csv", "pdf", "mark", "edit"])
def test_a_trainer_reaches_every_page_of_their_own_event(
    client, police_trainer, police_event, page
):
    client.force_login(police_trainer)
    assert client.get(event_urls(police_event)[page]).status_code == 200


@pytest.mark.parametrize("page", ["detail", "xlsx", "pdf", "mark", "edit", "history"])
def test_programme_staff_reach_every_event(client, staff, judge_event, page):
    client.force_login(staff)
    assert client.get(event_urls(judge_event)[page]).status_code == 200


def test_an_event_without_trainer_is_programme_staffs(client, police_trainer, staff):
    event = make_event(title_en="Nobody's workshop")
    client.force_login(police_trainer)
    assert client.get(event_urls(event)["detail"]).status_code == 404
    client.force_login(staff)
    assert client.get(event_urls(event)["detail"]).status_code == 200


def test_a_trainer_cannot_mark_attendance_at_another_event(client, police_trainer, judge_event):
    client.force_login(police_trainer)
    participation = Participation.objects.get(event=judge_event)
    url = event_urls(judge_event)["mark"]
    response = client.post(
        url, {"mark": f"{participation.pk}:present"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 404
    assert Attendance.objects.get(participation=participation).status == AttendanceStatus.ABSENT


def test_a_trainer_cannot_register_or_remove_people_at_another_event(
    client, police_trainer, judge_event
):
    client.force_login(police_trainer)
    newcomer = PersonFactory(name_lo="ຄົນໃໝ່")
    url = event_urls(judge_event)["detail"]
    assert client.post(url, {"action": "add", "person": newcomer.pk}).status_code == 404
    assert not Participation.objects.filter(person=newcomer).exists()
    response = client.post(url, {"action": "create", "name_lo": "ຄົນໃໝ່ ສອງ", "sex": "F"})
    assert response.status_code == 404
    assert Participation.objects.filter(event=judge_event).count() == 1


def test_a_trainer_cannot_edit_another_event_through_the_snippet_form(
    client, police_trainer, judge_event
):
    client.force_login(police_trainer)
    response = client.post(event_urls(judge_event)["edit"], {"title_en": "Taken over"})
    assert response.status_code == 404
    assert TrainingEvent.objects.get(pk=judge_event.pk).title_en == "Judges workshop"


def test_a_trainer_cannot_import_a_sheet_into_another_event(client, police_trainer, judge_event):
    client.force_login(police_trainer)
    url = event_urls(judge_event)["import"]
    assert client.post(url, {"action": "confirm", "token": "x"}).status_code == 404


def test_the_event_listing_and_its_export_show_only_managed_events(
    client, police_trainer, police_event, judge_event
):
    client.force_login(police_trainer)
    url = reverse("wagtailsnippets_courses_trainingevent:list")
    page = client.get(url).content.decode()
    assert "Police workshop" in page and "Judges workshop" not in page
    exported = client.get(url, {"export": "csv"})
    text = b"".join(exported.streaming_content if exported.streaming else [exported.content])
    assert b"Police workshop" in text and b"Judges workshop" not in text


def test_the_attendance_listing_and_correction_are_limited_to_managed_events(
    client, police_trainer, police_event, judge_event
):
    client.force_login(police_trainer)
    theirs = Attendance.objects.get(participation__event=judge_event)
    page = client.get(reverse("wagtailsnippets_courses_attendance:list")).content.decode()
    assert "ຕຳຫຼວດ ໜຶ່ງ" in page and "ຜູ້ພິພາກສາ ໜຶ່ງ" not in page
    url = reverse("wagtailsnippets_courses_attendance:edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "present", "note": ""}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == AttendanceStatus.ABSENT


def test_the_attendance_export_carries_only_the_events_own_participants(
    client, police_trainer, police_event, judge_event
):
    client.force_login(police_trainer)
    content = client.get(event_urls(police_event)["csv"]).content.decode("utf-8-sig")
    assert "ຕຳຫຼວດ ໜຶ່ງ" in content
    assert "ຜູ້ພິພາກສາ" not in content and "99990001" not in content.replace(" ", "")


def test_registry_search_does_not_match_or_show_phones_of_other_peoples(
    client, police_trainer, police_event, judge_event
):
    client.force_login(police_trainer)
    url = event_urls(police_event)["detail"]
    by_phone = client.get(url, {"q": "99990001"}).content.decode()
    assert "ຜູ້ພິພາກສາ ໜຶ່ງ" not in by_phone
    by_name = client.get(url, {"q": "ຜູ້ພິພາກສາ"}).content.decode()
    assert "ຜູ້ພິພາກສາ ໜຶ່ງ" in by_name
    assert "9999" not in by_name


def test_a_learner_reaches_no_event_page(client, police_event):
    learner = make_user("learner", groups.LEARNERS)
    client.force_login(learner)
    for url in event_urls(police_event).values():
        assert client.get(url).status_code in (302, 403, 404)


def test_a_trainer_who_plans_an_event_trains_it(client, police_trainer):
    from courses.models import Programme
    from lms.models import Province

    client.force_login(police_trainer)
    response = client.post(
        reverse("wagtailsnippets_courses_trainingevent:add"),
        {
            "title_en": "Planned by a trainer",
            "title_lo": "ຝຶກອົບຮົມ",
            "programme": Programme.objects.get(code="charj").pk,
            "event_type": "workshop",
            "province": Province.objects.get(code="01").pk,
            "start_date": "2026-05-04",
            "end_date": "2026-05-04",
            "planned_participants": "20",
            "status": "planned",
            "min_attendance_share": "0.80",
            "post_test_pass_mark": "70",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    event = TrainingEvent.objects.get(title_en="Planned by a trainer")
    assert list(event.trainers.all()) == [police_trainer.person]
    assert client.get(reverse("events_admin:event", args=[event.pk])).status_code == 200
