"""Admin menus for the registry of people and its reference lists."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet

from lms.admin_viewsets import SnippetViewSet, SnippetViewSetGroup
from lms.models import Organisation, Person, Province, Rank, Sector


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name_lo", "name_latin", "sex", "sector", "organisation", "province", "phone"]
    list_filter = ["sex", "sector", "province", "organisation"]
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
    panels = [
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
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]), FieldPanel("user")],
            heading=_("Contact and account"),
        ),
    ]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name_en", "name_lo", "abbreviation_en", "sector", "level", "province"]
    list_filter = ["sector", "level", "province", "verified"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["code", "iso_code", "name_en", "name_lo"]


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

# The Indicators dashboard and targets (lms/reports/wagtail_hooks.py).
from lms.reports import wagtail_hooks as _report_hooks  # noqa: E402, F401
