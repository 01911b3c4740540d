"""What operators rely on: request ids and tracebacks in the log, Sentry only with a DSN,
e-mail from EMAIL_URL (and password reset without it), the health endpoint, and the
production settings' HTTPS, Content-Security-Policy and compression.

The production settings are read in a fresh interpreter (``run_production``): they refuse
to load without SECRET_KEY and configure logging and Sentry once, at start.
"""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms import groups
from lms.health import FAILING, NOT_CONFIGURED, OK
from lms.mail import NO_EMAIL_BACKEND
from lms.request_id import HEADER
from tests.factories import UserFactory

SECRET = "ops-test-" + "k3y-" * 12  # 57 characters, as check --deploy asks
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def run_production(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """Run ``code`` in a new Python with lms.settings.production (Django set up)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        # The test run's own (tests/conftest.py allows the ORM beside Playwright's loop).
        if key not in {"EMAIL_URL", "SENTRY_DSN", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="testserver,charj.example.la",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        **env,
    )
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


GET_IN_PRODUCTION = """
    from django.test import Client, override_settings
    with override_settings(ROOT_URLCONF="tests.lms.ops_urls"):
        response = Client(raise_request_exception=False).get(
            {path!r}, secure=True, headers={headers!r}
        )
    print(response.status_code)
    for name, value in response.items():
        print(f"{{name}}: {{value}}")
"""


def get_in_production(tmp_path, path, headers=None, **env):
    """Status line and headers of a GET on tests/lms/ops_urls.py under production settings."""
    code = GET_IN_PRODUCTION.format(path=path, headers=headers or {})
    result = run_production(code, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0]), headers, result.stderr


# Logging ------------------------------------------------------------------------------


def test_forced_error_is_logged_to_stderr_with_traceback_and_request_id(tmp_path):
    status, headers, stderr = get_in_production(
        tmp_path, "/fail/", headers={"X-Request-ID": "lb-7f3a9c"}
    )
    assert status == 500
    assert headers[HEADER] == "lb-7f3a9c"
    assert "ERROR django.request request_id=lb-7f3a9c Internal Server Error: /fail/" in stderr
    assert "Traceback (most recent call last):" in stderr
    assert "RuntimeError: forced by the logging test" in stderr


def test_request_without_id_gets_a_new_one_in_its_log_record(tmp_path):
    status, headers, stderr = get_in_production(tmp_path, "/fail/")
    assert status == 500
    made = headers[HEADER]
    assert len(made) == 32
    assert f"request_id={made} Internal Server Error" in stderr


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("9f86d081884c7d659a2feaa0c55ad015", True),
        ("abc-123.x:1", True),
        ("two\nlines", False),
        ("x" * 129, False),
        ("<script>", False),
        ("", False),
    ],
)
def test_only_a_well_formed_proxy_request_id_is_kept(client, settings, given, kept):
    settings.MIDDLEWARE = ["lms.request_id.RequestIdMiddleware", *settings.MIDDLEWARE]
    response = client.get("/health/", headers={HEADER: given} if given else {})
    assert (response[HEADER] == given) is kept
    assert response[HEADER]


def test_sentry_starts_only_when_sentry_dsn_is_set(tmp_path):
    code = "import sentry_sdk\nprint(sentry_sdk.get_client().is_active())"
    without = run_production(code, tmp_path)
    with_dsn = run_production(code, tmp_path, SENTRY_DSN="https://public@sentry.example.la/1")
    assert (without.stdout.strip(), with_dsn.stdout.strip()) == ("False", "True")


def test_sentry_receives_the_error_tagged_with_the_request_id(tmp_path):
    code = """
        import sentry_sdk
        from django.test import Client, override_settings
        events = []
        sentry_sdk.get_client().transport.capture_envelope = (
            lambda envelope: events.extend(item.payload.json for item in envelope.items
                                           if item.type == "event")
        )
        with override_settings(ROOT_URLCONF="tests.lms.ops_urls"):
            Client(raise_request_exception=False).get(
                "/fail/", secure=True, headers={"X-Request-ID": "sentry-77"}
            )
        sentry_sdk.flush()
        event = events[0]
        print(event["tags"]["request_id"], event["exception"]["values"][0]["type"])
        print("user" in event, "cookies" in event.get("request", {}))
    """
    result = run_production(code, tmp_path, SENTRY_DSN="https://public@sentry.example.la/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["sentry-77 RuntimeError", "False False"]


# E-mail and password reset -------------------------------------------------------------


def test_email_url_configures_smtp_and_the_admins_password_reset(tmp_path):
    code = """
        from django.conf import settings
        print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
              settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS,
              settings.EMAIL_TIMEOUT, settings.WAGTAIL_PASSWORD_RESET_ENABLED)
    """
    configured = run_production(
        code, tmp_path, EMAIL_URL="smtp://charj:p%40ss@mail.example.la:587/?tls=True"
    )
    unconfigured = run_production(code, tmp_path)
    assert configured.stdout.split() == [
        SMTP_BACKEND,
        "mail.example.la",
        "587",
        "charj",
        "p@ss",
        "True",
        "10",
        "True",
    ]
    assert unconfigured.stdout.split()[0] == NO_EMAIL_BACKEND
    assert unconfigured.stdout.split()[-1] == "False"


@pytest.mark.django_db
def test_without_email_password_reset_sends_to_a_trainers_one_time_code(english_client, settings):
    settings.EMAIL_BACKEND = NO_EMAIL_BACKEND
    UserFactory(groups=[groups.LEARNERS], username="known", email="known@example.la")
    page = english_client.get(reverse("courses:password_reset"))
    assert page.status_code == 200
    assert b"Ask your trainer for a one-time code" in page.content
    assert reverse("courses:set_password_with_code").encode() in page.content
    assert b'name="email"' not in page.content
    posted = english_client.post(reverse("courses:password_reset"), {"email": "known@example.la"})
    assert posted.status_code == 200
    assert b"This site does not send email" in posted.content
    assert not mail.outbox
    # Nothing was sent, so no page says so.
    sent = english_client.get(reverse("courses:password_reset_done"))
    assert sent.status_code == 302
    assert sent["Location"] == reverse("courses:password_reset")


@pytest.mark.django_db
def test_with_email_password_reset_sends_a_link(english_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(groups=[groups.LEARNERS], username="known", email="known@example.la")
    page = english_client.get(reverse("courses:password_reset"))
    assert b'name="email"' in page.content
    assert b"This site does not send email" not in page.content
    posted = english_client.post(reverse("courses:password_reset"), {"email": "known@example.la"})
    assert posted["Location"] == reverse("courses:password_reset_done")
    assert len(mail.outbox) == 1
    assert b"Check your email" in english_client.get(posted["Location"]).content


@pytest.mark.django_db
@pytest.mark.parametrize("email_configured", [True, False])
def test_admin_offers_its_password_reset_only_with_email(
    english_client, settings, email_configured
):
    settings.WAGTAIL_PASSWORD_RESET_ENABLED = email_configured
    login = english_client.get(reverse("wagtailadmin_login"))
    reset_link = reverse("wagtailadmin_password_reset").encode()
    assert (reset_link in login.content) is email_configured
    assert (b"Ask an administrator to set a new password" in login.content) is not (
        email_configured
    )
    reset = english_client.get(reverse("wagtailadmin_password_reset"))
    assert reset.status_code == (200 if email_configured else 404)


# Health ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_answers_ok_to_anyone_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": OK,
        "failing": [],
        "checks": {"database": OK, "cache": OK, "storage": OK, "tasks": NOT_CONFIGURED},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_names_the_failing_part_without_its_details(client, caplog):
    secret = "s3://key:SECRET@bucket"
    with mock.patch("lms.health.default_storage.save", side_effect=OSError(secret)):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["storage"] == FAILING
    assert secret not in response.content.decode()
    # The operator finds the reason in the log.
    assert secret in caplog.text


@pytest.mark.django_db
def test_health_refuses_posts(client):
    assert client.post("/health/").status_code == 405


DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def database_tasks(settings):
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        pytest.skip("the database task backend is not installed")
    # django-tasks rebuilds its backends when TASKS changes.
    settings.TASKS = DATABASE_TASKS


# The worker takes its tasks in transactions of its own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_fails_when_the_database_worker_leaves_tasks_waiting(client, database_tasks):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    assert client.get("/health/").json()["checks"]["tasks"] == OK
    probe = DBTaskResult.objects.get(backend_name="background")
    assert probe.task_path == "lms.health.health_probe"
    # No worker took it for ten minutes.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    stalled = client.get("/health/")
    assert (stalled.status_code, stalled.json()["failing"]) == (503, ["tasks"])
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    assert client.get("/health/").status_code == 200
    assert DBTaskResult.objects.get(pk=probe.pk).return_value == OK


# HTTPS, Content-Security-Policy, compression ------------------------------------------


def test_check_deploy_reports_nothing_with_the_production_settings(tmp_path):
    code = """
        from django.core.management import call_command
        call_command("check", deploy=True, fail_level="WARNING")
    """
    result = run_production(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def parse_policy(header: str) -> dict[str, str]:
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


def test_production_pages_carry_hsts_and_a_same_origin_content_security_policy(tmp_path):
    status, headers, _stderr = get_in_production(tmp_path, "/page/")
    assert status == 200
    policy = parse_policy(headers["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_only_the_admin_may_run_inline_scripts_and_nothing_loads_from_elsewhere(tmp_path):
    code = """
        from django.http import HttpResponse
        from django.test import RequestFactory
        from lms.content_security import ContentSecurityPolicyMiddleware
        middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("x"))
        for path in ("/lo/manual/glossary/", "/admin/pages/8/edit/"):
            print(middleware(RequestFactory().get(path))["Content-Security-Policy"])
    """
    result = run_production(code, tmp_path, CSP_MEDIA_ORIGINS="https://media.charj.example.la")
    assert result.returncode == 0, result.stderr
    site, admin = (parse_policy(line) for line in result.stdout.splitlines())
    assert site["script-src"] == "'self'"
    assert site["img-src"] == "'self' data: https://media.charj.example.la"
    assert admin["script-src"] == "'self' 'unsafe-inline'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    for policy in (site, admin):
        assert policy["connect-src"] == policy["font-src"] == "'self'"


def test_production_redirects_plain_http_except_the_health_check(tmp_path):
    code = """
        from django.test import Client
        for path in ("/lo/account/login/", "/health/"):
            print(Client().get(path, headers={"X-Forwarded-Proto": "http"}).status_code)
    """
    result = run_production(code, tmp_path)
    login, health = result.stdout.split()
    assert login == "301"
    assert health != "301"


def test_production_compresses_html(tmp_path):
    status, headers, _stderr = get_in_production(
        tmp_path, "/page/", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
