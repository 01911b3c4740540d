import pytest
from django.contrib.auth.models import Group, User

from lms import groups
from lms.models import Person, Province, Sector, Sex
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    # A trainer lists the people of their sectors (lms.access.managed_people).
    sectors = [groups.SECTOR_TRAINER_GROUPS[sector] for sector in ("police", "judge")]
    client.force_login(UserFactory(username="trainer", groups=[groups.TRAINERS, *sectors]))
    return client


@pytest.fixture
def people():
    unlisted = {"organisation_key": None, "phone": ""}
    return [
        PersonFactory(
            name_lo="ມາລີ ສີສຸລາດ",
            name_latin="Maly Sisoulath",
            sex=Sex.FEMALE,
            sector_code="judge",
            **unlisted,
        ),
        PersonFactory(
            name_lo="ບຸນມີ ພົມມະຈັນ", name_latin="Bounmy Phommachanh", province_code="13", **unlisted
        ),
    ]


@pytest.mark.parametrize("query", ["ມາລີ", "ສີສຸລາດ", "ມາລີ ສີສຸລາດ", "Maly"])
def test_trainer_searches_the_registry_by_lao_name(trainer_client, people, query):
    response = trainer_client.get("/admin/snippets/lms/person/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maly Sisoulath" in html
    assert "Bounmy Phommachanh" not in html


def test_trainer_filters_the_registry_by_sector(trainer_client, people):
    police = Sector.objects.get(code="police")
    response = trainer_client.get("/admin/snippets/lms/person/", {"sector": police.pk})
    html = response.content.decode()
    assert "Bounmy Phommachanh" in html
    assert "Maly Sisoulath" not in html


def test_trainer_cannot_delete_people(trainer_client, people):
    response = trainer_client.get(f"/admin/snippets/lms/person/delete/{people[0].pk}/")
    assert response.status_code in (302, 403)
    assert Person.objects.filter(pk=people[0].pk).exists()


def test_learner_has_no_admin_access(client, people):
    user = User.objects.create_user("learner", password="pw")
    user.groups.add(Group.objects.get(name=groups.LEARNERS))
    client.force_login(user)
    response = client.get("/admin/snippets/lms/person/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_menu_labels_follow_each_request_language(client):
    # Menu items are built once; a label translated at that moment stays in that language.
    admin = User.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    client.get("/admin/", HTTP_ACCEPT_LANGUAGE="lo")
    english = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Duplicate people" in english
    assert "ຂໍ້ມູນບຸກຄົນທີ່ຊ້ຳກັນ" not in english


def test_a_trainers_people_listing_takes_as_many_queries_for_many_rows_as_for_few(
    trainer_client, people
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        trainer_client.get("/admin/snippets/lms/person/")
        with CaptureQueriesContext(connection) as captured:
            assert trainer_client.get("/admin/snippets/lms/person/").status_code == 200
        return len(captured)

    few = queries()
    police, capital = Sector.objects.get(code="police"), Province.objects.get(code="01")
    for number in range(15):
        Person.objects.create(
            name_lo=f"ທ້າວ {number}", sex=Sex.MALE, sector=police, province=capital
        )
    assert queries() == few


def test_admin_pages_fetch_no_avatar_from_an_outside_service(client):
    # Gravatar would receive a hash of the user's e-mail address with every admin page.
    admin = User.objects.create_superuser("root", email="root@example.la", password="pw")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
