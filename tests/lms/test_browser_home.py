import pytest

from tests.browser import chromium_page

# Serialized rollback restores the migrations' reference data after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_official_reads_the_home_page_in_lao_and_switches_to_english(live_server, home_pages):
    with chromium_page() as page:
        page.goto(live_server.url + "/")
        assert page.url == live_server.url + "/lo/"
        assert page.get_attribute("html", "lang") == "lo"
        heading = page.locator("h1")
        assert heading.inner_text() == home_pages["lo"].title

        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Lao\"', 'ການ')")
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert any("Noto Sans Lao" in family for family in loaded)
        assert heading.evaluate("el => getComputedStyle(el).fontFamily").startswith(
            '"Noto Sans Lao"'
        )
        body_line_height = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.lead')).lineHeight)"
            " / parseFloat(getComputedStyle(document.querySelector('.lead')).fontSize)"
        )
        assert body_line_height >= 1.7
        # Nothing overflows sideways on a 360 px phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.get_by_role("link", name="English").click()
        page.wait_for_url(live_server.url + "/en/")
        assert page.get_attribute("html", "lang") == "en"
        assert page.locator("h1").inner_text() == "Counter-Trafficking Justice Training"
