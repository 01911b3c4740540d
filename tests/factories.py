"""The tests' builders, in one place.

Model rows come from factory-boy factories (``XFactory(**fields)`` creates one; every field
can be overridden, related rows are looked up by code through the ``*_code``/``*_key``
parameters). What a factory cannot express stays a function here: an event with its
sessions, registering and marking a participant, Wagtail page trees (pages are inserted
into the tree and published, which a model factory does not do).

Users and people
    UserFactory          an account; ``groups=[names]``, ``person=True`` for a registry entry
    PersonFactory        Somphone Sisoulath, police, ATD, Vientiane Capital, a phone of his own
    QuizTakerFactory     a numbered woman without organisation (the assessments' person)
    LearnerFactory       a numbered woman with an account (the courses' learner)
    make_user            an account in groups, with a person unless ``person=False``
    registration_form    the self-registration form's data, filled in
Events
    TrainingEventFactory, EventSessionFactory
    make_event           an event with a session per entry of ``session_hours``
    attend               register a person and mark them session by session
    CertificateFactory
Quizzes
    QuestionFactory      choices by kind (``choices=[(text, correct)]``), ChoiceFactory
    QuizFactory          ``questions=[...]`` in order, QuizQuestionFactory
    AttemptFactory       a submitted attempt; ``score=80`` for its percentage
    submit_attempt       AttemptFactory(quiz, person, score, ...)
Courses (Wagtail pages)
    course_index, course_section, make_course, translate_course
Scenarios
    build_charj_data     the reports' hand-built data set (see its docstring)
"""

import datetime
import itertools
from datetime import date, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory, Password
from wagtail.models import Page

from assessments.models import (
    Attempt,
    AttemptStatus,
    Choice,
    Question,
    QuestionType,
    Quiz,
    QuizPurpose,
    QuizQuestion,
)
from courses.events.attendance import record_attendance, register_participant
from courses.models import (
    Attendance,
    Certificate,
    CertificateKind,
    CourseIndexPage,
    CoursePage,
    CourseSectionPage,
    EventSession,
    EventStatus,
    LessonPage,
    Participation,
    Programme,
    TrainingEvent,
)
from lms.demo import publish_page, publish_translation
from lms.models import Organisation, Person, Province, Sector, Sex

PASSWORD = "a-Long-enough-passw0rd"


# Users and people ----------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """An account. ``groups``: names of groups to join; ``person=True``: with a registry
    person of its own (``person__<field>`` sets the person's fields)."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = Password(PASSWORD)

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(*[Group.objects.get(name=name) for name in extracted])

    @factory.post_generation
    def person(user, create, extracted, **kwargs):
        if create and (extracted or kwargs):
            PersonFactory(user=user, **{"name_lo": f"ຜູ້ໃຊ້ {user.username}"} | kwargs)


def registration_form(password=PASSWORD, **changes):
    """The self-registration form as Manivanh Phommachanh (prosecutor) fills it in."""
    data = {
        "name_lo": "ມະນີວັນ ພົມມະຈັນ",
        "name_latin": "Manivanh Phommachanh",
        "sex": "f",
        "sector": Sector.objects.get(code="prosecutor").pk,
        "organisation": "",
        "province": Province.objects.get(code="01").pk,
        "position": "",
        "phone": "020 5555 1234",
        "email": "",
        "password1": password,
        "password2": password,
    }
    return data | changes


def make_user(username, *group_names, person=True, **fields):
    """An account in ``group_names``, linked to a person named after it unless told not to."""
    return UserFactory(username=username, groups=group_names, person=person, **fields)


class PersonFactory(DjangoModelFactory):
    """A registry person: Somphone Sisoulath of the ATD (police), Vientiane Capital."""

    class Meta:
        model = Person

    class Params:
        sector_code = "police"
        province_code = "01"
        organisation_key = "atd"

    name_lo = "ສົມພອນ ສີສຸລາດ"
    name_latin = "Somphone Sisoulath"
    sex = Sex.MALE
    sector = factory.LazyAttribute(lambda o: Sector.objects.get(code=o.sector_code))
    organisation = factory.LazyAttribute(
        lambda o: Organisation.objects.get(key=o.organisation_key) if o.organisation_key else None
    )
    province = factory.LazyAttribute(lambda o: Province.objects.get(code=o.province_code))
    phone = factory.Sequence(lambda n: f"020{55550000 + n}")


class QuizTakerFactory(PersonFactory):
    """A numbered tester, a woman of no organisation with a phone of her own."""

    class Params:
        organisation_key = None

    name_lo = factory.Sequence(lambda n: f"ທົດສອບ {n}")
    name_latin = factory.Sequence(lambda n: f"Tester {n}")
    sex = Sex.FEMALE
    phone = factory.Sequence(lambda n: f"020{77770000 + n}")


class LearnerFactory(QuizTakerFactory):
    """A numbered learner with an account (``learnerN``), no organisation and no phone."""

    name_lo = factory.Sequence(lambda n: f"ນັກຮຽນ ທີ {n}")
    name_latin = factory.Sequence(lambda n: f"Learner {n}")
    phone = ""
    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"learner{n}"))


