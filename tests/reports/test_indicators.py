"""Every figure of the hand-built data set (tests.factories.build_charj_data), computed by hand."""

from decimal import Decimal

import pytest

from lms.reports import queries
from lms.reports.dashboard import build_dashboard
from lms.reports.drilldowns import DRILLDOWNS
from lms.reports.periods import fiscal_quarter, fiscal_year
from lms.reports.queries import DIMENSIONS, ReportFilters

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FY2018 = fiscal_year(2018)
ALL = ReportFilters()


def figures(dashboard):
    return {f.key: (f.total, f.women) for f in dashboard.indicators}


def rows(period, dimension, filters=ALL):
    facts = queries.participation_facts(period.year_start, period.end, filters)
    breakdown = queries.breakdown(facts, period, filters, DIMENSIONS[dimension])
    return {row["label"]: row for row in breakdown}


def drill(kind, period, filters=ALL):
    """The objects of a drill-down, as a list."""
    facts = queries.participation_facts(period.year_start, period.end, filters)
    return list(DRILLDOWNS[kind].build(facts, period, filters))


def test_fiscal_year_headline_figures(charj_data):
    shown = figures(build_dashboard(FY2018, ALL))
    # Trained: A (E1, E3), B (E3), D (E1, E4), E (E5); C attended 79%, G was absent.
    assert shown["persons_trained"] == (4, 2)
    # Participations: E1 A D G, E3 A B C, E4 D, E5 E; the trainer at E5 is not one.
    assert shown["participations"] == (8, 5)
    # Hours: E1 A 8 + D 8; E3 A 10 + B 10 + C 7.9; E4 D 8; E5 E 6. Women: A 18, C 7.9, E 6.
    assert shown["person_hours"] == (Decimal("57.9"), Decimal("31.9"))
    # E1, E3, E4, E5 held in FY2018; E0 and E6 fall outside, E7 was cancelled.
    assert shown["events_held"][0] == 4
    assert shown["courses"][0] == 2
    assert shown["completion_certificates"] == (1, 1)  # A; F's is FY2017, B's revoked
    assert shown["participation_certificates"] == (1, 1)  # C
    assert shown["tot_certified"] == (1, 0)  # D at E4
    assert shown["cascade_events"][0] == 1  # E5, trained by D after E4


def test_person_trained_twice_in_a_year_is_counted_once(charj_data):
    facts = queries.participation_facts(FY2018.start, FY2018.end, ALL)
    trained = queries.trained(facts, FY2018.start, FY2018.end)
    assert trained.filter(person=charj_data.people.a).count() == 2
    assert queries.count_persons(trained)["total"] == 4


def test_person_attending_79_percent_is_a_participation_but_not_trained(charj_data):
    c = charj_data.people.c
    assert c in [p.person for p in drill("participations", FY2018)]
    people = drill("trained", FY2018)
    assert c not in people and charj_data.people.a in people


def test_new_persons_per_quarter_add_up_to_the_year(charj_data):
    quarter = rows(FY2018, "quarter")
    # Q1 E1: A, D. Q3 E3 + E4: A, B, D, of whom only B is new. Q4 E5: E.
    assert [r["persons_trained"] for r in quarter.values()] == [
        {"total": 2, "women": 1},
        {"total": 0, "women": 0},
        {"total": 3, "women": 1},
        {"total": 1, "women": 1},
    ]
    new = [r["new_persons_trained"] for r in quarter.values()]
    assert new == [
        {"total": 2, "women": 1},
        {"total": 0, "women": 0},
        {"total": 1, "women": 0},
        {"total": 1, "women": 1},
    ]
    assert sum(n["total"] for n in new) == 4


def test_person_trained_in_q1_and_q3_is_new_only_in_q1(charj_data):
    a = charj_data.people.a
    q1, q3 = fiscal_quarter(2018, 1), fiscal_quarter(2018, 3)
    assert a in drill("new", q1)
    assert a not in drill("new", q3)
    assert drill("new", q3) == [charj_data.people.b]
    assert figures(build_dashboard(q3, ALL))["new_persons_trained"] == (1, 0)
    assert figures(build_dashboard(q3, ALL))["persons_trained"] == (3, 1)


