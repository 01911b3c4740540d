"""Bilingual fields on models that are not Wagtail pages, and the site language of a user."""

from django.conf import settings
from django.utils.translation import get_language


def active_language() -> str:
    return (get_language() or "lo").split("-")[0]


class TranslatedField:
    """Read ``name`` as ``name_lo`` in Lao and ``name_en`` in English.

    Falls back to the other language when the active one is empty, so a record
    that has only been entered in one language still shows something.
    """

    def __init__(self, lo_field: str, en_field: str):
        self.lo_field = lo_field
        self.en_field = en_field

    def __get__(self, instance, owner):
        if instance is None:
            return self
        lo, en = getattr(instance, self.lo_field), getattr(instance, self.en_field)
        return (en or lo) if active_language() == "en" else (lo or en)


def site_language_for(request) -> str:
    """The language a user reads the public site in, wherever they come from (the admin is
    English): their choice on the site (the language cookie), else their admin profile's
    language when the site has it, else the site's default, Lao."""
    languages = dict(settings.LANGUAGES)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in languages:
        return chosen
    profile = getattr(request.user, "wagtail_userprofile", None)
    preferred = getattr(profile, "preferred_language", "")
    return preferred if preferred in languages else settings.LANGUAGE_CODE
