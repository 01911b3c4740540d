"""The main menu: the home page's children marked "show in menus", in the active language."""

from django import template
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.i18n import active_language

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    request = context["request"]
    home = Page.objects.filter(depth=2, locale__language_code=active_language()).live().first()
    if home is None:
        return []
    home_url = home.get_url(request)
    items = [{"title": _("Home"), "url": home_url, "active": request.path == home_url}]
    for child in home.get_children().live().in_menu().specific(defer=True):
        url = child.get_url(request)
        items.append(
            {"title": child.title, "url": url, "active": bool(url) and request.path.startswith(url)}
        )
    return items
