"""Fixtures for the manual tests: the demo manual, built once per test module."""

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Locale


@pytest.fixture(scope="module")
def demo_manual_site(django_db_setup, django_db_blocker):
    """Home pages and the demo manual in both languages, rolled back after the module.

    Building the manual takes seconds, so the module's tests share it; each test still
    runs in its own savepoint inside this transaction.
    """
    from courses.demo import manual as demo_manual
    from courses.models import ManualPage
    from lms.demo import build_home_pages

    with django_db_blocker.unblock(), transaction.atomic():
        for code in ("lo", "en"):
            Locale.objects.get_or_create(language_code=code)
        build_home_pages()
        demo_manual.load()
        yield {
            "lo": ManualPage.objects.get(locale__language_code="lo"),
            "en": ManualPage.objects.get(locale__language_code="en"),
        }
        transaction.set_rollback(True)
    cache.clear()
