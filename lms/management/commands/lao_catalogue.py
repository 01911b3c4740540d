"""Keep the Lao catalogues complete: the project's and the admin's.

    manage.py lao_catalogue update            extract new strings from the code and templates,
                                              and the admin's strings from the installed apps
    manage.py lao_catalogue apply FILE.json   merge {"English": "ລາວ"} translations in
    manage.py lao_catalogue check             fail if any string a user sees lacks Lao

The project's catalogue (locale/lo/LC_MESSAGES/django.po) holds the strings of this
code. Wagtail and Django ship no Lao, so the strings of the admin screens trainers and
staff use live in the project too (locale/admin/lo/LC_MESSAGES/django.po and
djangojs.po, a second entry of LOCALE_PATHS), taken from those apps' own catalogues:
an upgrade that adds strings makes ``check`` fail until they are translated.
locale/lo/TERMINOLOGY.md fixes one Lao word per English word for both.

``check`` extracts into a scratch copy, so it reports strings added to the code
but never extracted, and leaves the working tree untouched.
"""

import fcntl
import importlib
import json
import re
import shutil
import tempfile
from contextlib import chdir, contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SOURCE_DIRS = ["lms", "courses", "assessments"]
MAKEMESSAGES_OPTIONS = {
    "locale": ["lo"],
    "no_obsolete": True,
    "no_location": True,
    "extensions": ["html", "txt", "py"],
    "ignore_patterns": ["static/*", "media/*", "tests/*", "data/*"],
    "verbosity": 0,
}


# The packages whose strings appear on the admin screens trainers and staff use; Django's
# own ("django": validation messages, dates, language names) first.
ADMIN_PACKAGES = [
    "django",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django_filters",
    "taggit",
]
ADMIN_DOMAINS = ["django", "djangojs"]


def catalogue_path(base: Path) -> Path:
    return base / "locale" / "lo" / "LC_MESSAGES" / "django.po"


def admin_catalogue_path(base: Path, domain: str) -> Path:
    return base / "locale" / "admin" / "lo" / "LC_MESSAGES" / f"{domain}.po"


def admin_packages() -> list[str]:
    wagtail = [app.name for app in apps.get_app_configs() if app.name.split(".")[0] == "wagtail"]
    return ADMIN_PACKAGES + sorted(wagtail)


def source_catalogue(package: str, domain: str) -> Path | None:
    """A package's catalogue of English strings: its ``en`` one, else any language's (the
    msgids are the same; django-filters ships no ``en``)."""
    locale = Path(importlib.import_module(package).__file__).parent / "locale"
    if package == "django":
        locale = locale.parent / "conf" / "locale"
    candidates = [locale / "en"] + sorted(locale.glob("*")) if locale.is_dir() else []
    for language in candidates:
        path = language / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            return path
    return None


def admin_strings(domain: str) -> Catalog:
    """Every string of the admin packages in ``domain``, untranslated."""
    strings = Catalog(
        locale="lo",
        domain=domain,
        project="charj-lms admin",
        header_comment="# Lao for the Wagtail and Django strings of the admin: see "
        "locale/lo/TERMINOLOGY.md.",
        fuzzy=False,
    )
    for package in admin_packages():
        path = source_catalogue(package, domain)
        if path is None:
            continue
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id and (message.id, message.context) not in strings:
                    strings.add(
                        message.id,
                        ("",) if message.pluralizable else "",
                        context=message.context,
                        flags=source_flags(message),
                    )
    return strings


def source_flags(message) -> list[str]:
    """The flags a string keeps here. Lao's one plural form is written from the English
    plural; where Wagtail's singular has other placeholders than its plural ("one child
    page" against "%(count)s child pages"), gettext's check would compare the Lao with the
    singular and refuse to compile, so that check gives way to ``placeholder_errors``."""
    flags = [flag for flag in message.flags if flag != "fuzzy"]
    if message.pluralizable and placeholders(message.id[0]) != placeholders(message.id[1]):
        flags = [flag for flag in flags if flag != "python-format"]
    return flags


def merged_admin_catalogue(base: Path, domain: str) -> Catalog:
    """The admin strings of the installed apps, with the Lao already translated."""
    catalog = admin_strings(domain)
    path = admin_catalogue_path(base, domain)
    if path.is_file():
        fill_from(catalog, read(path))
    # A string the project's catalogue already translates gets the same Lao here.
    fill_from(catalog, read(catalogue_path(base)))
    return catalog


def fill_from(catalog, translated_catalog):
    """Give ``catalog``'s untranslated strings the Lao ``translated_catalog`` has for them."""
    for message in catalog:
        if not message.id or missing_translations([message]) == []:
            continue
        translated = translated_catalog.get(message.id, message.context)
        if (
            translated is not None
            and not translated.fuzzy
            and missing_translations([translated]) == []
        ):
            message.string = translated.string


@contextmanager
def locked(base: Path):
    """One writer at a time: several people (or tools) may update the catalogue."""
    with open(base / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def extract(base: Path):
    with chdir(base):
        call_command("makemessages", **MAKEMESSAGES_OPTIONS)


def read(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle, locale="lo")


def write(path: Path, catalog):
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True)


