"""The page cache (lms.page_cache): shared pages for anonymous readers, in their language,
refreshed on publish, and never a signed-in reader's page or a page with a form token."""

import pytest
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.test import RequestFactory

from courses.models import GlossaryTerm, ManualChapterPage, ManualPage
from lms import page_cache
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    caches[page_cache.CACHE_ALIAS].clear()


def lao_chapter():
    return ManualChapterPage.objects.live().filter(locale__language_code="lo").first()


def test_second_anonymous_request_makes_no_database_queries(
    demo_manual_site, client, django_assert_num_queries
):
    url = lao_chapter().url
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize("route", ["", "glossary/"])
def test_manual_and_its_glossary_are_cached(demo_manual_site, client, route):
    url = demo_manual_site["en"].url + route
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_publishing_a_chapter_refreshes_its_cached_page(demo_manual_site, client):
    chapter = lao_chapter()
    client.get(chapter.url)
    chapter.title = "ບົດທີ່ປັບປຸງໃໝ່"
    chapter.save_revision().publish()
    response = client.get(chapter.url)
    assert response["X-Page-Cache"] == "miss"
    assert "ບົດທີ່ປັບປຸງໃໝ່" in response.content.decode()


def test_unpublished_chapter_is_no_longer_served(demo_manual_site, client):
    chapter = lao_chapter()
    assert chapter.title in client.get(chapter.url).content.decode()
    chapter.unpublish()
    # The address now serves the English chapter with a notice (ManualPage.route).
    response = client.get(chapter.url)
    assert response["X-Page-Cache"] == "miss"
    assert chapter.title not in response.content.decode()


def test_glossary_edit_refreshes_the_cached_glossary(demo_manual_site, client):
    url = demo_manual_site["lo"].url + "glossary/"
    client.get(url)
    term = GlossaryTerm.objects.first()
    term.term_lo = "ຄຳສັບທົດລອງ"
    term.save()
    assert "ຄຳສັບທົດລອງ" in client.get(url).content.decode()


def test_signed_in_learner_is_never_served_the_cached_copy(demo_manual_site, client):
    url = lao_chapter().url
    client.get(url)
    client.force_login(make_user("reader"))
    response = client.get(url)
    assert "X-Page-Cache" not in response
    # The learner's page: a sign-out form with its token, no "Sign in" link.
    assert "csrfmiddlewaretoken" in response.content.decode()
    client.logout()
    anonymous = client.get(url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_signed_out_reader_sees_the_sign_out_message_on_a_cached_page(demo_manual_site, client):
    home = demo_manual_site["lo"].get_parent()
    client.get(home.url)
    client.force_login(make_user("reader"))
    response = client.post("/lo/account/logout/", follow=True)
    assert response.redirect_chain[-1][0] == home.url
    assert "ທ່ານໄດ້ອອກຈາກລະບົບແລ້ວ" in response.content.decode()
    # Not stored with the message either: the next anonymous reader gets the shared page.
    assert "ທ່ານໄດ້ອອກຈາກລະບົບແລ້ວ" not in client.get(home.url).content.decode()


def test_lao_and_english_pages_stay_apart(demo_manual_site, client):
    lao, english = demo_manual_site["lo"], demo_manual_site["en"]
    for _ in range(2):
        assert '<html lang="lo">' in client.get(lao.url).content.decode()
        assert '<html lang="en">' in client.get(english.url).content.decode()
    # The language cookie of an English reader does not make the Lao address English.
    client.cookies["django_language"] = "en"
    assert '<html lang="lo">' in client.get(lao.url).content.decode()


@pytest.mark.parametrize("cookie", ["en", "lo"])
def test_address_without_language_follows_the_cookie_every_time(demo_manual_site, client, cookie):
    client.cookies["django_language"] = cookie
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == f"/{cookie}/"


def test_query_string_is_never_served_from_the_cache(demo_manual_site, client):
    url = lao_chapter().url
    client.get(url)
    assert "X-Page-Cache" not in client.get(url + "?utm=x")


def chapter_response(request):
    return TemplateResponse(request, "base.html", {"page": ManualPage()}).render()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda request, response: get_token(request),
        lambda request, response: response.set_cookie("seen", "1"),
        lambda request, response: response.__setitem__("Cache-Control", "private"),
        lambda request, response: response.__setitem__("Vary", "User-Agent"),
    ],
    ids=["csrf-token", "cookie", "private", "varies-on-user-agent"],
)
def test_page_with_a_token_cookie_or_private_header_is_not_stored(spoil):
    request = RequestFactory().get("/lo/manual/")
    response = chapter_response(request)
    assert page_cache.may_store(request, response)
    spoil(request, response)
    assert not page_cache.may_store(request, response)


def test_lesson_pages_are_not_stored():
    from courses.models import LessonPage

    request = RequestFactory().get("/lo/courses/x/y/")
    response = TemplateResponse(request, "base.html", {"page": LessonPage()}).render()
    assert not page_cache.may_store(request, response)
