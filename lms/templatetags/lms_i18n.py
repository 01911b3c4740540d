"""The language switcher: the same page in the other language, or an honest notice."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from lms.i18n import active_language

register = template.Library()


def _translation_url(page: Page, language_code: str, request):
    """The live translation's URL, or None when the page has none in that language."""
    translation = (
        page.get_translations(inclusive=True)
        .filter(locale__language_code=language_code)
        .live()
        .first()
    )
    return translation.get_url(request) if translation else None


def _route_path(page: Page, request) -> str:
    """What the request's path adds to a routable page's own URL: the route being viewed
    (``glossary/``, ``side-by-side/``), which the page's translations serve too."""
    if not isinstance(page, RoutablePageMixin):
        return ""
    page_path = urlsplit(page.get_url(request) or "").path
    if page_path and request.path.startswith(page_path):
        return request.path[len(page_path) :]
    return ""


def _home_url(language_code: str, request):
    home = Page.objects.filter(depth=2, locale__language_code=language_code).live().first()
    return home.get_url(request) if home else f"/{language_code}/"


@register.inclusion_tag("lms/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    page = context.get("page")
    current = active_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if isinstance(page, Page):
            url = _translation_url(page, code, request)
            missing = url is None
            if missing:
                url = _home_url(code, request)
            else:
                url += _route_path(page, request)
        else:
            url = translate_url(request.get_full_path(), code)
            missing = False
        switch_url = reverse("switch_language") + "?" + urlencode({"language": code, "next": url})
        links.append({"code": code, "name": name, "url": switch_url, "missing": missing})
    return {"links": links, "request": request}
