"""The status pages of files being prepared, under /admin/jobs/ (where the tools that start
them are)."""

from django.urls import include, path
from wagtail import hooks

from lms.jobs import views

urlpatterns = [
    path("<uuid:pk>/", views.job_status, name="status"),
    path("<uuid:pk>/file/", views.job_file, name="file"),
]


@hooks.register("register_admin_urls")
def register_job_urls():
    return [path("jobs/", include((urlpatterns, "jobs"), namespace="jobs"))]
