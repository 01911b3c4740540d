"""Admin registrations of the courses app, one clearly separated section per area."""

from django.dispatch import receiver
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet

# ---------------------------------------------------------------------------
# Manual: glossary snippet, translation-status report, PDF rebuilt on publish
# ---------------------------------------------------------------------------
from courses.models import GlossaryTerm, ManualChapterPage, ManualPage, ManualSectionPage
from courses.translation_status import TranslationStatusView
from lms.admin_viewsets import SnippetViewSet


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["term_en", "term_lo", "sector", "verified"]
    list_filter = ["sector", "verified"]
    list_export = ["term_en", "term_lo", "definition_en", "definition_lo", "sector", "verified"]
    export_filename = "glossary"


register_snippet(GlossaryTermViewSet)


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusView.as_view(),
            name="courses_translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="courses_translation_status_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("courses_translation_status"),
        name="translation-status",
        icon_name="globe",
        order=700,
    )


@receiver(page_published)
def rebuild_manual_pdf(sender, instance, **kwargs):
    if isinstance(instance, ManualPage | ManualChapterPage | ManualSectionPage):
        from courses.pdf import rebuild_after_publish

        rebuild_after_publish(instance)


# --- end of the manual section ---------------------------------------------


# ---------------------------------------------------------------------------
# Courses: certificates and learner accounts (views and hooks in courses/course_admin.py)
# ---------------------------------------------------------------------------
import courses.course_admin  # noqa: E402, F401  (importing registers its hooks)

# --- Training events: listings, participants, sign-in sheets, duplicates ---
import courses.event_admin  # noqa: E402, F401  (importing registers its hooks)

# --- end of the courses section --------------------------------------------
