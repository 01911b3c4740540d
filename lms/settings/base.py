"""Settings shared by every environment.

Lao (``lo``) is the default language. Django 5.2 ships neither a ``lo`` entry in
``LANG_INFO`` nor Lao strings, so both come from this project: LANG_INFO is extended
below and the catalogue lives in ``locale/lo/LC_MESSAGES/django.po``.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
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
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

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
