"""The project's bases for Wagtail admin listings.

- Every spreadsheet they export is escaped (tests/lms/test_spreadsheet_escaping.py fails
  for a registered listing whose exports are not).
- A snippet viewset with a ``scope`` (a function of the user returning the rows that user
  may act on, from lms.access) applies it to every view Wagtail builds for it: the listing
  and its exports, edit, copy, delete, history, usage, inspect, the chooser, and the
  permission policy that per-object checks and bulk actions consult. A row outside the
  scope is not found (404), so its existence is not revealed either.

Use these instead of Wagtail's own classes.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField, Q
from django.http import Http404
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView as ModelIndexView
from wagtail.admin.views.reports import ReportView as WagtailReportView
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.chooser import SnippetChooserViewSet as WagtailSnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail.snippets.views.snippets import SnippetViewSetGroup
from wagtail.snippets.widgets import AdminSnippetChooser

from lms.access import sees_everything
from lms.spreadsheets import EscapedSpreadsheetExportMixin

__all__ = [
    "FormCellColumn",
    "ModelViewSet",
    "ReportView",
    "ScopedChoicesAdminForm",
    "ScopedPermissionPolicy",
    "SnippetViewSet",
    "SnippetViewSetGroup",
]


class FormCellColumn(Column):
    """A report column whose cell is a small template (a form posting an action, a block of
    text)."""

    def __init__(self, name, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name


class EscapedSnippetIndexView(EscapedSpreadsheetExportMixin, SnippetIndexView):
    pass


class EscapedModelIndexView(EscapedSpreadsheetExportMixin, ModelIndexView):
    pass


class ReportView(EscapedSpreadsheetExportMixin, WagtailReportView):
    pass


class YesNoColumn(BooleanColumn):
    cell_template_name = "lms/admin/boolean_cell.html"


class BooleanIconsMixin:
    """Yes/no fields of ``list_display`` shown as a tick or a cross: Wagtail would print
    Python's words, True and False, in English whatever the user's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_display = [self._column(entry) for entry in self.list_display]

    def _column(self, entry):
        if not isinstance(entry, str):
            return entry
        try:
            field = self.model._meta.get_field(entry)
        except FieldDoesNotExist:
            return entry
        if not isinstance(field, BooleanField):
            return entry
        return YesNoColumn(entry, label=capfirst(field.verbose_name), sort_key=entry)


class ModelViewSet(BooleanIconsMixin, WagtailModelViewSet):
    index_view_class = EscapedModelIndexView


def _in_scope(scope, user, pk) -> bool:
    try:
        return scope(user).filter(pk=pk).exists()
    except (ValueError, TypeError, ValidationError):  # a malformed id is simply not found
        return False


def _scope_ids(scope, user) -> set | None:
    """The ids in the user's scope, read once per request (listings ask row by row); None
    when the scope is every row (programme staff), so nothing is read."""
    cache = getattr(user, "_lms_scope_ids", None)
    if cache is None:
        cache = user._lms_scope_ids = {}
    if scope not in cache:
        rows = scope(user)
        cache[scope] = set(rows.values_list("pk", flat=True)) if rows.query.has_filters() else None
    return cache[scope]


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, and for one row: is it in the user's scope?"""

    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(user, instance)

    def _in_scope(self, user, instance) -> bool:
        ids = _scope_ids(self.scope, user)
        return ids is None or instance.pk in ids

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)


class ScopedChoicesAdminForm(WagtailAdminModelForm):
    """An admin form whose choice fields offer only the rows the user may act on.

    ``scoped_fields`` maps a field name to its rule in lms.access (``managed_courses``...);
    what the object already holds stays offered, so saving it never drops a value.
    Programme staff and administrators are offered everything.
    """

    scoped_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or sees_everything(user):
            return
        for name, scope in self.scoped_fields.items():
            field = self.fields.get(name)
            if field is None:
                continue
            current = self.initial.get(name)
            current = current if isinstance(current, list | tuple) else [current]
            current_ids = [getattr(value, "pk", value) for value in current if value is not None]
            model = field.queryset.model
            field.queryset = model.objects.filter(
                Q(pk__in=scope(user).values("pk")) | Q(pk__in=current_ids)
            )


