import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run in a thread with an event loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """No test reads a page another test's content left in the page cache."""
    from lms.page_cache import invalidate_page_cache

    invalidate_page_cache()


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("lo", "en")}


@pytest.fixture
def home_pages(locales):
    """The Lao home page at the site root and its English translation."""
    from lms.demo import build_home_pages

    home = build_home_pages()
    return {"lo": home, "en": home.get_translation(locales["en"])}


@pytest.fixture
def english():
    """English messages for the test (``usefixtures("english")`` for a whole module)."""
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client, settings):
    """English messages, and the test client asking for English pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


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
