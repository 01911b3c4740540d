import os

import pytest
from wagtail.models import Locale

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run in a thread with an event loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("lo", "en")}


@pytest.fixture
def home_pages(locales):
    """The Lao home page at the site root and its English translation."""
    from lms.demo import build_home_pages

    home = build_home_pages()
    return {"lo": home, "en": home.get_translation(locales["en"])}
