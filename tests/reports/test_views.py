"""The dashboard in the admin: permissions, drill-downs, exports, targets and locking."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from courses.models import Attendance, Participation
from lms import groups
from lms.reports.dashboard import AlreadyLocked, build_dashboard, lock_quarter
from lms.reports.drilldowns import PERSON_COLUMNS
from lms.reports.exports import escape_cell
from lms.reports.models import IndicatorTarget, QuarterSubmission
from lms.reports.periods import fiscal_quarter, fiscal_year
from lms.reports.queries import ReportFilters
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "lms_reports:dashboard"
FY2018 = {"period": "fy", "year": 2018}


def user_in(group_name, username, person=None):
    user = UserFactory(username=username, groups=[group_name])
    if person:
        person.user = user
        person.save()
    return user


@pytest.fixture
def staff(client, charj_data):
    client.force_login(user_in(groups.PROGRAMME_STAFF, "staff"))
    return client


def test_dashboard_numbers_link_to_their_drill_downs(staff):
    response = staff.get(reverse(DASHBOARD), FY2018, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-indicator="persons_trained"' in html
    assert reverse("lms_reports:drilldown", args=["trained"]) + "?period=fy&amp;year=2018" in html
    assert html.count('class="reports-chart"') == 7  # a chart per breakdown, the trend
    figure = next(f for f in response.context["dashboard"].indicators if f.key == "persons_trained")
    assert (figure.total, figure.women) == (4, 2)
    drill = staff.get(figure.url.replace("&amp;", "&"))
    assert drill.status_code == 200
    assert len(drill.context["rows"]) == 4


def test_pre_post_counts_show_without_decimals_and_means_with_two(staff):
    response = staff.get(reverse(DASHBOARD), FY2018, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<th scope="row">Matched pairs</th><td>2</td><td>1</td>' in html
    assert '<th scope="row">Pre-test only</th><td>1</td>' in html
    assert '<th scope="row">Mean gain (points)</th><td>20.00</td><td>30.00</td>' in html


def test_province_table_lists_all_eighteen_provinces(staff):
    response = staff.get(reverse(DASHBOARD), FY2018)
    table = next(t for t in response.context["tables"] if t["key"] == "province")
    assert len(table["rows"]) == 18


def test_invalid_range_is_refused_with_a_message(staff):
    response = staff.get(
        reverse(DASHBOARD), {"period": "range", "start": "2018-05-01", "end": "2018-04-01"}
    )
    assert response.status_code == 400
    assert "dashboard" not in response.context or response.context.get("dashboard") is None


def test_drill_down_xlsx_has_lao_headers_and_escapes_formulas(staff, charj_data):
    url = reverse("lms_reports:drilldown", args=["trained"])
    response = staff.get(url, {**FY2018, "export": "xlsx", "lang": "lo"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    with translation.override("lo"):
        lao_header = str(PERSON_COLUMNS[0].header)
    assert lao_header != "Name in Lao script"
    header_index = next(i for i, row in enumerate(rows) if row[0] == lao_header)
    body = rows[header_index + 1 :]
    assert len(body) == 4
    romanised = {row[1] for row in body}
    # E's romanised name starts with "=": exported as text, never as a formula.
    assert '\'=HYPERLINK("http://x")' in romanised
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell)


def test_drill_down_csv_starts_with_a_byte_order_mark(staff):
    url = reverse("lms_reports:drilldown", args=["participations"])
    response = staff.get(url, {**FY2018, "export": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Event")
    assert len(rows) - header - 1 == 8


def test_escape_cell_only_touches_text_starting_a_formula():
    assert escape_cell("=1+1") == "'=1+1"
    assert escape_cell("+856") == "'+856"
    assert escape_cell("@SUM(A1)") == "'@SUM(A1)"
    assert escape_cell("-2") == "'-2"
    assert escape_cell("ທ່ານ") == "ທ່ານ"
    assert escape_cell(-2) == -2
    assert escape_cell(Decimal("7.90")) == 7.9


def test_donor_workbook_has_a_sheet_per_indicator_and_no_personal_data(staff, charj_data):
    response = staff.get(
        reverse("lms_reports:workbook"),
        {"period": "fq", "year": 2018, "quarter": 3},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 9
    text = "\n".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert "FY2018 Q3" in text and "2018-04-01" in text
    for person in vars(charj_data.people).values():
        assert person.name_latin not in text and person.name_lo not in text
    summary = book[book.sheetnames[0]]
    values = {row[0]: row[1:3] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert values["Unique persons trained"] == (3, 1)
    assert values["New persons trained"] == (1, 0)


def test_breakdown_table_exports_as_csv(staff):
    url = reverse("lms_reports:breakdown_export", args=["sex"])
    response = staff.get(url, {**FY2018, "export": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode("utf-8-sig")
    assert "Female,2,2," in text


@pytest.mark.parametrize(
    ("group_name", "status"),
    [
        (groups.PROGRAMME_STAFF, 200),
        (groups.ADMINISTRATORS, 200),
        (groups.LEARNERS, 302),
    ],
)
def test_who_may_open_the_dashboard(client, charj_data, group_name, status):
    client.force_login(user_in(group_name, "someone"))
    response = client.get(reverse(DASHBOARD), FY2018)
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, charj_data):
    response = client.get(reverse("lms_reports:drilldown", args=["trained"]), FY2018)
    assert response.status_code == 302


def test_trainer_sees_only_the_events_they_train(client, charj_data):
    trainer = user_in(groups.TRAINERS, "trainer", charj_data.people.d)
    client.force_login(trainer)
    response = client.get(reverse(DASHBOARD), FY2018)
    assert response.status_code == 200
    figures = {f.key: f.total for f in response.context["dashboard"].indicators}
    # D trains only E5, where E was trained.
    assert figures["persons_trained"] == 1
    assert figures["events_held"] == 1
    drill = client.get(reverse("lms_reports:drilldown", args=["trained"]), FY2018)
    assert [row[1] for row in drill.context["rows"]] == [charj_data.people.e.name_latin]
    client.post(reverse("lms_reports:lock"), {"period": "fq", "year": 2018, "quarter": 3})
    assert not QuarterSubmission.objects.exists()


def test_trainer_without_events_sees_zeros(client, charj_data):
    client.force_login(user_in(groups.TRAINERS, "newtrainer", charj_data.people.g))
    response = client.get(reverse(DASHBOARD), FY2018)
    figures = {f.key: f.total for f in response.context["dashboard"].indicators}
    assert figures["persons_trained"] == 0 and figures["participations"] == 0


def test_target_is_shown_beside_the_figure_with_the_share_reached(staff, charj_data):
    IndicatorTarget.objects.create(
        indicator="persons_trained", period_kind="fy", year=2018, value=8
    )
    IndicatorTarget.objects.create(
        indicator="persons_trained",
        programme=charj_data.programmes.charj,
        period_kind="fy",
        year=2018,
        value=100,
    )
    dashboard = build_dashboard(fiscal_year(2018), ReportFilters())
    figure = dashboard.indicator("persons_trained")
    assert figure.target == 8 and figure.share_of_target == Decimal("0.5")
    charj = build_dashboard(
        fiscal_year(2018), ReportFilters(programme=charj_data.programmes.charj.pk)
    )
    assert charj.indicator("persons_trained").target == 100
    assert (
        build_dashboard(fiscal_year(2019), ReportFilters()).indicator("persons_trained").target
        is None
    )


def test_duplicate_target_is_refused(charj_data):
    from django.core.exceptions import ValidationError

    IndicatorTarget.objects.create(
        indicator="participations", period_kind="fq", year=2018, quarter=1, value=5
    )
    duplicate = IndicatorTarget(
        indicator="participations", period_kind="fq", year=2018, quarter=1, value=9
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_locked_quarter_shows_submitted_figures_and_the_later_difference(staff, charj_data):
    response = staff.post(reverse("lms_reports:lock"), {"period": "fq", "year": 2018, "quarter": 3})
    assert response.status_code == 302
    # After submission C's second session is corrected to present: C is now trained in Q3.
    c_at_e3 = Participation.objects.get(person=charj_data.people.c, event=charj_data.events.e3)
    Attendance.objects.filter(participation=c_at_e3, status="absent").update(status="present")
    dashboard = build_dashboard(fiscal_quarter(2018, 3), ReportFilters())
    figure = dashboard.indicator("persons_trained")
    assert figure.shown_total == 3 and figure.total == 4
    assert figure.difference == {"total": Decimal(1), "women": Decimal(1)}
    hours = dashboard.indicator("person_hours")
    assert hours.difference["total"] == Decimal("2.1")
    page = staff.get(reverse(DASHBOARD), {"period": "fq", "year": 2018, "quarter": 3})
    assert page.context["dashboard"].submission is not None
    assert not page.context["can_lock"]
    with pytest.raises(AlreadyLocked):
        lock_quarter(2018, 3, None, None)


def test_the_database_refuses_a_second_submission_of_a_quarter(charj_data):
    from django.db import IntegrityError, transaction

    QuarterSubmission.objects.create(fiscal_year=2018, quarter=3, figures={})
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterSubmission.objects.create(fiscal_year=2018, quarter=3, figures={})
    charj = charj_data.programmes.charj
    QuarterSubmission.objects.create(fiscal_year=2018, quarter=3, programme=charj, figures={})
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterSubmission.objects.create(fiscal_year=2018, quarter=3, programme=charj, figures={})


def test_only_staff_may_lock_a_quarter(client, charj_data):
    client.force_login(user_in(groups.LEARNERS, "learner"))
    response = client.post(
        reverse("lms_reports:lock"), {"period": "fq", "year": 2018, "quarter": 3}
    )
    assert response.status_code in (302, 403)
    assert not QuarterSubmission.objects.exists()
