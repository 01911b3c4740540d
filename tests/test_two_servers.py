"""Two application servers behind one load balancer share nothing but PostgreSQL, Redis and
an S3-compatible store: what one does, the other sees.

The test starts moto's standalone S3 server, two gunicorn processes and the background
worker (``manage.py db_worker``), each in a folder of its own (its working directory and
MEDIA_ROOT, both left empty), with the test settings (tests/two_servers_settings.py) and the
shared services given through the environment as in production (lms/settings/base.py).
An import previewed on one server is confirmed on the other; a glossary edit saved on one
shows on the other's chapter page, whose glossary the other had cached; a chapter's PDF,
queued by publishing and built by the worker, is served by both from the store. Skipped
unless the database is PostgreSQL (SQLite cannot be shared by processes of a test
database) and Redis answers.
"""

import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from courses.models import GlossaryTerm, ManualChapterPage, ManualPage, Participation
from lms import groups
from lms.demo import build_home_pages, publish_page
from lms.models import Person
from tests.factories import UserFactory, make_event
from tests.two_servers_settings import BACKGROUND_TASKS

# A Redis database of this test's own, emptied before and after each test.
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/13")
BUCKET = "charj-two-servers"
STARTUP_SECONDS = 60

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path):
    import requests

    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer at {REDIS_URL}: {error}")
    return client


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Process:
    """A process of the site (a gunicorn server, the worker) in a folder of its own."""

    def __init__(self, name: str, folder: Path, environment: dict, command: list[str]):
        self.folder = folder / name
        self.media = self.folder / "media"
        self.media.mkdir(parents=True)
        self.log = folder / f"{name}.log"
        self.process = subprocess.Popen(
            command,
            cwd=self.folder,
            env=environment | {"MEDIA_ROOT": str(self.media)},
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def files_on_disk(self) -> list[Path]:
        return [path for path in self.folder.rglob("*") if path != self.media]


class Server(Process):
    def __init__(self, name: str, folder: Path, environment: dict):
        self.url = f"http://127.0.0.1:{_free_port()}"
        gunicorn = [sys.executable, "-m", "gunicorn", "lms.wsgi", "--bind", self.url[7:]]
        options = ["--workers", "1", "--timeout", "120", "--log-level", "warning"]
        super().__init__(name, folder, environment, gunicorn + options)


def _worker(folder: Path, environment: dict) -> Process:
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"]
    options = ["--backend", "background", "--queue-name", "*", "--interval", "0.2"]
    return Process("worker", folder, environment, manage + options + ["--no-startup-delay"])


def _stop(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker, tmp_path_factory):
    """moto's S3 server, two servers and a worker on the test database, the store's client."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("Two servers share a PostgreSQL database (DATABASE_URL=postgres://...)")
        database_url = _database_url()
    _redis()
    pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")

    folder = tmp_path_factory.mktemp("two-servers")
    s3_url = f"http://127.0.0.1:{_free_port()}"
    s3_log = folder / "s3.log"
    s3 = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", s3_url.rsplit(":", 1)[1]],
        cwd=folder,
        stdout=s3_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    processes = []
    try:
        _wait_for(s3_url, s3, s3_log)
        store = {
            "AWS_ACCESS_KEY_ID": "two-servers",
            "AWS_SECRET_ACCESS_KEY": "two-servers-secret",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_url,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
        }
        client = boto3.client(
            "s3",
            endpoint_url=s3_url,
            region_name="us-east-1",
            aws_access_key_id=store["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=store["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET)
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "DJANGO_", "DATABASE_", "REDIS_", "MEDIA_"))
        } | store
        environment |= {
            "DJANGO_SETTINGS_MODULE": "tests.two_servers_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        servers = [Server(name, folder, environment) for name in ("first", "second")]
        processes = [*servers, _worker(folder, environment)]
        for server in servers:
            _wait_for(server.url + "/admin/login/", server.process, server.log)
        yield {"servers": servers, "worker": processes[-1], "s3": client, "store": store}
        for process in processes:
            assert process.files_on_disk() == [], process.log.read_text()[-3000:]
            assert process.process.poll() is None, process.log.read_text()[-3000:]
    finally:
        for process in [process.process for process in processes] + [s3]:
            _stop(process)


@pytest.fixture
def store(shared, settings):
    """The bucket and Redis emptied; this process's media in the same bucket and its slow
    work (publishing's PDFs) queued for the worker."""
    s3 = shared["s3"]
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": shared["store"]["AWS_S3_ENDPOINT_URL"],
                "region_name": "us-east-1",
                "addressing_style": "path",
                "access_key": shared["store"]["AWS_ACCESS_KEY_ID"],
                "secret_key": shared["store"]["AWS_SECRET_ACCESS_KEY"],
                "file_overwrite": False,
            },
        },
    }
    settings.TASKS = {**settings.TASKS, "background": BACKGROUND_TASKS}
    redis = _redis()
    redis.flushdb()
    yield shared
    _wait_for_queued_work(shared["worker"])
    redis.flushdb()


