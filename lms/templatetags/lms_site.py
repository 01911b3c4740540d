"""Links from the admin to the public site, in the user's site language."""

from django import template
from django.urls import reverse
from django.utils import translation

from lms.i18n import site_language_for

register = template.Library()


@register.simple_tag(takes_context=True)
def site_url(context, view_name, *args):
    """``{% url %}`` for a public page, in the language the user reads the site in."""
    with translation.override(site_language_for(context["request"])):
        return reverse(view_name, args=args)
