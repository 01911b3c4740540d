"""Registration, setting a password with a one-time code, and password reset by e-mail."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from courses.accounts.codes import InvalidAccessCode, redeem_access_code
from courses.accounts.forms import AccessCodeForm, RegistrationForm
from courses.accounts.registration import register_person
from lms.mail import email_is_configured

BACKEND = "lms.auth.UsernamePhoneOrEmailBackend"


@sensitive_post_parameters("password1", "password2")
def register(request):
    if request.user.is_authenticated:
        return redirect("courses:my_learning")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Whether an account was created or the phone or email was already an account's, the
        # answer is the same: registration must not tell who has an account.
        register_person(form.registration())
        messages.success(
            request,
            _(
                "Your registration has been received. Sign in with your phone number or email "
                "and your password. If you already had an account, its password is unchanged; "
                "ask a trainer for a one-time code if you forgot it."
            ),
        )
        # Signed in, a newcomer goes on to their learning page.
        return redirect(f"{reverse('login')}?next={reverse('courses:my_learning')}")
    return render(request, "courses/course/account/register.html", {"form": form})


@sensitive_post_parameters("code", "password1", "password2")
def set_password_with_code(request):
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A wrong code counts as a failed sign-in for this login and address (django-axes):
        # five lock them out for a while, like wrong passwords.
        credentials = {"username": data["login"]}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, credentials=credentials)
        try:
            user = redeem_access_code(data["login"], data["code"], data["password1"])
        except InvalidAccessCode:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                return get_lockout_response(request, credentials=credentials)
            form.add_error(
                "code",
                _("This code is wrong, used or expired. Ask your trainer for a new one."),
            )
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your new password is set."))
            return redirect("courses:my_learning")
    return render(request, "courses/course/account/set_password_with_code.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """A link by e-mail; where no e-mail is configured, the page says to ask a trainer for a
    one-time code instead of claiming to send anything (the template's ``email_configured``).
    """

    def dispatch(self, request, *args, **kwargs):
        if not email_is_configured():
            return render(request, self.template_name, {"email_configured": False})
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(email_configured=True, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """The "check your email" page, only where an e-mail can have been sent."""

    def dispatch(self, request, *args, **kwargs):
        if not email_is_configured():
            return redirect("courses:password_reset")
        return super().dispatch(request, *args, **kwargs)
