"""Time the indicator dashboard at scale on SQLite and PostgreSQL and print the figures.

    .venv/bin/python benchmarks/dashboard.py [DATABASE_URL ...]

Without arguments it measures sqlite:////tmp/reports.sqlite3 and
postgres://postgres@127.0.0.1:5432/lms_reports. Each database is migrated and, when it
holds no generated data yet, filled by ``generate_scale_data`` (20,000 people, 1,500
events, about 250,000 attendance marks). Printed per database: the dashboard for one
fiscal year, the quarterly donor workbook export, the single raw SQL query counting
unique persons trained, and the ratio of the dashboard to that query.
Budgets (issue 7): dashboard under 2 s, workbook under 10 s.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URLS = [
    "sqlite:////tmp/reports.sqlite3",
    "postgres://postgres@127.0.0.1:5432/lms_reports",
]
FISCAL_YEAR = 2018
RUNS = 3

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


def best_of(function, runs=RUNS):
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def ensure_postgres_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def measure():
    """Run inside a process whose DATABASE_URL names the database to measure."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from courses.models import TrainingEvent
    from lms.reports.dashboard import build_dashboard
    from lms.reports.exports import xlsx_bytes
    from lms.reports.periods import fiscal_quarter, fiscal_year
    from lms.reports.queries import ReportFilters
    from lms.reports.workbook import donor_workbook_sheets

    call_command("migrate", verbosity=0)
    if not TrainingEvent.objects.filter(title_en__startswith="[scale]").exists():
        call_command("generate_scale_data")
    translation.activate("lo")
    year, quarter = fiscal_year(FISCAL_YEAR), fiscal_quarter(FISCAL_YEAR, 3)

    dashboard_time, dashboard = best_of(lambda: build_dashboard(year, ReportFilters()))

    def workbook():
        return xlsx_bytes(donor_workbook_sheets(build_dashboard(quarter, ReportFilters())))

    workbook_time, content = best_of(workbook)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_UNIQUE_TRAINED, [year.start, year.end])
            return cursor.fetchone()[0]

    raw_time, raw_count = best_of(raw)
    ours = dashboard.indicator("persons_trained").total
    assert ours == raw_count, (ours, raw_count)
    print(f"{connection.vendor}:")
    print(f"  unique persons trained FY{FISCAL_YEAR}: {ours} (raw SQL agrees)")
    print(f"  dashboard FY{FISCAL_YEAR}:       {dashboard_time:.2f} s (budget 2 s)")
    size = f"{len(content):,} bytes"
    print(f"  donor workbook FY{FISCAL_YEAR} Q3: {workbook_time:.2f} s (budget 10 s), {size}")
    print(f"  raw SQL unique trained:  {raw_time:.3f} s")
    print(f"  dashboard / raw query:   {dashboard_time / raw_time:.1f}x")


def main(urls):
    for url in urls:
        if url.startswith("postgres"):
            ensure_postgres_database(url)
        environment = {**os.environ, "DATABASE_URL": url, "BENCHMARK_CHILD": "1"}
        subprocess.run([sys.executable, __file__], env=environment, check=True, cwd=ROOT)


if __name__ == "__main__":
    if os.environ.get("BENCHMARK_CHILD"):
        measure()
    else:
        main(sys.argv[1:] or DEFAULT_URLS)
