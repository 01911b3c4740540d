"""Every "who is this person?" goes through lms.people.matching: the callers agree."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.imports import find_person
from courses.accounts.registration import Registration, find_claimed_person
from courses.events.admin import search_registry
from courses.events.signin_sheets import Outcome, preview_sheet
from lms import groups
from lms.models import Organisation, Province, Sector, Sex
from lms.people.merge import find_duplicate_groups
from tests.factories import PersonFactory, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["ລ/ດ", "ຊື່ ແລະ ນາມສະກຸນ", "Romanised name", "ເພດ", "ຫົວໜ່ວຍ", "ຕຳແໜ່ງ", "ເບີໂທ"]


def sheet(row) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER + ["Session 1"])
    workbook.active.append([1, *row, "✓"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def signin_match(row):
    preview = preview_sheet(sheet(row), "sheet.xlsx", make_event())
    (read,) = preview.rows
    return read.outcome, read.person


def score_match(phone, name):
    try:
        return find_person(phone, name)
    except ValidationError:
        return None


@pytest.fixture
def office_phone():
    """Two colleagues sharing an office phone; one has a namesake elsewhere."""
    somphone = PersonFactory(name_lo="ສົມພອນ ສີສຸລາດ", phone="020 5555 1234")
    maly = PersonFactory(
        name_lo="ມາລີ ວົງສາ", name_latin="Maly Vongsa", sex=Sex.FEMALE, phone="+856 20 5555 1234"
    )
    PersonFactory(
        name_lo="ມາລີ ວົງສາ",
        name_latin="Maly Vongsa",
        sex=Sex.FEMALE,
        organisation=Organisation.objects.get(key="mops"),
        phone="020 7777 0001",
    )
    return {"somphone": somphone, "maly": maly}


@pytest.mark.parametrize(
    ("lao_name", "romanised", "sex", "phone", "expected"),
    [
        # The shared number and the name pick one colleague, though a namesake exists:
        # the sign-in import called it a possible duplicate, the score import "several
        # people are called ...".
        ("ມາລີ ວົງສາ", "Maly Vongsa", "ຍ", "020 5555 1234", "maly"),
        ("ສົມພອນ ສີສຸລາດ", "", "ຊ", "20 5555 1234", "somphone"),
        # Phone typed the international way, name with extra spaces.
        ("ມາລີ  ວົງສາ", "", "ຍ", "+856 20 5555 1234", "maly"),
    ],
)
def test_the_same_sheet_row_is_matched_alike_by_the_signin_and_the_score_import(
    office_phone, lao_name, romanised, sex, phone, expected
):
    row = [lao_name, romanised, sex, "ATD", "", phone]
    assert signin_match(row) == (Outcome.MATCHED, office_phone[expected])
    assert score_match(phone, lao_name) == office_phone[expected]


def test_a_shared_phone_naming_neither_colleague_is_matched_by_neither_import(office_phone):
    row = ["ບຸນມີ ພົມມະຈັນ", "", "ຊ", "ATD", "", "020 5555 1234"]
    outcome, person = signin_match(row)
    assert (outcome, person) == (Outcome.DUPLICATE, None)
    assert score_match("020 5555 1234", "ບຸນມີ ພົມມະຈັນ") is None


def test_registration_claims_by_phone_before_email_before_lao_name_and_sector():
    police = Sector.objects.get(code="police")
    by_name = PersonFactory(name_lo="ສົມພອນ ສີສຸລາດ", phone="")
    by_email = PersonFactory(name_lo="ອື່ນ", phone="", email="Somphone@example.la")
    by_phone = PersonFactory(name_lo="ອີກຄົນ", phone="020 5555 1234")
    data = Registration(
        name_lo="ສົມພອນ ສີສຸລາດ",
        name_latin="Somphone",
        sex=Sex.MALE,
        sector=police,
        organisation=None,
        province=Province.objects.get(code="01"),
        position="",
        phone="+8562055551234",
        email="somphone@example.la",
        password="x",
    )
    assert find_claimed_person(data) == (by_phone, "Same phone number")
    data.phone = ""
    assert find_claimed_person(data) == (by_email, "Same email")
    data.email = ""
    assert find_claimed_person(data) == (by_name, "Same Lao name in the same sector")
    data.sector = Sector.objects.get(code="judge")
    assert find_claimed_person(data) == (None, "")


def test_the_event_search_finds_a_romanised_spelling_variant():
    user = User.objects.create_superuser("admin", password="pw")
    person = PersonFactory(name_lo="ສຸກສະຫວັນ ພົມມະຈັນ", name_latin="Souksavanh Phommachanh")
    assert list(search_registry("Suksavan", user)) == [person]
    assert list(search_registry("phomachan", user)) == [person]


def test_the_learner_accounts_search_finds_a_phone_dialled_the_lao_way(client):
    user = User.objects.create_user("trainer", password="pw")
    user.groups.add(Group.objects.get(name=groups.TRAINERS))
    user.groups.add(Group.objects.get(name=groups.SECTOR_TRAINER_GROUPS["police"]))
    person = PersonFactory(phone="+8562055551234")
    other = PersonFactory(
        sector=Sector.objects.get(code="judge"),
        organisation=Organisation.objects.get(key="psc"),
        phone="+8562055551235",
    )
    client.force_login(user)
    url = reverse("courses_admin:learner_accounts")
    # Stored as +856 20..., typed as dialled at home.
    found = list(client.get(url, {"q": "020 5555 1234"}).context["people"])
    assert found == [person]
    # Another sector's people stay out of a trainer's search, by name or by phone.
    assert other not in list(client.get(url, {"q": "020 5555 123"}).context["people"])
    assert other not in list(client.get(url, {"q": "ສົມພອນ"}).context["people"])


def test_the_duplicates_finder_groups_in_the_database(django_assert_max_num_queries):
    consonants = "bdfgjlmnrz"
    for number in range(30):
        latin = f"{consonants[number // 10]}a{consonants[number % 10]}o"
        PersonFactory(name_lo=f"ຄົນ {number}", name_latin=latin, phone="")
    first = PersonFactory(name_lo="ສຸກສະຫວັນ", name_latin="Souksavanh", phone="")
    second = PersonFactory(name_lo="ສຸກສະຫວັນ", name_latin="Suksavan", phone="")
    with django_assert_max_num_queries(8):
        groups_found = find_duplicate_groups()
    assert {frozenset(person.pk for person in group.people) for group in groups_found} == {
        frozenset({first.pk, second.pk})
    }
