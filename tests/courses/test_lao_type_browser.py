"""Lao type on the site, in headless Chromium: law quotations upright in Lao, glossary
headwords as large in both languages, and no PDF word breaks in the pages."""

import pytest

from lms.pdf import WORD_BREAK
from tests.browser import DESKTOP, chromium_page

# Serialized rollback restores the migrations' reference data after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUOTATION_STYLE = """() => {
    const quote = document.querySelector(".legal-provision__text");
    const text = getComputedStyle(quote.querySelector("p"));
    return {fontStyle: text.fontStyle, rule: getComputedStyle(quote).borderInlineStartWidth};
}"""
HEADWORD_SIZES = """() => [...document.querySelectorAll(".glossary__terms")].map(
    (terms) => [...terms.querySelectorAll("[lang]")].map((term) => getComputedStyle(term).fontSize)
)"""


@pytest.fixture
def demo_manual(home_pages, monkeypatch, settings, tmp_path):
    from courses.demo import manual as demo_manual
    from courses.manual import pdf

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "rebuild_after_publish", lambda page: None)
    demo_manual.load()


def test_lao_quotations_stay_upright_and_glossary_headwords_match(live_server, demo_manual):
    with chromium_page(viewport=DESKTOP) as page:
        for language, style in (("lo", "normal"), ("en", "italic")):
            page.goto(f"{live_server.url}/{language}/manual/indicators-and-identification/")
            quotation = page.evaluate(QUOTATION_STYLE)
            assert quotation["fontStyle"] == style
            assert quotation["rule"] != "0px"  # the quotation is still marked, by a rule
            assert WORD_BREAK not in page.content()

            page.goto(f"{live_server.url}/{language}/manual/glossary/")
            entries = page.evaluate(HEADWORD_SIZES)
            assert entries
            for lao, english in entries:
                assert lao == english
            assert WORD_BREAK not in page.content()
