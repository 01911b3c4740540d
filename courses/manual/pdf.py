"""The manual as PDF: the whole manual per language and single chapters, via WeasyPrint.

PDFs are built by the background worker (lms.tasks' backend) once a manual page is
published, and kept in the default storage under a name carrying a fingerprint of the
published content (latest publication time and page count). A reader's request never
renders: it serves the stored PDF, or while a fresh one is being built the previous one,
or (before the first is built) a page saying it is being prepared.
Learner copies: trainer notes are left out. Fonts are the bundled Noto TTFs, which
WeasyPrint shapes with HarfBuzz so Lao vowels and tone marks stack correctly.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max
from django.http import FileResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from wagtail.models import Page

from lms.pdf import render_pdf

# Bump when the PDF templates or styles change, so stored PDFs are rebuilt.
LAYOUT_VERSION = "3"
PDF_DIR = "manual-pdf"


def _fingerprint(root: Page) -> str:
    """Changes whenever a page of ``root``'s subtree is published, unpublished or removed."""
    state = (
        Page.objects.descendant_of(root, inclusive=True)
        .live()
        .aggregate(latest=Max("last_published_at"), pages=Count("id"))
    )
    raw = f"{LAYOUT_VERSION}|{root.pk}|{state['latest']}|{state['pages']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _stored_name(kind: str, root: Page) -> tuple[str, str]:
    prefix = f"{PDF_DIR}/{kind}-{root.pk}-"
    return prefix, f"{prefix}{_fingerprint(root)}.pdf"


def _manual_html(manual) -> str:
    from courses.models import ManualSectionPage

    chapters = []
    for number, chapter in enumerate(manual.chapters().specific(), 1):
        sections = ManualSectionPage.objects.child_of(chapter).live().order_by("path")
        chapters.append(
            {
                "number": number,
                "page": chapter,
                "sections": [(f"{number}.{n}", s) for n, s in enumerate(sections, 1)],
            }
        )
    return _render(manual, chapters, title=manual.title)


def _chapter_html(chapter) -> str:
    from courses.models import ManualSectionPage

    manual = chapter.get_parent().specific
    number = list(manual.chapters().values_list("pk", flat=True)).index(chapter.pk) + 1
    sections = ManualSectionPage.objects.child_of(chapter).live().order_by("path")
    chapters = [
        {
            "number": number,
            "page": chapter,
            "sections": [(f"{number}.{n}", s) for n, s in enumerate(sections, 1)],
        }
    ]
    return _render(manual, chapters, title=chapter.title)


def _render(manual, chapters, title) -> str:
    language = manual.locale.language_code
    with translation.override(language):
        return render_to_string(
            "courses/manual/pdf/manual.html",
            {
                "manual": manual,
                "chapters": chapters,
                "title": title,
                "language": language,
                "glossary_url": manual.full_url + "glossary/" if manual.full_url else "",
                "site_url": settings.WAGTAILADMIN_BASE_URL,
            },
        )


def _stored_before(prefix: str) -> str | None:
    """A PDF of an earlier fingerprint of the same manual or chapter, if one is stored."""
    # Listed, not tested with exists(): an S3 store has no folders, only names.
    try:
        _dirs, stored = default_storage.listdir(PDF_DIR)
    except FileNotFoundError:
        return None
    names = sorted(f"{PDF_DIR}/{n}" for n in stored if f"{PDF_DIR}/{n}".startswith(prefix))
    return names[-1] if names else None


def _build(kind: str, root: Page, html_builder) -> str:
    prefix, name = _stored_name(kind, root)
    if default_storage.exists(name):
        return name
    pdf = render_pdf(html_builder(root))
    # The earlier PDFs stay until the fresh one is stored: readers are served them meanwhile.
    saved = default_storage.save(name, ContentFile(pdf))
    _dirs, stored = default_storage.listdir(PDF_DIR)
    for old in stored:
        old = f"{PDF_DIR}/{old}"
        if old.startswith(prefix) and old != saved:
            default_storage.delete(old)
    return saved


def build_manual_pdf(manual) -> str:
    """Store the whole manual's PDF (if not stored yet) and return its storage name."""
    return _build("manual", manual, _manual_html)


def build_chapter_pdf(chapter) -> str:
    """Store one chapter's PDF (with its sections) and return its storage name."""
    return _build("chapter", chapter, _chapter_html)


# On the "background" backend (settings.TASKS): the worker builds, never the request.
@task(backend="background")
def build_manual_pdfs(manual_id: int, chapter_id: int | None = None) -> list[str]:
    """Build the live manual's PDF and, given one, its live chapter's; returns their names."""
    from courses.models import ManualChapterPage, ManualPage

    built = []
    manual = ManualPage.objects.live().filter(pk=manual_id).first()
    if manual is not None:
        built.append(build_manual_pdf(manual))
    chapter = ManualChapterPage.objects.live().filter(pk=chapter_id).first() if chapter_id else None
    if chapter is not None:
        built.append(build_chapter_pdf(chapter))
    return built


def _queue_build(manual_id: int, chapter_id: int | None, name: str) -> None:
    """Queue the build of ``name`` once per few minutes, however many readers ask for it."""
    if cache.add(f"manual-pdf-queued:{name}", True, timeout=300):
        build_manual_pdfs.enqueue(manual_id, chapter_id)


def _pdf_response(request, kind: str, root: Page, manual_id: int, chapter_id: int | None):
    """The stored PDF of ``root``; the previous one while it is rebuilt; else "being prepared"."""
    language = root.locale.language_code
    filename = f"{root.slug}-{language}.pdf"
    prefix, name = _stored_name(kind, root)
    if not default_storage.exists(name):
        _queue_build(manual_id, chapter_id, name)
        if not default_storage.exists(name):  # the backend may have built it at once
            name = _stored_before(prefix)
    if name is None:
        response = render(
            request,
            "courses/manual/pdf_pending.html",
            {"page": root, "retry_seconds": 10},
            # Accepted: the request is taken and the file is on its way (not a server error).
            status=202,
        )
        return response
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


def manual_pdf_response(request, manual):
    return _pdf_response(request, "manual", manual, manual.pk, None)


def chapter_pdf_response(request, chapter):
    return _pdf_response(request, "chapter", chapter, chapter.get_parent().pk, chapter.pk)


def rebuild_after_publish(page) -> None:
    """Queue, once the publishing transaction commits, the build of ``page``'s manual PDF
    and of its chapter's: the request only writes a row for the worker.

    Publishing many pages in one transaction queues several builds: the first one builds,
    the others find the PDFs of the same fingerprint already stored.
    """
    from courses.models import ManualChapterPage, ManualPage

    manual = ManualPage.objects.ancestor_of(page, inclusive=True).first()
    if manual is None:
        return
    chapter = ManualChapterPage.objects.ancestor_of(page, inclusive=True).first()
    chapter_id = chapter.pk if chapter else None
    transaction.on_commit(lambda: build_manual_pdfs.enqueue(manual.pk, chapter_id))
