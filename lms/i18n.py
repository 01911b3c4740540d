"""Bilingual fields on models that are not Wagtail pages."""

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
