"""Settings that are not text carry over between the languages of a page.

A page type lists them in ``synchronised_fields`` (a course's pre- and post-test, pass mark,
attendance share, level...). Publishing a page copies them to its translations: a post-test
attached to the English course is the Lao course's too. Text is translated, never copied.
"""

from wagtail.models import Page


def _value(page: Page, name: str):
    field = page._meta.get_field(name)
    if field.many_to_many:
        return {item.pk for item in getattr(page, name).all()}
    return getattr(page, field.attname)


def synchronise_translations(page: Page) -> list[Page]:
    """Copy ``page``'s synchronised fields to every translation that differs; returns those.

    A translation is changed on top of its latest draft, and published again only when it
    was live without a draft, so a translator's unpublished work is never published or lost.
    """
    fields = getattr(type(page), "synchronised_fields", ())
    if not fields:
        return []
    changed = []
    for translation in page.get_translations().specific():
        had_draft = translation.has_unpublished_changes
        draft = translation.get_latest_revision_as_object()
        differing = [name for name in fields if _value(draft, name) != _value(page, name)]
        if not differing:
            continue
        for name in differing:
            field = page._meta.get_field(name)
            if field.many_to_many:
                setattr(draft, name, list(getattr(page, name).all()))
            else:
                setattr(draft, field.attname, getattr(page, field.attname))
        revision = draft.save_revision()
        if translation.live and not had_draft:
            revision.publish()
        changed.append(draft)
    return changed


def page_published(sender, instance, **kwargs):
    synchronise_translations(instance.specific)
