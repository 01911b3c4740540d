"""The log of duplicate people merged into one record, with what undoing needs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PersonMerge"]


class PersonMerge(models.Model):
    """One merge of a duplicate person into a kept one; holds enough to undo it."""

    kept = models.ForeignKey(
        "lms.Person",
        verbose_name=_("kept person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The removed record's id and a readable label, kept after the record is deleted.
    removed_person_id = models.PositiveBigIntegerField(_("removed person id"))
    removed_label = models.CharField(_("removed person"), max_length=420)
    # Django-serialised removed person, as it was before the merge.
    removed_data = models.JSONField(default=list)
    # [{"model": "app.model", "field": "person", "pks": [...]}, ...]: rows moved to the kept person.
    moved = models.JSONField(default=list)
    # Django-serialised rows deleted because the kept person already had their equivalent.
    deleted_data = models.JSONField(default=list)
    # The user account moved from the removed person to the kept one, if any.
    moved_user_id = models.PositiveBigIntegerField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")

    def __str__(self):
        return f"{self.removed_label} → {self.kept}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
