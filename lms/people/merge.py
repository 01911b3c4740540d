"""One registry of unique people: finding likely duplicates, merging two records, undoing it.

A merge moves every row that points at the duplicate person to the kept one. The
relations are found through ``Person._meta.related_objects``, so participations,
attempts, certificates, enrolments and any relation added later by another app move
without this module knowing them. Where both people have the same thing (a unique
constraint would break) the two rows are combined: one row is kept, what only the other
holds moves into it (a participation's session marks, an enrolment's read lessons), and
the other row is deleted and saved in the merge log so that undoing the merge can bring
it back. The kept row is the kept person's participation, the earlier enrolment, and
the valid, earlier certificate (its printed code keeps verifying).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.core import serializers
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.access import is_administrator
from lms.auth import is_learner_account
from lms.models import Person, PersonMerge
from lms.people.matching import duplicate_groups


class MergeError(ValueError):
    pass


@dataclass
class DuplicateGroup:
    """People who are probably one person, and why they were grouped."""

    reason: str
    people: list = field(default_factory=list)


def find_duplicate_groups(people=None) -> list[DuplicateGroup]:
    """Likely duplicates (lms.people.matching): same phone; same Lao name key and
    organisation; similar romanised name."""
    people = people if people is not None else Person.objects.all()
    groups: list[DuplicateGroup] = []
    seen: set[frozenset] = set()
    for reason, ids in duplicate_groups(people):
        ids = frozenset(ids)
        if len(ids) > 1 and ids not in seen:
            seen.add(ids)
            groups.append(DuplicateGroup(reason=reason.label, people=sorted(ids)))

    # Load the people once, with what the screen shows about them.
    by_pk = Person.objects.select_related("organisation", "province", "sector").in_bulk(
        {pk for group in groups for pk in group.people}
    )
    for group in groups:
        group.people = [by_pk[pk] for pk in group.people if pk in by_pk]
    return [group for group in groups if len(group.people) > 1]


def _serialise(instances) -> list:
    """Rows as JSON-ready dicts (Django's JSON serialiser, decoded for a JSONField)."""
    return json.loads(serializers.serialize("json", instances)) if instances else []


def _deserialise(data: list):
    return serializers.deserialize("json", json.dumps(data))


def _person_relations():
    """Every foreign key and many-to-many table that points at Person, except the merge log."""
    for relation in Person._meta.related_objects:
        if relation.related_model is PersonMerge:
            continue
        if relation.many_to_many:
            through = relation.through
            # The through table's foreign key to Person.
            for through_field in through._meta.get_fields():
                if (
                    isinstance(through_field, models.ForeignKey)
                    and through_field.related_model is Person
                ):
                    yield through, through_field
        elif relation.one_to_many or relation.one_to_one:
            yield relation.related_model, relation.field


def _unique_rules(model, person_field) -> list[tuple[tuple[str, ...], object]]:
    """(other fields, condition or None) of each unique rule of ``model`` on the person field."""
    rules = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and person_field.name in (
            constraint.fields or ()
        ):
            others = tuple(name for name in constraint.fields if name != person_field.name)
            rules.append((others, constraint.condition))
    for together in model._meta.unique_together:
        if person_field.name in together:
            rules.append((tuple(name for name in together if name != person_field.name), None))
    if person_field.unique:
        rules.append(((), None))
    return rules


def _kept_equivalent(model, person_field, row, kept):
    """The row of ``kept`` that a unique rule says is the same thing as ``row``."""
    manager = model._default_manager
    for others, condition in _unique_rules(model, person_field):
        lookup = {person_field.name: kept}
        for name in others:
            attname = model._meta.get_field(name).attname
            lookup[attname] = getattr(row, attname)
        # NULLs never collide in a unique index.
        if any(lookup[model._meta.get_field(name).attname] is None for name in others):
            continue
        matches = manager.filter(**lookup)
        if condition is not None:
            if not manager.filter(pk=row.pk).filter(condition).exists():
                continue
            matches = matches.filter(condition)
        match = matches.first()
        if match is not None:
            return match
    return None


def _collect_for_deletion(instances) -> list:
    """The rows (of any models) and everything that cascades from them, serialised for undo."""
    by_model = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    rows = []
    # The collector takes the rows of one model at a time.
    for same_model in by_model.values():
        collector = Collector(using=router.db_for_write(Person))
        collector.collect(same_model)
        for _model, objects in collector.data.items():
            rows.extend(_serialise(list(objects)))
        for queryset in collector.fast_deletes:
            rows.extend(_serialise(list(queryset)))
    return rows


def _move_children(model, field_name, loser, survivor, other_field, moved):
    """Move to ``survivor`` the children of ``loser`` whose ``other_field`` it lacks."""
    children = model._default_manager.filter(**{field_name: loser})
    held = model._default_manager.filter(**{field_name: survivor}).values(other_field)
    movable = list(children.exclude(**{f"{other_field}__in": held}).values_list("pk", flat=True))
    if movable:
        model._default_manager.filter(pk__in=movable).update(**{field_name: survivor})
        moved.append(
            {
                "model": model._meta.label_lower,
                "field": field_name,
                "pks": movable,
                "from": loser.pk,
            }
        )


def _combine(model, duplicate_row, kept_row, moved):
    """Combine two rows that are the same thing; return (survivor, loser).

    The kept person's row survives unless the model ranks rows (``merge_rank``: the lower
    survives); children listed in ``merge_children`` (label, foreign key, distinguishing
    field) that only the loser holds move to the survivor. The apps declare both on their
    models, so the core knows none of them.
    """
    survivor, loser = kept_row, duplicate_row
    rank = getattr(model, "merge_rank", None)
    if rank is not None and rank(duplicate_row) < rank(kept_row):
        survivor, loser = duplicate_row, kept_row
    for label, field_name, other_field in getattr(model, "merge_children", ()):
        _move_children(_model_for(label), field_name, loser, survivor, other_field, moved)
    return survivor, loser


@transaction.atomic
def merge_people(kept: Person, duplicate: Person, *, merged_by=None) -> PersonMerge:
    """Merge ``duplicate`` into ``kept``: move everything pointing at it, then delete it."""
    if kept.pk == duplicate.pk:
        raise MergeError(_("A person cannot be merged with themselves."))
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    # A merge gives the kept record's account the other's history, or moves an account to
    # the kept record: with a trainer's, staff or administrator's account on either side,
    # that is linking accounts, which only administrators do.
    accounts = [person.user for person in (kept, duplicate) if person.user_id]
    if any(not is_learner_account(account) for account in accounts) and not (
        merged_by is not None and is_administrator(merged_by)
    ):
        raise MergeError(
            _(
                "One of these records belongs to a trainer's, staff or administrator's "
                "account: only an administrator may merge it."
            )
        )
    log = PersonMerge(
        kept=kept,
        removed_person_id=duplicate.pk,
        removed_label=str(duplicate)[:420],
        removed_data=_serialise([duplicate]),
        merged_by=merged_by,
    )
    moved, deleted_data = [], []
    for model, person_field in _person_relations():
        rows = list(model._default_manager.filter(**{person_field.name: duplicate}))
        movable, losers = [], []
        for row in rows:
            equivalent = _kept_equivalent(model, person_field, row, kept)
            if equivalent is None:
                movable.append(row.pk)
                continue
            survivor, loser = _combine(model, row, equivalent, moved)
            losers.append(loser)
            if survivor is row:
                movable.append(row.pk)
        # The losers go first: a kept person's row that lost makes room for the one moving in.
        if losers:
            deleted_data.extend(_collect_for_deletion(losers))
            for loser in losers:
                loser.delete()
        if movable:
            model._default_manager.filter(pk__in=movable).update(**{person_field.name: kept})
            moved.append(
                {"model": model._meta.label_lower, "field": person_field.name, "pks": movable}
            )
    log.deleted_data = deleted_data

    if duplicate.user_id:
        user_id = duplicate.user_id
        Person.objects.filter(pk=duplicate.pk).update(user=None)
        if not kept.user_id:
            Person.objects.filter(pk=kept.pk).update(user_id=user_id)
            log.moved_user_id = user_id
    log.moved = moved
    log.save()
    Person.objects.filter(pk=duplicate.pk).delete()
    return log


@transaction.atomic
def undo_merge(log: PersonMerge, *, undone_by=None) -> Person:
    """Bring the removed person back with every row the merge moved or deleted."""
    log = PersonMerge.objects.select_for_update().get(pk=log.pk)
    if log.is_undone:
        raise MergeError(_("This merge has already been undone."))
    if log.kept_id is None:
        raise MergeError(_("The kept person has been deleted since; the merge cannot be undone."))
    for restored in _deserialise(log.removed_data):
        # The account is given back below, once the kept person has let go of it.
        restored.object.user_id = None
        restored.save()
    removed = Person.objects.get(pk=log.removed_person_id)
    # Rows moved to the kept person go back first, so that a kept row deleted in their
    # favour can be restored beside them; then the deleted rows; then the marks and read
    # lessons moved between two combined rows go back to the restored one.
    person_moves = [entry for entry in log.moved if "from" not in entry]
    child_moves = [entry for entry in log.moved if "from" in entry]
    for entry in reversed(person_moves):
        _model_for(entry["model"])._default_manager.filter(pk__in=entry["pks"]).update(
            **{f"{entry['field']}_id": removed.pk}
        )
    for restored in _deserialise(log.deleted_data):
        restored.save()
    for entry in reversed(child_moves):
        _model_for(entry["model"])._default_manager.filter(pk__in=entry["pks"]).update(
            **{f"{entry['field']}_id": entry["from"]}
        )
    if log.moved_user_id:
        Person.objects.filter(pk=log.kept_id, user_id=log.moved_user_id).update(user=None)
        Person.objects.filter(pk=removed.pk).update(user_id=log.moved_user_id)
    else:
        original_user = log.removed_data[0]["fields"].get("user")
        if original_user and not Person.objects.filter(user_id=original_user).exists():
            Person.objects.filter(pk=removed.pk).update(user_id=original_user)
    log.undone_at = timezone.now()
    log.undone_by = undone_by
    log.save(update_fields=["undone_at", "undone_by"])
    removed.refresh_from_db()
    return removed


def _model_for(label: str):
    from django.apps import apps

    return apps.get_model(label)
