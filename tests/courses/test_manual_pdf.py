import io
import re

import pytest
from django.core.files.storage import default_storage
from django.utils.html import strip_tags
from pypdf import PdfReader

from courses.manual.pdf import build_chapter_pdf, build_manual_pdf, rebuild_after_publish
from courses.models import ManualChapterPage
from lms.demo import publish_page
from lms.lao import lao_matching_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join(page.extract_text() for page in reader.pages)


def comparable(text: str) -> str:
    """Text as extracted from a PDF and as stored compare equal without whitespace."""
    return re.sub(r"\s+", "", lao_matching_key(text))


def lao_passages(chapter) -> list[str]:
    """The chapter's headings, paragraphs, quoted law and case-study scenarios, as plain text."""
    passages = []
    for block in chapter.body:
        value = block.value
        if block.block_type == "heading":
            passages.append(value["text"])
        elif block.block_type == "paragraph":
            passages += strip_tags(value.source).split("\n")
        elif block.block_type == "legal_provision":
            passages.append(value["text"])
        elif block.block_type == "case_study":
            passages += [value["title"], strip_tags(value["scenario"].source)]
    return [passage for passage in passages if passage.strip()]


def test_manual_pdf_contains_the_lao_text_of_the_first_chapter(demo_manual_site):
    manual = demo_manual_site["lo"]
    first = manual.chapters().specific().first()
    text = comparable(pdf_text(build_manual_pdf(manual)))
    assert comparable(first.title) in text
    for passage in lao_passages(first):
        assert comparable(passage) in text, passage
    assert comparable("ສາລະບານ") in text  # the contents page, in Lao


def test_pdf_leaves_out_trainer_notes(demo_manual_site):
    text = comparable(pdf_text(build_manual_pdf(demo_manual_site["en"])))
    assert comparable("Consent obtained by deception is void") not in text
    assert comparable("Which act, means and purpose can you identify?") in text


def test_pdf_is_cached_until_the_manual_changes(demo_manual_site):
    manual = demo_manual_site["en"]
    first = build_manual_pdf(manual)
    assert build_manual_pdf(manual) == first

    chapter = ManualChapterPage.objects.child_of(manual).first()
    chapter.title = "Concepts, revised"
    publish_page(chapter)
    rebuilt = build_manual_pdf(manual)
    assert rebuilt != first
    assert not default_storage.exists(first)  # the stale PDF is gone
    assert comparable("Concepts, revised") in comparable(pdf_text(rebuilt))


def test_publishing_a_chapter_queues_the_manual_pdf(
    demo_manual_site, django_capture_on_commit_callbacks
):
    chapter = ManualChapterPage.objects.child_of(demo_manual_site["lo"]).first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rebuild_after_publish(chapter)
    assert len(callbacks) == 1
    assert default_storage.exists("manual-pdf") and default_storage.listdir("manual-pdf")[1]


def test_download_views_serve_manual_and_chapter_pdfs(client, demo_manual_site):
    response = client.get("/lo/manual/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "manual-lo.pdf" in response["Content-Disposition"]

    chapter = ManualChapterPage.objects.child_of(demo_manual_site["lo"]).first()
    response = client.get(chapter.url + "pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    name = build_chapter_pdf(chapter)
    assert comparable(chapter.title) in comparable(pdf_text(name))
