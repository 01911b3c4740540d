"""The health endpoint for the load balancer and monitoring: /health/ answers 200 when the
database, every cache, the file storage and the background worker work, and 503 naming the
failing part otherwise. Anyone may open it: it says only "ok", "failing" or "not configured"
per part; what failed, with its traceback, goes to the log.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

OK, FAILING, NOT_CONFIGURED = "ok", "failing", "not configured"

DATABASE_TASK_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_TASK_BACKEND = "django_tasks_rq.RQBackend"
# The database worker leaves no heartbeat, so a probe task is queued at most this often and
# the worker counts as failing when any task, probe or real, has waited longer than
# TASK_WORKER_MAX_WAIT (a worker busy with a long ZIP still answers within that).
PROBE_INTERVAL = timedelta(minutes=1)
TASK_WORKER_MAX_WAIT = timedelta(minutes=5)
# Probes done an hour ago are deleted: one a minute would otherwise pile up.
PROBE_KEPT = timedelta(hours=1)


@task()
def health_probe() -> str:
    """Does nothing: that the worker ran it shows that the worker runs."""
    return OK


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_caches() -> str:
    """Every configured cache stores, returns and forgets a value."""
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    for alias in settings.CACHES:
        cache = caches[alias]
        cache.set(key, value, timeout=30)
        if cache.get(key) != value:
            raise RuntimeError(f"cache {alias!r} did not return the value it stored")
        cache.delete(key)
    return OK


def check_storage() -> str:
    """The media store (a folder or S3) writes, reads and deletes a tiny file."""
    content = uuid.uuid4().hex.encode()
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(content))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != content:
                raise RuntimeError("the storage returned other bytes than it stored")
    finally:
        default_storage.delete(name)
    return OK


def check_task_worker() -> str:
    """Each worker-backed task backend has a worker taking its tasks; "not configured" when
    every backend runs tasks inside the request (immediate) or none is set up."""
    checked = False
    for alias, options in getattr(settings, "TASKS", {}).items():
        if options["BACKEND"] == DATABASE_TASK_BACKEND:
            _check_database_worker(alias)
        elif options["BACKEND"] == RQ_TASK_BACKEND:
            _check_rq_worker(alias)
        else:
            continue
        checked = True
    return OK if checked else NOT_CONFIGURED


def _check_database_worker(alias: str) -> None:
    # Imported here: the model exists only where the database backend is installed.
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    results = DBTaskResult.objects.filter(backend_name=alias)
    probes = results.filter(task_path=health_probe.module_path)
    probes.finished().filter(finished_at__lt=now - PROBE_KEPT).delete()
    if not probes.filter(enqueued_at__gte=now - PROBE_INTERVAL).exists():
        health_probe.using(backend=alias).enqueue()
    cutoff = now - TASK_WORKER_MAX_WAIT
    waiting_too_long = results.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )
    if waiting_too_long.exists():
        raise RuntimeError(f"{alias}: tasks waiting for more than {TASK_WORKER_MAX_WAIT}")


def _check_rq_worker(alias: str) -> None:
    import django_rq
    from rq import Worker

    for queue_name in task_backends[alias].queues:
        # RQ's workers register with a heartbeat and drop out when they stop.
        if not Worker.count(queue=django_rq.get_queue(queue_name)):
            raise RuntimeError(f"{alias}: no RQ worker listens on queue {queue_name!r}")


CHECKS = {
    "database": check_database,
    "cache": check_caches,
    "storage": check_storage,
    "tasks": check_task_worker,
}


def run_checks() -> dict[str, str]:
    """Each part's state; a failure is logged with its traceback, never shown."""
    states = {}
    for part, check in CHECKS.items():
        try:
            states[part] = check()
        except Exception:
            logger.exception("Health check failed: %s", part)
            states[part] = FAILING
    return states


@never_cache
@require_safe
def health(request):
    checks = run_checks()
    failing = [part for part, state in checks.items() if state == FAILING]
    return JsonResponse(
        {"status": FAILING if failing else OK, "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )
