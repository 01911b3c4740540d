"""URL of the site search page (inside i18n_patterns: /lo/search/, /en/search/)."""

from django.urls import path

from courses.manual import search

urlpatterns = [path("search/", search.search, name="search")]