class ScopedObjectMixin:
    """A view of one row (or a chooser's rows) finds it only within the user's scope."""

    scope = None  # staticmethod(user -> queryset), set by _scoped

    def get_object(self, *args, **kwargs):
        # Checked before Wagtail loads the row, whose own checks would tell that it exists.
        pk = args[0] if args and not hasattr(args[0], "model") else None
        pk = pk or self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
        if pk is not None and not _in_scope(self.scope, self.request.user, unquote(str(pk))):
            raise Http404
        instance = super().get_object(*args, **kwargs)
        # Without an id in the URL, the row found is checked (a create view has none).
        checked = pk is not None or instance is None
        if not (checked or _in_scope(self.scope, self.request.user, instance.pk)):
            raise Http404
        return instance

    def get_objects(self, pks):
        return super().get_objects(pks).filter(pk__in=self.scope(self.request.user).values("pk"))

    def get_object_list(self):
        return super().get_object_list().filter(pk__in=self.scope(self.request.user).values("pk"))


def _scoped(view_class, scope):
    return type(
        f"Scoped{view_class.__name__}",
        (ScopedObjectMixin, view_class),
        {"scope": staticmethod(scope), "__module__": __name__},
    )


def _in_request_language(template: str, model):
    """``template`` % the model's name, read when shown: in the language of that request."""
    return lazy(lambda: gettext(template) % {"object": model._meta.verbose_name}, str)()


class SnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser widget, its labels in each user's language.

    Wagtail fills in "Choose %(object)s" once, when the form is built at start-up, so
    every user read the first request's language ("Choose ໂຄງການ" in the English admin).
    """

    def __init__(self, model=None, **kwargs):
        super().__init__(model, **kwargs)
        self.choose_one_text = _in_request_language("Choose %(object)s", self.model)
        self.choose_another_text = _in_request_language("Choose another %(object)s", self.model)
        self.link_to_chosen_text = _in_request_language("Edit this %(object)s", self.model)


class SnippetChooserViewSet(WagtailSnippetChooserViewSet):
    base_widget_class = SnippetChooser


class SnippetViewSet(BooleanIconsMixin, WagtailSnippetViewSet):
    index_view_class = EscapedSnippetIndexView
    chooser_viewset_class = SnippetChooserViewSet
    # user -> the rows of the model that user may act on (a function of lms.access); None
    # leaves the model permissions alone to decide.
    scope = None

    # The policy registered for a scoped model; a subclass may narrow the actions further.
    permission_policy_class = ScopedPermissionPolicy

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.scope is None:
            return
        scope = type(self).scope
        register_permission_policy(self.model, self.permission_policy_class(self.model, scope))
        # The chooser's views (choose, results, chosen, chosen-multiple) within the scope too.
        base = self.chooser_viewset_class
        self.chooser_viewset_class = type(
            f"Scoped{base.__name__}",
            (base,),
            {
                name: _scoped(getattr(base, name), scope)
                for name in (
                    "choose_view_class",
                    "choose_results_view_class",
                    "chosen_view_class",
                    "chosen_multiple_view_class",
                )
            },
        )

    def get_queryset(self, request):
        """The listing's rows: the scope's; subclasses add their select_related."""
        if self.scope is None:
            return super().get_queryset(request)
        return type(self).scope(request.user)

    def construct_view(self, view_class, **kwargs):
        # Every view of one row (edit, copy, delete, history, usage, inspect, revisions...).
        if self.scope is not None and hasattr(view_class, "get_object"):
            view_class = _scoped(view_class, type(self).scope)
        return super().construct_view(view_class, **kwargs)
