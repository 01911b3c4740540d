"""Settings shared by every environment.

Lao (``lo``) is the default language. Django 5.2 ships neither a ``lo`` entry in
``LANG_INFO`` nor Lao strings, so both come from this project: LANG_INFO is extended
below and the catalogue lives in ``locale/lo/LC_MESSAGES/django.po``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "lms",
    "courses",
    "assessments",
    "lms.reports",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Throttles sign-in attempts (site, admin, one-time codes): see AXES_* below.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.page_cache.PageCacheMiddleware",  # above sessions, CSRF and messages: see its docstring
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

# The steps of ``manage.py load_demo_data``, in order; each is idempotent. Named here, not
# imported by the core, because each app's demo builds on the apps below it.
DEMO_DATA_STEPS = [
    "lms.demo.load",
    "courses.demo.manual.load",
    "courses.demo.courses.load",
    "courses.demo.events.load",
    # The question bank (assessments.demo), then attempts in courses and events.
    "courses.demo.attempts.load",
    "courses.demo.courses.publish_stale_translations",
    "lms.reports.demo.load",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

# https://github.com/jazzband/dj-database-url: SQLite unless DATABASE_URL names another server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASE_IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    # No JIT compilation: the planner prices the reports' correlated subqueries far above
    # PostgreSQL's JIT thresholds, and compiling then costs a second to save milliseconds
    # (the dashboard's facts table: 1.6 s with JIT, 0.6 s without). Options given in
    # DATABASE_URL come after ours, so they still win.
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["options"] = f"-c jit=off {database_options.get('options', '')}".strip()
    # docs.djangoproject.com/en/5.2/ref/databases/#transaction-pooling-server-side-cursors
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    # SQLite, the embedded default, with several writers (the admin's autosave beside a
    # publish, the background worker beside the site): write-ahead logging lets readers go
    # on while one writes, transactions take the write lock when they start instead of
    # failing half-way, and a writer waits up to 20 s for another to finish.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# Internationalisation -------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/translation/#how-django-discovers-language-preference
LANG_INFO["lo"] = {
    "bidi": False,
    "code": "lo",
    "name": "Lao",
    "name_local": "ລາວ",
}
LANGUAGE_CODE = "lo"
LANGUAGES = [
    ("lo", "ລາວ"),
    ("en", "English"),
]
# The project's strings, then the Wagtail and Django strings of the admin, which those
# packages ship without Lao (lms/management/commands/lao_catalogue.py keeps both).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "admin"]
# https://docs.djangoproject.com/en/5.2/ref/settings/#format-module-path
FORMAT_MODULE_PATH = ["lms.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Vientiane"

# Show Lao digits (໐-໙) instead of Arabic ones wherever numbers go through the
# lms_format filters. Off by default: officials and donors mostly read Arabic digits.
LAO_DIGITS = False

# https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Each user's admin language is their account's preference, else the site's language.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "lms.admin_login.LoginForm"
# Lazy: the admin shows it in each user's language.
WAGTAIL_SITE_NAME = _("CHARJ Justice Training")
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# https://docs.wagtail.org/en/stable/topics/search/backends.html: the database backend,
# segmenting Lao queries into words (lms/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lms.search_backend"}}

# Static and media files -----------------------------------------------------
# Media (images and their renditions, documents, manual PDFs, uploads kept between a
# preview and its confirmation) are read and written through Django's storage API only
# (https://docs.djangoproject.com/en/5.2/ref/files/storage/): files under MEDIA_ROOT by
# default, or, with AWS_STORAGE_BUCKET_NAME set, a bucket of an S3-compatible store (AWS,
# MinIO, Ceph) shared by every server (https://django-storages.readthedocs.io/en/latest/
# backends/amazon-S3.html). boto3 reads the keys itself from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or an instance role), so they are not copied into settings.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Empty for AWS itself; e.g. http://minio.internal:9000 for another store.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # "path" for stores without a DNS name per bucket (most MinIO set-ups).
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            # A second "photo.jpg" gets a name of its own, as with local files, instead of
            # replacing the first image's original.
            "file_overwrite": False,
            # A private bucket: images are shown by signed URLs (valid for this many
            # seconds, so longer than any cached page that carries one); everything else is
            # read by the site itself.
            "default_acl": None,
            "querystring_auth": True,
            # Version 4 signatures, which every region and MinIO accept (at most 7 days).
            "signature_version": "s3v4",
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", 86_400)),
            # A public host name in front of the bucket (a CDN or proxy); URLs are then unsigned.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        },
    }
# Documents are streamed by Wagtail's view after its privacy checks, from any storage, so
# the store need not be reachable by readers and no lasting link to a file is handed out
# (https://docs.wagtail.org/en/stable/reference/settings.html#wagtaildocs-serve-method).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Cache ----------------------------------------------------------------------
# The one place that chooses the cache of every settings module. With REDIS_URL (e.g.
# redis://127.0.0.1:6379/0) every process and server shares Redis, so clearing an entry
# (a glossary edit) reaches all of them; without it each process keeps its own in memory
# and the others catch up when their entries expire (a few minutes).
# https://docs.djangoproject.com/en/5.2/topics/cache/#redis
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Reference data (provinces, institutions, ranks, glossary) copied from shared/domain.
DOMAIN_DATA_DIR = PROJECT_DIR / "data"

PROGRAMME_NAME = _("IOM CHARJ: Combating Human Trafficking through Reinforcing Judicial Capacity")

# https://django-axes.readthedocs.io/en/latest/4_configuration.html: axes' backend first, so a
# locked-out username and address is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "lms.auth.LockoutBackend",
    "lms.auth.UsernamePhoneOrEmailBackend",
]

# Sign-in throttling (https://django-axes.readthedocs.io/en/latest/4_configuration.html):
# five failures for one login from one address lock that pair for 15 minutes. Logins are
# counted per account (lms.auth.lockout_username), however the phone or email is typed.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "lms.auth.lockout_username"
AXES_CLIENT_IP_CALLABLE = "lms.auth.client_address"
# Proxies in front of the site that append the client's address to X-Forwarded-For; none
# by default (production: TRUSTED_PROXY_COUNT in the environment).
TRUSTED_PROXY_COUNT = 0
AXES_LOCKOUT_TEMPLATE = "lms/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Successful sign-ins are not logged row by row: the failures are what throttling needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# No avatars from an outside service: Gravatar would receive a hash of every admin user's
# e-mail address on each admin page (https://docs.wagtail.org/en/stable/reference/settings.html).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Logging and e-mail -----------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/logging/: Django's own configuration sends
# request errors to the console only with DEBUG on, so without this a production server
# error left no trace. Every record goes to standard error (gunicorn and systemd or the
# container runtime collect it) with the request's id (lms/request_id.py), tracebacks
# included; "django" keeps propagating so that pytest's caplog still sees its records.
# WARNING and above by default: INFO adds a line per task run and per page edited.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.request_id.RequestIdFilter"}},
    "formatters": {
        "with_request_id": {
            "format": "{asctime} {levelname} {name} request_id={request_id} {message}",
            "style": "{",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "with_request_id",
        }
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Without its default handlers (console with DEBUG only, mail to ADMINS): to the root's.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL}},
}

# https://github.com/migonzalvar/dj-email-url: EMAIL_URL such as
# smtp://user:password@mail.example.la:587/?tls=True (the password URL-quoted). Without it
# nothing can be sent: the dummy backend, and password reset offers the trainers' one-time
# codes instead of a link (lms.mail.email_is_configured). Dev and test choose their own
# backend (console, memory), which counts as configured.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    email_settings = dj_email_url.parse(EMAIL_URL)
    # A mail server that does not answer must not hold a web worker until gunicorn's 30 s.
    email_settings["EMAIL_TIMEOUT"] = email_settings["EMAIL_TIMEOUT"] or 10
    vars().update(email_settings)
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks ---------------------------------------------------------------
# Django's tasks framework through the django-tasks backport, which Wagtail 8 pins below
# 0.13 (https://github.com/RealOrangeOne/django-tasks). Slow work (manual PDFs after
# publishing, certificate ZIPs: lms.tasks) goes to the "background" backend, chosen by
# TASKS_BACKEND: "db" (the embedded default, django-tasks-db: a table that
# `manage.py db_worker --backend background`, started by `make run`, works through) or
# "rq" (Redis with RQ through django-tasks-rq, REDIS_URL; `manage.py rqworker default`).
# Wagtail's own small tasks (reference index, image focal points) stay on "default", run
# within the request as before: no worker is needed for Wagtail to be correct.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "lms.jobs"]
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if TASKS_BACKEND == "rq":
    from django.core.exceptions import ImproperlyConfigured

    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (redis://host:6379/0).")
    INSTALLED_APPS += ["django_rq"]
    # https://github.com/rq/django-rq#installation; a job may run as long as a ZIP takes.
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 1800}}
    TASKS["background"] = {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
elif TASKS_BACKEND == "db":
    TASKS["background"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASKS_BACKEND is 'db' or 'rq', not {TASKS_BACKEND!r}.")
