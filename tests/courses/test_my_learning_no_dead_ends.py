""" "My learning" never ends the way: empty, it leads to the courses; for an account without a
registry record it says what the page is for, in the reader's language, instead of a 404."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import LearnerFactory, make_course, make_user

pytestmark = pytest.mark.django_db


def my_learning(client, language):
    with translation.override(language):
        return client.get(reverse("courses:my_learning"))


@pytest.mark.parametrize("language", ["lo", "en"])
def test_my_learning_without_a_course_leads_to_the_courses(client, home_pages, language):
    course = make_course(home_pages["lo"], lessons=1, translate=True)
    index = course.get_parent().get_parent()
    if language == "en":
        index = index.get_translation(home_pages["en"].locale)
    client.force_login(LearnerFactory().user)
    response = my_learning(client, language)
    assert response.status_code == 200
    assert response.context["in_progress"] == []
    assert f'href="{index.url}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "linked_text"),
    [
        ("lo", "ບັນຊີຂອງທ່ານ ຍັງບໍ່ໄດ້ເຊື່ອມກັບບຸກຄົນໃນທະບຽນ."),
        ("en", "My learning is for registered officials"),
    ],
)
@pytest.mark.parametrize("role", ["staff", "admin"])
def test_account_without_a_registry_record_is_told_my_learning_is_for_officials(
    client, home_pages, language, linked_text, role
):
    course = make_course(home_pages["lo"], lessons=1, translate=True)
    index = course.get_parent().get_parent()
    if language == "en":
        index = index.get_translation(home_pages["en"].locale)
    fields = {"is_staff": True, "is_superuser": role == "admin"}
    user = make_user(f"{role}-without-record", person=False, **fields)
    client.force_login(user)
    response = my_learning(client, language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert linked_text in html
    assert f'href="{index.url}"' in html
