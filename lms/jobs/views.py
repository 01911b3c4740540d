"""The status page of a file being prepared and the file itself, for the user who asked
for it (and administrators); anyone else is told it does not exist."""

from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.jobs.models import FileJob
from lms.templatetags.lms_format import local_number

# Seconds between refreshes of the status page without JavaScript (with it, 1 s).
REFRESH_SECONDS = 3


def _count_text(job: FileJob) -> str:
    """The page's "12 of 200 done", for its script (the template says the same)."""
    if not job.total:
        return ""
    return _("%(done)s of %(total)s done") % {
        "done": local_number(job.done),
        "total": local_number(job.total),
    }


def _own_job(request, pk) -> FileJob:
    return get_object_or_404(FileJob.objects.visible_to(request.user), pk=pk)


@never_cache
def job_status(request, pk):
    """Progress while pending (refreshing itself), the file's link when ready, or why not.
    ``?format=json`` gives the same state to the page's script."""
    job = _own_job(request, pk)
    file_url = reverse("jobs:file", args=[job.pk]) if job.is_ready else ""
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "count_text": _count_text(job),
                "file_url": file_url,
                "error": job.error,
            }
        )
    return render(
        request,
        "lms/jobs/status.html",
        {"job": job, "file_url": file_url, "refresh_seconds": REFRESH_SECONDS},
    )


def job_file(request, pk):
    job = _own_job(request, pk)
    if not job.is_ready:
        return redirect("jobs:status", pk=job.pk)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
