"""The Reports menu in the Wagtail admin: the dashboard, locking and reopening quarters,
and the targets beside it.

Imported from lms/wagtail_hooks.py (Wagtail only discovers an app's top-level module).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from lms.admin_auth import refusals_as_403
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import ModelViewSet
from lms.reports import views
from lms.reports.models import IndicatorTarget

app_name = "lms_reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/<slug:kind>/", views.drilldown, name="drilldown"),
    path("table/<slug:key>/", views.breakdown_export, name="breakdown_export"),
    path("workbook/", views.workbook, name="workbook"),
    path("lock/", views.lock, name="lock"),
    path("reopen/<int:pk>/", views.reopen, name="reopen"),
]


class IndicatorTargetViewSet(ModelViewSet):
    model = IndicatorTarget
    icon = "crosshairs"
    menu_label = _("Indicator targets")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["indicator", "programme", "period_kind", "year", "quarter", "value"]
    list_filter = ["indicator", "programme", "period_kind", "year"]
    panels = [
        FieldPanel("indicator"),
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("period_kind"), FieldPanel("year"), FieldPanel("quarter")]),
        FieldPanel("value"),
    ]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include((refusals_as_403(urlpatterns), app_name), namespace=app_name))]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return PermissionMenuItem(
        _("Indicators"),
        reverse("lms_reports:dashboard"),
        icon_name="table",
        order=300,
        permissions=("reports.view_reports", "reports.view_own_event_reports"),
    )


@hooks.register("register_admin_viewset")
def register_target_viewset():
    return IndicatorTargetViewSet("indicator_targets")
