"""Production: gunicorn behind a proxy, static files served by WhiteNoise.

https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

import os

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable to run in production.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Behind the proxy every request comes from the proxy's address: sign-in throttling reads
# the client's from X-Forwarded-For, as appended by this many trusted proxies
# (lms.auth.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# https://whitenoise.readthedocs.io/en/stable/django.html: straight after SecurityMiddleware.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# The cache (REDIS_URL) and the media store (AWS_STORAGE_BUCKET_NAME) are chosen in base.py.

# Operators: logs, errors, e-mail ------------------------------------------------
# Every request's id in its log records and on its response (lms/request_id.py): first, so
# that the records of every middleware below carry it.
MIDDLEWARE.insert(0, "lms.request_id.RequestIdMiddleware")

# https://docs.sentry.io/platforms/python/integrations/django/: errors also go to Sentry
# when SENTRY_DSN is set; no personal data (users' names, e-mails, addresses, cookies) is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0,
    )

# Wagtail's own password-reset pages in the admin, off like the site's when no e-mail is
# configured (EMAIL_URL, lms.mail.email_is_configured): the admin's sign-in page then says
# to ask an administrator (lms/templates/wagtailadmin/login.html).
WAGTAIL_PASSWORD_RESET_ENABLED = bool(EMAIL_URL)

# HTTPS ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security:
# browsers keep to HTTPS for a year, on every subdomain. Preload only marks the header as
# fit for the browsers' preload list; nothing is listed until someone submits the domain.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The proxy terminates TLS and says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER above);
# a plain-HTTP request is redirected, except the load balancer's health check, which
# speaks to the server directly.
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# https://django-csp.readthedocs.io/en/latest/configuration.html: the site's pages load only
# its own scripts, styles, fonts and images, and run no inline script or style (checked in
# headless Chromium over the site's pages and the admin). No nonces: the page cache hands
# one stored page to many readers. The admin, for signed-in staff only, also allows inline
# scripts and styles, which its date pickers, inline panels and rich-text editor need, and
# blob: images (upload previews); still nothing from another origin
# (lms/content_security.py). Media in S3 from its own host: CSP_MEDIA_ORIGINS.
MIDDLEWARE.insert(
    MIDDLEWARE.index("lms.page_cache.PageCacheMiddleware"),
    "lms.content_security.ContentSecurityPolicyMiddleware",
)
INSTALLED_APPS.append("csp")
MEDIA_ORIGINS = [o.strip() for o in os.environ.get("CSP_MEDIA_ORIGINS", "").split(",") if o.strip()]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
}
# The admin's dashboard would ask releases.wagtail.org for new versions from each
# browser: an outside request the policy refuses, and one the operators make instead.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Compressed HTML --------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.gzip:
# pages shrink 3-8 times (the glossary from about 40 KB). BREACH reads a secret out of a
# compressed page from its size when the attacker's text is reflected beside it: Django
# masks the CSRF token afresh in every response, and GZipMiddleware pads each response by
# a random length (Django 4.2's "Heal the Breach"), which is the mitigation Django's docs
# accept. Above the page cache, so stored pages go out compressed too; static files are
# compressed ahead by WhiteNoise.
MIDDLEWARE.insert(
    MIDDLEWARE.index("lms.content_security.ContentSecurityPolicyMiddleware"),
    "django.middleware.gzip.GZipMiddleware",
)
