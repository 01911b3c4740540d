import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page

pytestmark = pytest.mark.django_db(transaction=False)


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and model._meta.app_label in {"lms", "courses", "assessments", "wagtailcore", "auth"}
        and not model._meta.label.startswith("wagtailcore.Revision")
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, loaded twice; the counts after each load.

    Loaded in a transaction that is rolled back after the module, so the tests that
    follow find the database as the migrations left it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=io.StringIO())
        first = row_counts()
        call_command("load_demo_data", stdout=io.StringIO())
        second = row_counts()
        yield first, second
        transaction.set_rollback(True)


def test_demo_data_loads_twice_without_duplicates(demo_site):
    first, second = demo_site
    assert first == second
    assert first["lms.Person"] >= 300
    assert first["wagtailcore.Page"] >= 3


def test_demo_registry_spans_sectors_sexes_and_provinces(demo_site):
    from lms.models import Person

    people = Person.objects.all()
    assert people.values("sector").distinct().count() == 6
    assert people.values("province").distinct().count() >= 12
    assert 0.3 < people.women().count() / people.count() < 0.55


def test_every_live_page_answers_in_both_languages(demo_site, client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    languages = {page.locale.language_code for page in pages}
    assert languages == {"lo", "en"}
    for page in pages:
        # Section pages may redirect to the listing they belong to.
        response = client.get(page.url, follow=True)
        assert response.status_code == 200, (page.url, response.status_code)
        assert f'<html lang="{page.locale.language_code}">' in response.content.decode()
