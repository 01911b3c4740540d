"""Existing data survives issue 12's refactoring (item 5).

A database is built with the code and migrations as they stood before the refactoring
(commit b38ca57, the last before issue 12's work) and filled with that code's demo data;
then the current code migrates it forward. Every table keeps its rows and every dashboard
figure stays the same, apart from the one the refactoring meant to change: the old code
counted a participant as trained after passing any quiz with purpose "post" at the event,
the current code only the event's chosen post-test (assessments/passing.py).

The demo has no such attempt, so the old code also adds one case of it (a participant who
failed the chosen post-test passes another post-test at the event, see
tests/migrations_forward/dump_figures.py): the old figures then count that person, and
after the migration the current ones do not.

Each code base runs in its own subprocess (manage.py, or dump_figures.py, which writes the
row counts and figures as JSON) on a scratch database: an SQLite file, or on PostgreSQL a
database of its own next to the test run's. It takes a minute or two.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
DUMP = REPO / "tests" / "migrations_forward" / "dump_figures.py"
# The last commit before issue 12's work.
OLD_COMMIT = "b38ca57"

# Models the refactoring moved to another app; their content types (and so their
# permissions and the groups' grants) are relabelled in place by lms/0008 and reports/0001.
MOVED_MODELS = {
    "courses.personmerge": "lms.personmerge",
    "lms.indicatortarget": "reports.indicatortarget",
    "lms.participationfact": "reports.participationfact",
    "lms.quartersubmission": "reports.quartersubmission",
}
# Tables whose rows migrating may add to, checked apart: the migrations applied, the
# content types and permissions of new models, and the groups' grants (lms/groups.py
# grants the current code's permissions after migrate; the old grants are all kept).
GROWING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
    "wagtailcore_groupcollectionpermission",
}
# The figures of people trained: indicators and breakdown columns. They change only by the
# case described above (and never grow).
TRAINED_FIGURES = {"persons_trained", "new_persons_trained"}


def run(args, cwd, database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
    }
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode:
        pytest.fail(
            f"{' '.join(args)} in {cwd} failed ({result.returncode}):\n{result.stderr[-4000:]}"
        )


def dump(tree, database_url, output, *flags):
    run([str(DUMP), str(tree), str(output), *flags], tree, database_url)
    return json.loads(output.read_text())


def old_tree(destination: Path) -> Path:
    """The repository at OLD_COMMIT, with its Lao catalogue compiled (manage.py needs it)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the old code cannot be checked out")
    found = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{OLD_COMMIT}^{{commit}}"],
        capture_output=True,
    )
    if found.returncode:
        pytest.skip(f"commit {OLD_COMMIT} is not in this clone's history (a shallow clone?)")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", OLD_COMMIT], capture_output=True, check=True
    )
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    messages = destination / "locale" / "lo" / "LC_MESSAGES"
    with open(messages / "django.po", "rb") as po:
        catalog = read_po(po, locale="lo", domain="django")
    with open(messages / "django.mo", "wb") as mo:
        write_mo(mo, catalog)
    return destination


@contextmanager
def scratch_database(directory: Path):
    """A database URL of our own, of the same kind as the test run's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{directory / 'forward.db'}"
        return
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"lms_migforward_{secrets.token_hex(4)}"
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def flat(tree, path=()):
    """The leaves of nested figures, by path: ("FY2025/programme=all", "indicators", ...)."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from flat(value, (*path, key))
    else:
        yield path, tree


def is_trained_figure(path) -> bool:
    # .../indicators/<key>/<sex> or .../breakdowns/<table>/<row>/<column>/<sex>
    return path[1] in ("indicators", "breakdowns") and path[-2] in TRAINED_FIGURES


def moved(key: str) -> str:
    """A content type's key ("app.model") or a permission's ("app.model.codename") after
    the move of its model."""
    app, model, *codename = key.split(".", 2)
    return ".".join([MOVED_MODELS.get(f"{app}.{model}", f"{app}.{model}"), *codename])


