"""The hand-built data set of issue 7: a few people and events whose figures are known.

Fiscal year 2018 runs 1 October 2017 to 30 September 2018.

event  programme  type      province          ends        sessions (hours)   status
E0     CHARJ      workshop  Vientiane Cap.    2017-09-30  4                  held (FY2017)
E1     CHARJ      workshop  Vientiane Cap.    2017-10-01  4 + 4              held (FY2018 Q1)
E3     CHARJ      workshop  Savannakhet       2018-05-10  7.9 + 2.1          held (Q3)
E4     CHARJ      tot       Vientiane Cap.    2018-06-21  4 + 4              held (Q3)
E5     MAPP       workshop  Luang Prabang     2018-09-30  6                  held (Q4), trainer D
E6     CHARJ      workshop  Vientiane Cap.    2018-10-01  4                  held (FY2019)
E7     CHARJ      workshop  Vientiane Cap.    2018-02-01  4                  cancelled

person  sex  sector      province at events   organisation level   attends
A       f    police      Vientiane Capital    central              E1 all, E3 all (S2 late)
B       m    prosecutor  Savannakhet (moved to Vientiane Capital after E3)   none   E3 all
C       f    judge       Savannakhet          none                 E3 S1 only: 7.9/10 = 79%
D       m    police      Vientiane Capital    provincial           E1 all, E4 all (ToT), trains E5
E       f    prosecutor  Luang Prabang        none                 E5 all
F       m    police      Vientiane Capital    none                 E0 all, E6 all
G       f    police      Vientiane Capital    none                 E1 absent
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Page

from assessments.models import Attempt, Quiz
from courses.models import (
    Attendance,
    Certificate,
    CourseIndexPage,
    CoursePage,
    CourseSectionPage,
    EventSession,
    Participation,
    Programme,
    TrainingEvent,
)
from lms.models import Organisation, Person, Province, Sector

VIENTIANE = ZoneInfo("Asia/Vientiane")


def build_charj_data():
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
        return Person.objects.create(
            name_lo=f"ທ່ານ {name}",
            name_latin=name,
            sex=sex,
            sector=sectors[sector],
            province=province,
            organisation=organisation,
        )

    a = person("Alouny", "f", "police", capital, central)
    b = person("Bounmy", "m", "prosecutor", savannakhet)
    c = person("Chanthavy", "f", "judge", savannakhet)
    d = person("Douangpanya", "m", "police", capital, provincial)
    e = person('=HYPERLINK("http://x")', "f", "prosecutor", luang_prabang)
    f = person("Phouvong", "m", "police", capital)
    g = person("Gnoy", "f", "police", capital)

    def event(code, programme, province, start, end, sessions, status="held", kind="workshop"):
        training = TrainingEvent.objects.create(
            title_en=f"Event {code}",
            title_lo=f"ກອງປະຊຸມ {code}",
            programme=programme,
            event_type=kind,
            province=province,
            start_date=start,
            end_date=end,
            status=status,
        )
        for day, start_time, end_time in sessions:
            EventSession.objects.create(
                event=training, date=day, start_time=start_time, end_time=end_time
            )
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

    Certificate.objects.create(
        person=a, kind="completion", event=e1, hours=8, issued_at=issued(2017, 10, 1)
    )
    Certificate.objects.create(
        person=c,
        kind="participation",
        event=e3,
        hours=Decimal("7.9"),
        issued_at=issued(2018, 5, 10),
    )
    Certificate.objects.create(
        person=f, kind="completion", event=e0, hours=4, issued_at=issued(2017, 9, 30)
    )
    Certificate.objects.create(
        person=b,
        kind="completion",
        event=e3,
        hours=10,
        issued_at=issued(2018, 5, 10),
        revoked_at=issued(2018, 6, 1),
    )

    pre = Quiz.objects.create(title_en="Pre", title_lo="ກ່ອນ", purpose="pre")
    post = Quiz.objects.create(title_en="Post", title_lo="ຫຼັງ", purpose="post")

    def attempt(quiz, who, training, score, hour):
        return Attempt.objects.create(
            quiz=quiz,
            person=who,
            event=training,
            status="submitted",
            score_percent=Decimal(score),
            submitted_at=datetime.datetime(2018, 5, 10, hour, tzinfo=VIENTIANE),
        )

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


@pytest.fixture
def charj_data(locales):
    return build_charj_data()