def _wait_for_queued_work(worker: Process):
    """Let the worker finish what the test queued: the rows are emptied after the test."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + STARTUP_SECONDS
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        if worker.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The worker did not finish:\n{worker.log.read_text()[-3000:]}")
        time.sleep(0.2)


def keys(s3, prefix: str) -> list[str]:
    return [
        item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    ]


def signed_in(user):
    """A browser session of ``user`` that both servers accept (sessions live in the database)."""
    import requests

    client = Client()
    client.force_login(user)
    browser = requests.Session()
    csrf = secrets.token_hex(16)
    browser.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    browser.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    browser.headers["X-CSRFToken"] = csrf
    return browser


def sign_in_sheet() -> bytes:
    workbook = openpyxl.Workbook()
    for row in [
        ["ຊື່ ແລະ ນາມສະກຸນ", "ເພດ", "ຫົວໜ່ວຍ", "ເບີໂທ", "Session 1", "Session 2"],
        ["ວິໄລ ພົມມະວົງ", "ຊ", "ATD", "020 5555 8888", "✓", "L"],
    ]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(store):
    first, second = store["servers"]
    trainer = UserFactory(groups=[groups.TRAINERS], person__name_lo="ຄູຝຶກ ສອງເຄື່ອງ")
    event = make_event(session_hours=(4, 4))
    event.trainers.add(trainer.person)
    browser = signed_in(trainer)
    path = reverse("events_admin:import", args=[event.pk])

    preview = browser.post(first.url + path, files={"sheet": ("sheet.xlsx", sign_in_sheet())})
    assert preview.status_code == 200, preview.text[:2000]
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    assert not Person.objects.filter(name_lo="ວິໄລ ພົມມະວົງ").exists()
    assert len(keys(store["s3"], "uploads/pending/")) == 2  # in the bucket, not on a disk

    confirmed = browser.post(
        second.url + path, data={"action": "confirm", "token": token}, allow_redirects=False
    )
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == reverse("events_admin:event", args=[event.pk])
    participation = Participation.objects.get(event=event, person__name_lo="ວິໄລ ພົມມະວົງ")
    assert participation.attendances.count() == 2
    # Used: the sheet is gone; its record stays until it expires, for a double tap's answer.
    assert [name.endswith(".json") for name in keys(store["s3"], "uploads/pending/")] == [True]


@pytest.fixture
def chapter(store):
    """An English chapter linking its key term to the glossary."""
    from wagtail.models import Locale

    for code in ("lo", "en"):
        Locale.objects.get_or_create(language_code=code)
    home = build_home_pages().get_translation(Locale.objects.get(language_code="en"))
    term = GlossaryTerm.objects.create(
        term_en="debt bondage", term_lo="ການເປັນໜີ້ຜູກມັດ", definition_en="Work to repay a debt."
    )
    manual = ManualPage(title="Manual", slug="manual")
    home.add_child(instance=manual)
    manual = publish_page(manual)
    chapter = ManualChapterPage(
        title="Recognising trafficking",
        slug="recognising",
        body=[
            ("paragraph", "<p>Debts that never end keep people at work.</p>"),
            ("key_terms", {"terms": [term]}),
        ],
    )
    manual.add_child(instance=chapter)
    return publish_page(chapter), term


def test_a_glossary_edit_on_one_server_is_seen_by_the_other(store, chapter):
    first, second = store["servers"]
    chapter, term = chapter
    editor = signed_in(UserFactory(is_superuser=True, is_staff=True))
    url = second.url + chapter.url

    page = editor.get(url)
    assert page.status_code == 200 and "ການເປັນໜີ້ຜູກມັດ" in page.text
    assert _redis().exists(":1:courses:glossary-terms")  # the second server cached it

    edit = reverse("wagtailsnippets_courses_glossaryterm:edit", args=[term.pk])
    saved = editor.post(
        first.url + edit,
        data={
            "term_en": "debt bondage",
            "term_lo": "ການຜູກມັດດ້ວຍໜີ້ສິນ",
            "definition_en": "Work to repay a debt.",
            "definition_lo": "",
            "variants_lo": "",
            "sector": "",
            "verified": "on",
            "note": "",
        },
        allow_redirects=False,
    )
    assert saved.status_code == 302, saved.text[:2000]
    term.refresh_from_db()
    assert term.term_lo == "ການຜູກມັດດ້ວຍໜີ້ສິນ"

    page = editor.get(url)
    assert "ການຜູກມັດດ້ວຍໜີ້ສິນ" in page.text and "ການເປັນໜີ້ຜູກມັດ" not in page.text


def _pdf_once_built(browser, url: str):
    """The PDF at ``url``, asked for until the worker has built it ("being prepared": 202)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while (response := browser.get(url)).status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.3)
    return response


def test_a_chapter_pdf_built_by_the_worker_is_served_by_both_servers(store, chapter):
    from django_tasks_db.models import DBTaskResult

    first, second = store["servers"]
    chapter, _term = chapter
    reader = signed_in(UserFactory())
    url = chapter.url + "pdf/"

    built = _pdf_once_built(reader, first.url + url)
    assert built.status_code == 200, built.text[:2000]
    assert built.headers["Content-Type"] == "application/pdf"
    assert built.content.startswith(b"%PDF")
    # Publishing queued the build, which the worker ran (the servers only read the store).
    builds = DBTaskResult.objects.filter(task_path__endswith=".build_manual_pdfs")
    assert builds.filter(status="SUCCESSFUL").exclude(worker_ids=[]).exists()
    stored = keys(store["s3"], f"manual-pdf/chapter-{chapter.pk}-")
    assert len(stored) == 1

    served = reader.get(second.url + url)
    assert served.status_code == 200
    assert served.content == built.content
    assert keys(store["s3"], f"manual-pdf/chapter-{chapter.pk}-") == stored
