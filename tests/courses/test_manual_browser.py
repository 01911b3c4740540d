import pytest

from tests.browser import PHONE, chromium_page

# Serialized rollback restores the migrations' reference data after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_manual(home_pages, monkeypatch, settings, tmp_path):
    from courses.demo import manual as demo_manual
    from courses.manual import pdf

    settings.MEDIA_ROOT = tmp_path
    # The journey reads HTML pages; building the PDFs on publish would only slow it down.
    monkeypatch.setattr(pdf, "rebuild_after_publish", lambda page: None)
    demo_manual.load()


def test_official_reads_a_chapter_in_lao_searches_and_compares_languages(live_server, demo_manual):
    with chromium_page(viewport=PHONE) as page:
        page.goto(live_server.url + "/lo/manual/")
        page.get_by_role("link", name="ຕົວຊີ້ບອກການຄ້າມະນຸດ ແລະ ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ").click()
        page.wait_for_url("**/lo/manual/indicators-and-identification/")
        assert page.get_attribute("html", "lang") == "lo"
        assert page.locator(".chapter-number").inner_text() == "ບົດທີ 3"
        assert page.locator(".legal-provision").count() == 1
        assert "ບັນທຶກສຳລັບຄູຝຶກ" not in page.content()  # no trainer notes for the public
        # Nothing overflows sideways on a 360 px phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.get_by_role("navigation", name="ເມນູຫຼັກ").get_by_role("link", name="ຊອກຫາ").click()
        page.fill("#search-q", "ສູນພັກພິງ")
        page.press("#search-q", "Enter")
        page.wait_for_url("**/lo/search/?q=*")
        # The glossary's term first, then the chapter that treats it, the words marked.
        term = page.locator(".search-result").first
        assert term.locator(".search-result__title").inner_text() == "ສູນພັກພິງ"
        result = page.locator(".search-result").nth(1)
        assert result.locator("mark").first.inner_text() == "ສູນພັກພິງ"
        result.get_by_role("link").click()
        page.wait_for_url("**/lo/manual/referral-and-protection/")

        page.get_by_role("link", name="ອ່ານພາສາລາວ ແລະ ອັງກິດ ຄຽງຄູ່ກັນ").click()
        page.wait_for_url("**/referral-and-protection/side-by-side/")
        row = page.locator(".parallel__row").nth(1)
        lao = row.locator('.parallel__cell[lang="lo"]').bounding_box()
        english = row.locator('.parallel__cell[lang="en"]').bounding_box()
        # On a phone the two languages stack, Lao first; each block stays paired.
        assert lao["y"] + lao["height"] <= english["y"] + 1
        assert abs(lao["x"] - english["x"]) < 2
        assert "The referral chain" in page.locator(".parallel").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
