"""The manual as PDF: the whole manual per language and single chapters, via WeasyPrint.

PDFs are built when a manual page is published and kept in the default storage under
a name carrying a fingerprint of the published content (latest publication time and
page count), so a request serves the stored file and a stale one is rebuilt once.
Learner copies: trainer notes are left out. Fonts are the bundled Noto TTFs, which
WeasyPrint shapes with HarfBuzz so Lao vowels and tone marks stack correctly.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import translation
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


def _build(kind: str, root: Page, html_builder) -> str:
    prefix, name = _stored_name(kind, root)
    if default_storage.exists(name):
        return name
    pdf = render_pdf(html_builder(root))
    _dirs, stored = (
        default_storage.listdir(PDF_DIR) if default_storage.exists(PDF_DIR) else ([], [])
    )
    for old in stored:
        if f"{PDF_DIR}/{old}".startswith(prefix):
            default_storage.delete(f"{PDF_DIR}/{old}")
    return default_storage.save(name, ContentFile(pdf))


def build_manual_pdf(manual) -> str:
    """Store the whole manual's PDF (if not stored yet) and return its storage name."""
    return _build("manual", manual, _manual_html)


def build_chapter_pdf(chapter) -> str:
    """Store one chapter's PDF (with its sections) and return its storage name."""
    return _build("chapter", chapter, _chapter_html)


def _pdf_response(name: str, filename: str) -> FileResponse:
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


def manual_pdf_response(manual) -> FileResponse:
    language = manual.locale.language_code
    return _pdf_response(build_manual_pdf(manual), f"{manual.slug}-{language}.pdf")


def chapter_pdf_response(chapter) -> FileResponse:
    language = chapter.locale.language_code
    return _pdf_response(build_chapter_pdf(chapter), f"{chapter.slug}-{language}.pdf")


def rebuild_after_publish(page) -> None:
    """Build the PDF of ``page``'s manual once the publishing transaction commits.

    Publishing many chapters in one transaction queues several builds: the first one
    builds, the others find the PDF of the same fingerprint already stored.
    """
    from courses.models import ManualPage

    manual = ManualPage.objects.ancestor_of(page, inclusive=True).first()
    if manual is None:
        return

    def build():
        fresh = ManualPage.objects.live().filter(pk=manual.pk).first()
        if fresh is not None:
            build_manual_pdf(fresh)

    transaction.on_commit(build)
