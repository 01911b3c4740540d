import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from lms.models import Person, Province, Sector, Sex

pytestmark = pytest.mark.django_db


@pytest.fixture
def official():
    user = User.objects.create_user("somphone", email="Somphone@example.la", password="s3cret-pass")
    Person.objects.create(
        name_lo="ສົມພອນ",
        sex=Sex.MALE,
        phone="020 5555 1234",
        user=user,
        sector=Sector.objects.get(code="police"),
        province=Province.objects.get(code="01"),
    )
    return user


@pytest.mark.parametrize(
    "login", ["somphone", "somphone@example.la", "020 5555 1234", "2055551234"]
)
def test_official_signs_in_with_username_email_or_phone(official, login):
    assert authenticate(username=login, password="s3cret-pass") == official


def test_wrong_password_is_refused(official):
    assert authenticate(username="020 5555 1234", password="wrong") is None


def test_sign_in_error_is_shown_in_lao(client, official, home_pages):
    response = client.post("/lo/account/login/", {"username": "somphone", "password": "nope"})
    assert response.status_code == 200
    assert "ກະລຸນາປ້ອນ" in response.content.decode()


def test_sign_in_page_works_and_redirects(client, official, home_pages):
    response = client.post(
        "/lo/account/login/", {"username": "2055551234", "password": "s3cret-pass", "next": "/lo/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/lo/"
