from functools import partial

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from lms import groups
from lms.models import Organisation, Person, Province, Sector, Sex
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


# Somphone Sisoulath of no organisation and without a phone.
make_person = partial(PersonFactory, organisation_key=None, phone="")


def test_reference_data_is_loaded_by_migrations():
    assert Province.objects.count() == 18
    assert Province.objects.get(iso_code="LA-VT").name_en == "Vientiane Capital"
    assert set(Sector.objects.values_list("code", flat=True)) == {
        "police",
        "prosecutor",
        "judge",
        "defence",
        "social-welfare",
        "other",
    }
    ospp = Organisation.objects.get(key="ospp")
    assert (ospp.sector.code, ospp.level, ospp.abbreviation_en) == ("prosecutor", "central", "OSPP")


def test_bilingual_names_follow_the_active_language():
    province = Province.objects.get(code="13")
    with translation.override("lo"):
        assert str(province) == "ສະຫວັນນະເຂດ"
    with translation.override("en"):
        assert str(province) == "Savannakhet"


def test_matching_key_is_kept_up_to_date_on_save():
    person = make_person(name_lo="ບຸນມີ ໜໍ່ແກ້ວ")
    assert person.name_key == "ບຸນມີ ຫນໍ່ແກ້ວ"
    person.name_lo = "ບຸນມີ ພົມມະຈັນ"
    person.save()
    assert Person.objects.get(pk=person.pk).name_key == "ບຸນມີ ພົມມະຈັນ"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("ຄຳພອນ ໜໍ່ແກ້ວ", "ຄໍາພອນ ຫນໍ່ແກ້ວ"), ("ສົມຈິດ ຫລວງລາດ", "ສົມຈິດ ຫຼວງລາດ")],
)
def test_registry_finds_a_person_under_another_spelling(stored, typed):
    person = make_person(name_lo=stored)
    assert list(Person.objects.matching_name(typed)) == [person]


def test_registry_finds_a_person_by_romanised_name_in_any_case():
    person = make_person()
    assert list(Person.objects.matching_name("SOMPHONE  sisoulath")) == [person]


def test_phone_numbers_are_stored_in_one_format():
    person = make_person(phone="020 5555 1234")
    assert person.phone == "+8562055551234"
    assert list(Person.objects.with_phone("2055551234")) == [person]
    assert not Person.objects.with_phone("not a number").exists()


def test_invalid_phone_is_reported_in_lao():
    person = Person(
        name_lo="ມາລີ",
        sex=Sex.FEMALE,
        phone="12345",
        sector=Sector.objects.get(code="judge"),
        province=Province.objects.get(code="01"),
    )
    with translation.override("lo"), pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "ກະລຸນາປ້ອນເບີໂທລະສັບທີ່ຖືກຕ້ອງ" in error.value.message_dict["phone"][0]


def test_women_are_selected_by_the_queryset():
    woman = make_person(name_lo="ມາລີ", sex=Sex.FEMALE)
    make_person()
    assert list(Person.objects.women()) == [woman]


def test_groups_are_created_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        groups.LEARNERS,
        groups.TRAINERS,
        groups.PROGRAMME_STAFF,
        groups.ADMINISTRATORS,
    } <= names
    trainers = Group.objects.get(name=groups.TRAINERS)
    assert trainers.permissions.filter(codename="access_admin").exists()
    assert trainers.permissions.filter(codename="change_person").exists()
    assert not Group.objects.get(name=groups.LEARNERS).permissions.exists()
    admins = Group.objects.get(name=groups.ADMINISTRATORS)
    assert admins.permissions.filter(codename="delete_person").exists()
