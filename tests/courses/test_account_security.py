"""Account security: linking people to accounts, one-time codes, registration claims,
account enumeration, equal-cost sign-in and throttling of sign-in attempts."""

from functools import partial
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.accounts.codes import (
    AccessCodeRefused,
    InvalidAccessCode,
    issue_access_code,
    redeem_access_code,
)
from courses.certificates.issue import issue_certificate
from courses.models import AccessCode, CertificateKind, ClaimStatus, PersonClaim
from lms import groups
from lms.models import Person, Sector, Sex
from tests.factories import PersonFactory, UserFactory, attend, make_event, registration_form

pytestmark = pytest.mark.django_db
PASSWORD = "Vientiane-river-2026"
OFFICIAL_PHONE = "+8562055551234"


def user_in(*group_names, **fields):
    return UserFactory(groups=group_names, password=PASSWORD, **fields)


def trainer_of(sector_code="prosecutor"):
    return user_in(groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS[sector_code])


official = partial(
    PersonFactory,
    name_lo="ມະນີວັນ ພົມມະຈັນ",
    name_latin="Manivanh Phommachanh",
    sex=Sex.FEMALE,
    sector_code="prosecutor",
    organisation_key=None,
    phone=OFFICIAL_PHONE,
)


registration_data = partial(registration_form, password=PASSWORD)


def register(client, **changes):
    return client.post(reverse("courses:register"), registration_data(**changes))


def person_edit_data(person, **changes):
    data = {
        "name_lo": person.name_lo,
        "name_latin": person.name_latin,
        "sex": person.sex,
        "birth_year": "",
        "sector": person.sector_id,
        "organisation": person.organisation_id or "",
        "position": person.position,
        "rank": "",
        "province": person.province_id,
        "phone": person.phone,
        "email": person.email,
    }
    return data | changes


def edit_person(client, person, **changes):
    url = reverse("wagtailsnippets_lms_person:edit", args=[person.pk])
    return client.post(url, person_edit_data(person, **changes))


def logged(action, **filters):
    return ModelLogEntry.objects.filter(action=action, **filters)


# 1. Linking a person to an account, and one-time codes --------------------------------


@pytest.mark.parametrize("role", ["trainer", "staff"])
def test_only_administrators_can_link_a_person_to_an_account(client, role):
    person = official()
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    editor = trainer_of() if role == "trainer" else user_in(groups.PROGRAMME_STAFF)
    client.force_login(editor)
    response = edit_person(client, person, user=superuser.pk)
    assert response.status_code in (200, 302)
    person.refresh_from_db()
    assert person.user is None
    form = client.get(reverse("wagtailsnippets_lms_person:edit", args=[person.pk])).context["form"]
    assert "user" not in form.fields


@pytest.mark.parametrize("kind", ["superuser", "staff", "trainer", "linked"])
def test_administrator_cannot_link_a_privileged_or_taken_account(client, kind):
    person = official()
    if kind == "superuser":
        target = get_user_model().objects.create_superuser("root", password=PASSWORD)
    elif kind == "staff":
        target = user_in(username="staffer", is_staff=True)
    elif kind == "trainer":
        target = user_in(groups.TRAINERS, username="a-trainer")
    else:
        target = user_in(groups.LEARNERS, username="taken")
        official(name_lo="ສົມພອນ ສີສຸລາດ", phone="", user=target)
    admin = user_in(groups.ADMINISTRATORS, username="admin")
    client.force_login(admin)
    response = edit_person(client, person, user=target.pk)
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    person.refresh_from_db()
    assert person.user is None
    assert not logged("lms.account_link").exists()


def test_administrator_links_and_unlinks_a_learner_account_in_the_audit_log(client):
    person = official()
    learner = user_in(groups.LEARNERS, username="learner")
    admin = user_in(groups.ADMINISTRATORS, username="admin")
    client.force_login(admin)
    assert edit_person(client, person, user=learner.pk).status_code == 302
    person.refresh_from_db()
    assert person.user == learner
    entry = logged("lms.account_link").get()
    assert (entry.user, entry.object_id) == (admin, str(person.pk))
    assert entry.data["account"] == "learner"
    assert edit_person(client, person, user="").status_code == 302
    person.refresh_from_db()
    assert person.user is None
    assert logged("lms.account_unlink", object_id=str(person.pk)).get().user == admin


