import pytest
from django.contrib.auth import get_user_model

from courses.manual.translation_status import TranslationStatus, pages_with_translation_status
from courses.models import ManualChapterPage, ManualPage
from lms.demo import publish_page, publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual_in_three_states(home_pages):
    """An English manual whose chapters are untranslated, translated then changed, and current."""
    manual = ManualPage(title="Manual", slug="manual")
    home_pages["en"].add_child(instance=manual)
    manual = publish_page(manual)
    publish_translation(manual, "lo", title="ປຶ້ມຄູ່ມື")
    chapters = {}
    for slug in ("missing", "stale", "current"):
        chapter = ManualChapterPage(title=slug.title(), slug=slug, body=[])
        manual.add_child(instance=chapter)
        chapters[slug] = publish_page(chapter)
    publish_translation(chapters["stale"], "lo", title="ບົດເກົ່າ")
    publish_translation(chapters["current"], "lo", title="ບົດໃໝ່")
    # The English chapter changes after its Lao translation was published.
    chapters["stale"].title = "Stale, revised"
    publish_page(chapters["stale"])
    return manual, chapters


def test_report_classifies_missing_stale_and_current_translations(manual_in_three_states):
    manual, chapters = manual_in_three_states
    statuses = {page.pk: page.translation_status for page in pages_with_translation_status()}
    assert statuses[chapters["missing"].pk] == TranslationStatus.MISSING
    assert statuses[chapters["stale"].pk] == TranslationStatus.STALE
    assert statuses[chapters["current"].pk] == TranslationStatus.CURRENT
    assert statuses[manual.pk] == TranslationStatus.CURRENT


def test_a_lao_translation_that_is_not_live_counts_as_stale(manual_in_three_states):
    _manual, chapters = manual_in_three_states
    lao = ManualChapterPage.objects.get(
        translation_key=chapters["current"].translation_key, locale__language_code="lo"
    )
    lao.unpublish()
    statuses = {page.pk: page.translation_status for page in pages_with_translation_status()}
    assert statuses[chapters["current"].pk] == TranslationStatus.STALE


def test_report_lists_only_english_pages_of_the_courses_app(manual_in_three_states, home_pages):
    pages = list(pages_with_translation_status())
    assert all(page.locale.language_code == "en" for page in pages)
    assert home_pages["en"].pk not in {page.pk for page in pages}


def test_admin_report_shows_statuses_and_filters_them(client, manual_in_three_states):
    _manual, chapters = manual_in_three_states
    admin = get_user_model().objects.create_superuser("boss", "boss@example.la", "x")
    client.force_login(admin)
    response = client.get("/admin/reports/translation-status/")
    html = response.content.decode()
    assert response.status_code == 200
    # The admin follows the active language: Lao unless the user chose English.
    assert "ຍັງບໍ່ມີສະບັບແປພາສາລາວ" in html and "ສະບັບແປພາສາລາວ ລ້າສະໄໝ" in html
    assert f"/admin/translation/submit/page/{chapters['missing'].pk}/" in html

    response = client.get("/admin/reports/translation-status/", {"translation_status": "stale"})
    listed = {page.pk for page in response.context["object_list"]}
    assert listed == {chapters["stale"].pk}


def test_learners_cannot_open_the_report(client, manual_in_three_states):
    learner = get_user_model().objects.create_user("learner-y", password="x")
    client.force_login(learner)
    response = client.get("/admin/reports/translation-status/")
    assert response.status_code in (302, 403)
