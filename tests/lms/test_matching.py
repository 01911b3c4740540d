import importlib
from functools import partial

import pytest
from django.apps import apps

from lms.models import Organisation, Person, Sector, Sex
from lms.people.matching import (
    Probe,
    Reason,
    duplicate_groups,
    find_candidates,
    match_people,
    romanised_key,
    search_people,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


# Somphone Sisoulath of the ATD, without a phone.
make_person = partial(PersonFactory, phone="")


def org(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


def reasons_for(probe: Probe, people=None) -> dict:
    found = find_candidates(probe, people if people is not None else Person.objects.all())
    return {candidate.person.pk: candidate.reasons for candidate in found}


# Romanised names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Souksavanh", "Suksavan"),
        ("Phommachanh", "Phomachan"),
        ("Souksavanh Phommachanh", "Suksavan  Phomachan"),
        ("Khamphone", "Kampone"),
        ("Xaysana", "Saisana"),
        ("Vongsay", "Wongsai"),
        ("THONGSAVANH", "thongsavan"),
    ],
)
def test_romanised_spelling_variants_share_one_key(one, other):
    assert romanised_key(one) == romanised_key(other) != ""


@pytest.mark.parametrize(("one", "other"), [("Souksavanh", "Somphone"), ("Maly", "Manivanh")])
def test_different_romanised_names_keep_different_keys(one, other):
    assert romanised_key(one) != romanised_key(other)


def test_saving_a_person_fills_the_indexed_loose_romanised_key():
    person = make_person(name_latin="Souksavanh Phommachanh")
    assert person.name_latin_loose_key == romanised_key("Suksavan Phomachan")
    person.name_latin = "Maly"
    person.save()
    assert Person.objects.get(pk=person.pk).name_latin_loose_key == "mali"


def test_the_migration_fills_the_loose_key_of_people_already_registered():
    person = make_person(name_latin="Souksavanh Phommachanh")
    Person.objects.filter(pk=person.pk).update(name_latin_loose_key="")
    migration = importlib.import_module("lms.migrations.0007_add_person_name_latin_loose_key")
    migration.fill_loose_keys(apps, None)
    assert Person.objects.get(pk=person.pk).name_latin_loose_key == "suksawanpomacan"


# Phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["+856 20 5555 1234", "020 5555 1234", "20 5555 1234", "2055551234", "໐໒໐ ໕໕໕໕ ໑໒໓໔"],
)
def test_a_phone_matches_however_it_is_typed(typed):
    person = make_person(phone="+8562055551234")
    make_person(name_lo="ມາລີ", name_latin="Maly", phone="020 5555 9999")
    assert reasons_for(Probe(phone=typed)) == {person.pk: (Reason.PHONE,)}


def test_an_invalid_phone_matches_nobody():
    make_person(phone="020 5555 1234")
    assert reasons_for(Probe(phone="12")) == {}


def test_a_shared_phone_gives_both_people_and_the_one_named_comes_first():
    husband = make_person(name_lo="ສົມພອນ ສີສຸລາດ", phone="020 5555 1234")
    wife = make_person(
        name_lo="ມາລີ ສີສຸລາດ", name_latin="Maly Sisoulath", sex=Sex.FEMALE, phone="2055551234"
    )
    found = find_candidates(Probe(name_lo="ມາລີ ສີສຸລາດ", phone="020 5555 1234"), Person.objects)
    assert [candidate.person for candidate in found] == [wife, husband]
    assert found[0].reasons == (Reason.PHONE, Reason.NAME)
    assert found[1].reasons == (Reason.PHONE,)
    assert found[0].same_name and not found[1].same_name


# Lao names, organisation and sector -----------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        # ຳ typed as one letter, stored as ໍ + tone + າ.
        ("ຄ\u0ecd\u0ec9\u0eb2ພອນ ສີສຸລາດ", "ຄ\u0ec9\u0eb3ພອນ ສີສຸລາດ"),
        # ຫຼ typed as ຫ + ລ.
        ("ບຸນຫຼາຍ ພົມມະຈັນ", "ບຸນຫລາຍ ພົມມະຈັນ"),
        # Extra spaces.
        ("ສົມພອນ ສີສຸລາດ", "  ສົມພອນ   ສີສຸລາດ "),
    ],
)
def test_lao_spelling_variants_match_by_name_and_organisation(stored, typed):
    person = make_person(name_lo=stored)
    probe = Probe(name_lo=typed, organisation=org("atd"))
    assert reasons_for(probe) == {person.pk: (Reason.NAME_AND_ORGANISATION, Reason.NAME)}