def test_demo_data_of_the_old_code_survives_the_forward_migration(tmp_path):
    old = old_tree(tmp_path / "old")
    with scratch_database(tmp_path) as database_url:
        run(["manage.py", "migrate", "--no-input", "-v0"], old, database_url)
        run(["manage.py", "load_demo_data"], old, database_url)
        before = dump(old, database_url, tmp_path / "before.json", "--add-inflated-post-test")
        run(["manage.py", "migrate", "--no-input", "-v0"], REPO, database_url)
        after = dump(REPO, database_url, tmp_path / "after.json")

    # Rows: no table lost, every count kept (new tables may come; none has so far).
    rows_before, rows_after = before["rows"], after["rows"]
    assert set(rows_before) <= set(rows_after), set(rows_before) - set(rows_after)
    changed = {
        table: (count, rows_after[table])
        for table, count in rows_before.items()
        if table not in GROWING_TABLES and rows_after[table] != count
    }
    assert changed == {}, "rows (before, after) by table"
    assert rows_after["django_migrations"] > rows_before["django_migrations"]

    # Content types and permissions: the moved models' rows are relabelled, not replaced
    # (same ids, so the admin log, revisions and grants still point at them); the others
    # are untouched. Only new models add rows.
    for kind, table in (
        ("content_types", "django_content_type"),
        ("permissions", "auth_permission"),
    ):
        expected = {moved(key): pk for key, pk in before[kind].items()}
        kept = {key: after[kind].get(key) for key in expected}
        assert kept == expected, kind
        added = set(after[kind]) - set(expected)
        assert rows_after[table] == rows_before[table] + len(added), table
    assert set(MOVED_MODELS) <= set(before["content_types"])
    assert not set(MOVED_MODELS) & set(after["content_types"])

    # The groups keep every grant they had (those of moved models under the new label).
    grants_after = {tuple(grant) for grant in after["grants"]}
    lost = [
        grant
        for group, collection, model, codename in before["grants"]
        if (grant := (group, collection, moved(model), codename)) not in grants_after
    ]
    assert lost == []

    # Figures: the same dashboards, and every figure the same but the trained ones.
    demo, figures_before, figures_after = (
        dict(flat(dashboards))
        for dashboards in (before["demo_dashboards"], before["dashboards"], after["dashboards"])
    )
    assert figures_after.keys() == figures_before.keys() == demo.keys()
    assert len({path[0] for path in figures_after}) >= 2  # fiscal years x programmes
    different = {
        path: (figures_before[path], value)
        for path, value in figures_after.items()
        if not is_trained_figure(path) and value != figures_before[path]
    }
    assert different == {}, "figures (before, after) by path"

    # The trained figures: the old code counted the case's person (before), the current
    # code does not (after), so after <= before everywhere, and after is what the old code
    # counted on the demo data alone: the demo has no other post-test than the chosen one.
    trained = [path for path in figures_after if is_trained_figure(path)]
    for path in trained:
        if figures_after[path] is not None:
            assert Decimal(figures_after[path]) <= Decimal(figures_before[path]), path
    assert {path: figures_after[path] for path in trained} == {path: demo[path] for path in trained}
    # The case itself: one person fewer trained in its fiscal year, for all programmes.
    case = before["case"]
    headline = (f"FY{case['fiscal_year']}/programme=all", "indicators", "persons_trained", "total")
    persons_before, persons_after = int(figures_before[headline]), int(figures_after[headline])
    print(
        f"Persons trained in FY{case['fiscal_year']}, all programmes: {persons_before} by the"
        f" old code, {persons_after} by the current code (event {case['event']})"
    )
    assert persons_before - persons_after == 1, (persons_before, persons_after)
    # Only the trained figures moved in the old code when the case was added.
    assert {path for path, value in figures_before.items() if value != demo[path]} <= set(trained)
