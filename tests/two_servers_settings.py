"""Settings of the processes tests/test_two_servers.py starts: the test settings, with the
slow work on the database backend, so that the worker process does it as in production
(the test settings run it within the request that queues it)."""

from lms.settings.test import *  # noqa: F403

BACKGROUND_TASKS = {"BACKEND": "django_tasks_db.DatabaseBackend"}
TASKS = {**TASKS, "background": BACKGROUND_TASKS}  # noqa: F405
