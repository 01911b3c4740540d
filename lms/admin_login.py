"""The admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM).

Wagtail's form gives its password field no label, so Django names it from the field,
"Password", in English whatever the language; this one labels it for translation.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
