from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The indicator reports: built on the other apps, imported by none of them."""

    name = "lms.reports"
    label = "reports"
    verbose_name = _("Indicator reports")
