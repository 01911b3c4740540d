"""An event's certificate ZIP of any size is built by the database worker, for the trainer
who asked for it only."""

import pytest
from django.urls import reverse

from courses.certificates.issue import issue_certificate
from courses.models import CertificateKind
from lms import groups
from lms.jobs.models import FileJob, JobStatus
from tests.factories import LearnerFactory, attend, make_event, make_user
from tests.job_files import job_zip
from tests.lms.test_tasks import DATABASE_BACKEND, run_worker


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


CERTIFICATES = 25  # more than the 20 the request used to be able to render


# Committed rows, as between the web request and the worker (see tests/lms/test_tasks.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_zip_of_more_than_twenty_certificates_is_built_by_the_worker(client, settings):
    settings.TASKS = DATABASE_BACKEND
    trainer = make_user("zip-trainer", groups.TRAINERS)
    event = make_event(title_en="Large workshop", session_hours=(4,))
    event.trainers.add(trainer.person)
    for n in range(CERTIFICATES):
        person = LearnerFactory(name_latin=f"Learner {n}")
        attend(event, person, ["present"])
        issue_certificate(person, CertificateKind.PARTICIPATION, event=event)
    client.force_login(trainer)
    zip_url = reverse("courses_admin:certificate_zip") + f"?event={event.pk}"
    page = client.get(reverse("courses_admin:event_certificates", args=[event.pk]))
    assert f'action="{zip_url}"' in page.content.decode()

    response = client.post(zip_url)
    job = FileJob.objects.get()
    assert response.url == reverse("jobs:status", args=[job.pk])
    assert client.post(zip_url).url == response.url  # a double tap: the same job
    assert job.status == JobStatus.QUEUED

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.READY, job.error
    assert (job.done, job.total) == (CERTIFICATES, CERTIFICATES)
    names = job_zip(client, job).namelist()
    assert len(names) == CERTIFICATES and all(name.endswith(".pdf") for name in names)
    # Another trainer finds no such job, nor its file.
    client.force_login(make_user("other-zip-trainer", groups.TRAINERS))
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
