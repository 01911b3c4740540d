from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import health, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/", views.switch_language, name="switch_language"),
    # For the load balancer and monitoring; outside the language prefix (lms/health.py).
    path("health/", health.health, name="health"),
]

urlpatterns += i18n_patterns(
    path("account/login/", views.sign_in, name="login"),
    path("account/logout/", views.sign_out, name="logout"),
    path("quizzes/", include("assessments.urls")),
    path("", include("courses.urls")),
    path("", include("courses.events.urls")),
    path("", include("courses.manual.urls")),
    # Wagtail's page serving stays last: it matches every remaining path but the admin's, so
    # that a 404 of an admin view stays a 404 instead of LocaleMiddleware redirecting it to
    # /lo/admin/... (a path only Wagtail's page serving would have "matched").
    re_path(r"^(?!admin/)", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
