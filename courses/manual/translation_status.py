"""The "Translation status" admin report: is each English manual and course page in Lao yet?

English is the source language of the manual and courses. A Lao translation is
*missing*, *stale* (published before the latest English publication, or not live)
or *current*. The classification is one annotated queryset.
"""

import django_filters
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, TextChoices, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from lms.admin_viewsets import ReportView

SOURCE_LANGUAGE = "en"
TARGET_LANGUAGE = "lo"


class TranslationStatus(TextChoices):
    MISSING = "missing", _("Lao translation missing")
    STALE = "stale", _("Lao translation out of date")
    CURRENT = "current", _("Up to date")


def reported_page_models() -> list[type[Page]]:
    """Every page type of the courses app: manual, course and lesson pages."""
    return [
        model
        for model in apps.get_app_config("courses").get_models()
        if issubclass(model, Page) and not model._meta.abstract
    ]


def pages_with_translation_status():
    """Published English manual/course pages annotated with their Lao translation's state."""
    content_types = ContentType.objects.get_for_models(*reported_page_models()).values()
    translation = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=TARGET_LANGUAGE
    )
    return (
        Page.objects.filter(
            locale__language_code=SOURCE_LANGUAGE,
            content_type__in=content_types,
            last_published_at__isnull=False,
        )
        .annotate(
            translation_id=Subquery(translation.values("pk")[:1]),
            translation_title=Subquery(translation.values("title")[:1]),
            translation_published_at=Subquery(translation.values("last_published_at")[:1]),
            translation_live=Subquery(translation.values("live")[:1]),
        )
        .annotate(
            translation_status=Case(
                When(translation_id__isnull=True, then=Value(TranslationStatus.MISSING)),
                When(
                    Q(translation_live=False)
                    | Q(translation_published_at__isnull=True)
                    | Q(translation_published_at__lt=F("last_published_at")),
                    then=Value(TranslationStatus.STALE),
                ),
                default=Value(TranslationStatus.CURRENT),
                output_field=CharField(),
            )
        )
        .select_related("content_type")
        .order_by("path")
    )


class TranslationStatusFilterSet(WagtailFilterSet):
    translation_status = django_filters.ChoiceFilter(
        label=_("Lao translation"), choices=TranslationStatus.choices
    )

    class Meta:
        model = Page
        fields = []


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _translation_url(page):
    """Edit the Lao page, or start translating when there is none."""
    if page.translation_id:
        return _edit_url(page.translation_id)
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


class TranslationStatusView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    index_url_name = "courses_translation_status"
    index_results_url_name = "courses_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = [
        "title",
        "translation_title",
        "translation_status",
        "last_published_at",
        "translation_published_at",
    ]
    export_headings = {
        "title": _("English page"),
        "translation_title": _("Lao page"),
        "translation_status": _("Lao translation"),
        "last_published_at": _("English published"),
        "translation_published_at": _("Lao published"),
    }
    columns = [
        TitleColumn("title", label=_("English page"), get_url=lambda page: _edit_url(page.pk)),
        Column("page_type", label=_("Type"), accessor="content_type.name"),
        StatusTagColumn(
            "translation_status",
            label=_("Lao translation"),
            accessor="get_translation_status_display",
            primary=lambda page: page.translation_status == TranslationStatus.CURRENT,
        ),
        TitleColumn(
            "translation_title",
            label=_("Lao page"),
            get_url=_translation_url,
        ),
        DateColumn("last_published_at", label=_("English published")),
        DateColumn("translation_published_at", label=_("Lao published")),
    ]

    def get_queryset(self):
        return pages_with_translation_status()

    def decorate_paginated_queryset(self, object_list):
        labels = dict(TranslationStatus.choices)
        for page in object_list:
            page.get_translation_status_display = labels[page.translation_status]
            if page.translation_id is None:
                page.translation_title = _("Translate into Lao")
        return object_list
