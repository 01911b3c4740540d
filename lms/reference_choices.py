"""Choice lists of the registry's reference tables (sectors, provinces, organisations) for
admin filters, kept in the cache: every listing of people shows the three, and they change
seldom.

A save or delete of a row clears its model's lists in every language; the lists also
expire after a few minutes, so a server whose cache is its own memory (the embedded
default) catches up with a change made on another.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

TIMEOUT = 300  # seconds


def _key(model, language: str) -> str:
    return f"lms:reference-choices:{model._meta.label_lower}:{language}"


def reference_choices(model) -> list[tuple[int, str]]:
    """(pk, label in the active language) of every row of ``model``, in its ordering."""
    key = _key(model, translation.get_language() or settings.LANGUAGE_CODE)
    choices = cache.get(key)
    if choices is None:
        choices = [(row.pk, str(row)) for row in model._default_manager.all()]
        cache.set(key, choices, TIMEOUT)
    return choices


def forget_choices(sender, **kwargs):
    """Now, and again on commit: with a shared cache another server may cache the old rows
    before this transaction commits."""
    keys = [_key(sender, language) for language, _name in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect(*models):
    for model in models:
        uid = f"lms_reference_choices_{model._meta.label_lower}"
        post_save.connect(forget_choices, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_choices, sender=model, dispatch_uid=uid)
