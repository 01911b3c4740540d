"""Searchable choosers for the admin's forms: registry people, user accounts, and a widget
that picks several rows through any chooser (a many-to-many field: an event's trainers).

Wagtail's chooser modal (search, pages of results, one row or several ticked) replaces the
plain lists of every row. What a chooser lists is the user's scope in lms.access, applied
by the scoped views of lms.admin_viewsets: the people chooser is the registry snippet's own
(PersonViewSet.chooser_viewset_class), so it is scoped like the People listing; a row
outside the scope is not found, chosen or not.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.telepath import JSContext
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.views.chooser import ChooseResultsView as SnippetChooseResultsView
from wagtail.snippets.views.chooser import ChooseView as SnippetChooseView

from lms.access import is_administrator
from lms.admin_viewsets import SnippetChooserViewSet, _scoped
from lms.auth import learner_accounts
from lms.models import Person
from lms.people.matching import search_people

__all__ = [
    "MultipleChooser",
    "PersonChooserViewSet",
    "ScopedChooserViewSet",
    "UserChooserViewSet",
    "account_choices",
]


class SearchForm(BaseFilterForm):
    """The modal's search box; ``search`` narrows the rows by the query."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def search(self, objects, query: str):
        raise NotImplementedError

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = self.search(objects, query)
        return objects


class WithoutCreation:
    """Rows are made in their own forms (a page tree, the accounts' screens), never in the
    modal: no "create" tab, and the create view refuses (403)."""

    def can_create(self):
        return False


class ScopedChooserViewSet(ChooserViewSet):
    """A chooser of the rows ``scope`` (a rule of lms.access) gives the user, searched and
    shown by ``choose_mixin`` on its listing views; it never creates a row."""

    choose_mixin = None
    scope = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.choose_mixin is None:
            return
        mixin = cls.choose_mixin
        for name in ("choose_view_class", "choose_results_view_class"):
            base = getattr(ChooserViewSet, name)
            view = type(
                f"{mixin.__name__.removesuffix('Mixin')}{base.__name__}",
                (WithoutCreation, mixin, base),
                {},
            )
            setattr(cls, name, _scoped(view, cls.scope))
        for name in ("chosen_view_class", "chosen_multiple_view_class"):
            setattr(cls, name, _scoped(getattr(ChooserViewSet, name), cls.scope))
        cls.create_view_class = type(
            "RefusedCreateView", (WithoutCreation, ChooserViewSet.create_view_class), {}
        )


# People -------------------------------------------------------------------------------


class PersonSearchForm(SearchForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, phone or organisation")}),
        required=False,
    )

    def search(self, objects, query):
        # The rows are already the viewer's scope, so phone numbers are looked for in it.
        return search_people(query, objects)


class PersonChooseMixin:
    """Results that tell two namesakes apart: both names, organisation, sector, province."""

    filter_form_class = PersonSearchForm
    ordering = ["name_lo", "pk"]

    def get_object_list(self):
        return Person.objects.select_related("organisation", "sector", "province")

    @property
    def columns(self):
        title = self.title_column
        title.accessor = "name_lo"
        title.label = _("Name in Lao script")
        return [
            title,
            Column("name_latin", label=_("Romanised name")),
            Column("organisation", label=_("Organisation")),
            Column("sector", label=_("Sector")),
            Column("province", label=_("Province")),
        ]


class PersonChooseView(PersonChooseMixin, SnippetChooseView):
    pass


class PersonChooseResultsView(PersonChooseMixin, SnippetChooseResultsView):
    pass


class PersonChooserViewSet(SnippetChooserViewSet):
    """The registry's chooser (PersonViewSet's): lms.admin_viewsets scopes its views."""

    # Lazy, so the modal's title follows each user's language (Wagtail's default is not).
    page_title = _("Choose a person")
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")

    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView


# User accounts ------------------------------------------------------------------------


def account_choices(user):
    """The accounts ``user`` may link to a registry record: learners' accounts (lms.auth;
    the person form refuses one another person has), for administrators only."""
    if not is_administrator(user):
        return get_user_model()._default_manager.none()
    return learner_accounts()


class UserSearchForm(SearchForm):
    def search(self, objects, query):
        return objects.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )


class UserChooseMixin:
    filter_form_class = UserSearchForm
    ordering = ["username", "pk"]

    def get_object_list(self):
        return get_user_model()._default_manager.all()

    @property
    def columns(self):
        title = self.title_column
        title.accessor = "username"
        title.label = _("Username")
        return [
            title,
            Column("full_name", label=_("Name"), accessor="get_full_name"),
            Column("email", label=_("Email")),
        ]


class UserChooserViewSet(ScopedChooserViewSet):
    """Accounts to link to a registry record: administrators', within account_choices."""

    model = get_user_model()
    icon = "user"
    page_title = _("Choose an account")
    choose_one_text = _("Choose an account")
    choose_another_text = _("Choose another account")
    edit_item_text = _("Edit this account")
    # Only the person form uses it; other forms keep their own widgets for user fields.
    register_widget = False
    choose_mixin = UserChooseMixin
    scope = staticmethod(account_choices)


user_chooser_viewset = UserChooserViewSet("lms_user_chooser", url_prefix="lms/accounts/choose")


# Several rows -------------------------------------------------------------------------


class MultipleChooser(forms.Widget):
    """A many-to-many field through a chooser: the chosen rows, each with a remove button,
    and a button that opens the chooser to tick several more.

    ``chooser`` makes the one-row chooser widget whose modal is opened (a chooser viewset's
    ``widget_class``, or a callable returning such a widget); ``url_parameters`` go on the
    modal's address (a form sets them: the course's language for its prerequisites).
    """

    template_name = "lms/widgets/multiple_chooser.html"

    def __init__(self, chooser, *, add_text, attrs=None):
        super().__init__(attrs)
        self.chooser = chooser
        self.add_text = add_text
        self.url_parameters: dict = {}

    def chooser_widget(self):
        widget = self.chooser()
        if self.url_parameters:
            url = f"{widget.get_chooser_modal_url()}?{urlencode(self.url_parameters)}"
            widget.get_chooser_modal_url = lambda: url
        return widget

    def format_value(self, value):
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return [str(getattr(item, "pk", item)) for item in value if item not in (None, "")]

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # An empty list posts nothing, and means "none chosen" (as a multiple select).
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chooser = self.chooser_widget()
        ids = context["widget"]["value"]
        rows = chooser.model_class._default_manager.in_bulk(
            [pk for pk in ids if pk.isdigit()] if ids else []
        )
        rows = {str(pk): row for pk, row in rows.items()}
        js_context = JSContext()
        context.update(
            items=[{"id": pk, "title": str(rows[pk])} for pk in ids if pk in rows],
            add_text=self.add_text,
            factory=js_context.pack(chooser),
        )
        return context

    @property
    def media(self):
        chooser = self.chooser()
        js_context = JSContext()
        js_context.pack(chooser)
        return js_context.media + forms.Media(
            css={"all": ["lms/css/multiple-chooser.css"]}, js=["lms/js/multiple-chooser.js"]
        )


@hooks.register("register_admin_viewset")
def register_user_chooser():
    return user_chooser_viewset
