"""Admin forms of the question bank."""

from wagtail.admin.forms import WagtailAdminModelForm

from assessments.models import correct_choice_error


class QuestionAdminForm(WagtailAdminModelForm):
    """A question with its choices: the number marked correct fits its type, and the
    writer is kept (lms.access.may_delete_question reads it)."""

    def clean(self):
        cleaned = super().clean()
        choices = self.formsets.get("choices")
        if choices is not None and choices.is_valid():
            correct = sum(
                1
                for form in choices.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("is_correct")
            )
            error = correct_choice_error(cleaned.get("kind"), correct)
            if error:
                self.add_error(None, error)
        return cleaned

    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)