def test_no_one_time_code_for_a_superuser_linked_to_a_person(client):
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    # Linked before the fix, or by hand in the database.
    person = official(user=superuser)
    client.force_login(user_in(groups.PROGRAMME_STAFF))
    response = client.post(reverse("courses_admin:access_code", args=[person.pk]))
    assert response.status_code == 409
    assert response.context["refusal"]
    assert response.context["code"] is None
    assert not AccessCode.objects.exists()
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_no_one_time_code_for_a_trainer_or_a_deactivated_account():
    with pytest.raises(AccessCodeRefused):
        issue_access_code(user_in(groups.TRAINERS), "reset")
    inactive = user_in(groups.LEARNERS, is_active=False)
    with pytest.raises(AccessCodeRefused):
        issue_access_code(inactive, "reset")
    assert not AccessCode.objects.exists()


def test_a_code_never_reactivates_a_deactivated_account():
    learner = user_in(groups.LEARNERS, username="+8562055550009")
    code = issue_access_code(learner, "reset")
    learner.is_active = False
    learner.save()
    with pytest.raises(InvalidAccessCode):
        redeem_access_code("+8562055550009", code, "another-Pass-2026")
    learner.refresh_from_db()
    assert not learner.is_active
    assert learner.check_password(PASSWORD)


