"""Holes found on a second look at access control, each closed: registering someone in
one's own event gives no keys to their account, merges never move staff accounts, a sheet
never tells whose phone number it is, and bad ids are not found rather than errors."""

# The event fixtures are shared with test_event_access (imported, so redefined for ruff).
# ruff: noqa: F811

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from courses.accounts.codes import InvalidAccessCode, redeem_access_code
from courses.certificates.issue import CertificateError, issue_certificate_by_hand
from courses.events.signin_sheets import preview_sheet
from courses.models import AccessCode, CertificateKind
from lms import groups
from lms.models import PersonMerge
from lms.people.merge import MergeError, merge_people
from tests.courses.test_event_access import (  # noqa: F401 (fixtures)
    judge_event,
    judge_trainer,
    police_event,
    police_trainer,
    staff,
)
from tests.factories import PersonFactory, attend, make_course, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


@pytest.fixture
def official():
    """A police officer with an account, in none of the judge trainer's events."""
    person = PersonFactory(name_lo="ອາລຸນີ ສີສຸລາດ", phone="020 5555 4321")
    person.user = make_user("alouny", groups.LEARNERS, person=False)
    person.save()
    return person


def test_registering_someone_in_ones_event_gives_no_code_for_their_account(
    client, judge_trainer, judge_event, official
):
    client.force_login(judge_trainer)
    event_page = reverse("events_admin:event", args=[judge_event.pk])
    assert client.post(event_page, {"action": "add", "person": official.pk}).status_code == 302
    response = client.post(reverse("courses_admin:access_code", args=[official.pk]))
    assert response.status_code == 409
    assert not AccessCode.objects.filter(user=official.user).exists()
    sheet = client.post(reverse("courses_admin:workshop_accounts", args=[judge_event.pk]))
    assert sheet.status_code == 200
    assert not AccessCode.objects.filter(user=official.user).exists()


def test_a_trainer_gives_codes_to_the_people_of_their_sector(client, police_trainer, official):
    client.force_login(police_trainer)
    response = client.post(reverse("courses_admin:access_code", args=[official.pk]))
    assert response.status_code == 200
    assert AccessCode.objects.filter(user=official.user).count() == 1


def test_merging_never_moves_a_trainers_account_unless_an_administrator_does(
    police_trainer, staff, official
):
    official.user = None
    official.save()
    with pytest.raises(MergeError):
        merge_people(kept=official, duplicate=police_trainer.person, merged_by=staff)
    official.refresh_from_db()
    assert official.user is None and not PersonMerge.objects.exists()
    administrator = make_user("root", groups.ADMINISTRATORS)
    merge_people(kept=official, duplicate=police_trainer.person, merged_by=administrator)
    official.refresh_from_db()
    assert official.user == police_trainer


def test_a_sign_in_sheet_does_not_say_whose_phone_number_it_is(
    judge_trainer, judge_event, official
):
    text = "Lao name,Sex,Organisation,Phone,Session 1\nທ້າວ ບໍ່ມີຊື່,M,ATD,020 5555 4321,✓\n"
    as_judge_trainer = preview_sheet(text.encode(), "sheet.csv", judge_event, viewer=judge_trainer)
    row = as_judge_trainer.rows[0]
    assert row.candidates == [] and row.errors
    assert not as_judge_trainer.is_valid
    as_staff = preview_sheet(text.encode(), "sheet.csv", judge_event)
    assert as_staff.rows[0].candidates == [official]


def test_a_completion_certificate_names_no_course_the_event_does_not_teach(
    home_pages, police_trainer, police_event
):
    participant = PersonFactory(name_lo="ຜູ້ເຂົ້າຮ່ວມ ຄົບ")
    attend(police_event, participant, ["present", "present"])  # trained at the event
    course = make_course(home_pages["lo"], lessons=1)
    with pytest.raises(CertificateError):
        issue_certificate_by_hand(
            participant,
            CertificateKind.COMPLETION,
            course=course,
            event=police_event,
            issued_by=police_trainer,
        )


def test_the_event_form_offers_only_the_trainers_courses(
    client, home_pages, judge_trainer, judge_event
):
    police_course = make_course(home_pages["lo"], lessons=1, sector_code="police")
    judge_course = make_course(home_pages["lo"], lessons=1, sector_code="judge")
    client.force_login(judge_trainer)
    response = client.get(
        reverse("wagtailsnippets_courses_trainingevent:edit", args=[judge_event.pk])
    )
    choices = set(response.context["form"].fields["courses"].queryset)
    assert judge_course.page_ptr_id in {course.pk for course in choices}
    assert police_course not in choices


@pytest.mark.parametrize("field", ["person", "participation"])
def test_a_posted_id_that_is_not_a_number_is_not_found(client, staff, police_event, field):
    staff.groups.add(*staff.groups.model.objects.filter(name=groups.ADMINISTRATORS))
    client.force_login(staff)
    action = "add" if field == "person" else "remove"
    response = client.post(
        reverse("events_admin:event", args=[police_event.pk]), {"action": action, field: "abc"}
    )
    assert response.status_code == 404


def test_redeeming_a_code_hashes_once_whether_or_not_the_login_has_one(official):
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, wraps=hasher.encode) as encode:
        with pytest.raises(InvalidAccessCode):
            redeem_access_code("alouny", "ABCD-EFGH", "new-password-2026")
        assert encode.call_count == 1
