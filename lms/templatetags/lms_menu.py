"""The main menu: the home page's children marked "show in menus", in the active language."""

from django import template
from wagtail.models import Page

from lms.i18n import active_language

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    request = context["request"]
    home = Page.objects.filter(depth=2, locale__language_code=active_language()).live().first()
    if home is None:
        return []
    items = [
        {
            "title": home.title,
            "url": home.get_url(request),
            "active": request.path == home.get_url(request),
        }
    ]
    for child in home.get_children().live().in_menu().specific(defer=True):
        url = child.get_url(request)
        items.append(
            {"title": child.title, "url": url, "active": bool(url) and request.path.startswith(url)}
        )
    return items
