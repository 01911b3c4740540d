"""URLs for tests/lms/test_operations.py's production-settings runs: a view that fails and
a page long enough to be compressed, outside the site's own pages (which need a database
and built static files)."""

from django.http import HttpResponse
from django.urls import path


def fail(request):
    raise RuntimeError("forced by the logging test")


def page(request):
    return HttpResponse("<!doctype html><title>t</title>" + "<p>ທ່ານ ກະລຸນາ</p>" * 200)


urlpatterns = [path("fail/", fail), path("page/", page)]
