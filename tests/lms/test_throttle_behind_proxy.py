"""Behind the production proxy, sign-in failures are counted per client, not per proxy."""

import pytest
from django.contrib.auth.models import Group, User

from lms import groups
from tests.lms.test_settings import _load_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-2026"
PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # every request reaches the site from the proxy


def sign_in(client, forwarded_for, password):
    return client.post(
        "/en/account/login/",
        {"username": "mani", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        **PROXY,
    )


def test_an_attacker_locks_their_own_address_not_the_officials(client, settings, home_pages):
    settings.TRUSTED_PROXY_COUNT = 1
    user = User.objects.create_user("mani", password=PASSWORD)
    user.groups.add(Group.objects.get(name=groups.LEARNERS))
    for _attempt in range(5):
        sign_in(client, "203.0.113.5", "wrong-password")
    assert sign_in(client, "203.0.113.5", PASSWORD).status_code == 429
    client.cookies.clear()
    assert sign_in(client, "198.51.100.7", PASSWORD).status_code == 302


def test_production_reads_the_client_address_behind_its_proxy():
    result = _load_settings(
        "lms.settings.production",
        "settings.TRUSTED_PROXY_COUNT",
        SECRET_KEY="x" * 50,
        TRUSTED_PROXY_COUNT="2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"


@pytest.mark.parametrize(
    ("forwarded", "hops", "address"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),
        # What the client wrote itself (left of the proxy's entry) is not believed.
        ("6.6.6.6, 203.0.113.5", 1, "203.0.113.5"),
        ("203.0.113.5, 10.0.0.3", 2, "203.0.113.5"),
        ("", 1, "10.0.0.2"),
        ("203.0.113.5", 0, "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_end_of_the_header(
    settings, forwarded, hops, address
):
    from django.test import RequestFactory

    from lms.auth import client_address

    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, **PROXY)
    assert client_address(request) == address
