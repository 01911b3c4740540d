"""The admin form of every page of the site: readable Lao slugs.

Wagtail's editor makes the slug from the title keeping letters and digits only, which
drops Lao vowel signs and tone marks. A Lao page whose slug is that lossy copy of its title
gets its English counterpart's slug when there is one, or else its title's words whole.
"""

from django.core.validators import validate_unicode_slug
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from lms.lao import contains_lao, lao_slug, lossy_slug, validate_lao_slug


def readable_slug(page: Page, parent: Page, title: str, slug: str) -> str:
    """``slug``, or a readable one when it is the editor's lossy copy of a Lao title."""
    if not contains_lao(slug) or slug not in {lossy_slug(title), lossy_slug(title)[:255]}:
        return slug
    counterpart = (
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .exclude(slug="")
        .values_list("slug", flat=True)
        .first()
        if page.pk or page.translation_key
        else None
    )
    wanted = counterpart if counterpart and not contains_lao(counterpart) else lao_slug(title)
    candidate, number = wanted, 1
    while not Page._slug_is_available(candidate, parent, page):
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


class ReadablePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if slug := self.fields.get("slug"):
            # The form field's rule, like the model field's (LmsConfig), takes Lao whole.
            slug.validators = [
                validate_lao_slug if validator is validate_unicode_slug else validator
                for validator in slug.validators
            ]

    def clean(self):
        title, slug = self.cleaned_data.get("title"), self.cleaned_data.get("slug")
        if title and slug:
            self.cleaned_data["slug"] = readable_slug(self.instance, self.parent_page, title, slug)
        return super().clean()
