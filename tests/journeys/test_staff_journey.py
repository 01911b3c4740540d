"""Programme staff's journey in a headless Chromium, in Lao on a 360 px phone and in English on
a desktop: the indicator dashboard, a fiscal quarter, a drill-down, the exports, locking the
quarter, a change of attendance after the lock and the difference shown, reopening with a
reason and locking again — with the wrong turns staff take on the way (the back button from a
drill-down and after locking, a double tap on the lock button, reopening without a reason).

The test finds its way by the pages' markup (classes and data attributes), so it reads the
same in both languages; in Lao every page's content is checked for English interface text
with the crawl's detector.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from courses.models import Participation
from lms import groups
from lms.reports.models import Indicator, QuarterSubmission
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, chromium_page, save_screenshot
from tests.factories import build_charj_data
from tests.test_crawl import english_on_lao_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Mekong-river-2026"
REASON = {
    "lo": "ການເຂົ້າຮ່ວມຊ່ວງທີສອງຂອງການຝຶກອົບຮົມ E3 ຖືກແກ້ໄຂ.",
    "en": "The attendance of E3's second session was corrected.",
}


class Staff:
    """The browser page, with what every step checks: the language, no English interface
    text in a Lao page's content, nothing wider than the screen."""

    def __init__(self, page, base, language, viewport):
        self.page, self.base, self.language, self.viewport = page, base, language, viewport
        self.width = viewport["width"]
        self.shots = 0

    def sees(self, step):
        page = self.page
        page.wait_for_load_state("domcontentloaded")
        assert page.locator("html").get_attribute("lang") == self.language, step
        if self.language == "lo":
            # The project's part of the page: Wagtail's own menus and breadcrumbs have no
            # Lao catalogue.
            soup = BeautifulSoup(page.locator("main").inner_html(), "html.parser")
            for chrome in soup.select(".w-breadcrumbs"):
                chrome.decompose()
            # Course titles are data: the test's courses are named in English.
            for choice in soup.select("select[name=course]"):
                choice.decompose()
            assert english_on_lao_page(soup) == [], step
        assert page.evaluate("document.documentElement.scrollWidth") <= self.width, step
        if SCREENSHOTS:
            self.shots += 1
            name = f"staff-{self.language}-{self.shots:02d}-{step}"
            # The admin scrolls its content area, not the page: a window as tall as the
            # content, for the time of the screenshot.
            height = page.evaluate("document.querySelector('main').scrollHeight")
            page.set_viewport_size({"width": self.width, "height": max(height, 740)})
            save_screenshot(page, name)
            page.set_viewport_size(self.viewport)

    def figure(self, indicator):
        """The dashboard's figure for ``indicator``, as shown (submitted once locked)."""
        row = self.page.locator(f'table.reports-table tr[data-indicator="{indicator}"]').first
        return row.locator("td").first.inner_text().strip()

    def change(self, indicator):
        row = self.page.locator(f'tr[data-indicator="{indicator}"]').first
        return row.locator("td.reports-change").inner_text().strip()

    def to_freeze(self, indicator):
        row = self.page.locator(f'table.reports-to-freeze tr[data-indicator="{indicator}"]')
        return row.locator("td").first.inner_text().strip()


def in_force():
    return QuarterSubmission.objects.in_force().count()


def workbook_trained(path, language):
    """Persons trained on the workbook's summary sheet: (as shown, change since submission)."""
    with translation.override(language):
        label = str(Indicator.PERSONS_TRAINED.label)
    rows = load_workbook(path).worksheets[0].iter_rows(values_only=True)
    row = next(row for row in rows if row[0] == label)
    return row[1], row[5]


