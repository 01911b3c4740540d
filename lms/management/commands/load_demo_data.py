from django.core.management.base import BaseCommand

from lms import demo as core_demo

# Ordered steps; each app adds its own module here. Every step is idempotent.
DEMO_STEPS = [core_demo.load]


class Command(BaseCommand):
    help = "Build (or bring up to date) the bilingual demo site. Safe to run again."

    def handle(self, *args, **options):
        for step in DEMO_STEPS:
            self.stdout.write(f"· {step.__module__}")
            step()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
