import os
import subprocess
import sys

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection


def test_default_database_is_sqlite_unless_database_url_is_set():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert "django.contrib.postgres" in settings.INSTALLED_APPS
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/lms")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("127.0.0.1", 5432, "lms")


@pytest.mark.django_db
def test_postgresql_connections_do_not_jit_compile():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def _load_settings(module, printed, **environ):
    """Print ``printed`` (an expression of ``settings``) from a fresh process's settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env |= environ | {"DJANGO_SETTINGS_MODULE": module}
    code = f"import django; django.setup(); from django.conf import settings; print({printed})"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def _load_production_settings(**environ):
    return _load_settings("lms.settings.production", "settings.ALLOWED_HOSTS", **environ)


def test_options_in_database_url_come_after_jit_off():
    url = "postgres://postgres@127.0.0.1:5432/lms?options=-c%20statement_timeout%3D5000"
    options = "settings.DATABASES['default']['OPTIONS']['options']"
    result = _load_settings("lms.settings.dev", options, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-c jit=off -c statement_timeout=5000"


def test_production_refuses_to_start_without_secret_key():
    result = _load_production_settings()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_reads_hosts_from_the_environment():
    result = _load_production_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="learn.example.la, a.la")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['learn.example.la', 'a.la']"


def test_lao_is_the_default_language_and_known_to_django():
    from django.utils.translation import get_language_info

    assert settings.LANGUAGE_CODE == "lo"
    assert get_language_info("lo")["name_local"] == "ລາວ"
    assert [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES] == ["lo", "en"]
