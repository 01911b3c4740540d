"""Site-wide views: language switching, sign-in and sign-out."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST


@require_GET
def switch_language(request):
    """Go to the given page in another language and remember the choice in a cookie.

    A plain link (no form, no JavaScript), so the switcher works on any phone.
    """
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    return response


class SignInForm(AuthenticationForm):
    """Django's sign-in form, naming the login as the sign-in page asks for it.

    Django's error message names the user model's username field, whose name ("username")
    has no Lao translation and leaves out the phone and email the backend also accepts.
    """

    login_label = gettext_lazy("Username, phone or email")

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = self.login_label

    def get_invalid_login_error(self):
        label = str(self.login_label)
        # Mid-sentence in English ("Please enter a correct username, …"); Lao has no case.
        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"username": label[:1].lower() + label[1:]},
        )


sign_in = auth_views.LoginView.as_view(
    template_name="lms/login.html", authentication_form=SignInForm
)


@require_POST
def sign_out(request):
    """Sign out and land on the home page in the visitor's language, saying so."""
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect(f"/{get_language()}/")
