"""The admin's choosers: people, accounts and courses, searched and scoped like the listings."""

import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from courses.models import TrainingEvent
from lms import groups
from lms.models import Sex
from tests.factories import (
    PersonFactory,
    TrainingEventFactory,
    UserFactory,
    make_course,
    translate_course,
)

pytestmark = pytest.mark.django_db

PEOPLE = "wagtailsnippetchoosers_lms_person"
COURSES = "courses_chooser"
ACCOUNTS = "lms_user_chooser"


def _trainer(username, sector):
    return UserFactory(
        username=username,
        groups=[groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS[sector]],
        person__sector_code=sector,
        person__name_lo=f"ຄູຝຶກ {username}",
    )


@pytest.fixture
def namesakes():
    """Two officials named Somphone Sisoulath: a police officer and a judge."""
    return {
        "police": PersonFactory(phone="02055501111"),
        "judge": PersonFactory(
            sector_code="judge",
            organisation_key=None,
            province_code="13",
            sex=Sex.FEMALE,
            phone="02055502222",
        ),
    }


def _results(client, name, **query):
    response = client.get(reverse(f"{name}:choose_results"), query)
    assert response.status_code == 200
    return response.content.decode()


def _chooser_page(client, name, **query):
    response = client.get(reverse(f"{name}:choose"), query)
    assert response.status_code == 200
    return json.loads(response.content)["html"]


# People -------------------------------------------------------------------------------


def test_a_judges_trainer_finds_only_the_judge_among_namesakes(client, namesakes):
    client.force_login(_trainer("trainer_judge", "judge"))
    html = _results(client, PEOPLE, q="ສົມພອນ")
    assert str(namesakes["judge"].province.name) in html
    assert namesakes["police"].organisation.name not in html
    assert html.count("Somphone Sisoulath") == 1


def test_programme_staff_tell_namesakes_apart_by_organisation_sector_and_province(
    client, namesakes
):
    client.force_login(UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF]))
    with translation.override("en"):
        html = _results(client, PEOPLE, q="ສີສຸລາດ")
        police, judge = namesakes["police"], namesakes["judge"]
        assert html.count("Somphone Sisoulath") == 2
        for text in (
            police.organisation.name,
            police.sector.name,
            judge.sector.name,
            police.province.name,
            judge.province.name,
        ):
            assert str(text) in html


@pytest.mark.parametrize("query", ["ສົມພອນ", "ສີສຸ", "Somphon", "020 5550 1111", "5550 1111"])
def test_the_people_chooser_searches_with_the_registry_matcher(client, namesakes, query):
    client.force_login(_trainer("trainer_police", "police"))
    html = _results(client, PEOPLE, q=query)
    assert namesakes["police"].organisation.name in html


def test_a_phone_outside_the_trainers_scope_finds_nobody(client, namesakes):
    client.force_login(_trainer("trainer_police", "police"))
    html = _results(client, PEOPLE, q="020 5550 2222")
    assert "Somphone Sisoulath" not in html


def test_choosing_a_person_outside_the_scope_is_not_found(client, namesakes):
    client.force_login(_trainer("trainer_judge", "judge"))
    outside = reverse(f"{PEOPLE}:chosen", args=[namesakes["police"].pk])
    inside = reverse(f"{PEOPLE}:chosen", args=[namesakes["judge"].pk])
    assert client.get(outside).status_code == 404
    assert client.get(inside).status_code == 200
    several = client.get(
        reverse(f"{PEOPLE}:chosen_multiple"),
        {"id": [namesakes["police"].pk, namesakes["judge"].pk]},
    )
    chosen = json.loads(several.content)["result"]
    assert [item["id"] for item in chosen] == [str(namesakes["judge"].pk)]


