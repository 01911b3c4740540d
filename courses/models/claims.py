"""Claims by a newly registered learner to be an existing person of the registry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ClaimStatus", "PersonClaim"]


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class PersonClaimQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ClaimStatus.PENDING)


class PersonClaim(models.Model):
    """A registrant who may be an existing person: a trainer confirms (the two records are
    merged) or rejects (they stay apart). Until then the account sees only its own record.

    The relations to people are hidden (``related_name="+"``) so that merging people never
    rewrites a claim: a merged-away record leaves the claim pointing at nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="person_claims",
    )
    new_person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("registered person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claimed_person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("claimed person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    # Why the registry matched, e.g. "Same phone number".
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PersonClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim to be a registered person")
        verbose_name_plural = _("claims to be registered people")

    def __str__(self):
        return f"{self.new_person or self.user} → {self.claimed_person}"

    @property
    def is_pending(self) -> bool:
        return self.status == ClaimStatus.PENDING