def test_moved_person_is_counted_in_the_province_they_had_at_the_event(charj_data):
    province = rows(FY2018, "province")
    assert len(province) == 18
    assert province["Vientiane Capital"]["persons_trained"] == {"total": 2, "women": 1}
    assert province["Savannakhet"]["persons_trained"] == {"total": 1, "women": 0}
    assert province["Savannakhet"]["participations"] == {"total": 2, "women": 1}
    assert province["Luang Prabang"]["persons_trained"] == {"total": 1, "women": 1}
    assert province["Phongsaly"]["persons_trained"] == {"total": 0, "women": 0}
    assert province["Phongsaly"]["events_held"]["total"] == 0
    assert province["Vientiane Capital"]["events_held"]["total"] == 2  # E1, E4
    filtered = ReportFilters(province=charj_data.provinces.savannakhet.pk)
    assert drill("trained", FY2018, filtered) == [charj_data.people.b]


def test_breakdowns_by_sector_sex_level_and_programme(charj_data):
    sector = rows(FY2018, "sector")
    assert sector["Police"]["persons_trained"] == {"total": 2, "women": 1}
    assert sector["Prosecutors"]["persons_trained"] == {"total": 2, "women": 1}
    assert sector["Judges"]["persons_trained"] == {"total": 0, "women": 0}
    assert sector["Judges"]["participations"] == {"total": 1, "women": 1}
    sex = rows(FY2018, "sex")
    assert sex["Female"]["persons_trained"]["total"] == 2
    assert sex["Male"]["persons_trained"]["total"] == 2
    assert sex["Female"]["person_hours"]["total"] == Decimal("31.9")
    level = rows(FY2018, "level")
    assert level["Central"]["persons_trained"]["total"] == 1  # A
    assert level["Provincial"]["persons_trained"]["total"] == 1  # D
    assert level["–"]["persons_trained"]["total"] == 2  # B, E
    programme = rows(FY2018, "programme")
    assert programme["CHARJ"]["persons_trained"] == {"total": 3, "women": 1}
    assert programme["CHARJ"]["events_held"]["total"] == 3
    assert programme["MAPP"]["persons_trained"] == {"total": 1, "women": 1}


def test_fiscal_year_boundaries_30_september_and_1_october(charj_data):
    f = charj_data.people.f
    for year in (2017, 2019):
        period = fiscal_year(year)
        assert drill("trained", period) == [f]
        assert figures(build_dashboard(period, ALL))["events_held"][0] == 1
    assert f not in drill("trained", FY2018)
    # E5 ended on 30 September 2018: FY2018 Q4, not FY2019.
    assert figures(build_dashboard(fiscal_quarter(2018, 4), ALL))["persons_trained"] == (1, 1)
    assert figures(build_dashboard(fiscal_quarter(2018, 1), ALL))["events_held"][0] == 1


def test_matched_pair_gains(charj_data):
    dashboard = build_dashboard(FY2018, ALL)
    gain = dashboard.gain
    # Pairs: A 40 -> 70, B 50 -> 60. C took only the pre-test, E only the post-test.
    assert gain["pairs"] == 2 and gain["pre_only"] == 1 and gain["post_only"] == 1
    assert gain["mean_pre"] == 45 and gain["mean_post"] == 65 and gain["mean_gain"] == 20
    assert gain["class_normalized_gain"] == pytest.approx(20 / 55, abs=0.001)
    assert gain["share_improved"] == 1 and gain["share_passed"] == 0.5  # pass mark 70
    assert dashboard.gain_women["pairs"] == 1 and dashboard.gain_women["mean_gain"] == 30
    shown = figures(dashboard)
    assert shown["matched_pairs"] == (2, 1)
    assert shown["share_passed"] == (Decimal("50.0"), Decimal("100.0"))


def test_filters_narrow_every_figure(charj_data):
    mapp = ReportFilters(programme=charj_data.programmes.mapp.pk)
    shown = figures(build_dashboard(FY2018, mapp))
    assert shown["persons_trained"] == (1, 1)
    assert shown["participations"] == (1, 1)
    assert shown["events_held"][0] == 1
    tot = figures(build_dashboard(FY2018, ReportFilters(event_type="tot")))
    assert tot["persons_trained"] == (1, 0)
    course = figures(build_dashboard(FY2018, ReportFilters(course=charj_data.courses.k1.pk)))
    assert course["persons_trained"] == (3, 1)  # E1 and E3: A, D, B
    assert course["events_held"][0] == 2
    women = figures(build_dashboard(FY2018, ReportFilters(sex="f")))
    assert women["persons_trained"] == (2, 2)
