"""Who may act on what: the one home of the per-object access rules.

Model permissions ("can change training events") say what kind of thing a role works
with; these rules say which ones. Every view, export and import that touches an event, a
course, a person, an attempt or a certificate narrows its queryset through them:

- programme staff and administrators act on everything;
- a trainer acts on the events they train (named among the event's trainers, or
  registered in it with the trainer role) and on the courses of the sectors whose trainer
  group they belong to (the course sections where Wagtail lets them edit pages); an event
  with no trainer is programme staff's;
- a trainer sees the people of those events and of their sectors, and the attempts and
  certificates that count for those events and courses; one-time codes, which open an
  account, only for the people of their sectors;
- learners, and anyone else, act on none of it.

The models live in the apps above the core, so they are looked up by label, not imported.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from lms import groups


def _model(label: str):
    return apps.get_model(label)


def _in_group(user, *names: str) -> bool:
    # Read once per request: a listing asks for every row. The sign-in backend fills it
    # in with the group permissions (lms.auth); else it is read here. (getattr and setattr
    # reach through request.user's lazy wrapper to the user itself.)
    names_held = getattr(user, "_lms_group_names", None)
    if names_held is None:
        names_held = frozenset(user.groups.values_list("name", flat=True))
        user._lms_group_names = names_held
    return any(name in names_held for name in names)


def sees_everything(user) -> bool:
    """Programme staff and administrators act on every event, course, person and attempt."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _in_group(user, groups.PROGRAMME_STAFF, groups.ADMINISTRATORS)


def is_administrator(user) -> bool:
    """Superusers and the Administrators group: the only ones who link people to accounts."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _in_group(user, groups.ADMINISTRATORS)


def is_trainer(user) -> bool:
    return user.is_authenticated and user.is_active and _in_group(user, groups.TRAINERS)


def may_delete_question(user, question, *, check_use: bool = True) -> bool:
    """A question no attempt has used may be deleted by programme staff and administrators,
    and by the trainer who wrote it; once used, it stays (attempts are scored against it).

    ``check_use=False`` asks only who may: listings ask row by row, and whether attempts
    used it reads every attempt, so the delete itself checks that."""
    if not (sees_everything(user) or (is_trainer(user) and question.created_by_id == user.pk)):
        return False
    return not check_use or not question.used_by_attempts()


def managed_events(user) -> QuerySet:
    """The training events ``user`` may act on."""
    TrainingEvent = _model("courses.TrainingEvent")
    if sees_everything(user):
        return TrainingEvent.objects.all()
    if not is_trainer(user):
        return TrainingEvent.objects.none()
    trained = Q(trainers__user=user) | Q(
        participations__person__user=user, participations__role="trainer"
    )
    # Through a subquery, so the joins above never repeat an event in the caller's query.
    return TrainingEvent.objects.filter(pk__in=TrainingEvent.objects.filter(trained).values("pk"))


def can_manage_event(user, event) -> bool:
    return managed_events(user).filter(pk=event.pk).exists()


def managed_attendance(user) -> QuerySet:
    """The attendance marks of the events ``user`` manages."""
    return _model("courses.Attendance").objects.filter(
        participation__event__in=managed_events(user)
    )


def managed_sectors(user) -> QuerySet:
    """The sectors whose courses ``user`` may act on: a trainer's sector trainer groups."""
    Sector = _model("lms.Sector")
    if sees_everything(user):
        return Sector.objects.all()
    if not is_trainer(user):
        return Sector.objects.none()
    codes = [code for code, name in groups.SECTOR_TRAINER_GROUPS.items() if _in_group(user, name)]
    return Sector.objects.filter(code__in=codes)


def managed_courses(user) -> QuerySet:
    """The courses (every language's copy) ``user`` may act on."""
    CoursePage = _model("courses.CoursePage")
    if sees_everything(user):
        return CoursePage.objects.all()
    sections = _model("courses.CourseSectionPage").objects.filter(sector__in=managed_sectors(user))
    paths = list(sections.values_list("path", flat=True))
    if not paths:
        return CoursePage.objects.none()
    under_a_section = Q()
    for path in paths:
        under_a_section |= Q(path__startswith=path)
    return CoursePage.objects.filter(under_a_section)


def can_manage_course(user, course) -> bool:
    return managed_courses(user).filter(pk=course.pk).exists()


def managed_people(user) -> QuerySet:
    """The registry records ``user`` may see in full (phone, email) and change."""
    Person = _model("lms.Person")
    if sees_everything(user):
        return Person.objects.all()
    if not is_trainer(user):
        return Person.objects.none()
    participants = _model("courses.Participation").objects.filter(event__in=managed_events(user))
    return Person.objects.filter(
        Q(sector__in=managed_sectors(user)) | Q(pk__in=participants.values("person"))
    )


def account_people(user) -> QuerySet:
    """The people whose accounts ``user`` may open with a one-time code.

    Narrower than managed_people: anyone can be registered in a trainer's event, so taking
    part in one is no reason to hand that trainer the keys of the account. A trainer gives
    codes to the people of their sectors; programme staff to everyone.
    """
    Person = _model("lms.Person")
    if sees_everything(user):
        return Person.objects.all()
    return Person.objects.filter(sector__in=managed_sectors(user))


def _counts_for_managed(user, queryset: QuerySet) -> QuerySet:
    """Rows with an ``event`` and a ``course`` that count for what ``user`` manages."""
    if sees_everything(user):
        return queryset
    if not is_trainer(user):
        return queryset.none()
    return queryset.filter(Q(event__in=managed_events(user)) | Q(course__in=managed_courses(user)))


def managed_attempts(user) -> QuerySet:
    """The quiz attempts ``user`` may see and correct: those of their events and courses."""
    return _counts_for_managed(user, _model("assessments.Attempt").objects.all())


def managed_certificates(user) -> QuerySet:
    """The certificates ``user`` may see and download: those of their events and courses."""
    return _counts_for_managed(user, _model("courses.Certificate").objects.all())