# Events --------------------------------------------------------------------------------

FIRST_DAY = date(2026, 3, 2)


class TrainingEventFactory(DjangoModelFactory):
    """A held CHARJ workshop in Vientiane Capital on 2 March 2026 (no sessions)."""

    class Meta:
        model = TrainingEvent

    class Params:
        programme_code = "charj"
        province_code = "01"

    title_en = "Victim identification workshop"
    title_lo = "ກອງປະຊຸມຝຶກອົບຮົມ ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ"
    programme = factory.LazyAttribute(lambda o: Programme.objects.get(code=o.programme_code))
    province = factory.LazyAttribute(lambda o: Province.objects.get(code=o.province_code))
    venue = "Lao Plaza Hotel"
    start_date = FIRST_DAY
    end_date = factory.SelfAttribute("start_date")
    status = EventStatus.HELD


class EventSessionFactory(DjangoModelFactory):
    """A session of four hours from 08:00 on the event's first day."""

    class Meta:
        model = EventSession

    event = factory.SubFactory(TrainingEventFactory)
    date = factory.SelfAttribute("event.start_date")
    start_time = time(8, 0)
    end_time = time(12, 0)


def make_event(*, session_hours=(4, 4), **fields) -> TrainingEvent:
    """An event with a session per entry of ``session_hours`` (hours, a day each, from 08:00)."""
    days = max(len(session_hours) - 1, 0)
    event = TrainingEventFactory(**{"end_date": FIRST_DAY + timedelta(days=days)} | fields)
    for day, hours in enumerate(session_hours):
        minutes = int(hours * 60)
        EventSessionFactory(
            event=event,
            date=FIRST_DAY + timedelta(days=day),
            end_time=time(8 + minutes // 60, minutes % 60),
        )
    return event


def attend(event, person, statuses, **kwargs):
    """Register ``person`` and mark them with one status per session, in order."""
    participation = register_participant(event, person, **kwargs)
    for session, status in zip(
        event.sessions.order_by("date", "start_time"), statuses, strict=False
    ):
        record_attendance(participation, session, status)
    return participation


class CertificateFactory(DjangoModelFactory):
    """A participation certificate of eight hours, issued now."""

    class Meta:
        model = Certificate

    person = factory.SubFactory(PersonFactory)
    kind = CertificateKind.PARTICIPATION
    hours = Decimal("8")
    issued_at = factory.LazyFunction(timezone.now)


# Quizzes -------------------------------------------------------------------------------


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice

    text_en = factory.Sequence(lambda n: f"Choice {n}")
    text_lo = factory.LazyAttribute(lambda o: f"ລາວ {o.text_en}")
    is_correct = False


class QuestionFactory(DjangoModelFactory):
    """A numbered question of ``kind``, answerable as it stands: a true statement, accepted
    short answers, or ``choices`` — (English text, correct) pairs, (left, right) pairs for
    matching; single and multiple choice default to one right and two wrong."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    kind = QuestionType.SINGLE
    stem_en = factory.Sequence(lambda n: f"Question {n}?")
    stem_lo = factory.Sequence(lambda n: f"ຄຳຖາມ {n}?")
    answer_true = factory.LazyAttribute(
        lambda o: True if o.kind == QuestionType.TRUE_FALSE else None
    )
    accepted_answers = factory.LazyAttribute(
        lambda o: "ການຄ້າມະນຸດ\nhuman trafficking" if o.kind == QuestionType.SHORT else ""
    )

    @factory.post_generation
    def choices(question, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None and question.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            extracted = [("Right", True), ("Wrong", False), ("Also wrong", False)]
        for order, (text, value) in enumerate(extracted or []):
            extra = (
                {"match_en": value, "match_lo": f"ລາວ {value}", "is_correct": False}
                if question.kind == QuestionType.MATCHING
                else {"is_correct": value}
            )
            ChoiceFactory(question=question, sort_order=order, text_en=text, **extra)


class QuizFactory(DjangoModelFactory):
    """A live quiz with a pass mark of 70 and no limit on attempts; ``questions`` in order."""

    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    purpose = QuizPurpose.PRE
    title_en = factory.LazyAttribute(lambda o: f"Quiz {o.purpose}")
    title_lo = factory.LazyAttribute(lambda o: f"ແບບທົດສອບ {o.purpose}")
    pass_mark = Decimal(70)
    attempts_allowed = 0
    live = True

    @factory.post_generation
    def questions(quiz, create, extracted, **kwargs):
        for order, question in enumerate(extracted or ()):
            QuizQuestionFactory(quiz=quiz, question=question, sort_order=order)


class QuizQuestionFactory(DjangoModelFactory):
    class Meta:
        model = QuizQuestion

    quiz = factory.SubFactory(QuizFactory)
    question = factory.SubFactory(QuestionFactory)
    sort_order = 0


class AttemptFactory(DjangoModelFactory):
    """A submitted attempt: ``score`` is its percentage, ``minutes`` shift its submission
    from now."""

    class Meta:
        model = Attempt

    class Params:
        score = 0
        minutes = 0

    quiz = factory.SubFactory(QuizFactory)
    person = factory.SubFactory(PersonFactory)
    status = AttemptStatus.SUBMITTED
    submitted_at = factory.LazyAttribute(lambda o: timezone.now() + timedelta(minutes=o.minutes))
    score_percent = factory.LazyAttribute(lambda o: Decimal(o.score))


def submit_attempt(quiz, person, score, **fields) -> Attempt:
    """``person``'s submitted attempt at ``quiz`` with ``score`` percent."""
    return AttemptFactory(quiz=quiz, person=person, score=score, **fields)


# Courses (Wagtail pages) ---------------------------------------------------------------


def course_index(home) -> CourseIndexPage:
    index = CourseIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = CourseIndexPage(title="ຫຼັກສູດ", slug="courses")
        home.add_child(instance=index)
        index = publish_page(index)
    return index


def course_section(home, sector_code=None) -> CourseSectionPage:
    index = course_index(home)
    sector = Sector.objects.get(code=sector_code) if sector_code else None
    section = CourseSectionPage.objects.child_of(index).filter(sector=sector).first()
    if section is None:
        slug = sector_code or "core"
        section = CourseSectionPage(title=f"ພາກ {slug}", slug=slug, sector=sector)
        index.add_child(instance=section)
        section = publish_page(section)
    return section


_course_numbers = itertools.count(1)


def make_course(home, *, sector_code="police", lessons=3, translate=False, **fields) -> CoursePage:
    """A live Lao course with ``lessons`` live lessons; with English translations if asked."""
    n = next(_course_numbers)
    section = course_section(home, sector_code)
    defaults = {
        "title": f"ຫຼັກສູດ ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ {n}",
        "slug": f"course-{n}",
        "summary": "ສະຫຼຸບຫຼັກສູດ",
        "estimated_hours": Decimal("4.5"),
        "signatory_name": "ທ່ານ ສົມພອນ",
    }
    course = CoursePage(**defaults | fields)
    section.add_child(instance=course)
    course = publish_page(course)
    for number in range(1, lessons + 1):
        lesson = LessonPage(
            title=f"ບົດທີ {number}",
            slug=f"lesson-{number}",
            body=[("paragraph", f"<p>ເນື້ອໃນບົດທີ {number}</p>")],
            estimated_minutes=10,
        )
        course.add_child(instance=lesson)
        publish_page(lesson)
    if translate:
        translate_course(course)
    return course


def translate_course(course: CoursePage):
    """Publish the English translations of the course's ancestors, the course and its lessons."""
    for ancestor in course.get_ancestors().filter(depth__gte=2).specific():
        publish_translation(ancestor, "en", title=f"EN {ancestor.title}")
    english = publish_translation(
        course, "en", title=f"Identifying victims {course.pk}", summary="Course summary"
    )
    for lesson in course.lessons():
        publish_translation(lesson, "en", title=f"Lesson {lesson.title}")
    return english


# Scenarios -----------------------------------------------------------------------------

VIENTIANE = ZoneInfo("Asia/Vientiane")


def build_charj_data():
    """The hand-built data set of issue 7: a few people and events whose figures are known.

    Fiscal year 2018 runs 1 October 2017 to 30 September 2018.

    event  programme  type      province          ends        sessions (hours) status
    E0     CHARJ      workshop  Vientiane Cap.    2017-09-30  4                held (FY2017)
    E1     CHARJ      workshop  Vientiane Cap.    2017-10-01  4 + 4            held (FY2018 Q1)
    E3     CHARJ      workshop  Savannakhet       2018-05-10  7.9 + 2.1        held (Q3)
    E4     CHARJ      tot       Vientiane Cap.    2018-06-21  4 + 4            held (Q3)
    E5     MAPP       workshop  Luang Prabang     2018-09-30  6                held (Q4), trainer D
    E6     CHARJ      workshop  Vientiane Cap.    2018-10-01  4                held (FY2019)
    E7     CHARJ      workshop  Vientiane Cap.    2018-02-01  4                cancelled

    person  sex  sector      province at events   organisation level attends
    A       f    police      Vientiane Capital    central            E1 all, E3 all (S2 late)
    B       m    prosecutor  Savannakhet (moved to Vientiane Capital after E3)   none   E3 all
    C       f    judge       Savannakhet          none               E3 S1 only: 7.9/10 = 79%
    D       m    police      Vientiane Capital    provincial         E1 all, E4 all (ToT), trains E5
    E       f    prosecutor  Luang Prabang        none               E5 all
    F       m    police      Vientiane Capital    none               E0 all, E6 all
    G       f    police      Vientiane Capital    none               E1 absent
    """
    provinces = {p.code: p for p in Province.objects.all()}
    capital, savannakhet, luang_prabang = provinces["01"], provinces["13"], provinces["06"]
    sectors = {s.code: s for s in Sector.objects.all()}
    charj = Programme.objects.get(code="charj")
    mapp = Programme.objects.get(code="mapp")
    central = Organisation.objects.get(key="atd")
    provincial = Organisation.objects.get(key="prosecutor-provincial")

    root = Page.get_first_root_node()
    index = root.add_child(instance=CourseIndexPage(title="Courses", slug="courses-report"))
    section = index.add_child(instance=CourseSectionPage(title="Core", slug="core"))
    course_k1 = section.add_child(
        instance=CoursePage(title="TIP concepts", slug="tip-concepts", summary="Core")
    )
    course_k2 = section.add_child(
        instance=CoursePage(title="Training of trainers", slug="tot", summary="ToT")
    )

    def person(name, sex, sector, province, organisation=None):
        return PersonFactory(
            name_lo=f"ທ່ານ {name}",
            name_latin=name,
            sex=sex,
            sector=sectors[sector],
            province=province,
            organisation=organisation,
            phone="",
        )

    a = person("Alouny", "f", "police", capital, central)
    b = person("Bounmy", "m", "prosecutor", savannakhet)
    c = person("Chanthavy", "f", "judge", savannakhet)
    d = person("Douangpanya", "m", "police", capital, provincial)
    e = person('=HYPERLINK("http://x")', "f", "prosecutor", luang_prabang)
    f = person("Phouvong", "m", "police", capital)
    g = person("Gnoy", "f", "police", capital)

    def event(code, programme, province, start, end, sessions, status="held", kind="workshop"):
        training = TrainingEventFactory(
            title_en=f"Event {code}",
            title_lo=f"ກອງປະຊຸມ {code}",
            programme=programme,
            event_type=kind,
            province=province,
            start_date=start,
            end_date=end,
            status=status,
            venue="",
        )
        for day, start_time, end_time in sessions:
            EventSessionFactory(event=training, date=day, start_time=start_time, end_time=end_time)
        return training

    t = datetime.time
    day = datetime.date
    e0 = event(
        "E0", charj, capital, day(2017, 9, 30), day(2017, 9, 30), [(day(2017, 9, 30), t(8), t(12))]
    )
    e1 = event(
        "E1",
        charj,
        capital,
        day(2017, 10, 1),
        day(2017, 10, 1),
        [(day(2017, 10, 1), t(8), t(12)), (day(2017, 10, 1), t(13), t(17))],
    )
    e3 = event(
        "E3",
        charj,
        savannakhet,
        day(2018, 5, 9),
        day(2018, 5, 10),
        [(day(2018, 5, 9), t(8), t(15, 54)), (day(2018, 5, 10), t(16), t(18, 6))],
    )
    e4 = event(
        "E4",
        charj,
        capital,
        day(2018, 6, 20),
        day(2018, 6, 21),
        [(day(2018, 6, 20), t(8), t(12)), (day(2018, 6, 21), t(8), t(12))],
        kind="tot",
    )
    e5 = event(
        "E5",
        mapp,
        luang_prabang,
        day(2018, 9, 30),
        day(2018, 9, 30),
        [(day(2018, 9, 30), t(8), t(14))],
    )
    e6 = event(
        "E6", charj, capital, day(2018, 10, 1), day(2018, 10, 1), [(day(2018, 10, 1), t(8), t(12))]
    )
    e7 = event(
        "E7",
        charj,
        capital,
        day(2018, 2, 1),
        day(2018, 2, 1),
        [(day(2018, 2, 1), t(8), t(12))],
        "cancelled",
    )
    e1.courses.add(course_k1)
    e3.courses.add(course_k1)
    e4.courses.add(course_k2)
    e5.trainers.add(d)

    def attend(training, who, statuses):
        participation = Participation.objects.create(event=training, person=who)
        for session, status in zip(
            training.sessions.order_by("date", "start_time"), statuses, strict=True
        ):
            Attendance.objects.create(participation=participation, session=session, status=status)
        return participation

    attend(e0, f, ["present"])
    attend(e1, a, ["present", "present"])
    attend(e1, d, ["present", "late"])
    attend(e1, g, ["absent", "absent"])
    attend(e3, a, ["present", "late"])
    attend(e3, b, ["present", "present"])
    attend(e3, c, ["present", "absent"])
    attend(e4, d, ["present", "present"])
    attend(e5, e, ["present"])
    attend(e6, f, ["present"])
    attend(e7, a, ["present"])
    Participation.objects.create(event=e5, person=d, role="trainer")
    # B moves to the capital after E3: the report still counts E3 in Savannakhet.
    b.province = capital
    b.save()

    def issued(year, month, day_):
        return datetime.datetime(year, month, day_, 12, tzinfo=VIENTIANE)

    CertificateFactory(
        person=a, kind="completion", event=e1, hours=8, issued_at=issued(2017, 10, 1)
    )
    CertificateFactory(
        person=c,
        kind="participation",
        event=e3,
        hours=Decimal("7.9"),
        issued_at=issued(2018, 5, 10),
    )
    CertificateFactory(
        person=f, kind="completion", event=e0, hours=4, issued_at=issued(2017, 9, 30)
    )
    CertificateFactory(
        person=b,
        kind="completion",
        event=e3,
        hours=10,
        issued_at=issued(2018, 5, 10),
        revoked_at=issued(2018, 6, 1),
    )

    pre = QuizFactory(title_en="Pre", title_lo="ກ່ອນ", purpose="pre")
    post = QuizFactory(title_en="Post", title_lo="ຫຼັງ", purpose="post")

    def attempt(quiz, who, training, score, hour):
        submitted_at = datetime.datetime(2018, 5, 10, hour, tzinfo=VIENTIANE)
        return submit_attempt(quiz, who, score, event=training, submitted_at=submitted_at)

    attempt(pre, a, e3, 40, 8)
    attempt(post, a, e3, 70, 17)
    attempt(pre, b, e3, 50, 8)
    attempt(post, b, e3, 60, 17)
    attempt(pre, c, e3, 30, 8)
    attempt(post, e, e5, 80, 17)

    return SimpleNamespace(
        people=SimpleNamespace(a=a, b=b, c=c, d=d, e=e, f=f, g=g),
        events=SimpleNamespace(e0=e0, e1=e1, e3=e3, e4=e4, e5=e5, e6=e6, e7=e7),
        provinces=SimpleNamespace(
            capital=capital, savannakhet=savannakhet, luang_prabang=luang_prabang
        ),
        sectors=sectors,
        programmes=SimpleNamespace(charj=charj, mapp=mapp),
        courses=SimpleNamespace(k1=course_k1, k2=course_k2),
    )
