"""Keep the Lao catalogue (locale/lo/LC_MESSAGES/django.po) complete.

    manage.py lao_catalogue update            extract new strings from the code and templates
    manage.py lao_catalogue apply FILE.json   merge {"English": "ລາວ"} translations in
    manage.py lao_catalogue check             fail if any string a user sees lacks Lao

``check`` extracts into a scratch copy, so it reports strings added to the code
but never extracted, and leaves the working tree untouched.
"""

import fcntl
import json
import shutil
import tempfile
from contextlib import chdir, contextmanager
from pathlib import Path

from babel.messages.pofile import read_po, write_po
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


def catalogue_path(base: Path) -> Path:
    return base / "locale" / "lo" / "LC_MESSAGES" / "django.po"


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
            write(catalogue_path(base), catalog)
        self.report(catalog)

    def apply_catalogue(self, base, file):
        if not file:
            raise CommandError("Give the JSON file of translations to apply.")
        translations = json.loads(Path(file).read_text(encoding="utf-8"))
        with locked(base):
            catalog = read(catalogue_path(base))
            unknown = []
            for msgid, msgstr in translations.items():
                message = catalog.get(msgid)
                if message is None:
                    unknown.append(msgid)
                    continue
                message.string = tuple(msgstr) if isinstance(msgstr, list) else msgstr
                message.flags.discard("fuzzy")
            write(catalogue_path(base), catalog)
        for msgid in unknown:
            self.stderr.write(f"not in the catalogue (run 'update' first?): {msgid!r}")
        self.report(catalog)

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
        missing = missing_translations(catalog)
        for msgid in missing:
            self.stderr.write(f"untranslated: {msgid!r}")
        if missing:
            raise CommandError(
                f"{len(missing)} strings have no Lao translation. Run "
                "'manage.py lao_catalogue update', translate them in "
                "locale/lo/LC_MESSAGES/django.po, and run this again."
            )
        self.stdout.write(f"Lao catalogue complete: {len(catalog)} strings translated.")

    def report(self, catalog):
        missing = missing_translations(catalog)
        self.stdout.write(f"{len(catalog)} strings, {len(missing)} without Lao.")
        for msgid in missing:
            self.stdout.write(f"  {msgid!r}")