def test_trainer_gives_codes_only_to_the_people_they_manage(client):
    own = official()
    other = official(name_lo="ສົມພອນ ສີສຸລາດ", phone="", sector=Sector.objects.get(code="police"))
    trainer = trainer_of("prosecutor")
    client.force_login(trainer)
    assert client.post(reverse("courses_admin:access_code", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.user is None
    response = client.post(reverse("courses_admin:access_code", args=[own.pk]))
    assert response.status_code == 200
    entry = logged("lms.access_code_issue", object_id=str(own.pk)).get()
    assert entry.user == trainer
    # The search shows only the trainer's people.
    search = client.get(reverse("courses_admin:learner_accounts"), {"q": "ສ"})
    assert other not in list(search.context["people"])


def test_trainer_sees_and_prints_only_the_workshops_they_manage(client):
    theirs, other = make_event(), make_event(title_en="Another workshop")
    trainer = user_in(groups.TRAINERS)
    theirs.trainers.add(official(name_lo="ຄູຝຶກ ທີ ໜຶ່ງ", phone="", user=trainer))
    attend(other, official(), ["present"])
    client.force_login(trainer)
    listing = client.get(reverse("courses_admin:learner_accounts"))
    assert list(listing.context["events"]) == [theirs]
    url = reverse("courses_admin:workshop_accounts", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not AccessCode.objects.exists()


# 2. Registration never links to an existing person ----------------------------------------


@pytest.fixture
def official_with_history(home_pages):
    person = official()
    event = make_event()
    attend(event, person, ["present", "present"])
    certificate = issue_certificate(person, CertificateKind.PARTICIPATION, event=event)
    return person, certificate


def test_registering_with_an_officials_name_and_phone_claims_but_sees_nothing(
    client, official_with_history
):
    person, certificate = official_with_history
    register(client)
    user = get_user_model().objects.get(username=OFFICIAL_PHONE)
    person.refresh_from_db()
    assert person.user is None
    new_person = user.person
    assert new_person != person
    claim = PersonClaim.objects.get()
    assert (claim.user, claim.new_person, claim.claimed_person) == (user, new_person, person)
    assert claim.status == ClaimStatus.PENDING and claim.reason
    client.force_login(user)
    learning = client.get(reverse("courses:my_learning"))
    assert learning.status_code == 200
    assert certificate.code not in learning.content.decode()
    pdf = client.get(reverse("courses:certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 404


def test_registering_with_a_namesakes_name_in_the_sector_claims(client):
    person = official(phone="")
    register(client, phone="020 5555 9999")
    claim = PersonClaim.objects.get()
    assert claim.claimed_person == person
    person.refresh_from_db()
    assert person.user is None
    assert Person.objects.count() == 2


def test_registering_without_a_likely_match_makes_no_claim(client):
    register(client)
    assert Person.objects.get().user.username == OFFICIAL_PHONE
    assert not PersonClaim.objects.exists()


def test_the_registration_form_no_longer_offers_a_namesake_checkbox(client):
    response = client.get(reverse("courses:register"))
    assert "different_person" not in response.context["form"].fields


def test_trainer_of_the_sector_confirms_a_claim_by_merging(client, official_with_history):
    person, certificate = official_with_history
    register(client)
    claim = PersonClaim.objects.get()
    user, new_person_pk = claim.user, claim.new_person_id
    trainer = trainer_of("prosecutor")
    client.force_login(trainer)
    listing = client.get(reverse("courses_admin:claims"))
    assert list(listing.context["claims"]) == [claim]
    url = reverse("courses_admin:claim_confirm", args=[claim.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"note": "Checked her card"}).status_code == 302
    claim.refresh_from_db()
    person.refresh_from_db()
    assert claim.status == ClaimStatus.CONFIRMED
    assert (claim.decided_by, claim.note) == (trainer, "Checked her card")
    assert person.user == user
    assert not Person.objects.filter(pk=new_person_pk).exists()
    entry = logged("lms.claim_confirm").get()
    assert entry.user == trainer
    client.force_login(user)
    pdf = client.get(reverse("courses:certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 200


def test_claims_of_other_sectors_are_neither_listed_nor_decided(client):
    official()
    register(client)
    claim = PersonClaim.objects.get()
    client.force_login(trainer_of("police"))
    assert list(client.get(reverse("courses_admin:claims")).context["claims"]) == []
    for name in ("claim_confirm", "claim_reject"):
        assert client.post(reverse(f"courses_admin:{name}", args=[claim.pk])).status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    client.force_login(user_in(groups.LEARNERS))
    assert client.get(reverse("courses_admin:claims"))["Location"].startswith("/admin/login/")


def test_rejecting_a_claim_keeps_the_two_apart(client):
    person = official()
    register(client)
    claim = PersonClaim.objects.get()
    staff = user_in(groups.PROGRAMME_STAFF)
    client.force_login(staff)
    client.post(reverse("courses_admin:claim_reject", args=[claim.pk]))
    claim.refresh_from_db()
    person.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.decided_by == staff
    assert person.user is None
    assert Person.objects.count() == 2
    assert logged("lms.claim_reject").get().user == staff
    # Decided once: a second decision is refused.
    assert client.post(reverse("courses_admin:claim_confirm", args=[claim.pk])).status_code == 404


# 3. Account enumeration -------------------------------------------------------------------


def test_registration_answers_the_same_for_a_known_and_a_new_phone(client):
    first = register(client, phone="020 5555 0001")
    client.cookies.clear()
    second = register(client, phone="020 5555 0001", name_lo="ສົມພອນ ສີສຸລາດ")
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"]
        == second["Location"]
        == (reverse("login") + "?next=" + reverse("courses:my_learning"))
    )
    assert [str(m) for m in get_messages(first.wsgi_request)] == [
        str(m) for m in get_messages(second.wsgi_request)
    ]
    assert get_user_model().objects.count() == 1
    assert Person.objects.count() == 1
    # Nobody is signed in by registering.
    assert "_auth_user_id" not in client.session


def test_registration_with_an_email_of_an_account_creates_nothing(client):
    user_in(groups.LEARNERS, username="someone", email="Mani@example.la")
    response = register(client, phone="", email="mani@example.la")
    assert response.status_code == 302
    assert get_user_model().objects.count() == 1
    assert not Person.objects.exists()


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, mailoutbox):
    user_in(groups.LEARNERS, username="known", email="known@example.la")
    known = client.post(reverse("courses:password_reset"), {"email": "known@example.la"})
    unknown = client.post(reverse("courses:password_reset"), {"email": "nobody@example.la"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("nobody-here", "whatever-1"),
        ("020 5555 1234", "wrong-password"),
        ("020 5555 1234", PASSWORD),
        ("no-password", "whatever-1"),
    ],
)
def test_every_sign_in_path_hashes_the_password_exactly_once(login, password):
    official(user=user_in(groups.LEARNERS, username="mani"))
    unusable = user_in(groups.LEARNERS, username="no-password")
    unusable.set_unusable_password()
    unusable.save()
    request = RequestFactory().post("/lo/account/login/")
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        authenticate(request, username=login, password=password)
    assert encode.call_count == 1


# 4. Throttling ----------------------------------------------------------------------------


def sign_in(client, username, password, url="/en/account/login/"):
    return client.post(url, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login_even_with_the_right_one(client, home_pages):
    official(user=user_in(groups.LEARNERS, username="mani"))
    for attempt in range(5):
        # However the phone number is typed, it is the same account's counter.
        typed = "020 5555 1234" if attempt % 2 else "2055551234"
        assert sign_in(client, typed, "wrong-password").status_code in (200, 429)
    response = sign_in(client, "mani", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many" in response.content.decode()


def test_a_success_before_the_limit_resets_the_count(client, home_pages):
    official(user=user_in(groups.LEARNERS, username="mani"))
    for _ in range(4):
        sign_in(client, "mani", "wrong-password")
    assert sign_in(client, "mani", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_admin_sign_in_is_throttled_too(client):
    admin = user_in(groups.ADMINISTRATORS, username="admin")
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert admin.is_active


def test_wrong_one_time_codes_lock_the_login(client):
    learner = user_in(groups.LEARNERS, username="+8562055550003")
    form = {"login": "020 5555 0003", "password1": PASSWORD * 2, "password2": PASSWORD * 2}
    for _ in range(5):
        client.post(reverse("courses:set_password_with_code"), form | {"code": "WRONGCODE"})
    code = issue_access_code(learner, "reset")
    response = client.post(reverse("courses:set_password_with_code"), form | {"code": code})
    assert response.status_code == 429
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_staff_see_and_lift_lockouts_trainers_cannot(client, home_pages):
    official(user=user_in(groups.LEARNERS, username="mani"))
    for _ in range(5):
        sign_in(client, "mani", "wrong-password")
    attempt = AccessAttempt.objects.get()
    client.force_login(trainer_of())
    assert client.get(reverse("courses_admin:lockouts")).status_code == 403
    unlock = reverse("courses_admin:lockout_unlock", args=[attempt.pk])
    assert client.post(unlock).status_code == 403
    staff = user_in(groups.PROGRAMME_STAFF)
    client.force_login(staff)
    assert list(client.get(reverse("courses_admin:lockouts")).context["lockouts"]) == [attempt]
    assert client.get(unlock).status_code == 405
    assert client.post(unlock).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert logged("lms.lockout_reset").get().user == staff
    client.logout()
    assert sign_in(client, "mani", PASSWORD).status_code == 302


def test_custom_audit_log_actions_have_labels():
    from wagtail.log_actions import registry

    for action in (
        "lms.account_link",
        "lms.account_unlink",
        "lms.access_code_issue",
        "lms.claim_confirm",
        "lms.claim_reject",
        "lms.lockout_reset",
    ):
        assert registry.get_action_label(action) != action


def test_an_open_code_stops_working_when_the_account_becomes_staff():
    learner = user_in(groups.LEARNERS, username="+8562055550010")
    code = issue_access_code(learner, "reset")
    learner.groups.add(Group.objects.get(name=groups.TRAINERS))
    with pytest.raises(InvalidAccessCode):
        redeem_access_code("+8562055550010", code, "another-Pass-2026")
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_trainers_add_people_without_the_account_field(client):
    client.force_login(trainer_of())
    response = client.get(reverse("wagtailsnippets_lms_person:add"))
    assert response.status_code == 200
    assert "user" not in response.context["form"].fields


def test_trainers_open_and_change_only_the_people_they_manage(client):
    own = official()
    other = official(name_lo="ສົມພອນ ສີສຸລາດ", phone="", sector=Sector.objects.get(code="police"))
    client.force_login(trainer_of("prosecutor"))
    assert client.get(reverse("wagtailsnippets_lms_person:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_lms_person:edit", args=[other.pk])).status_code == (
        404
    )
    edit_person(client, other, name_latin="Changed")
    other.refresh_from_db()
    assert other.name_latin != "Changed"
