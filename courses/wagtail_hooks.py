"""Admin registrations of the courses app, one clearly separated section per area."""

from django.dispatch import receiver
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet

from courses.accounts import admin as accounts_admin
from courses.certificates import admin as certificates_admin

# Training events: listings, participants, sign-in sheets, duplicates (importing registers them).
from courses.events import admin as _events_admin  # noqa: F401
from courses.manual.translation_status import TranslationStatusView

# ---------------------------------------------------------------------------
# Manual: glossary snippet, translation-status report, PDF rebuilt on publish
# ---------------------------------------------------------------------------
from courses.models import GlossaryTerm, ManualChapterPage, ManualPage, ManualSectionPage
from lms.admin_auth import refusals_as_403
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
        from courses.manual.pdf import rebuild_after_publish

        rebuild_after_publish(instance)


# --- end of the manual section ---------------------------------------------


# ---------------------------------------------------------------------------
# Learning: certificates and learner accounts, under /admin/learning/
# ---------------------------------------------------------------------------
@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    urls = [*certificates_admin.urlpatterns, *accounts_admin.urlpatterns]
    return [
        path(
            "learning/",
            include((refusals_as_403(urls), "courses_admin"), namespace="courses_admin"),
        )
    ]


# --- end of the learning section -------------------------------------------
