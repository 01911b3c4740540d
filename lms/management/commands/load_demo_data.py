from django.core.management.base import BaseCommand

from assessments import demo as assessments_demo
from courses import demo_courses, demo_events, demo_manual
from lms import demo as core_demo
from lms.reports import demo as reports_demo

# Ordered steps; each app adds its own module here. Every step is idempotent.
DEMO_STEPS = [
    core_demo.load,
    demo_manual.load,
    demo_courses.load,
    demo_events.load,
    assessments_demo.load,
    reports_demo.load,
]


class Command(BaseCommand):
    help = "Build (or bring up to date) the bilingual demo site. Safe to run again."

    def handle(self, *args, **options):
        for step in DEMO_STEPS:
            self.stdout.write(f"· {step.__module__}")
            step()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
