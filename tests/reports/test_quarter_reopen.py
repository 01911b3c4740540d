"""Locking a quarter is confirmed first; programme staff can reopen it with a reason that is
kept, lock it again, and every figure and export follows the submission in force."""

import io
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import Attendance, Participation
from lms import groups
from lms.reports.dashboard import (
    ReopenRefused,
    build_dashboard,
    figures_as_json,
    figures_digest,
    lock_preview,
    lock_quarter,
    reopen_quarter,
)
from lms.reports.models import QuarterSubmission
from lms.reports.periods import fiscal_quarter
from lms.reports.queries import ReportFilters
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "lms_reports:dashboard"
LOCK = "lms_reports:lock"
Q3 = {"period": "fq", "year": 2018, "quarter": 3}


def login(client, *group_names, username="someone"):
    user = UserFactory(username=username, groups=list(group_names))
    client.force_login(user)
    return user


@pytest.fixture
def staff_user(client, charj_data):
    return login(client, groups.PROGRAMME_STAFF, username="staff")


def mark_c_present_in_e3(data):
    """C's absent second session at E3 corrected to present: C becomes trained in Q3."""
    c_at_e3 = Participation.objects.get(person=data.people.c, event=data.events.e3)
    Attendance.objects.filter(participation=c_at_e3, status="absent").update(status="present")


def change_cell(html: str, indicator: str) -> str:
    """The "change since submission" cell of an indicator's row on the dashboard."""
    row = re.search(rf'<tr data-indicator="{indicator}">(.*?)</tr>', html, re.S).group(1)
    cell = re.search(r'<td class="reports-change">(.*?)</td>', row, re.S)
    return cell.group(1).strip() if cell else None


def locked_figure(submission, indicator="persons_trained"):
    return submission.figures["indicators"][indicator]["total"]


