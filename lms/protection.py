"""Deleting what the records stand on: which rows keep an object from being deleted.

The database decides (PROTECT foreign keys on participations, attempts, certificates,
enrolments...); this asks Django's own collector, the one the Django admin uses for its
confirmation page, before anything is deleted, so the admin can refuse with a list instead
of a server error. A relation added later by any app is covered without this module knowing it.
"""

from collections import Counter, defaultdict

from django.contrib.admin.utils import NestedObjects
from django.db import router


def protected_records(instances) -> list[tuple[str, int]]:
    """(kind of record, how many) of the rows that keep ``instances`` from being deleted."""
    by_model = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    if not by_model:
        return []
    collector = NestedObjects(using=router.db_for_write(next(iter(by_model))))
    # The collector follows one model's relations at a time.
    for rows in by_model.values():
        collector.collect(rows)
    counts = Counter(str(row._meta.verbose_name_plural) for row in collector.protected)
    return sorted(counts.items())
