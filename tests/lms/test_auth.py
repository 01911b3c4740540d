import pytest
from django.contrib.auth import authenticate

from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def official():
    user = UserFactory(username="somphone", email="Somphone@example.la", password="s3cret-pass")
    PersonFactory(
        name_lo="ສົມພອນ", name_latin="", phone="020 5555 1234", user=user, organisation_key=None
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