def test_lock_asks_for_confirmation_showing_the_figures_and_locks_nothing(
    client, staff_user, charj_data
):
    dashboard = client.get(reverse(DASHBOARD), Q3, HTTP_ACCEPT_LANGUAGE="en")
    html = dashboard.content.decode()
    # The dashboard offers a link to the confirmation, no longer a form that locks at once.
    assert f'href="{reverse(LOCK)}?period=fq' in html
    assert f'action="{reverse(LOCK)}"' not in html

    page = client.get(reverse(LOCK), Q3, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert not QuarterSubmission.objects.exists()
    shown = page.content.decode()
    row = re.search(r'<tr data-indicator="persons_trained">(.*?)</tr>', shown, re.S).group(1)
    assert "<td>3</td>" in row and "<td>1</td>" in row  # 3 trained, 1 of them a woman
    assert f'action="{reverse(LOCK)}"' in shown
    assert f'name="figures" value="{page.context["digest"]}"' in shown

    locked = client.post(reverse(LOCK), {**Q3, "figures": page.context["digest"]})
    assert locked.status_code == 302
    submission = QuarterSubmission.objects.get()
    assert submission.submitted_by == staff_user
    assert locked_figure(submission) == "3"


def test_lock_refuses_when_the_figures_changed_after_the_confirmation(
    client, staff_user, charj_data
):
    page = client.get(reverse(LOCK), Q3)
    mark_c_present_in_e3(charj_data)
    response = client.post(reverse(LOCK), {**Q3, "figures": page.context["digest"]})
    assert response.status_code == 409
    assert not QuarterSubmission.objects.exists()
    # The page shown again carries the figures as they are now, to confirm those.
    assert response.context["dashboard"].indicator("persons_trained").total == 4
    again = client.post(reverse(LOCK), {**Q3, "figures": response.context["digest"]})
    assert again.status_code == 302
    assert locked_figure(QuarterSubmission.objects.get()) == "4"


def test_confirming_twice_locks_the_quarter_once(client, staff_user, charj_data):
    digest = client.get(reverse(LOCK), Q3).context["digest"]
    en = {"follow": True, "HTTP_ACCEPT_LANGUAGE": "en"}
    first = client.post(reverse(LOCK), {**Q3, "figures": digest}, **en)
    second = client.post(reverse(LOCK), {**Q3, "figures": digest}, **en)
    assert QuarterSubmission.objects.count() == 1
    assert [str(m) for m in first.context["messages"]] == [
        "The quarter's figures are frozen as submitted."
    ]
    assert [str(m) for m in second.context["messages"]] == [
        "This quarter has been submitted already."
    ]
    # Back on the confirmation of a locked quarter: sent to the dashboard, nothing to lock.
    back = client.get(reverse(LOCK), Q3)
    assert back.status_code == 302 and back["Location"].startswith(reverse(DASHBOARD))


def test_a_change_after_locking_is_shown_beside_the_submitted_figure(
    client, staff_user, charj_data
):
    lock_quarter(2018, 3, None, staff_user)
    before = client.get(reverse(DASHBOARD), Q3, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert change_cell(before, "persons_trained") == ""
    mark_c_present_in_e3(charj_data)
    after = client.get(reverse(DASHBOARD), Q3, HTTP_ACCEPT_LANGUAGE="en")
    html = after.content.decode()
    assert change_cell(html, "persons_trained") == "+1 (women +1)"
    assert change_cell(html, "person_hours") == "+2.1 (women +2.1)"
    figure = after.context["dashboard"].indicator("persons_trained")
    assert (figure.shown_total, figure.total) == (3, 4)
    # The by-sector table keeps C's judge row as submitted and says what it is now.
    judges = re.search(r'<th scope="row">[^<]*Judge[^<]*</th>(.*?)</tr>', html, re.S)
    assert judges and "now 1" in judges.group(1)


def test_staff_reopen_a_quarter_with_a_reason_that_is_kept(client, staff_user, charj_data):
    submission = lock_quarter(2018, 3, None, staff_user)
    url = reverse("lms_reports:reopen", args=[submission.pk])
    dashboard = client.get(reverse(DASHBOARD), Q3).content.decode()
    assert f'href="{url}"' in dashboard

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    response = client.post(url, {"reason": "  E3's sign-in sheet was corrected.  "})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.reopened_by == staff_user
    assert submission.reopened_at is not None
    assert submission.reopen_reason == "E3's sign-in sheet was corrected."
    assert locked_figure(submission) == "3"  # what was submitted is kept as it was


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_reopening_without_a_reason_is_refused(client, staff_user, charj_data, reason):
    submission = lock_quarter(2018, 3, None, staff_user)
    response = client.post(
        reverse("lms_reports:reopen", args=[submission.pk]),
        {"reason": reason},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Say why the quarter is reopened: the reason is kept." in response.content.decode()
    submission.refresh_from_db()
    assert submission.is_in_force
    with pytest.raises(ReopenRefused):
        reopen_quarter(submission, staff_user, "  ")


def test_a_reopened_quarter_cannot_be_reopened_again(client, staff_user, charj_data):
    submission = lock_quarter(2018, 3, None, staff_user)
    url = reverse("lms_reports:reopen", args=[submission.pk])
    client.post(url, {"reason": "First correction"}, follow=True)
    response = client.post(
        url, {"reason": "Second correction"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This quarter has been reopened already."
    ]
    submission.refresh_from_db()
    assert submission.reopen_reason == "First correction"
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "group_names",
    [
        (groups.LEARNERS,),
        (groups.TRAINERS,),
        (groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["judge"]),
    ],
)
def test_only_staff_may_lock_or_reopen(client, charj_data, group_names):
    submission = lock_quarter(2018, 3, None, None)
    login(client, *group_names)
    url = reverse("lms_reports:reopen", args=[submission.pk])
    for response in (
        client.get(url),
        client.post(url, {"reason": "Not mine to reopen"}),
        client.get(reverse(LOCK), {**Q3, "quarter": 4}),
        client.post(reverse(LOCK), {**Q3, "quarter": 4}),
    ):
        assert response.status_code == 403 or response["Location"].startswith("/admin/login/")
    submission.refresh_from_db()
    assert submission.is_in_force
    assert QuarterSubmission.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, charj_data):
    submission = lock_quarter(2018, 3, None, None)
    response = client.post(reverse("lms_reports:reopen", args=[submission.pk]), {"reason": "x"})
    assert response["Location"].startswith("/admin/login/")
    submission.refresh_from_db()
    assert submission.is_in_force


def test_dashboard_shows_the_history_and_after_relocking_the_new_submission(
    client, staff_user, charj_data
):
    first = lock_quarter(2018, 3, None, staff_user)
    mark_c_present_in_e3(charj_data)
    reopen_quarter(first, staff_user, "C attended E3's second session")

    reopened = client.get(reverse(DASHBOARD), Q3, HTTP_ACCEPT_LANGUAGE="en")
    data = reopened.context["dashboard"]
    assert data.submission is None and reopened.context["can_lock"]
    assert data.indicator("persons_trained").shown_total == 4  # the current figures again
    assert data.history == [first]
    html = reopened.content.decode()
    history = re.search(r'<section class="reports-history".*?</section>', html, re.S).group(0)
    assert "Locked on" in history and "by staff" in history
    assert "Reopened on" in history
    assert "C attended E3&#x27;s second session" in history

    second = lock_quarter(2018, 3, None, staff_user)
    relocked = client.get(reverse(DASHBOARD), Q3, HTTP_ACCEPT_LANGUAGE="en")
    data = relocked.context["dashboard"]
    assert data.submission == second
    assert data.history == [first]
    assert locked_figure(second) == "4" and locked_figure(first) == "3"
    assert data.indicator("persons_trained").difference is None
    assert change_cell(relocked.content.decode(), "persons_trained") == ""
    assert relocked.context["can_reopen"]


def test_history_belongs_to_its_own_quarter_and_programme(staff_user, charj_data):
    charj = charj_data.programmes.charj
    whole = lock_quarter(2018, 3, None, staff_user)
    reopen_quarter(whole, staff_user, "All programmes corrected")
    lock_quarter(2018, 3, charj, staff_user)
    assert build_dashboard(fiscal_quarter(2018, 3), ReportFilters()).history == [whole]
    assert build_dashboard(fiscal_quarter(2018, 3), ReportFilters(programme=charj.pk)).history == []
    assert build_dashboard(fiscal_quarter(2018, 2), ReportFilters()).history == []


def _summary(client, **query):
    response = client.get(reverse("lms_reports:workbook"), {**Q3, **query})
    rows = list(load_workbook(io.BytesIO(response.content))["Summary"].iter_rows(values_only=True))
    preamble = {row[0]: row[1] for row in rows if row[0] and row[1] and len(row) > 1}
    trained = next(row for row in rows if row[0] == "Unique persons trained")
    return preamble, trained


def test_workbook_and_exports_use_the_submission_in_force(client, staff_user, charj_data):
    first = lock_quarter(2018, 3, None, staff_user)
    mark_c_present_in_e3(charj_data)
    preamble, trained = _summary(client, lang="en")
    assert trained[1:3] == (3, 1) and trained[5] == 1  # as submitted, and the change
    assert "Submitted" in preamble

    reopen_quarter(first, staff_user, "Corrected attendance")
    preamble, trained = _summary(client, lang="en")
    assert trained[1:3] == (4, 2) and trained[5] is None  # current: nothing in force
    assert "Submitted" not in preamble
    sector = client.get(
        reverse("lms_reports:breakdown_export", args=["sector"]),
        {**Q3, "export": "csv", "lang": "en"},
    ).content.decode("utf-8-sig")
    assert "Submitted" not in sector

    second = lock_quarter(2018, 3, None, staff_user)
    second.submitted_at = datetime(2019, 1, 2, 10, 0, tzinfo=ZoneInfo("Asia/Vientiane"))
    second.save(update_fields=["submitted_at"])
    preamble, trained = _summary(client, lang="en")
    assert trained[1:3] == (4, 2) and trained[5] is None
    assert preamble["Submitted"].startswith("2019-01-02")
    sector = client.get(
        reverse("lms_reports:breakdown_export", args=["sector"]),
        {**Q3, "export": "csv", "lang": "en"},
    ).content.decode("utf-8-sig")
    assert "Submitted,2019-01-02" in sector


def test_lock_preview_is_what_lock_quarter_freezes(staff_user, charj_data):
    preview = figures_as_json(lock_preview(2018, 3, None))
    submission = lock_quarter(2018, 3, None, staff_user, confirmed_digest=figures_digest(preview))
    assert submission.figures == preview
    assert Decimal(locked_figure(submission, "person_hours")) > 0
