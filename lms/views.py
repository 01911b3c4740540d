"""Site-wide views: language switching and sign-out."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
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


@require_POST
def sign_out(request):
    """Sign out and land on the home page in the visitor's language, saying so."""
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect(f"/{get_language()}/")
