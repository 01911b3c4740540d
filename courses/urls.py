"""Learner URLs of courses, accounts and certificates (inside i18n_patterns, see lms/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from courses.accounts import views as account_views
from courses.certificates import views as certificate_views
from courses.learning import views as learning_views

app_name = "courses"

TEMPLATES = "courses/course/account/"

urlpatterns = [
    path("learning/", learning_views.my_learning, name="my_learning"),
    path("learning/enrol/<int:course_id>/", learning_views.enrol, name="enrol"),
    path(
        "learning/lessons/<int:lesson_id>/done/",
        learning_views.complete_lesson,
        name="complete_lesson",
    ),
    path(
        "learning/certificates/<int:pk>/pdf/",
        certificate_views.certificate_pdf,
        name="certificate_pdf",
    ),
    path("certificates/verify/", certificate_views.verify_form, name="verify_form"),
    path(
        "certificates/verify/<str:code>/",
        certificate_views.verify_certificate,
        name="verify_certificate",
    ),
    path("account/register/", account_views.register, name="register"),
    path("account/code/", account_views.set_password_with_code, name="set_password_with_code"),
    path(
        "account/password-reset/",
        account_views.PasswordResetView.as_view(
            template_name=TEMPLATES + "password_reset_form.html",
            email_template_name=TEMPLATES + "password_reset_email.txt",
            subject_template_name=TEMPLATES + "password_reset_subject.txt",
            success_url=reverse_lazy("courses:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "account/password-reset/sent/",
        account_views.PasswordResetDoneView.as_view(
            template_name=TEMPLATES + "password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=TEMPLATES + "password_reset_confirm.html",
            success_url=reverse_lazy("courses:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=TEMPLATES + "password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
