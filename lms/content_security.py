"""The Content-Security-Policy header (django-csp): the settings' policy everywhere, with
CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS added on the Wagtail admin's pages, whose date
pickers and inline panels still start from inline scripts and whose rich-text editor
injects <style> elements (https://github.com/wagtail/wagtail/issues/1288)."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and parts.update is None:
            parts.update = settings.CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS
        return parts
