from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Build (or bring up to date) the bilingual demo site. Safe to run again."

    def handle(self, *args, **options):
        # The steps are named in settings (DEMO_DATA_STEPS), so the core imports no app above it.
        for dotted_path in settings.DEMO_DATA_STEPS:
            self.stdout.write(f"· {dotted_path}")
            import_string(dotted_path)()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
