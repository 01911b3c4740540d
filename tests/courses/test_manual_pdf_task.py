"""Publishing queues the manual's PDFs for the background worker instead of rendering them;
readers meanwhile get the previous PDF, or are told it is being prepared."""

import pytest
from django.core.files.storage import default_storage
from django_tasks_db.models import DBTaskResult

from courses.manual.pdf import build_chapter_pdf, build_manual_pdfs, rebuild_after_publish
from courses.models import ManualChapterPage
from lms.demo import publish_page
from tests.lms.test_tasks import DATABASE_BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def queue_on_database(settings):
    settings.TASKS = DATABASE_BACKEND


def queued_pdf_builds():
    return list(
        DBTaskResult.objects.filter(task_path="courses.manual.pdf.build_manual_pdfs").values_list(
            "args_kwargs", flat=True
        )
    )


def test_publishing_a_chapter_queues_its_pdfs_instead_of_rendering_them(
    demo_manual_site, queue_on_database, monkeypatch, django_capture_on_commit_callbacks
):
    def no_rendering(html):
        raise AssertionError("a PDF was rendered while publishing")

    monkeypatch.setattr("courses.manual.pdf.render_pdf", no_rendering)
    chapter = ManualChapterPage.objects.child_of(demo_manual_site["lo"]).first()
    chapter.title = "ບົດທີ່ແກ້ໄຂ"
    with django_capture_on_commit_callbacks(execute=True):
        publish_page(chapter)
    assert {"args": [demo_manual_site["lo"].pk, chapter.pk], "kwargs": {}} in queued_pdf_builds()


def test_the_worker_builds_the_manual_and_the_chapter_pdfs(demo_manual_site):
    chapter = ManualChapterPage.objects.child_of(demo_manual_site["en"]).first()
    manual_name, chapter_name = build_manual_pdfs.call(demo_manual_site["en"].pk, chapter.pk)
    assert default_storage.exists(manual_name) and default_storage.exists(chapter_name)
    assert chapter_name == build_chapter_pdf(chapter)  # stored: no second rendering


def test_readers_get_the_previous_pdf_while_the_new_one_is_built(
    client, demo_manual_site, queue_on_database, django_capture_on_commit_callbacks
):
    chapter = ManualChapterPage.objects.child_of(demo_manual_site["lo"]).first()
    previous = build_chapter_pdf(chapter)
    chapter.title = "ບົດທີ່ແກ້ໄຂ"
    with django_capture_on_commit_callbacks(execute=True):
        publish_page(chapter)
    response = client.get(chapter.url + "pdf/")
    assert response.status_code == 200
    with default_storage.open(previous, "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert queued_pdf_builds()


def test_readers_are_told_the_first_pdf_is_being_prepared(
    client, demo_manual_site, queue_on_database
):
    response = client.get("/lo/manual/pdf/")
    assert response.status_code == 202
    page = response.content.decode()
    assert 'http-equiv="refresh"' in page
    assert queued_pdf_builds() == [{"args": [demo_manual_site["lo"].pk, None], "kwargs": {}}]
    client.get("/lo/manual/pdf/")  # asking again queues nothing more
    assert len(queued_pdf_builds()) == 1


def test_publishing_outside_a_manual_queues_nothing(home_pages, queue_on_database):
    rebuild_after_publish(home_pages["lo"])
    assert not queued_pdf_builds()
