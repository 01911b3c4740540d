"""Following a file job from the request that starts it to its file (lms.tasks)."""

import io
import zipfile

from django.urls import reverse

from lms.jobs.models import FileJob


def post_and_run(client, url, django_capture_on_commit_callbacks, data=None):
    """POST ``url``, let the queued task run (the test's backend runs it on commit), and
    return the job the response redirected to."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    job = FileJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert response.url == reverse("jobs:status", args=[job.pk])
    return job


def job_zip(client, job) -> zipfile.ZipFile:
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
