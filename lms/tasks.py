"""Background tasks of the core, through Django's tasks framework (the django-tasks
backport; settings.TASKS picks the database worker or Redis with RQ).

The one home of "a file being prepared in the background": ``start_file_job`` records who
asked for what (lms.jobs.models.FileJob) and queues ``prepare_file``; the worker calls the
job's builder, which reports its progress and hands back the file, stored through Django's
storage API. The apps above say what is built by marking a function ``@file_builder``.
"""

import hashlib
import json
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from lms.jobs.models import FileJob, JobStatus

logger = logging.getLogger(__name__)

# progress(done, total): items done out of items to do.
Progress = Callable[[int, int], None]
# builder(job, progress, **job.params) -> (file content, download name)
Builder = Callable[..., tuple[File | bytes, str]]

_BUILDERS: dict[str, Builder] = {}


class JobRefused(Exception):
    """The file cannot be made; the message says why, in the requester's language."""


def file_builder(function: Builder) -> Builder:
    """Allow ``function`` to build the files of jobs (the worker runs no other function)."""
    _BUILDERS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def _builder_path(function: Builder) -> str:
    path = f"{function.__module__}.{function.__qualname__}"
    if _BUILDERS.get(path) is not function:
        raise ValueError(f"{path} is not marked @file_builder")
    return path


def start_file_job(user, builder: Builder, *, title: str, params: dict | None = None) -> FileJob:
    """Record that ``user`` asks for the file ``builder`` makes from ``params`` and queue it
    once the request's transaction commits. The same request while one is pending (a double
    tap, a second tab) returns the pending job."""
    path = _builder_path(builder)
    params = params or {}
    key = hashlib.sha256(f"{path}|{json.dumps(params, sort_keys=True)}".encode()).hexdigest()
    try:
        with transaction.atomic():
            job = FileJob.objects.create(
                requested_by=user,
                builder=path,
                params=params,
                key=key,
                title=title[:300],
                language=translation.get_language() or "lo",
            )
    except IntegrityError:
        return FileJob.objects.pending().get(requested_by=user, key=key)
    # After the commit: a worker on another connection (RQ) must find the row.
    transaction.on_commit(lambda: prepare_file.enqueue(str(job.pk)))
    return job


def _record_progress(job: FileJob) -> Progress:
    def progress(done: int, total: int) -> None:
        FileJob.objects.filter(pk=job.pk).update(done=done, total=total)

    return progress


def _fail(job: FileJob, message: str) -> None:
    job.status = JobStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


# On the "background" backend (settings.TASKS): the worker, never the request.
@task(backend="background")
def prepare_file(job_id: str) -> str:
    """Build the file of the queued job ``job_id`` and store it; returns the job's status."""
    claimed = FileJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        # Gone, or taken by another worker after a retry.
        return "skipped"
    job = FileJob.objects.get(pk=job_id)
    with translation.override(job.language):
        try:
            builder = import_string(job.builder)
            if _BUILDERS.get(job.builder) is not builder:
                raise ValueError(f"{job.builder} is not marked @file_builder")
            content, filename = builder(job, _record_progress(job), **job.params)
        except JobRefused as refusal:
            _fail(job, str(refusal))
            return job.status
        except Exception:
            logger.exception("File job %s (%s) failed", job.pk, job.builder)
            _fail(
                job,
                _(
                    "The file could not be prepared. Please try again; if it fails again, "
                    "tell the administrator."
                ),
            )
            return job.status
    if isinstance(content, bytes):
        content = ContentFile(content)
    job.refresh_from_db(fields=["done", "total"])
    try:
        job.file.save(filename, content, save=False)
    finally:
        content.close()
    job.filename = filename
    job.status = JobStatus.READY
    job.finished_at = timezone.now()
    job.done = max(job.done, job.total)
    job.save(update_fields=["file", "filename", "status", "finished_at", "done"])
    return job.status