def missing_translations(catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def placeholder_errors(catalog) -> list[tuple[str, str]]:
    """Translations whose %(name)s / %s / {name} placeholders differ from the English:
    they would fail, or show the wrong value, when the string is filled in."""
    errors = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = placeholders(ids[-1])
        for string in strings:
            if (
                string
                and placeholders(string) != wanted
                and placeholders(string) != placeholders(ids[0])
            ):
                errors.append(
                    (
                        ids[0],
                        f"placeholders {sorted(placeholders(string))} instead of {sorted(wanted)}",
                    )
                )
    return errors


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}|__(\w+)__")


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


class Command(BaseCommand):
    help = "Extract, fill in and check the Lao catalogue."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "apply", "check"])
        parser.add_argument("file", nargs="?", help="JSON translations for 'apply'")

    def handle(self, action, file=None, **options):
        base = Path(settings.BASE_DIR)
        getattr(self, f"{action}_catalogue")(base, file)

    def update_catalogue(self, base, file):
        with locked(base):
            extract(base)
            catalog = read(catalogue_path(base))
            # msgmerge guesses "fuzzy" translations from similar strings; a wrong guess
            # shown to an official is worse than English, so guesses are dropped.
            for message in catalog:
                if message.id and message.fuzzy:
                    message.flags.discard("fuzzy")
                    message.string = (
                        tuple("" for _ in message.string)
                        if isinstance(message.string, tuple)
                        else ""
                    )
            # A new string Wagtail or Django already has gets its Lao from there.
            admin = admin_catalogue_path(base, "django")
            if admin.is_file():
                fill_from(catalog, read(admin))
            write(catalogue_path(base), catalog)
            for domain in ADMIN_DOMAINS:
                admin = merged_admin_catalogue(base, domain)
                admin_catalogue_path(base, domain).parent.mkdir(parents=True, exist_ok=True)
                write(admin_catalogue_path(base, domain), admin)
                self.report(admin, name=f"admin {domain}")
        self.report(catalog)

    def apply_catalogue(self, base, file):
        if not file:
            raise CommandError("Give the JSON file of translations to apply.")
        translations = json.loads(Path(file).read_text(encoding="utf-8"))
        # A msgid found in several catalogues (the project's "Cancel" and Wagtail's) gets
        # the translation in each: one English word, one Lao word.
        paths = [catalogue_path(base)] + [admin_catalogue_path(base, d) for d in ADMIN_DOMAINS]
        found = set()
        with locked(base):
            for path in paths:
                if not path.is_file():
                    continue
                catalog = read(path)
                for msgid, msgstr in translations.items():
                    # "context\x04msgid" names a string with a context, as gettext does.
                    context, _, bare = msgid.rpartition("\x04")
                    message = catalog.get(bare, context or None)
                    if message is None:
                        continue
                    found.add(msgid)
                    # Lao has one plural form: a list gives it first.
                    if isinstance(msgstr, list):
                        msgstr = tuple(msgstr[: catalog.num_plurals])
                    elif message.pluralizable:
                        msgstr = (msgstr,)
                    message.string = msgstr
                    message.flags.discard("fuzzy")
                write(path, catalog)
                self.report(catalog, name=path.relative_to(base))
        for msgid in translations.keys() - found:
            self.stderr.write(f"not in any catalogue (run 'update' first?): {msgid!r}")

    def check_catalogue(self, base, file):
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            for name in SOURCE_DIRS:
                shutil.copytree(
                    base / name,
                    scratch / name,
                    ignore=shutil.ignore_patterns("__pycache__", "static", "data"),
                )
            shutil.copytree(base / "locale", scratch / "locale")
            extract(scratch)
            catalog = read(catalogue_path(scratch))
        catalogues = {"locale/lo/LC_MESSAGES/django.po": catalog}
        for domain in ADMIN_DOMAINS:
            catalogues[f"locale/admin/lo/LC_MESSAGES/{domain}.po"] = merged_admin_catalogue(
                base, domain
            )
        failures = 0
        for name, each in catalogues.items():
            missing = missing_translations(each)
            for msgid in missing:
                self.stderr.write(f"{name}: untranslated: {msgid!r}")
            broken = placeholder_errors(each)
            for msgid, error in broken:
                self.stderr.write(f"{name}: {msgid!r}: {error}")
            failures += len(missing) + len(broken)
        if failures:
            raise CommandError(
                f"{failures} strings have no Lao translation or a broken one. Run "
                "'manage.py lao_catalogue update', translate them in the catalogues "
                "named above, and run this again."
            )
        total = sum(len(each) for each in catalogues.values())
        self.stdout.write(f"Lao catalogues complete: {total} strings translated.")

    def report(self, catalog, name="project"):
        missing = missing_translations(catalog)
        self.stdout.write(f"{name}: {len(catalog)} strings, {len(missing)} without Lao.")
        for msgid in missing[:50]:
            self.stdout.write(f"  {msgid!r}")
