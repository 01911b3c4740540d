"""Time the indicator dashboard for one fiscal year at scale, as programme staff meet it.

    .venv/bin/python benchmarks/dashboard.py [DATABASE_URL ...]

Which database: each URL given is measured in place (migrated and, when it holds no
generated data yet, filled by ``generate_scale_data``: 20,000 people, 1,500 events, about
250,000 attendance marks). Without URLs, the run makes a scratch database of its own on
the server of ``DATABASE_URL`` (PostgreSQL: ``<name>_dashboard_<pid>``; SQLite or no
DATABASE_URL: a file in a new temporary directory), fills it, measures it and drops it.

Statistics: generated data is measured as written, without running ANALYZE after it.
SQLite then has no planner statistics (Django never gathers them, so a site has none).
PostgreSQL has what autovacuum gathers: the run waits up to AUTOANALYZE_WAIT seconds for
it, as a live server would have analysed its tables by then; where autovacuum is off, the
tables stay without statistics, as on such a server. A database given as a URL is
measured with the statistics it has. The output says which.

A statement running past STATEMENT_TIMEOUT seconds is stopped and the budget missed.

Measured: the dashboard page for fiscal year 2018 requested by a programme-staff user
(the view, its queries and its template; the median of RUNS requests and the slowest),
the quarterly donor workbook export, and a raw SQL count of unique persons trained that
the page's figure must equal. The page must create no table (it runs behind PgBouncer in
transaction pooling and on read replicas). Each budget is printed beside its figure; the
script exits non-zero when a budget is missed or a check fails.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FISCAL_YEAR = 2018
RUNS = 5
# Budgets in seconds: the dashboard (issue 15), the donor workbook (issue 7).
DASHBOARD_BUDGET = 1.0
WORKBOOK_BUDGET = 10.0
AUTOANALYZE_WAIT = 180
STATEMENT_TIMEOUT = 60
# The tables whose statistics the reports' plans depend on.
REPORT_TABLES = ("courses_participation", "courses_attendance", "assessments_attempt")

# One query, written by hand: distinct participants of held FY2018 events who attended at
# least the event's share of its scheduled hours and, where required, passed the post-test
# the event chose.
RAW_UNIQUE_TRAINED = """
SELECT COUNT(DISTINCT p.person_id)
FROM courses_participation p
JOIN courses_trainingevent e ON e.id = p.event_id
WHERE e.status = 'held' AND p.role = 'participant' AND e.end_date BETWEEN %s AND %s
  AND (SELECT SUM(s.hours) FROM courses_eventsession s WHERE s.event_id = e.id) > 0
  AND (SELECT COALESCE(SUM(s.hours), 0) FROM courses_attendance a
       JOIN courses_eventsession s ON s.id = a.session_id
       WHERE a.participation_id = p.id AND a.status IN ('present', 'late'))
      >= e.min_attendance_share
         * (SELECT SUM(s.hours) FROM courses_eventsession s WHERE s.event_id = e.id) - 0.001
  AND (NOT e.post_test_required OR EXISTS (
       SELECT 1 FROM assessments_attempt t JOIN assessments_quiz q ON q.id = t.quiz_id
       WHERE t.person_id = p.person_id AND t.event_id = e.id AND t.quiz_id = e.post_test_id
         AND t.status = 'submitted'
         AND t.score_percent >= COALESCE(e.post_test_pass_mark, q.pass_mark)))