def test_namesakes_in_different_organisations_rank_the_same_organisation_first():
    at_atd = make_person(organisation=org("atd"), phone="020 5555 0001")
    at_mops = make_person(organisation=org("mops"), phone="020 5555 0002")
    found = find_candidates(Probe(name_lo="ສົມພອນ ສີສຸລາດ", organisation=org("mops")), Person.objects)
    assert [(c.person, c.reasons) for c in found] == [
        (at_mops, (Reason.NAME_AND_ORGANISATION, Reason.NAME)),
        (at_atd, (Reason.NAME,)),
    ]


def test_an_unknown_organisation_never_counts_but_none_matches_people_without_one():
    without = make_person(organisation=None)
    assert reasons_for(Probe(name_lo="ສົມພອນ ສີສຸລາດ")) == {without.pk: (Reason.NAME,)}
    assert reasons_for(Probe(name_lo="ສົມພອນ ສີສຸລາດ", organisation=None)) == {
        without.pk: (Reason.NAME_AND_ORGANISATION, Reason.NAME)
    }


def test_the_same_lao_name_in_the_same_sector():
    police = make_person()
    judge = make_person(sector=Sector.objects.get(code="judge"), organisation=org("psc"))
    probe = Probe(name_lo="ສົມພອນ ສີສຸລາດ", sector=Sector.objects.get(code="judge"))
    assert reasons_for(probe) == {
        judge.pk: (Reason.NAME_AND_SECTOR, Reason.NAME),
        police.pk: (Reason.NAME,),
    }


@pytest.mark.parametrize(
    ("typed", "sex", "matches"),
    [
        ("Suksavan Phomachan", Sex.MALE, True),
        ("SOUKSAVANH PHOMMACHANH", "", True),
        ("Suksavan Phomachan", Sex.FEMALE, False),
        ("Souksavanh Sisoulath", Sex.MALE, False),
    ],
)
def test_similar_romanised_names_of_the_same_sex_match(typed, sex, matches):
    person = make_person(name_lo="ສຸກສະຫວັນ ພົມມະຈັນ", name_latin="Souksavanh Phommachanh")
    found = reasons_for(Probe(name_latin=typed, sex=sex))
    assert (Reason.ROMANISED_NAME in found.get(person.pk, ())) is matches


def test_the_same_email_matches_in_any_case():
    person = make_person(email="Somphone@Example.la")
    assert reasons_for(Probe(email=" somphone@example.LA ")) == {person.pk: (Reason.EMAIL,)}


def test_a_person_with_every_reason_outranks_one_with_a_name_only():
    namesake = make_person(organisation=org("mops"))
    person = make_person(phone="020 5555 1234", email="s@example.la")
    probe = Probe(
        name_lo="ສົມພອນ ສີສຸລາດ",
        name_latin="Somphone Sisoulath",
        phone="020 5555 1234",
        email="s@example.la",
        organisation=org("atd"),
        sector=Sector.objects.get(code="police"),
        sex=Sex.MALE,
    )
    found = find_candidates(probe, Person.objects.all())
    assert [c.person for c in found] == [person, namesake]
    assert found[0].reasons == tuple(Reason)
    assert found[0].reason == Reason.PHONE
    assert found[1].phone_conflicts is False
    assert found[1].reason == Reason.NAME_AND_SECTOR


def test_candidates_are_found_only_within_the_given_people():
    inside = make_person(phone="020 5555 0001")
    outside = make_person(phone="020 5555 0002", organisation=org("mops"))
    found = reasons_for(Probe(name_lo="ສົມພອນ ສີສຸລາດ"), Person.objects.exclude(pk=outside.pk))
    assert set(found) == {inside.pk}


