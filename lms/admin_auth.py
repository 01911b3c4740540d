"""Refusals in the project's own admin views answer 403, with a page that says why.

Wagtail turns a PermissionDenied raised in an admin view into a redirect to the dashboard;
the project's views (trainers' tools, certificates, accounts, events, reports) answer a
signed-in user without the right with 403 instead, as the permission matrix states. Their
views raise PermissionDenied as usual (Django's ``permission_required(...,
raise_exception=True)`` included) and the app's ``register_admin_urls`` hook passes its
URL patterns through ``refusals_as_403``.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver
from django.views.defaults import permission_denied

ADMIN_403_TEMPLATE = "lms/admin/403.html"


def answer_403(view):
    @wraps(view)
    def refusing(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return permission_denied(request, refusal, template_name=ADMIN_403_TEMPLATE)

    return refusing


def refusals_as_403(patterns):
    """The URL patterns, each view answering 403 where it refuses (included ones too)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            refusals_as_403(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = answer_403(pattern.callback)
    return patterns
