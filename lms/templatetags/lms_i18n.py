"""The language switcher: the same page in the other language, or an honest notice."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import urlencode
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
            url = translate_url(request.get_full_path(), code)
            missing = False
        switch_url = reverse("switch_language") + "?" + urlencode({"language": code, "next": url})
        links.append({"code": code, "name": name, "url": switch_url, "missing": missing})
    return {"links": links, "request": request}
