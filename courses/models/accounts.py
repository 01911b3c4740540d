"""One-time codes that trainers hand to learners without email."""

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AccessCode",
    "AccessCodePurpose",
]


class AccessCodePurpose(models.TextChoices):
    FIRST_LOGIN = "first_login", _("First sign-in")
    RESET = "reset", _("Password reset")


class AccessCode(models.Model):
    """A one-time code a trainer hands to a learner without email, to set a password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_codes",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessCodePurpose.choices)
    # Hashed like a password: a stolen database does not reveal usable codes.
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Wrong codes typed for this user while the code was open; too many closes it.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    MAX_FAILED_ATTEMPTS = 5

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self):
        return f"{self.user} · {self.get_purpose_display()}"

    def set_code(self, code: str):
        self.code_hash = make_password(code)

    def matches(self, code: str) -> bool:
        return check_password(code.strip().replace(" ", "").upper(), self.code_hash)

    @property
    def is_usable(self) -> bool:
        return (
            self.used_at is None
            and self.expires_at > timezone.now()
            and self.failed_attempts < self.MAX_FAILED_ATTEMPTS
        )
