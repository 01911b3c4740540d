"""The small world of the permission matrix: seven roles and the objects they act on.

event  sector  trainers    what it holds
E1     police  trainer X   2 sessions; learner A and a registry official registered and
                           marked; a post-test with learner A's submitted attempt; learner A's
                           certificate; the police course
E2     judge   trainer Y   1 session; a judge registered and marked
E3     police  (none)      an event with no trainer account: programme staff's only

Learner A (police) is enrolled in the police course and holds a certificate of E1 and the
course; learner B (prosecutor) holds nothing. Built with the tests' own builders in one
transaction by tests/test_permission_matrix.py.
"""

from types import SimpleNamespace

from django.conf import settings
from django.test import Client

from assessments.models import QuestionType, QuizPurpose
from courses.events.attendance import register_participant
from courses.learning.enrolment import enrol_person
from courses.models import AttendanceStatus, CertificateKind, GlossaryTerm
from lms import groups
from lms.demo import build_home_pages, ensure_locales
from lms.models import Organisation, Province, Rank, Sector, Sex
from tests.factories import (
    CertificateFactory,
    PersonFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    attend,
    make_course,
    make_event,
    submit_attempt,
)

ROLES = ("anonymous", "learner_a", "learner_b", "trainer_x", "trainer_y", "staff", "admin")


def _user(username, *group_names, superuser=False):
    return UserFactory(
        username=username, groups=group_names, is_superuser=superuser, is_staff=superuser
    )


def _person_of(user, sector_code, name_latin):
    return PersonFactory(
        name_lo=f"ທ່ານ {name_latin}",
        name_latin=name_latin,
        sector=Sector.objects.get(code=sector_code),
        user=user,
    )


def build_world() -> SimpleNamespace:
    """The roles' users and the objects of the matrix (see the module docstring)."""
    ensure_locales()
    home = build_home_pages()
    police, judge = Sector.objects.get(code="police"), Sector.objects.get(code="judge")

    users = SimpleNamespace(
        learner_a=_user("learner_a", groups.LEARNERS),
        learner_b=_user("learner_b", groups.LEARNERS),
        trainer_x=_user("trainer_x", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"]),
        trainer_y=_user("trainer_y", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["judge"]),
        staff=_user("staff", groups.PROGRAMME_STAFF),
        admin=_user("admin", groups.ADMINISTRATORS, superuser=True),
    )
    people = SimpleNamespace(
        a=_person_of(users.learner_a, "police", "Alouny"),
        b=_person_of(users.learner_b, "prosecutor", "Bounmy"),
        x=_person_of(users.trainer_x, "police", "Xayasith"),
        y=_person_of(users.trainer_y, "judge", "Yer"),
        official=PersonFactory(name_lo="ທ່ານ ສົມພອນ", name_latin="Somphone"),
        judge=PersonFactory(name_lo="ທ່ານ ຈັນທະວີ", name_latin="Chanthavy", sector=judge),
        walk_in=PersonFactory(name_lo="ທ່ານ ວັນນາ", name_latin="Vanna", sex=Sex.FEMALE),
    )

    course = make_course(home, sector_code="police", lessons=1)
    judges_course = make_course(home, sector_code="judge", lessons=1)

    e1 = make_event(title_en="E1 police workshop", session_hours=(4, 4))
    e1.target_sectors.set([police])
    e1.trainers.set([people.x])
    e1.courses.add(course)
    attend(e1, people.a, [AttendanceStatus.PRESENT, AttendanceStatus.PRESENT])
    official = attend(e1, people.official, [AttendanceStatus.PRESENT, AttendanceStatus.LATE])
    # Registered, never marked: a participant who may still be removed.
    unmarked = register_participant(e1, PersonFactory(name_lo="ທ່ານ ບຸນທັນ", name_latin="Bounthanh"))

    e2 = make_event(title_en="E2 judges workshop", session_hours=(4,))
    e2.target_sectors.set([judge])
    e2.trainers.set([people.y])
    e2.courses.add(judges_course)
    attend(e2, people.judge, [AttendanceStatus.PRESENT])

    e3 = make_event(title_en="E3 workshop without a trainer account", session_hours=(4,))
    e3.target_sectors.set([police])

    quiz = QuizFactory(
        questions=[
            QuestionFactory(choices=[("a", False), ("b", True), ("c", False)]),
            QuestionFactory(kind=QuestionType.TRUE_FALSE, answer_true=True),
        ],
        purpose=QuizPurpose.POST,
    )
    attempt = submit_attempt(quiz, people.a, 80, user=users.learner_a, event=e1)
    enrolment = enrol_person(people.a, course)
    certificate = CertificateFactory(
        person=people.a, kind=CertificateKind.COMPLETION, event=e1, course=course, hours=8
    )
    glossary = GlossaryTerm.objects.create(term_en="Trafficking", term_lo="ການຄ້າມະນຸດ")

    return SimpleNamespace(
        home=home,
        users=users,
        people=people,
        course=course,
        judges_course=judges_course,
        lesson=course.lessons().first(),
        e1=e1,
        e2=e2,
        e3=e3,
        e1_session=e1.sessions.order_by("date").first(),
        e1_official=official,
        e1_unmarked=unmarked,
        e1_mark=official.attendances.first(),
        quiz=quiz,
        attempt=attempt,
        enrolment=enrolment,
        certificate=certificate,
        glossary=glossary,
        organisation=Organisation.objects.get(key="atd"),
        province=Province.objects.get(code="01"),
        sector=police,
        rank=Rank.objects.order_by("pk").first(),
    )


def role_sessions(world) -> dict[str, str]:
    """A signed-in session key per role (anonymous: none), made once for the module."""
    sessions = {}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(getattr(world.users, role))
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def role_clients(sessions: dict[str, str]) -> dict[str, Client]:
    """A fresh test client per role carrying the role's session: a view that signs out or
    sets cookies in one test leaves the next test's clients alone."""
    # A view that fails answers 500 here, as it would in production, instead of raising.
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, key in sessions.items():
        client = Client(raise_request_exception=False)
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        clients[role] = client
    return clients