"""
# Statements that would keep state on the connection between statements.
SESSION_STATE = ("CREATE TEMP", "CREATE TABLE", "CREATE INDEX", "DROP TABLE")


def timed(function, runs):
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return timings, result


def verdict(seconds, budget) -> str:
    return "ok" if seconds <= budget else "MISSED"


def measure() -> bool:
    """Run inside a process whose DATABASE_URL names the database; True when all is within."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as served: no debug templates, no query log
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import OperationalError, connection
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from courses.models import TrainingEvent
    from lms import groups
    from lms.reports.dashboard import build_dashboard
    from lms.reports.exports import xlsx_bytes
    from lms.reports.periods import fiscal_quarter, fiscal_year
    from lms.reports.queries import ReportFilters
    from lms.reports.workbook import donor_workbook_sheets

    def bound_statements(connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}s'")

    connection_created.connect(bound_statements)
    connection.close()

    call_command("migrate", verbosity=0)
    generated = not TrainingEvent.objects.filter(title_en__startswith="[scale]").exists()
    if generated:
        call_command("generate_scale_data", no_analyze=True)
    statistics_state = planner_statistics(connection, wait=generated)
    year, quarter = fiscal_year(FISCAL_YEAR), fiscal_quarter(FISCAL_YEAR, 3)
    url = reverse("lms_reports:dashboard") + f"?period=fy&year={FISCAL_YEAR}"

    user = get_user_model().objects.create_user(f"dashboard-benchmark-{os.getpid()}")
    try:
        user.groups.add(Group.objects.get(name=groups.PROGRAMME_STAFF))
        client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="lo")
        client.force_login(user)
        statements = []

        def record(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        response = None
        try:
            with connection.execute_wrapper(record):
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            timings, _response = timed(lambda: client.get(url), RUNS)
        except OperationalError as error:  # the statement timeout
            print(f"{connection.vendor}: dashboard page stopped: {error}".strip())
            timings = [float("inf")]
        client.logout()
    finally:
        user.delete()
    keeping_state = [sql for sql in statements if sql.lstrip().upper().startswith(SESSION_STATE)]

    translation.activate("lo")

    def workbook():
        return xlsx_bytes(donor_workbook_sheets(build_dashboard(quarter, ReportFilters())))

    try:
        workbook_timings, content = timed(workbook, 1)
    except OperationalError as error:
        print(f"{connection.vendor}: donor workbook stopped: {error}".strip())
        workbook_timings, content = [float("inf")], b""
    with connection.cursor() as cursor:
        cursor.execute(RAW_UNIQUE_TRAINED, [year.start, year.end])
        raw_count = cursor.fetchone()[0]
    try:
        ours = build_dashboard(year, ReportFilters()).indicator("persons_trained").total
    except OperationalError:
        ours = None

    page = statistics.median(timings)
    book = workbook_timings[0]
    name = connection.settings_dict["NAME"]
    print(f"{connection.vendor} ({name}):")
    state = "generated now, no ANALYZE" if generated else "as found"
    print(f"  data: {state}; planner statistics: {statistics_state}")
    agrees = "raw SQL agrees" if ours == raw_count else f"MISMATCH: raw SQL counts {raw_count}"
    print(f"  unique persons trained FY{FISCAL_YEAR}: {ours} ({agrees})")
    print(
        f"  dashboard page FY{FISCAL_YEAR}: {page:.2f} s median of {RUNS}, slowest "
        f"{max(timings):.2f} s (budget {DASHBOARD_BUDGET:.2f} s) {verdict(page, DASHBOARD_BUDGET)}"
    )
    print(
        f"  statements: {len(statements)}, creating tables: {len(keeping_state)} (budget 0) "
        f"{'ok' if not keeping_state else 'MISSED'}"
    )
    print(
        f"  donor workbook FY{FISCAL_YEAR} Q3: {book:.2f} s (budget {WORKBOOK_BUDGET:.2f} s) "
        f"{verdict(book, WORKBOOK_BUDGET)}, {len(content):,} bytes"
    )
    return (
        ours == raw_count
        and page <= DASHBOARD_BUDGET
        and book <= WORKBOOK_BUDGET
        and not keeping_state
    )


def planner_statistics(connection, wait: bool) -> str:
    """Whether the planner has statistics of the report tables (waiting for autovacuum)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            return "analysed" if cursor.fetchone()[0] else "none (never analysed)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0] == "on"
        deadline = time.monotonic() + (AUTOANALYZE_WAIT if wait and autovacuum else 0)
        while True:
            cursor.execute(
                "SELECT count(DISTINCT tablename) FROM pg_stats WHERE tablename = ANY(%s)",
                [list(REPORT_TABLES)],
            )
            analysed = cursor.fetchone()[0]
            if analysed == len(REPORT_TABLES) or time.monotonic() > deadline:
                break
            time.sleep(5)
    if analysed == len(REPORT_TABLES):
        return "analysed" + (" by autovacuum" if wait else "")
    return f"none for {len(REPORT_TABLES) - analysed} of {len(REPORT_TABLES)} report tables" + (
        "" if autovacuum else " (autovacuum is off)"
    )


def scratch_url() -> tuple[str, callable]:
    """A database of this run's own beside DATABASE_URL's, and how to drop it."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        folder = tempfile.mkdtemp(prefix="dashboard-benchmark-")
        return f"sqlite:///{folder}/scale.sqlite3", lambda: shutil.rmtree(folder)
    import psycopg

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_dashboard_{os.getpid()}"
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + f"/{name}", drop


def ensure_postgres_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def run(url) -> bool:
    environment = {**os.environ, "DATABASE_URL": url, "BENCHMARK_CHILD": "1"}
    return subprocess.run([sys.executable, __file__], env=environment, cwd=ROOT).returncode == 0


def main(urls) -> int:
    within = True
    if not urls:
        url, drop = scratch_url()
        try:
            within = run(url)
        finally:
            drop()
    for url in urls:
        if url.startswith(("postgres://", "postgresql://")):
            ensure_postgres_database(url)
        within = run(url) and within
    return 0 if within else 1


if __name__ == "__main__":
    if os.environ.get("BENCHMARK_CHILD"):
        sys.exit(0 if measure() else 1)
    sys.exit(main(sys.argv[1:]))
