"""The backup commands of the README (/tmp/work/readme_ops.md) on a database with the demo
content: a dump restored into a fresh database holds every row of every table.

PostgreSQL (pg_dump/pg_restore, Debian's postgresql-client) when DATABASE_URL names one,
else SQLite (the sqlite3 shell's .backup and .restore, Debian's sqlite3). The databases
are the test's own, built in a separate process with migrate and load_demo_data, so the
dump sees committed rows and the test run's database is left alone.
"""

import os
import shutil
import sqlite3
import subprocess
import sys

import dj_database_url
import psycopg
import pytest
from django.conf import settings

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def manage(*args, database_url, tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        timeout=900,
    )


def load_demo_database(database_url, tmp_path):
    manage("migrate", "--verbosity=0", database_url=database_url, tmp_path=tmp_path)
    manage("load_demo_data", database_url=database_url, tmp_path=tmp_path)


def row_counts(cursor, tables_sql) -> dict[str, int]:
    cursor.execute(tables_sql)
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def sqlite_row_counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return row_counts(
            connection.cursor(),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )


POSTGRES_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"


@pytest.mark.skipif(ON_POSTGRES, reason="DATABASE_URL names PostgreSQL: see the test below")
def test_sqlite_backup_restores_every_row(tmp_path):
    assert shutil.which("sqlite3"), "Debian's sqlite3 package is needed for the backup commands"
    live, backup, restored = (tmp_path / name for name in ("live", "backup", "restored"))
    load_demo_database(f"sqlite:///{live}.sqlite3", tmp_path)
    # The commands of the README, run while the server could be writing (WAL mode).
    subprocess.run(["sqlite3", f"{live}.sqlite3", f".backup '{backup}.sqlite3'"], check=True)
    subprocess.run(["sqlite3", f"{restored}.sqlite3", f".restore '{backup}.sqlite3'"], check=True)
    before = sqlite_row_counts(f"{live}.sqlite3")
    assert before["wagtailcore_page"] > 50
    assert before["lms_person"] > 0
    assert sqlite_row_counts(f"{restored}.sqlite3") == before


@pytest.mark.skipif(not ON_POSTGRES, reason="DATABASE_URL does not name PostgreSQL")
def test_postgres_dump_restores_every_row_into_a_fresh_database(tmp_path):
    assert shutil.which("pg_dump"), "Debian's postgresql-client package is needed for backups"
    server = dj_database_url.parse(DATABASE_URL)
    connection_args = [
        "--host",
        server["HOST"] or "127.0.0.1",
        "--port",
        str(server["PORT"] or 5432),
    ]
    connection_args += ["--username", server["USER"]] if server["USER"] else []
    environment = {**os.environ, "PGPASSWORD": server["PASSWORD"] or ""}
    # Names of this test run's own, beside pytest-django's test_<name>.
    live, restored = (f"test_{server['NAME']}_backup_{part}" for part in ("live", "restored"))
    dump = tmp_path / "charj.dump"

    def run(*command):
        subprocess.run(command, check=True, env=environment, capture_output=True)

    def counts(database):
        with psycopg.connect(
            host=server["HOST"] or "127.0.0.1",
            port=server["PORT"] or 5432,
            user=server["USER"],
            password=server["PASSWORD"],
            dbname=database,
        ) as connection:
            return row_counts(connection.cursor(), POSTGRES_TABLES)

    for database in (live, restored):
        run("dropdb", *connection_args, "--if-exists", database)
    run("createdb", *connection_args, live)
    try:
        live_url = DATABASE_URL.rsplit("/", 1)[0] + f"/{live}"
        load_demo_database(live_url, tmp_path)
        # The commands of the README.
        run("pg_dump", *connection_args, "--format=custom", "--no-owner", f"--file={dump}", live)
        run("createdb", *connection_args, restored)
        run(
            "pg_restore",
            *connection_args,
            "--no-owner",
            "--exit-on-error",
            f"--dbname={restored}",
            str(dump),
        )
        before = counts(live)
        assert before["wagtailcore_page"] > 50
        assert before["lms_person"] > 0
        assert counts(restored) == before
    finally:
        for database in (live, restored):
            run("dropdb", *connection_args, "--if-exists", database)
