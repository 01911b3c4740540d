import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page

from lms.models import HomePage

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load lms_format %}" + source).render(Context(context))


def test_visitor_without_preference_gets_lao(client, home_pages):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/lo/"


def test_visitor_asking_for_english_gets_english(client, home_pages):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Location"] == "/en/"


def test_lao_page_is_marked_lao_and_uses_lao_strings(client, home_pages):
    response = client.get("/lo/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="lo">' in html
    assert "ເຂົ້າສູ່ລະບົບ" in html  # "Sign in" from the Lao catalogue
    assert home_pages["lo"].title in html


def test_english_page_is_marked_english(client, home_pages):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Counter-Trafficking Justice Training" in html


def test_switcher_goes_to_the_same_page_in_the_other_language(client, home_pages):
    lao_child = HomePage(title="ຂ່າວ", slug="news", locale=home_pages["lo"].locale)
    # A second page under the Lao home, translated into English.
    Page.objects.get(pk=home_pages["lo"].pk).add_child(instance=lao_child)
    lao_child.save_revision().publish()
    from lms.demo import publish_translation

    english = publish_translation(lao_child, "en", title="News")
    html = client.get("/lo/news/").content.decode()
    assert "next=%2Fen%2Fnews%2F" in html
    response = client.get("/language/", {"language": "en", "next": english.url})
    assert response.status_code == 302
    assert response["Location"] == "/en/news/"
    assert response.cookies["django_language"].value == "en"


def test_switcher_says_when_no_translation_exists(client, home_pages):
    untranslated = HomePage(title="ສະເພາະພາສາລາວ", slug="lao-only", locale=home_pages["lo"].locale)
    Page.objects.get(pk=home_pages["lo"].pk).add_child(instance=untranslated)
    untranslated.save_revision().publish()
    html = client.get("/lo/lao-only/").content.decode()
    assert "ໜ້ານີ້ຍັງບໍ່ທັນໄດ້ແປ" in html
    assert "next=%2Fen%2F" in html  # offers the English home instead


def test_switch_language_refuses_to_redirect_off_site(client):
    response = client.get("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_dates_and_numbers_follow_lao_conventions():
    with translation.override("lo"):
        assert render("{{ d|local_date }}", d=datetime.date(2025, 3, 8)) == "8 ມີນາ 2025"
        assert render("{{ n|local_number }}", n=Decimal("1234.5")) == "1.234,5"
        assert render("{{ n|local_percent:1 }}", n=0.875) == "87,5%"
        # Django's own date filter uses the lms.formats.lo module, not US formats.
        assert Template("{{ d|date }}").render(Context({"d": datetime.date(2025, 3, 8)})) == (
            "8/3/2025"
        )


def test_dates_and_numbers_follow_english_conventions():
    with translation.override("en"):
        assert render("{{ d|local_date }}", d=datetime.date(2025, 3, 8)) == "March 8, 2025"
        assert render("{{ n|local_number }}", n=Decimal("1234.5")) == "1,234.5"


def test_lao_digits_are_optional():
    with translation.override("lo"):
        assert render("{{ n|local_number }}", n=2016) == "2.016"
        with override_settings(LAO_DIGITS=True):
            assert render("{{ n|local_number }}", n=2016) == "໒.໐໑໖"
        assert render("{{ n|lao_digits }}", n=41) == "໔໑"


def test_plural_messages_use_the_lao_rule_of_one_form():
    singular = "This password is too short. It must contain at least %d character."
    plural = "This password is too short. It must contain at least %d characters."
    with translation.override("lo"):
        assert translation.ngettext(singular, plural, 1) == translation.ngettext(
            singular, plural, 8
        )
        assert (translation.ngettext(singular, plural, 8) % 8).startswith("ລະຫັດຜ່ານນີ້ສັ້ນເກີນໄປ")
    with translation.override("en"):
        assert translation.ngettext(singular, plural, 8).endswith("characters.")
