"""The admin form of course pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from lms.page_forms import ReadablePageForm


class CoursePageForm(ReadablePageForm):
    """Prerequisites are offered in the course's own language only, without the course itself:
    a Lao course lists Lao courses, each once; its chooser (courses.choosers) searches those."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if prerequisites := self.fields.get("prerequisites"):
            locale = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
            courses = prerequisites.queryset.filter(locale_id=locale)
            if self.instance.pk:
                courses = courses.exclude(translation_key=self.instance.translation_key)
            prerequisites.queryset = courses.order_by("title")
            prerequisites.widget = self.prerequisites_chooser(locale)

    def prerequisites_chooser(self, locale_id):
        """A searchable chooser whose modal lists the same courses: this language's, not
        this course."""
        # Imported here: the page model loads this form before Wagtail's admin apps load.
        from courses.choosers import course_choosers

        widget = course_choosers(_("Add prerequisites"))
        if locale_id:
            widget.url_parameters = {"locale": Locale.objects.get(pk=locale_id).language_code}
            if self.instance.pk:
                widget.url_parameters["exclude"] = self.instance.pk
        return widget
