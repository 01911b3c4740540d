"""Whether this installation can send e-mail (EMAIL_URL, lms/settings/base.py)."""

from django.conf import settings

NO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def email_is_configured() -> bool:
    """True unless e-mail goes nowhere: what the password-reset pages offer depends on it."""
    return settings.EMAIL_BACKEND != NO_EMAIL_BACKEND
