from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "lms.jobs"
    label = "jobs"
    verbose_name = _("Files prepared in the background")
    default_auto_field = "django.db.models.BigAutoField"
