"""A file being prepared in the background for one user (lms.tasks runs it)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


PENDING = (JobStatus.QUEUED, JobStatus.RUNNING)


class FileJobQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING)

    def visible_to(self, user):
        """The jobs ``user`` may see: their own; administrators every one."""
        from lms.access import is_administrator

        if is_administrator(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


def job_file_name(job, filename: str) -> str:
    return f"jobs/{job.created_at:%Y/%m}/{job.pk}/{filename}"


class FileJob(models.Model):
    """One file asked for by one user and built by the worker: what, how far, the result."""

    # In the status page's address: not guessable, so an address says nothing of others'.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="file_jobs"
    )
    # The dotted path of the function that builds the file (registered with
    # lms.tasks.file_builder); set by code, never from a request.
    builder = models.CharField(max_length=200)
    # The builder's keyword arguments (JSON).
    params = models.JSONField(default=dict, blank=True)
    # Names one request: the same user asking the same thing while it is pending (a double
    # tap) is handed the pending job instead of a second one.
    key = models.CharField(max_length=64)
    # What is being prepared, in the requester's language ("Certificates of ...").
    title = models.CharField(max_length=300)
    # The requester's language when asking: the worker writes progress and errors in it.
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    # Items done out of items to do (certificates, pages); total 0 while unknown.
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # Stored through the default storage (never a local path): any server serves it.
    file = models.FileField(upload_to=job_file_name, max_length=300, blank=True)
    # The name the browser saves the file under.
    filename = models.CharField(max_length=200, blank=True)
    # Why it failed, in the requester's language; empty otherwise.
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = FileJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("file being prepared")
        verbose_name_plural = _("files being prepared")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_pending_job_per_request",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == JobStatus.READY and bool(self.file)

    @property
    def percent(self) -> int:
        """0..100, for the progress bar; 0 while the total is unknown."""
        if self.status == JobStatus.READY:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0