@pytest.mark.parametrize("name", [PEOPLE, COURSES, ACCOUNTS])
def test_anonymous_users_and_learners_are_sent_to_the_admin_sign_in(client, name):
    response = client.get(reverse(f"{name}:choose"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    learner = User.objects.create_user("learner", password="pw")
    learner.groups.add(Group.objects.get(name=groups.LEARNERS))
    client.force_login(learner)
    response = client.get(reverse(f"{name}:choose_results"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Training events ----------------------------------------------------------------------


def test_the_event_form_offers_searchable_choosers_not_lists_of_everyone(client, namesakes):
    trainer = _trainer("trainer_police", "police")
    event = TrainingEventFactory()
    event.trainers.add(trainer.person)
    client.force_login(trainer)
    html = client.get(reverse("wagtailsnippets_courses_trainingevent:edit", args=[event.pk]))
    html = html.content.decode()
    assert not re.search(r'<select[^>]*name="trainers"', html)
    assert not re.search(r'<select[^>]*name="courses"', html)
    assert reverse(f"{PEOPLE}:choose") in html
    assert reverse(f"{COURSES}:choose") in html
    # The trainer already named is shown, as a chosen row.
    assert f'name="trainers" value="{trainer.person.pk}"' in html


def _event_form(event, **changes):
    data = {
        "title_en": event.title_en,
        "title_lo": event.title_lo,
        "programme": event.programme_id,
        "event_type": event.event_type,
        "province": event.province_id,
        "venue": event.venue,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "planned_participants": 20,
        "status": event.status,
        "min_attendance_share": "0.80",
        "post_test_pass_mark": "70",
        "sessions-TOTAL_FORMS": 0,
        "sessions-INITIAL_FORMS": 0,
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    return data | changes


def test_a_trainer_saves_a_chosen_trainer_but_not_one_outside_their_scope(client, namesakes):
    trainer = _trainer("trainer_judge", "judge")
    event = TrainingEventFactory()
    event.trainers.add(trainer.person)
    client.force_login(trainer)
    url = reverse("wagtailsnippets_courses_trainingevent:edit", args=[event.pk])

    chosen = [trainer.person.pk, namesakes["judge"].pk]
    response = client.post(url, _event_form(event, trainers=chosen))
    assert response.status_code == 302
    assert set(event.trainers.values_list("pk", flat=True)) == set(chosen)

    outside = [trainer.person.pk, namesakes["police"].pk]
    response = client.post(url, _event_form(event, trainers=outside))
    assert response.status_code == 200  # the form again, with the error
    assert set(TrainingEvent.objects.get(pk=event.pk).trainers.values_list("pk", flat=True)) == (
        set(chosen)
    )


# Courses ------------------------------------------------------------------------------


@pytest.fixture
def courses(home_pages):
    translated = make_course(home_pages["lo"], lessons=0, title="ຫຼັກສູດ ຕຳຫຼວດ")
    english = translate_course(translated)
    lao_only = make_course(home_pages["lo"], lessons=0, title="ຫຼັກສູດ ລາວ ເທົ່ານັ້ນ")
    judges = make_course(home_pages["lo"], sector_code="judge", lessons=0, title="ຫຼັກສູດ ຜູ້ພິພາກສາ")
    return {"lao": translated, "english": english, "lao_only": lao_only, "judges": judges}


def _chosen_ids(html):
    return {int(pk) for pk in re.findall(r"/courses/choose/chosen/(\d+)/", html)}


def test_the_course_chooser_lists_each_course_once_in_the_users_language(client, courses):
    staff = UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF])
    client.force_login(staff)
    lao = _chosen_ids(_results(client, COURSES))
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    english = _chosen_ids(_results(client, COURSES))
    assert english == {courses["english"].pk, courses["lao_only"].pk, courses["judges"].pk}
    assert lao == {courses["lao"].pk, courses["lao_only"].pk, courses["judges"].pk}


def test_the_course_chooser_lists_only_the_trainers_sector(client, courses):
    client.force_login(_trainer("trainer_judge", "judge"))
    with translation.override("lo"):
        assert _chosen_ids(_results(client, COURSES)) == {courses["judges"].pk}
    outside = reverse(f"{COURSES}:chosen", args=[courses["lao"].pk])
    assert client.get(outside).status_code == 404


def test_the_course_chooser_searches_titles(client, courses):
    client.force_login(UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF]))
    with translation.override("lo"):
        assert _chosen_ids(_results(client, COURSES, q="ຕຳຫຼວດ")) == {courses["lao"].pk}


def test_prerequisites_are_chosen_in_the_courses_language_without_the_course_itself(
    client, courses
):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    english = courses["english"]
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r'<select[^>]*name="prerequisites"', html)
    # The modal's address, inside the editor's panel definitions.
    assert re.search(rf"/admin/courses/choose/\?locale=en[^\"]{{0,20}}exclude={english.pk}", html)
    assert _chosen_ids(_results(client, COURSES, locale="en")) == {english.pk}
    assert _chosen_ids(_results(client, COURSES, locale="en", exclude=english.pk)) == set()


# Accounts -----------------------------------------------------------------------------


def test_only_administrators_choose_accounts_and_only_learners_accounts(client):
    learner = User.objects.create_user("learner_account")
    learner.groups.add(Group.objects.get(name=groups.LEARNERS))
    trainer = _trainer("trainer_police", "police")
    client.force_login(UserFactory(username="administrator", groups=[groups.ADMINISTRATORS]))
    html = _results(client, ACCOUNTS, q="account")
    assert "learner_account" in html
    assert "trainer_police" not in _results(client, ACCOUNTS, q="trainer")
    client.force_login(trainer)
    assert "learner_account" not in _results(client, ACCOUNTS, q="account")
    assert client.get(reverse(f"{ACCOUNTS}:chosen", args=[learner.pk])).status_code == 404


@pytest.mark.parametrize("name", [COURSES, ACCOUNTS])
def test_the_course_and_account_choosers_never_create_rows(client, name):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    html = _chooser_page(client, name)
    assert reverse(f"{name}:create") not in html
    response = client.post(reverse(f"{name}:create"), {"title": "x", "username": "x"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
