import pytest
from django.contrib.messages import get_messages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["lo", "en"])
def test_signing_out_lands_on_the_home_page_in_the_learners_language(
    client, django_user_model, language
):
    user = django_user_model.objects.create_user("official", password="x-pass-2026")
    client.force_login(user)
    response = client.post(f"/{language}/account/logout/")
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert "_auth_user_id" not in client.session
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == ["ທ່ານໄດ້ອອກຈາກລະບົບແລ້ວ." if language == "lo" else "You are signed out."]


def test_signing_out_needs_a_post(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("official", password="x-pass-2026"))
    assert client.get("/lo/account/logout/").status_code == 405
    assert "_auth_user_id" in client.session
