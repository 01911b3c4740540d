"""Admin menus for the registry of people and its reference lists."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.log_actions import log as log_action
from wagtail.snippets.models import register_snippet

from lms.access import is_administrator, managed_people
from lms.admin_viewsets import SnippetViewSet, SnippetViewSetGroup
from lms.auth import account_link_error, learner_accounts
from lms.choosers import PersonChooserViewSet, user_chooser_viewset
from lms.models import Organisation, Person, Province, Rank, Sector
from lms.protection import protected_records
from lms.reference_choices import reference_choices


class PersonAdminForm(WagtailAdminModelForm):
    """The registry record's form: only administrators link it to a user account, and only to
    a learner's account that no other person has. For everyone else the field is not on the
    form at all, so a posted value is ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._linked_before = self.instance.user_id if self.instance.pk else None
        if "user" not in self.fields:
            return
        if self.for_user is None or not is_administrator(self.for_user):
            del self.fields["user"]
            return
        # Offer only accounts that may be linked (and the one linked now, to keep it).
        allowed = learner_accounts()
        if self._linked_before:
            allowed = allowed | get_user_model()._default_manager.filter(pk=self._linked_before)
        self.fields["user"].queryset = allowed.distinct().order_by("username")

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None and user.pk != self._linked_before:
            error = account_link_error(user, self.instance)
            if error:
                raise forms.ValidationError(error)
        return user

    def save(self, commit=True):
        person = super().save(commit=commit)
        if commit and "user" in self.fields:
            self.log_account_change(person)
        return person

    def log_account_change(self, person):
        """Record in the audit log who linked or unlinked which account, for whom."""
        now_linked = person.user_id
        if now_linked == self._linked_before:
            return
        if self._linked_before:
            log_action(
                instance=person,
                action="lms.account_unlink",
                user=self.for_user,
                data={"person": person.pk, "account_id": self._linked_before},
            )
        if now_linked:
            log_action(
                instance=person,
                action="lms.account_link",
                user=self.for_user,
                data={
                    "person": person.pk,
                    "account_id": now_linked,
                    "account": person.user.get_username(),
                },
            )


def _reference_filter(field_name: str):
    """A filter on a reference table whose choices come from the cache (lms.reference_choices),
    not from a query per listing."""
    field = Person._meta.get_field(field_name)
    return django_filters.ChoiceFilter(
        label=capfirst(field.verbose_name),
        choices=lambda: reference_choices(field.related_model),
    )


class PersonFilterSet(WagtailFilterSet):
    sector = _reference_filter("sector")
    province = _reference_filter("province")
    organisation = _reference_filter("organisation")

    class Meta:
        model = Person
        fields = ["sex", "sector", "province", "organisation"]


class PersonViewSet(SnippetViewSet):
    model = Person
    # Each trainer lists, exports, opens and changes only their people; deleting is
    # administrators' only (model permission).
    scope = managed_people
    # Searched with the registry's matcher; results tell namesakes apart (lms.choosers).
    chooser_viewset_class = PersonChooserViewSet
    icon = "user"
    menu_label = _("People")
    list_display = ["name_lo", "name_latin", "sex", "sector", "organisation", "province", "phone"]
    filterset_class = PersonFilterSet
    list_export = [
        "name_lo",
        "name_latin",
        "sex",
        "birth_year",
        "sector",
        "organisation",
        "position",
        "rank",
        "province",
        "phone",
        "email",
    ]
    export_filename = "people"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("name_lo"), FieldPanel("name_latin")]),
                    FieldRowPanel([FieldPanel("sex"), FieldPanel("birth_year")]),
                ],
                heading=_("Identity"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("sector"),
                    FieldPanel("organisation"),
                    FieldRowPanel([FieldPanel("position"), FieldPanel("rank")]),
                    FieldPanel("province"),
                ],
                heading=_("Work"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("user", widget=user_chooser_viewset.widget_class),
                ],
                heading=_("Contact and account"),
            ),
        ],
        base_form_class=PersonAdminForm,
    )

    def get_queryset(self, request):
        # The listing's columns and the exports' (rank) read these for every row.
        related = ("sector", "organisation", "province", "rank")
        return super().get_queryset(request).select_related(*related)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name_en", "name_lo", "abbreviation_en", "sector", "level", "province"]
    list_filter = ["sector", "level", "province", "verified"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["code", "iso_code", "name_en", "name_lo"]
    # Searched in the choosers too (the event form): a trainer types the province's name.
    search_fields = ["name_en", "name_lo", "code"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["code", "name_en", "name_lo", "sort_order"]


class RankViewSet(SnippetViewSet):
    model = Rank
    icon = "pick"
    list_display = ["name_en", "name_lo", "abbreviation_lo"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Registry")
    menu_icon = "user"
    menu_order = 200
    items = (PersonViewSet, OrganisationViewSet, ProvinceViewSet, SectorViewSet, RankViewSet)


register_snippet(RegistryViewSetGroup)


@hooks.register("before_delete_snippet", order=100)
def refuse_deleting_what_records_stand_on(request, instances):
    """Nothing the reports or a learner's record stand on is deleted: the page lists why.

    Views that explain a refusal themselves (the event's delete page) say so on the request.
    """
    if getattr(request, "explains_protected_records", False):
        return None
    records = protected_records(instances)
    if not records:
        return None
    back = reverse(instances[0].snippet_viewset.get_url_name("list"))
    return _refusal(request, instances, records, back)


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_records(request, page):
    """A course (or a section holding one) with enrolments, attempts or certificates stays."""
    records = protected_records(page.get_descendants(inclusive=True).specific())
    if not records:
        return None
    return _refusal(request, [page], records, reverse("wagtailadmin_explore", args=[page.pk]))


def _refusal(request, instances, records, back_url):
    context = {"objects": instances, "records": records, "back_url": back_url}
    return render(request, "lms/admin/delete_refused.html", context, status=409)
