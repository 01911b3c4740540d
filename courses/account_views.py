"""Registration and setting a password with a one-time code."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from courses.account_forms import AccessCodeForm, RegistrationForm
from courses.accounts import (
    InvalidAccessCode,
    RegistrationConflict,
    redeem_access_code,
    register_person,
)

BACKEND = "lms.auth.UsernamePhoneOrEmailBackend"


@sensitive_post_parameters("password1", "password2")
def register(request):
    if request.user.is_authenticated:
        return redirect("courses:my_learning")
    form = RegistrationForm(request.POST or None)
    show_namesake = False
    if request.method == "POST" and form.is_valid():
        try:
            user = register_person(form.registration())
        except RegistrationConflict as conflict:
            form.add_error(conflict.field, conflict.message)
            show_namesake = conflict.code == "namesake"
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("courses:my_learning")
    show_namesake = show_namesake or form["different_person"].value()
    return render(
        request,
        "courses/course/account/register.html",
        {"form": form, "show_namesake": show_namesake},
    )


@sensitive_post_parameters("code", "password1", "password2")
def set_password_with_code(request):
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = redeem_access_code(data["login"], data["code"], data["password1"])
        except InvalidAccessCode:
            form.add_error(
                "code",
                _("This code is wrong, used or expired. Ask your trainer for a new one."),
            )
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your new password is set."))
            return redirect("courses:my_learning")
    return render(request, "courses/course/account/set_password_with_code.html", {"form": form})
