import os
from pathlib import Path

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each server of tests/test_two_servers.py is given a folder of its own (MEDIA_ROOT), and
# the shared Redis and S3 store through the environment like any settings (base.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media" / "test")
WAGTAILADMIN_BASE_URL = "http://testserver"

# Background tasks run within the test that queues them (the code is the worker's); the
# tests of queuing and of the database worker itself choose the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
