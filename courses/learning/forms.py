"""The admin form of course pages."""

from lms.page_forms import ReadablePageForm


class CoursePageForm(ReadablePageForm):
    """Prerequisites are offered in the course's own language only, without the course itself:
    a Lao course lists Lao courses, each once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if prerequisites := self.fields.get("prerequisites"):
            locale = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
            courses = prerequisites.queryset.filter(locale_id=locale)
            if self.instance.pk:
                courses = courses.exclude(translation_key=self.instance.translation_key)
            prerequisites.queryset = courses.order_by("title")
