"""The admin in Lao: its catalogue (Wagtail's and Django's strings, kept in the project),
the account's language preference, and labels that follow it."""

import re
import shutil
from io import StringIO

import pytest
from babel.messages.catalog import Catalog
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from lms import groups
from lms.management.commands.lao_catalogue import (
    admin_strings,
    merged_admin_catalogue,
    placeholder_errors,
    read,
    write,
)
from tests.factories import make_user


def test_the_admin_catalogue_holds_wagtails_and_djangos_strings():
    strings = admin_strings("django")
    for msgid in ["Save draft", "Publish", "This field is required.", "Choose %(object)s"]:
        assert strings.get(msgid) is not None, msgid
    # The admin's JavaScript strings: the rich-text editor, the block chooser, autosave.
    assert len(admin_strings("djangojs")) > 50


def test_every_admin_string_has_lao_in_the_repository():
    for domain in ["django", "djangojs"]:
        catalog = merged_admin_catalogue(settings.BASE_DIR, domain)
        untranslated = [m.id for m in catalog if m.id and not all(_strings(m))]
        assert untranslated == [], domain


def _strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_check_fails_when_an_installed_app_brings_a_string_without_lao(tmp_path, settings):
    """A Wagtail upgrade adding a message: the check names it until it is translated."""
    shutil.copytree(settings.BASE_DIR / "locale", tmp_path / "locale")
    for name in ["lms", "courses", "assessments"]:
        (tmp_path / name).symlink_to(settings.BASE_DIR / name)
    path = tmp_path / "locale" / "admin" / "lo" / "LC_MESSAGES" / "django.po"
    catalog = read(path)
    catalog.delete("Save draft")
    write(path, catalog)
    settings.BASE_DIR = tmp_path
    errors = StringIO()
    with pytest.raises(CommandError, match="no Lao translation"):
        call_command("lao_catalogue", "check", stderr=errors)
    assert "untranslated: 'Save draft'" in errors.getvalue()


def test_a_translation_that_loses_a_placeholder_is_refused():
    catalog = Catalog(locale="lo")
    catalog.add("%(count)s pages", "ໜ້າ")
    catalog.add("Page %(number)s of %(total)s", "ໜ້າ %(number)s ຈາກ %(total)s")
    catalog.add(
        ("one child page", "%(count)s child pages"), ("ໜ້າຍ່ອຍ %(count)s ໜ້າ",)
    )  # Lao's one form is written from the plural
    assert [msgid for msgid, _error in placeholder_errors(catalog)] == ["%(count)s pages"]


@pytest.mark.parametrize("preference", ["lo", "en"])
def test_the_admin_speaks_the_accounts_language(client, home_pages, preference):
    trainer = make_user("admin-language", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"])
    UserProfile.objects.update_or_create(user=trainer, defaults={"preferred_language": preference})
    client.force_login(trainer)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert f'lang="{preference}"' in response.text
    with translation.override(preference):
        dashboard = gettext("Dashboard")
    assert dashboard in response.text
    assert (dashboard == "Dashboard") == (preference == "en")
    account = client.get(reverse("wagtailadmin_account"))
    # Lao is among the languages an account may choose for the admin.
    assert 'value="lo"' in account.text and "ລາວ" in account.text


def test_a_snippet_chooser_is_labelled_in_each_requests_language():
    """The widget is built once; its label is read when shown, in that request's language."""
    from courses.models import GlossaryTerm

    widget = GlossaryTerm.snippet_viewset.chooser_viewset.widget_class()
    with translation.override("en"):
        assert str(widget.choose_one_text) == "Choose glossary term"
    with translation.override("lo"):
        label = str(widget.choose_one_text)
        assert "Choose" not in label and "ເລືອກ" in label


def test_yes_no_columns_say_yes_or_no_in_the_users_language(admin_client, locales):
    from courses.models import GlossaryTerm

    GlossaryTerm.objects.create(term_en="Victim", term_lo="ຜູ້ຖືກເຄາະຮ້າຍ", verified=True)
    response = admin_client.get(reverse("wagtailsnippets_courses_glossaryterm:list"))
    assert response.status_code == 200
    with translation.override("lo"):
        yes = gettext("Yes")
    # The icon's words, read by screen readers.
    hidden_words = re.findall(r'<span class="w-sr-only">\s*([^<]*?)\s*</span>', response.text)
    assert yes in hidden_words and "True" not in hidden_words
