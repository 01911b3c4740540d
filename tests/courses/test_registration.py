"""Self-registration matched against the registry, workshop accounts, one-time codes."""

from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from courses.accounts.codes import (
    InvalidAccessCode,
    create_workshop_accounts,
    issue_access_code,
    redeem_access_code,
)
from courses.models import AccessCode, PersonClaim
from lms import groups
from lms.models import Organisation, Person, Sex
from tests.factories import PersonFactory, attend, make_event, registration_form

pytestmark = pytest.mark.django_db
PASSWORD = "Vientiane-river-2026"


form_data = partial(registration_form, password=PASSWORD, position="ໄອຍະການ")


registry_person = partial(
    PersonFactory,
    name_lo="ມະນີວັນ ພົມມະຈັນ",
    name_latin="Manivanh P.",
    sex=Sex.FEMALE,
    sector_code="prosecutor",
    organisation_key=None,
    phone="",
)


def register(client, **changes):
    return client.post(reverse("courses:register"), form_data(**changes))


def test_registration_creates_person_and_sends_to_sign_in(client):
    # Registration no longer signs in: the answer must not differ for a known phone.
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("courses:my_learning")
    person = Person.objects.get()
    assert person.phone == "+8562055551234"
    assert person.user.check_password(PASSWORD)
    assert person.user.groups.filter(name=groups.LEARNERS).exists()
    assert client.login(username="020 5555 1234", password=PASSWORD)
    assert client.get(reverse("courses:my_learning")).status_code == 200


def test_registration_with_email_only(client):
    assert register(client, phone="", email="mani@example.la").status_code == 302
    assert Person.objects.get().user.email == "mani@example.la"


def test_registration_claims_the_registry_record_with_the_same_phone(client):
    # Never linked by itself: a new record of its own, and a claim for a trainer to confirm.
    # The registry wrote the name with a different byte order of the tone mark and ໍ.
    existing = registry_person(name_lo="ມະນີວັນ ພົມມະຈັນ", phone="+8562055551234")
    assert register(client).status_code == 302
    assert Person.objects.count() == 2
    existing.refresh_from_db()
    assert existing.user is None
    assert existing.name_latin == "Manivanh P."  # the registry keeps what it knew
    assert PersonClaim.objects.get().claimed_person == existing


def test_registration_claims_a_namesake_without_contact_details(client):
    existing = registry_person()
    assert register(client).status_code == 302
    assert Person.objects.count() == 2
    existing.refresh_from_db()
    assert existing.phone == ""
    assert existing.user is None
    assert PersonClaim.objects.get().claimed_person == existing


def test_phone_of_a_person_with_another_name_is_only_claimed(client):
    # No message reveals what the registry holds; a trainer decides on the claim.
    registry_person(name_lo="ສົມພອນ ສີສຸລາດ", phone="+8562055551234")
    response = register(client)
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert PersonClaim.objects.count() == 1


