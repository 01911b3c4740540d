from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and training")

    def ready(self):
        from django.db.models.signals import post_save

        from courses.learning.enrolment import attempt_saved
        from courses.models import CourseSectionPage
        from courses.permissions import section_saved

        post_save.connect(section_saved, sender=CourseSectionPage, dispatch_uid="course_section")
        post_save.connect(
            attempt_saved, sender="assessments.Attempt", dispatch_uid="course_post_test"
        )
