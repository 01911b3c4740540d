"""A Lao trainer edits and publishes a lesson in the Lao admin, on a phone and on a desktop.

The admin speaks the account's language (its Wagtail preference). Every step is checked
for English interface text: any visible string that is one of Wagtail's, Django's or the
project's English messages, and the chooser and publish labels by name.
"""

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from wagtail.users.models import UserProfile

from courses.models import LessonPage
from lms import groups
from lms.demo import build_home_pages
from tests.browser import DESKTOP, PHONE, chromium_page, save_screenshot
from tests.factories import PASSWORD, make_course, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARAGRAPH_LO = "ຜູ້ຖືກເຄາະຮ້າຍມີສິດໄດ້ຮັບການຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ."
CATALOGUES = [
    settings.BASE_DIR / "locale" / "admin" / "lo" / "LC_MESSAGES" / "django.po",
    settings.BASE_DIR / "locale" / "admin" / "lo" / "LC_MESSAGES" / "djangojs.po",
    settings.BASE_DIR / "locale" / "lo" / "LC_MESSAGES" / "django.po",
]


@cache
def english_messages() -> frozenset[str]:
    """The English of every interface message of two words or more, placeholders cut at."""
    messages = set()
    for path in CATALOGUES:
        with open(path, "rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                for text in ids:
                    for piece in re.split(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>", text or ""):
                        piece = piece.strip(" .:,;!?()\n")
                        if len(piece.split()) >= 2 and re.fullmatch(r"[A-Za-z ’'\-,]+", piece):
                            messages.add(piece)
    return frozenset(messages)


def english_in(page) -> list[str]:
    text = " ".join(page.locator("body").inner_text().split())
    found = [
        m
        for m in english_messages()
        if re.search(rf"(?<![A-Za-z]){re.escape(m)}(?![A-Za-z])", text)
    ]
    found += re.findall(r"\bChoose [^\s]+", text)
    return sorted(found)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_lao_trainer_edits_and_publishes_a_lesson_in_lao(live_server, locales, viewport):
    course = make_course(build_home_pages(), sector_code="police", lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    trainer = make_user("lao-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"])
    UserProfile.objects.update_or_create(user=trainer, defaults={"preferred_language": "lo"})

    # An English browser: the account's preference, not the browser, decides.
    with chromium_page(viewport=viewport, locale="en-GB") as page:
        page.goto(live_server.url + "/admin/login/?next=/admin/")
        page.fill("#id_username", "lao-trainer")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("form button[type=submit]").last.click()
        assert page.locator("html").get_attribute("lang") == "lo"
        assert english_in(page) == [], "dashboard"
        save_screenshot(page, f"lao-admin-{viewport['width']}-dashboard")

        page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "lo"
        assert english_in(page) == [], "editor"
        # The StreamField's block chooser, in Lao, then a paragraph typed into it.
        page.locator("button.c-sf-add-button").last.click()
        options = page.locator('[role="option"]')
        assert options.count() > 0
        assert all(re.search(r"[\u0e80-\u0eff]", text) for text in options.all_inner_texts())
        options.filter(has_text="ຂໍ້ຄວາມ").first.click()
        editor = page.locator('[contenteditable="true"]').last
        editor.click()
        page.keyboard.type(PARAGRAPH_LO)
        assert english_in(page) == [], "block added"
        save_screenshot(page, f"lao-admin-{viewport['width']}-editor")

        # Publish sits in the footer's menu, next to "save draft"; wait for autosave first.
        page.locator("#id_title").focus()
        page.wait_for_timeout(1_000)
        page.wait_for_selector(".w-autosave-indicator__state--saving", state="hidden")
        publish = page.locator('button[name="action-publish"]')
        if not publish.is_visible():
            page.locator("footer .w-dropdown__toggle").first.click()
        assert "ເຜີຍແຜ່" in publish.inner_text()
        with page.expect_navigation():
            publish.click()
        messages = " ".join(page.locator(".messages").all_inner_texts())
        assert (
            "ເຜີຍແຜ່" in messages
            and re.search(r"[A-Za-z]{3,}", messages.replace(lesson.title, "")) is None
        ), messages
        assert english_in(page) == [], "after publishing"
        save_screenshot(page, f"lao-admin-{viewport['width']}-published")

    lesson.refresh_from_db()
    assert lesson.live and not lesson.has_unpublished_changes
    assert PARAGRAPH_LO in str(lesson.body[-1].value)