def test_namesake_with_other_contact_details_is_never_a_silent_duplicate(client):
    # A record of its own and a pending claim: a trainer merges or keeps them apart.
    registry_person(phone="+8562099998888")
    response = register(client)
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert PersonClaim.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "", "email": ""}, "phone"),
        ({"password1": "12345678", "password2": "12345678"}, "password1"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"password2": "something-else-1"}, "password2"),
        ({"name_lo": "Manivanh"}, "name_lo"),
    ],
)
def test_registration_rejects_bad_input(client, changes, field):
    response = register(client, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Person.objects.exists()


def test_second_registration_with_the_same_phone_creates_nothing(client):
    # The same answer as a registration, so it does not reveal that the phone is taken.
    register(client)
    client.logout()
    response = register(client, name_lo="ສົມພອນ ສີສຸລາດ", name_latin="Somphone")
    assert response.status_code == 302
    assert Person.objects.count() == 1


@pytest.mark.parametrize("language", ["lo", "en"])
def test_errors_are_in_the_users_language(client, language):
    response = client.post(f"/{language}/account/register/", form_data(phone="12345"))
    with translation.override(language):
        expected = translation.gettext("Enter a valid phone number, for example 020 5555 1234.")
    assert response.context["form"].errors["phone"] == [expected]
    if language == "lo":
        assert expected != "Enter a valid phone number, for example 020 5555 1234."


def test_organisation_must_belong_to_the_sector(client):
    police = Organisation.objects.filter(sector__code="police").first()
    response = register(client, organisation=police.pk)
    assert "organisation" in response.context["form"].errors


def test_workshop_accounts_with_printable_codes(client):
    event = make_event()
    with_phone = registry_person(name_lo="ສົມພອນ ສີສຸລາດ", phone="+8562055550001")
    without_contact = registry_person(name_lo="ບຸນມີ ໄຊຍະວົງ")
    attend(event, with_phone, ["present"])
    attend(event, without_contact, ["present"])
    accounts = create_workshop_accounts(event)
    assert {a.username for a in accounts} == {"+8562055550001", f"learner-{without_contact.pk}"}
    assert all(a.code for a in accounts)
    account = next(a for a in accounts if a.person == with_phone)
    user = redeem_access_code("020 5555 0001", account.code, PASSWORD)
    assert user.check_password(PASSWORD)
    user.last_login = user.date_joined
    user.save()
    # A reprint: new codes for those who never signed in; the others keep their password.
    again = {a.person.pk: a.code for a in create_workshop_accounts(event)}
    assert again[with_phone.pk] is None
    assert again[without_contact.pk] not in (None, accounts[0].code, accounts[1].code)
    assert get_user_model().objects.count() == 2


def test_workshop_accounts_admin_page_prints_codes(client):
    event = make_event()
    attend(event, registry_person(phone="+8562055550002"), ["present"])
    trainer = get_user_model().objects.create_user(username="trainer", password="x")
    trainer.groups.add(Group.objects.get(name=groups.TRAINERS))
    # Only a trainer of the event prints its codes, for the people of their sector.
    trainer.groups.add(Group.objects.get(name=groups.SECTOR_TRAINER_GROUPS["prosecutor"]))
    event.trainers.add(registry_person(name_lo="ຄູຝຶກ", user=trainer))
    client.force_login(trainer)
    url = reverse("courses_admin:workshop_accounts", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200
    code = response.context["accounts"][0].code
    assert code in response.content.decode()


def test_a_one_time_code_for_a_person_without_account_makes_a_learner(client):
    person = registry_person(name_lo="ຄຳຫຼ້າ ພົມມະວົງ")
    staff = get_user_model().objects.create_user(username="staff", password="x")
    staff.groups.add(Group.objects.get(name=groups.PROGRAMME_STAFF))
    client.force_login(staff)
    response = client.post(reverse("courses_admin:access_code", args=[person.pk]))
    assert response.status_code == 200
    person.refresh_from_db()
    assert response.context["code"]
    assert list(person.user.groups.values_list("name", flat=True)) == [groups.LEARNERS]


def test_one_time_code_works_once(client):
    user = get_user_model().objects.create_user(username="+8562055550003", password="old-Pass-1234")
    user.groups.add(Group.objects.get(name=groups.LEARNERS))  # codes are for learners only
    code = issue_access_code(user, "reset")
    response = client.post(
        reverse("courses:set_password_with_code"),
        {
            "login": "+8562055550003",
            "code": code.lower(),
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    with pytest.raises(InvalidAccessCode):
        redeem_access_code("+8562055550003", code, "another-Pass-2026")


def test_a_new_code_replaces_the_old_one_and_guessing_closes_it(db):
    user = get_user_model().objects.create_user(username="someone", password="old-Pass-1234")
    user.groups.add(Group.objects.get(name=groups.LEARNERS))  # codes are for learners only
    old = issue_access_code(user, "reset")
    new = issue_access_code(user, "reset")
    with pytest.raises(InvalidAccessCode):
        redeem_access_code("someone", old, PASSWORD)
    for _ in range(AccessCode.MAX_FAILED_ATTEMPTS):
        with pytest.raises(InvalidAccessCode):
            redeem_access_code("someone", "WRONG-CODE", PASSWORD)
    with pytest.raises(InvalidAccessCode):
        redeem_access_code("someone", new, PASSWORD)


def test_trainer_gives_a_learner_a_reset_code_from_the_admin(client):
    person = registry_person(phone="+8562055550004")
    trainer = get_user_model().objects.create_user(username="trainer", password="x")
    trainer.groups.add(Group.objects.get(name=groups.TRAINERS))
    # Only a trainer of the person's sector (or events) gives them a code.
    trainer.groups.add(Group.objects.get(name=groups.SECTOR_TRAINER_GROUPS["prosecutor"]))
    client.force_login(trainer)
    response = client.post(reverse("courses_admin:access_code", args=[person.pk]))
    assert response.status_code == 200
    code = response.context["code"]
    client.logout()
    assert redeem_access_code("020 5555 0004", code, PASSWORD).person == person


def test_password_reset_by_email_sends_a_link(client, mailoutbox):
    register(client, email="mani@example.la")
    client.logout()
    response = client.post(reverse("courses:password_reset"), {"email": "mani@example.la"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/account/password-reset/" in mailoutbox[0].body
