"""Files prepared in the background (lms.tasks, lms.jobs): the job's life, its status page
and who may see it, and the database worker running a job end to end."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lms import groups
from lms.jobs.models import FileJob, JobStatus
from lms.tasks import JobRefused, file_builder, prepare_file, start_file_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@file_builder
def build_greeting(job, progress, *, name, parts=3):
    for done in range(1, parts + 1):
        progress(done, parts)
    return f"Hello {name}".encode(), f"greeting-{name}.txt"


@file_builder
def build_nothing(job, progress):
    raise JobRefused(translation.gettext("Attended no session."))


@file_builder
def build_broken(job, progress):
    raise RuntimeError("a bug")


def not_a_builder(job, progress):
    return b"", "x"


@pytest.fixture
def trainer():
    return UserFactory(groups=[groups.TRAINERS])


@pytest.fixture
def queue_on_database(settings):
    """The embedded default's database backend: tasks wait for the worker."""
    settings.TASKS = DATABASE_BACKEND


def run_worker():
    """What `manage.py db_worker --batch --backend background` runs, in this process
    (the test's database is this connection's)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="background",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run()


# Committed rows, as between a web request and the worker: the worker takes its jobs in an
# exclusive transaction of its own, which SQLite cannot open inside the test's.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_is_queued_then_prepared_with_its_progress_and_file(
    trainer, queue_on_database, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    assert job.status == JobStatus.QUEUED and not job.file
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lms.tasks.prepare_file" and queued.args_kwargs["args"] == [
        str(job.pk)
    ]

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.filename == "greeting-Noy.txt"
    assert job.file.name.startswith(f"jobs/{job.created_at:%Y/%m}/{job.pk}/")
    with job.file.open("rb") as stored:
        assert stored.read() == b"Hello Noy"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_asking_again_while_pending_returns_the_same_job(trainer, queue_on_database):
    first = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    again = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    other = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Kham"})
    assert again.pk == first.pk and other.pk != first.pk
    prepare_file.call(str(first.pk))
    # Once ready, asking again prepares a fresh file (the certificates may have changed).
    fresh = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    assert fresh.pk != first.pk


def test_a_refusal_is_recorded_in_the_language_of_the_request(trainer):
    with translation.override("lo"):
        job = start_file_job(trainer, build_nothing, title="ZIP")
    with translation.override("en"):
        prepare_file.call(str(job.pk))  # the worker runs in no particular language
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.language == "lo"
    with translation.override("lo"):
        assert job.error == translation.gettext("Attended no session.")
    assert job.error != "Attended no session."


def test_a_failing_builder_fails_the_job_with_a_message_not_a_traceback(trainer, caplog):
    with translation.override("en"):
        job = start_file_job(trainer, build_broken, title="Broken")
    prepare_file.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("The file could not be prepared.")
    assert "a bug" in caplog.text  # for the operator, in the log


def test_only_marked_builders_can_be_queued(trainer):
    with pytest.raises(ValueError):
        start_file_job(trainer, not_a_builder, title="x")


def test_the_status_page_refreshes_while_pending_then_gives_the_file(
    client, trainer, queue_on_database
):
    job = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    client.force_login(trainer)
    status_url = reverse("jobs:status", args=[job.pk])
    page = client.get(status_url).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "lms/js/job_status.js" in page
    assert reverse("jobs:file", args=[job.pk]) not in page
    # The file's address before it is ready leads back to the status page.
    assert client.get(reverse("jobs:file", args=[job.pk])).url == status_url
    state = client.get(status_url, {"format": "json"}).json()
    assert state["status"] == "queued" and state["file_url"] == ""

    prepare_file.call(str(job.pk))
    page = client.get(status_url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert reverse("jobs:file", args=[job.pk]) in page
    state = client.get(status_url, {"format": "json"}).json()
    assert state["status"] == "ready" and state["percent"] == 100
    response = client.get(state["file_url"])
    assert b"".join(response.streaming_content) == b"Hello Noy"
    assert 'filename="greeting-Noy.txt"' in response["Content-Disposition"]


def test_the_status_page_shows_the_progress_in_lao(client, trainer, queue_on_database):
    with translation.override("lo"):
        job = start_file_job(trainer, build_greeting, title="ZIP", params={"name": "Noy"})
    FileJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=12, total=200)
    client.force_login(trainer)
    page = client.get(reverse("jobs:status", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="lo")
    assert 'value="6"' in page.content.decode()  # 12 of 200: 6 %
    with translation.override("lo"):
        running = str(JobStatus.RUNNING.label)
    assert running in page.content.decode()


@pytest.mark.parametrize("who", ["another trainer", "a learner", "nobody"])
def test_another_users_job_is_not_found(client, trainer, who):
    job = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    prepare_file.call(str(job.pk))
    if who == "another trainer":
        client.force_login(UserFactory(groups=[groups.TRAINERS]))
    elif who == "a learner":
        client.force_login(UserFactory(person=True))
    for url in (reverse("jobs:status", args=[job.pk]), reverse("jobs:file", args=[job.pk])):
        response = client.get(url)
        if who == "another trainer":
            assert response.status_code == 404
        else:  # no admin access: sent to sign in, never shown the job
            assert response.status_code in (302, 403)
            assert b"Hello" not in response.content


def test_an_administrator_may_open_any_job(client, trainer):
    job = start_file_job(trainer, build_greeting, title="Greeting", params={"name": "Noy"})
    prepare_file.call(str(job.pk))
    client.force_login(UserFactory(groups=[groups.ADMINISTRATORS]))
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 200
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert b"".join(response.streaming_content) == b"Hello Noy"
