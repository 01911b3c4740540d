"""Hold the Lao of the catalogues and the content to the term base and the formal register.

    manage.py lao_terms check    list each catalogue entry, page and row whose Lao uses a
                                 variant the glossary avoids, or ຂ້ອຍ / ມັນ / ເຈົ້າ; fail if any

The rule lives in courses/manual/terms.py; the glossary (its Lao variants) is the term base.
"""

from django.core.management.base import BaseCommand, CommandError

from courses.manual.terms import check_site


class Command(BaseCommand):
    help = "Check the Lao catalogues and content against the glossary's terms and the register."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])

    def handle(self, action, **options):
        findings = check_site()
        for finding in findings:
            self.stderr.write(str(finding))
        if findings:
            raise CommandError(
                f"{len(findings)} uses of a Lao variant or an informal word. Write the "
                "preferred term shown (catalogue entries through 'manage.py lao_catalogue "
                "apply'), or, for a longer correct phrase, add it to ALLOWED_PHRASES in "
                "courses/manual/terms.py with the reason."
            )
        self.stdout.write("Lao terms: the catalogues and the content use the preferred terms.")
