"""A trainer prepares the ZIP of a workshop's certificates in headless Chromium: in Lao on a
360 px phone and in English on a desktop. A double tap on the button makes one job; the
status page says the file is being prepared, follows the worker's progress and gives the
file; another sector's trainer opening the job's address finds nothing.
"""

import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from courses.certificates.issue import issue_certificate
from courses.models import CertificateKind
from lms import groups
from lms.jobs.models import FileJob, JobStatus
from tests.browser import DESKTOP, PHONE, chromium_page, save_screenshot
from tests.factories import PASSWORD, LearnerFactory, attend, make_event, make_user
from tests.lms.test_tasks import DATABASE_BACKEND, run_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CERTIFICATES = 3


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


@pytest.mark.parametrize(
    ("language", "viewport", "browser_locale"),
    [("lo", PHONE, "lo-LA"), ("en", DESKTOP, "en-GB")],
    ids=["lao-phone", "english-desktop"],
)
def test_a_trainer_prepares_a_workshops_certificates_as_one_zip(
    live_server, locales, settings, tmp_path, language, viewport, browser_locale
):
    settings.TASKS = DATABASE_BACKEND
    trainer = make_user("zip-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"])
    UserProfile.objects.update_or_create(user=trainer, defaults={"preferred_language": language})
    make_user("judge-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["judge"])
    event = make_event(title_en="Luang Prabang workshop", session_hours=(4,))
    event.trainers.add(trainer.person)
    for n in range(CERTIFICATES):
        person = LearnerFactory(name_latin=f"Learner {n}")
        attend(event, person, ["present"])
        issue_certificate(person, CertificateKind.PARTICIPATION, event=event)
    with translation.override(language):
        prepare = gettext("Prepare the ZIP")
        download = gettext("Download the file")

    with chromium_page(viewport=viewport, locale=browser_locale) as page:
        sign_in(page, live_server.url, "zip-trainer")
        # From the workshop's certificates page, where its ZIP button is.
        page.goto(live_server.url + reverse("courses_admin:event_certificates", args=[event.pk]))
        assert page.locator("html").get_attribute("lang") == language
        # The wrong turn: an impatient double tap on the button.
        button = page.get_by_role("button", name=prepare)
        button.dblclick()
        page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
        page.wait_for_load_state("domcontentloaded")
        assert FileJob.objects.count() == 1
        job = FileJob.objects.get()
        assert job.status == JobStatus.QUEUED
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        save_screenshot(page, f"zip-{language}-waiting")

        run_worker()
        job.refresh_from_db()
        assert job.status == JobStatus.READY, job.error
        # The page follows the job by itself (it asks again every second, or refreshes).
        link = page.get_by_role("link", name=download)
        link.wait_for(timeout=20_000)
        body = page.locator("body").inner_text()
        if language == "lo":
            assert not re.search(r"\b(ready|download|prepared|file)\b", body, re.I), body
        save_screenshot(page, f"zip-{language}-ready")
        with page.expect_download() as downloaded:
            link.click()
        path = tmp_path / "certificates.zip"
        downloaded.value.save_as(path)
        with zipfile.ZipFile(path) as archive:
            assert len(archive.namelist()) == CERTIFICATES

    # Another sector's trainer, with the job's address: not found.
    with chromium_page(viewport=viewport, locale=browser_locale) as page:
        sign_in(page, live_server.url, "judge-trainer")
        for url in (reverse("jobs:status", args=[job.pk]), reverse("jobs:file", args=[job.pk])):
            response = page.goto(live_server.url + url)
            assert response.status == 404, url
