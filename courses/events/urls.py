"""Trainer-facing training-event URLs (inside i18n_patterns, see lms/urls.py)."""

from django.urls import path

from courses.events import views as event_views

app_name = "events"

urlpatterns = [
    path(
        "events/sessions/<int:session_id>/mark/",
        event_views.mark_session,
        name="mark_session",
    ),
]
