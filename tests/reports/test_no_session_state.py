"""The reports keep nothing on the database connection: they work behind PgBouncer in
transaction pooling (each transaction may get another server connection) and on replicas."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms import groups
from lms.reports.dashboard import build_breakdown, build_dashboard
from lms.reports.drilldowns import DRILLDOWNS
from lms.reports.periods import fiscal_quarter, fiscal_year
from lms.reports.queries import ReportFilters
from tests.factories import UserFactory

FY2018 = {"period": "fy", "year": 2018}
# Statements that leave state behind for the next statement on the same connection.
SESSION_STATE = re.compile(r"\b(CREATE|DROP|ALTER)\b|\bTEMP(ORARY)?\b", re.IGNORECASE)


def staff_client(client):
    client.force_login(UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF]))
    return client


def test_dashboard_drill_downs_and_workbook_create_no_table(client, charj_data):
    staff = staff_client(client)
    with CaptureQueriesContext(connection) as captured:
        build_dashboard(fiscal_year(2018), ReportFilters())
        build_breakdown(fiscal_quarter(2018, 3), ReportFilters(), "sector")
        assert staff.get(reverse("lms_reports:dashboard"), FY2018).status_code == 200
        for kind in DRILLDOWNS:
            url = reverse("lms_reports:drilldown", args=[kind])
            assert staff.get(url, FY2018).status_code == 200
            assert staff.get(url, {**FY2018, "export": "xlsx"}).status_code == 200
        workbook = staff.get(reverse("lms_reports:workbook"), {**FY2018, "export": "xlsx"})
        assert workbook.status_code == 200
    statements = [query["sql"] for query in captured]
    assert statements
    assert [sql for sql in statements if SESSION_STATE.search(sql)] == []


def _temporary_tables(raw) -> int:
    """Temporary tables on the driver's connection, asked past Django's cursor wrappers."""
    cursor = raw.cursor()
    try:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_temp_master")
        return cursor.fetchone()[0]
    finally:
        cursor.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dashboard_needs_nothing_from_an_earlier_statement(locales):
    """Every statement in its own transaction (autocommit), each followed by what a pooled
    server connection handed to another client would look like: no temporary tables."""
    from tests.factories import build_charj_data

    build_charj_data()
    left_behind = []

    def as_if_pooled(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        raw = context["connection"].connection
        if _temporary_tables(raw):
            left_behind.append(sql)
        if connection.vendor == "postgresql":
            raw.execute("DISCARD TEMP")
        return result

    with connection.execute_wrapper(as_if_pooled):
        assert not connection.in_atomic_block
        dashboard = build_dashboard(fiscal_year(2018), ReportFilters())
        people = list(
            DRILLDOWNS["trained"].build(
                _facts(fiscal_year(2018)), fiscal_year(2018), ReportFilters()
            )
        )
    assert left_behind == []
    trained = dashboard.indicator("persons_trained")
    assert (trained.total, trained.women) == (4, 2)
    assert len(people) == 4


def _facts(period):
    from lms.reports.queries import participation_facts

    return participation_facts(period.year_start, period.end, ReportFilters())


@pytest.mark.parametrize("kind", ["trained", "new", "participations", "attempts", "tot"])
def test_trainer_of_another_sector_sees_nobody_in_drill_downs(client, charj_data, kind):
    trainer = UserFactory(
        username="prosecutor-trainer",
        groups=[groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["prosecutor"]],
    )
    client.force_login(trainer)
    response = client.get(reverse("lms_reports:drilldown", args=[kind]), FY2018)
    assert response.status_code == 200
    assert response.context["rows"] == []
    export = client.get(reverse("lms_reports:drilldown", args=[kind]), {**FY2018, "export": "csv"})
    names = {person.name_latin for person in vars(charj_data.people).values()}
    assert not any(name in export.content.decode("utf-8-sig") for name in names)


def test_trainer_sees_only_the_participations_of_the_events_they_train(client, charj_data):
    people = charj_data.people
    people.d.user = UserFactory(username="trainer-d", groups=[groups.TRAINERS])
    people.d.save()
    client.force_login(people.d.user)
    response = client.get(reverse("lms_reports:drilldown", args=["participations"]), FY2018)
    # D trains only E5, where E took part.
    assert [row[5] for row in response.context["rows"]] == [people.e.name_latin]