@pytest.mark.parametrize(
    ("language", "viewport", "browser_locale"),
    [("lo", PHONE, "lo-LA"), ("en", DESKTOP, "en-GB")],
    ids=["lao-phone", "english-desktop"],
)
def test_staff_lock_a_quarter_see_a_later_change_reopen_it_and_lock_it_again(
    live_server, locales, tmp_path, language, viewport, browser_locale
):
    data = build_charj_data()
    user = get_user_model().objects.create_user("staff-journey", password=PASSWORD)
    user.groups.add(Group.objects.get(name=groups.PROGRAMME_STAFF))
    c_at_e3 = Participation.objects.get(person=data.people.c, event=data.events.e3)
    second_session = data.events.e3.sessions.order_by("date", "start_time").last()
    with translation.override(language):
        mark_url = live_server.url + reverse("events:mark_session", args=[second_session.pk])
    dashboard_url = live_server.url + reverse("lms_reports:dashboard")

    with chromium_page(viewport=viewport, locale=browser_locale) as page:
        staff = Staff(page, live_server.url, language, viewport)
        page.goto(dashboard_url)
        page.fill("#id_username", "staff-journey")
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_selector("form.reports-filters")
        staff.sees("dashboard")

        # A quarter.
        page.select_option("select[name=period]", "fq")
        page.fill("input[name=year]", "2018")
        page.select_option("select[name=quarter]", "3")
        page.locator("form.reports-filters button[type=submit]").click()
        page.wait_for_url(re.compile(r"period=fq"))
        quarter_url = page.url
        assert staff.figure("persons_trained") == "3"
        staff.sees("quarter")

        # Drill-down, then the back button: the same quarter, the same figure.
        page.locator('tr[data-indicator="persons_trained"] td a').first.click()
        page.wait_for_selector("table.reports-table tbody tr")
        names = page.locator("table.reports-table tbody tr td:nth-child(2)").all_inner_texts()
        assert sorted(names) == sorted(
            [data.people.a.name_latin, data.people.b.name_latin, data.people.d.name_latin]
        )
        staff.sees("drill-down")
        page.go_back()
        page.wait_for_selector('tr[data-indicator="persons_trained"]')
        assert page.url == quarter_url and staff.figure("persons_trained") == "3"

        # Exports: the donor workbook in the run's language, a breakdown as CSV.
        workbook_link = page.locator(
            'a[href*="/workbook/"][lang="lo"]' if language == "lo" else 'a[href*="/workbook/"]'
        ).first
        with page.expect_download() as download:
            workbook_link.click()
        workbook = tmp_path / "before.xlsx"
        download.value.save_as(workbook)
        assert workbook_trained(workbook, language) == (3, None)
        with page.expect_download() as download:
            page.locator('#breakdown-sector a[href*="export=csv"]').click()
        sector_csv = tmp_path / "sector.csv"
        download.value.save_as(sector_csv)
        assert data.people.a.sector.name_en in sector_csv.read_text("utf-8-sig") or (
            data.people.a.sector.name_lo in sector_csv.read_text("utf-8-sig")
        )

        # Lock: a confirmation showing the figures to be frozen, then a double tap.
        page.locator("a.reports-lock").click()
        page.wait_for_selector("form.reports-lock-confirm")
        assert staff.to_freeze("persons_trained") == "3"
        assert in_force() == 0
        staff.sees("lock-confirmation")
        page.locator("form.reports-lock-confirm button[type=submit]").dblclick()
        page.wait_for_selector(".reports-locked")
        assert in_force() == 1
        assert staff.figure("persons_trained") == "3"
        staff.sees("locked")

        # The back button to the confirmation, and lock again if it is still offered:
        # the quarter stays locked once, with the figures first submitted.
        page.go_back()
        page.wait_for_load_state("domcontentloaded")
        again = page.locator("form.reports-lock-confirm button[type=submit]:enabled")
        if again.count():
            again.click()
        page.wait_for_selector(".reports-locked")
        assert in_force() == 1 and QuarterSubmission.objects.count() == 1

        # A change after the lock: C's absence at E3's second session corrected to present.
        page.goto(mark_url)
        # The page saves the mark in the background: wait for the answer before asking for
        # the dashboard (the test server's SQLite database takes one writer at a time).
        with page.expect_response(lambda r: r.request.method == "POST" and "/mark/" in r.url):
            page.locator(f'button[name=mark][value="{c_at_e3.pk}:present"]').click()
        page.goto(quarter_url)
        assert staff.figure("persons_trained") == "3"  # as submitted
        assert staff.change("persons_trained").startswith("+1")
        assert staff.change("person_hours").startswith("+2.1")
        staff.sees("difference")
        # On the phone the change is the table's last column: scrolled to, it is on screen.
        change = page.locator('tr[data-indicator="persons_trained"] td.reports-change')
        change.scroll_into_view_if_needed()
        box = change.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        staff.sees("difference-scrolled")
        with page.expect_download() as download:
            workbook_link.click()
        workbook = tmp_path / "changed.xlsx"
        download.value.save_as(workbook)
        assert workbook_trained(workbook, language) == (3, 1)

        # Reopen: without a reason first (refused, still locked), then with one.
        page.locator("a.reports-reopen").click()
        page.wait_for_selector("form.reports-reopen-confirm")
        staff.sees("reopen-confirmation")
        page.locator("form.reports-reopen-confirm button[type=submit]").click()
        page.wait_for_selector(".reports-reason-error")
        assert in_force() == 1
        staff.sees("reopen-without-reason")
        page.fill("textarea[name=reason]", REASON[language])
        page.locator("form.reports-reopen-confirm button[type=submit]").click()
        page.wait_for_selector(".reports-history")
        assert in_force() == 0
        assert staff.figure("persons_trained") == "4"  # the current figures again
        history = page.locator(".reports-history li.reports-reopened")
        assert history.count() == 1
        assert page.locator(".reports-reopen-reason").inner_text() == REASON[language]
        assert "staff-journey" in history.inner_text()
        staff.sees("reopened")

        # Lock again: the new figures are confirmed and submitted; the history stays.
        page.locator("a.reports-lock").click()
        page.wait_for_selector("form.reports-lock-confirm")
        assert staff.to_freeze("persons_trained") == "4"
        page.locator("form.reports-lock-confirm button[type=submit]").click()
        page.wait_for_selector(".reports-locked")
        assert staff.figure("persons_trained") == "4"
        assert staff.change("persons_trained") == ""
        assert page.locator(".reports-history li.reports-reopened").count() == 1
        staff.sees("locked-again")

    submissions = list(QuarterSubmission.objects.order_by("submitted_at"))
    assert [s.figures["indicators"]["persons_trained"]["total"] for s in submissions] == ["3", "4"]
    assert submissions[0].reopen_reason == REASON[language]
    assert submissions[0].reopened_by == user and submissions[1].is_in_force
