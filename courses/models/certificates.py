"""Completion and participation certificates with public verification codes."""

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.course import CoursePage

__all__ = [
    "Certificate",
    "CertificateKind",
    "CertificateQuerySet",
]


class CertificateKind(models.TextChoices):
    COMPLETION = "completion", _("Completion")
    PARTICIPATION = "participation", _("Participation")


# No 0/O or 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalise_certificate_code(text: str) -> str:
    """A code as typed (lower case, spaces, no dashes) in the printed form XXXX-XXXX-XXXX-XXXX;
    anything that cannot be a code comes back cleaned but otherwise as typed."""
    raw = re.sub(r"[^0-9A-Z]", "", (text or "").upper())
    if len(raw) != 16:
        return raw
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def new_certificate_code() -> str:
    """Sixteen random characters (about 79 bits) in four groups: unguessable, easy to type."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def for_course(self, course):
        return self.filter(course__translation_key=course.translation_key)


class Certificate(models.Model):
    """A completion or participation certificate with a public verification code."""

    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    event = models.ForeignKey(
        "courses.TrainingEvent",
        verbose_name=_("training event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(
        _("verification code"), max_length=24, unique=True, default=new_certificate_code
    )
    # Why staff issued it though the completion rule was not met (empty when it was met).
    override_reason = models.TextField(_("reason for overriding the rule"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False) | Q(event__isnull=False),
                name="certificate_for_course_or_event",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "course"],
                condition=Q(event__isnull=True),
                name="unique_course_certificate",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "event"],
                condition=Q(event__isnull=False),
                name="unique_event_certificate",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.person}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def merge_rank(self):
        """Merging two people with the same certificate keeps the valid, earlier one."""
        return (not self.is_valid, self.issued_at)