def test_a_whole_sheet_is_matched_in_one_query(django_assert_num_queries):
    people = [make_person(name_lo=f"ຄົນ {n}", phone=f"020 5555 00{n:02d}") for n in range(20)]
    probes = [Probe(name_lo=f"ຄົນ {n}", phone=f"20 5555 00{n:02d}") for n in range(20)]
    with django_assert_num_queries(1):
        results = match_people(probes, Person.objects.all())
    assert [[c.person for c in found] for found in results] == [[p] for p in people]


def test_nothing_known_matches_nobody(django_assert_num_queries):
    make_person()
    with django_assert_num_queries(0):
        assert match_people([Probe()], Person.objects.all()) == [[]]


# Search boxes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "ສົມພອນ",
        "ສີສຸລາດ",
        "somphone",
        "Sompone",
        "SISULAT",
        "5555 1234",
        "020 5555 1234",
        "+856 20 5555",
    ],
)
def test_a_search_box_finds_a_person_by_part_of_a_name_or_phone(query):
    person = make_person(phone="020 5555 1234")
    make_person(name_lo="ມາລີ", name_latin="Maly", phone="020 7777 0000")
    assert list(search_people(query, Person.objects.all())) == [person]


def test_a_search_box_finds_people_by_organisation():
    person = make_person(organisation=org("ospp"), sector=Sector.objects.get(code="prosecutor"))
    make_person(name_lo="ມາລີ", name_latin="Maly")
    assert list(search_people("OSPP", Person.objects.all())) == [person]


def test_a_search_box_looks_for_phones_only_where_it_is_told():
    person = make_person(phone="020 5555 1234")
    assert list(search_people("55551234", Person.objects.all())) == [person]
    hidden = Person.objects.exclude(pk=person.pk)
    assert list(search_people("55551234", Person.objects.all(), phones_within=hidden)) == []


@pytest.mark.parametrize("query", ["", "   ", "123", "Sp"])
def test_a_search_box_needs_enough_to_look_for(query):
    # Three digits are no phone search; two letters no loose romanised one ("sp" is in
    # the loose key "sompone...", not in the name).
    make_person(phone="020 5555 1234", name_latin="Somphone Sisoulath")
    assert list(search_people(query, Person.objects.all())) == []


# Duplicates -----------------------------------------------------------------------------------


def test_duplicate_groups_by_phone_by_lao_name_and_organisation_and_by_romanised_name():
    same_phone = {make_person(phone="020 5555 1234").pk, make_person(phone="+856 20 5555 1234").pk}
    same_name = {
        make_person(name_lo="ຄ\u0ecd\u0ec9\u0eb2ພອນ", name_latin="").pk,
        make_person(name_lo="ຄ\u0ec9\u0eb3ພອນ", name_latin="").pk,
    }
    similar = {
        make_person(name_lo="ສຸກສະຫວັນ", name_latin="Souksavanh Phommachanh").pk,
        make_person(
            name_lo="ສຸກສະຫວັນ", name_latin="Suksavan Phomachan", organisation=org("mops")
        ).pk,
    }
    # Namesakes who each gave their own phone are different people.
    make_person(name_lo="ບຸນມີ", name_latin="Bounmy", phone="020 5555 0001")
    make_person(name_lo="ບຸນມີ", name_latin="Bunmi", phone="020 5555 0002")
    # The same romanised name but not the same sex.
    make_person(name_lo="ມາລີ", name_latin="Maly", sex=Sex.FEMALE)
    make_person(name_lo="ມາລີ", name_latin="Mali", sex=Sex.MALE, organisation=org("mops"))
    groups = {(reason, frozenset(ids)) for reason, ids in duplicate_groups(Person.objects.all())}
    assert groups == {
        (Reason.PHONE, frozenset(same_phone)),
        (Reason.NAME_AND_ORGANISATION, frozenset(same_name)),
        (Reason.ROMANISED_NAME, frozenset(similar)),
    }


def test_duplicate_groups_look_only_within_the_given_people():
    first = make_person(phone="020 5555 1234")
    make_person(phone="020 5555 1234")
    assert duplicate_groups(Person.objects.filter(pk=first.pk)) == []
