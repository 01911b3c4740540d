"""Writing a row that two requests may write at once (a double tap, two phones)."""

from collections.abc import Callable

from django.db import IntegrityError, models, transaction


def create_or_take_existing(model: type[models.Model], existing: Callable, **fields) -> tuple:
    """Create a ``model`` row: (row, True); when a unique constraint says another request has
    just created it, (``existing()``, False) instead (``existing`` may raise, e.g. "already
    locked").

    The create runs in a savepoint, so the caller's transaction goes on after a conflict.
    A row lock cannot settle such a race: while no row exists there is nothing to lock.
    """
    try:
        with transaction.atomic():
            return model._default_manager.create(**fields), True
    except IntegrityError:
        return existing(), False
