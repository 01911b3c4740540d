"""Programme staff pick a fiscal quarter, follow a number to its people and download them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from lms import groups
from tests.browser import chromium_page
from tests.factories import build_charj_data

PASSWORD = "Mekong-river-2026"
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_follow_a_quarter_figure_to_its_people_and_download_them(
    live_server, locales, tmp_path
):
    data = build_charj_data()
    staff = get_user_model().objects.create_user("staff-browser", password=PASSWORD)
    staff.groups.add(Group.objects.get(name=groups.PROGRAMME_STAFF))
    url = live_server.url + reverse("lms_reports:dashboard")

    with chromium_page(viewport=DESKTOP, locale="en-GB") as page:
        page.goto(url)
        page.fill("#id_username", "staff-browser")
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_selector("form.reports-filters")

        page.select_option("select[name=period]", "fq")
        page.fill("input[name=year]", "2018")
        page.select_option("select[name=quarter]", "3")
        page.locator("form.reports-filters button[type=submit]").click()
        page.wait_for_selector("text=FY2018 Q3")

        trained = page.locator('tr[data-indicator="persons_trained"] td a').first
        assert trained.text_content().strip() == "3"
        new = page.locator('tr[data-indicator="new_persons_trained"] td a').first
        assert new.text_content().strip() == "1"
        trained.click()
        page.wait_for_selector("table.reports-table tbody tr")
        names = page.locator("table.reports-table tbody tr td:nth-child(2)").all_text_contents()
        assert sorted(names) == sorted(
            [data.people.a.name_latin, data.people.b.name_latin, data.people.d.name_latin]
        )

        with page.expect_download() as download_info:
            page.get_by_text("Download XLSX").click()
        path = tmp_path / "people.xlsx"
        download_info.value.save_as(path)

    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Name in Lao script")
    assert sorted(row[1] for row in rows[header + 1 :]) == sorted(names)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("language", "trained_heading"), [("lo", "ຜູ້ທີ່ໄດ້ຮັບການຝຶກອົບຮົມ"), ("en", "People trained")]
)
def test_staff_read_a_year_and_its_trained_people_on_a_phone(
    live_server, locales, language, trained_heading
):
    from wagtail.users.models import UserProfile

    from tests.browser import PHONE, save_screenshot

    build_charj_data()
    staff = get_user_model().objects.create_user("staff-phone", password=PASSWORD)
    staff.groups.add(Group.objects.get(name=groups.PROGRAMME_STAFF))
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = language
    profile.save()
    url = live_server.url + reverse("lms_reports:dashboard") + "?period=fy&year=2018"

    with chromium_page(viewport=PHONE, locale="lo-LA" if language == "lo" else "en-GB") as page:
        page.goto(url)
        page.fill("#id_username", "staff-phone")
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_selector('tr[data-indicator="persons_trained"]')
        assert page.evaluate("document.documentElement.lang") == language
        trained = page.locator('tr[data-indicator="persons_trained"] td a').first
        assert trained.text_content().strip() == "4"
        # The page may scroll its wide tables sideways, never the whole page.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        save_screenshot(page, f"reports-dashboard-{language}-360")
        trained.scroll_into_view_if_needed()
        save_screenshot(page, f"reports-dashboard-figures-{language}-360")
        page.locator("table.reports-table").nth(1).scroll_into_view_if_needed()
        save_screenshot(page, f"reports-dashboard-breakdown-{language}-360")

        trained.click()
        page.wait_for_selector("table.reports-table tbody tr")
        save_screenshot(page, f"reports-drilldown-trained-{language}-360")
        assert page.locator("table.reports-table tbody tr").count() == 4
        # The download buttons wrap rather than run off the header, where they would be cut.
        edges = page.eval_on_selector_all(
            "#w-slim-header-buttons a", "links => links.map(a => a.getBoundingClientRect().right)"
        )
        assert len(edges) == 4
        assert max(edges) <= PHONE["width"]
        assert trained_heading in page.title()
