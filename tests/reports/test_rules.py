"""The reports count with the one "trained" rule and the one knowledge gain, on hand-computed
data (the assertions of the former equivalence tests, now against hand-computed figures)."""

from decimal import Decimal

import pytest

from assessments.models import QuizPurpose
from assessments.stats import knowledge_gain as stats_knowledge_gain
from courses.models import Participation
from lms.models import Sex
from lms.reports import queries
from lms.reports.dashboard import build_dashboard
from lms.reports.drilldowns import DRILLDOWNS
from lms.reports.periods import fiscal_year
from lms.reports.queries import ReportFilters
from tests.factories import PersonFactory, QuizFactory, attend, make_event, submit_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ALL = ReportFilters()
FY2018 = fiscal_year(2018)
# The charj data's matched pairs: A 40 -> 70, B 50 -> 60 at E3; C took only the pre-test
# and E only the post-test; both events' pass mark is 70.
CHARJ_GAIN = {
    "pairs": 2,
    "pre_only": 1,
    "post_only": 1,
    "mean_pre": 45.0,
    "mean_post": 65.0,
    "mean_gain": 20.0,
    "class_normalized_gain": 0.364,  # 20 / 55
    "mean_normalized_gain": 0.35,  # (30 / 60 + 10 / 50) / 2
    "share_improved": 1.0,
    "share_passed": 0.5,  # A's 70
    "pre_100": 0,
}


def charj_trained(data):
    """The participations that met their event's rule, by hand: every held event asks for
    80% of the hours and no post-test; C attended 79%, G was absent, E7 was cancelled."""
    p, e = data.people, data.events
    pairs = [(e.e0, p.f), (e.e1, p.a), (e.e1, p.d), (e.e3, p.a), (e.e3, p.b), (e.e4, p.d)]
    pairs += [(e.e5, p.e), (e.e6, p.f)]
    return {Participation.objects.get(event=event, person=who).pk for event, who in pairs}


def test_facts_table_holds_the_trained_rule_of_participations(charj_data):
    expected = charj_trained(charj_data)
    trained = Participation.objects.participants().held().trained()
    assert set(trained.values_list("pk", flat=True)) == expected
    everything = fiscal_year(2017).start, fiscal_year(2019).end
    facts = queries.participation_facts(*everything, ALL)
    assert set(facts.trained().values_list("participation", flat=True)) == expected
    # E0 F; E1 A, D, G; E3 A, B, C; E4 D; E5 E; E6 F (not E7, not D training at E5).
    assert facts.count() == 10 == Participation.objects.participants().held().count()


def test_report_gains_are_the_knowledge_gain_of_assessments_stats(charj_data):
    period = FY2018
    facts = queries.participation_facts(period.start, period.end, ALL)
    ours = queries.knowledge_gain(facts.in_period(period.start, period.end))
    theirs = stats_knowledge_gain(queries.attempts(facts, period.start, period.end))
    assert ours == CHARJ_GAIN
    assert theirs == CHARJ_GAIN


def submitted(quiz, person, event, score):
    return submit_attempt(quiz, person, score, event=event)


@pytest.fixture
def tested_event(locales):
    """A FY2026 workshop of 4 + 4 + 1 + 1 hours asking for 80% of them and a pass at 60% in
    its chosen post-test (whose own pass mark is 80). By hand:

    W1 all 10 hours, 65 on the chosen test (the event's 60 counts)      trained
    M1 9 hours, 100                                                     trained
    W3 8 hours (exactly 80%), exactly 60                                trained
    M2 all 10 hours, 40 on the chosen test, 100 on another post quiz    not trained
    W2 6 hours, 100                                                     not trained
    M3 all 10 hours, no test                                            not trained
    """
    chosen, other = (
        QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(80)),
        QuizFactory(purpose=QuizPurpose.POST, pass_mark=Decimal(50)),
    )
    event = make_event(
        session_hours=(4, 4, 1, 1),
        post_test=chosen,
        post_test_required=True,
        post_test_pass_mark=Decimal(60),
    )
    women = {name: PersonFactory(sex=Sex.FEMALE, name_latin=name) for name in ("W1", "W2", "W3")}
    men = {name: PersonFactory(sex=Sex.MALE, name_latin=name) for name in ("M1", "M2", "M3")}
    people = women | men
    marks = {"W1": "PPPP", "M1": "PPAP", "W3": "PPAA", "M2": "PPPP", "W2": "PAPP", "M3": "PPPP"}
    for name, row in marks.items():
        attend(event, people[name], ["present" if m == "P" else "absent" for m in row])
    for name, score in (("W1", 65), ("M1", 100), ("W3", 60), ("M2", 40), ("W2", 100)):
        submitted(chosen, people[name], event, score)
    submitted(other, people["M2"], event, 100)
    return event, people


def test_dashboard_counts_as_trained_only_those_who_passed_the_events_chosen_post_test(
    tested_event,
):
    _event, people = tested_event
    period = fiscal_year(2026)
    persons = build_dashboard(period, ALL).indicator("persons_trained")
    # W1, M1, W3. Counting M2's pass in another post quiz made it (4, 2).
    assert (persons.total, persons.women) == (3, 2)
    facts = queries.participation_facts(period.year_start, period.end, ALL)
    trained = list(DRILLDOWNS["trained"].build(facts, period, ALL))
    assert [person.name_latin for person in trained] == ["M1", "W1", "W3"]
