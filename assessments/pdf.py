"""Printed quizzes for workshops without connectivity: a bilingual test paper, an answer
sheet and an answer key for form A or B, rendered with WeasyPrint (HarfBuzz shapes Lao).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import QuestionType, Quiz
from assessments.paper import LETTERS, paper_questions, paper_targets

DOCUMENTS = ("test", "sheet", "key")
FONT_DIR = Path(settings.BASE_DIR) / "lms" / "static" / "lms" / "fonts" / "pdf"


def _paper_items(quiz: Quiz, form: str) -> list[dict]:
    items = []
    previous_vignette = None
    for number, question in enumerate(paper_questions(quiz, form), start=1):
        choices = list(question.choices.all())
        item = {
            "number": number,
            "question": question,
            "vignette": question.vignette
            if question.vignette_id and question.vignette_id != previous_vignette
            else None,
            "letters": list(zip(LETTERS, choices, strict=False)),
        }
        if question.kind == QuestionType.MATCHING:
            targets = paper_targets(question)
            item["targets"] = list(zip(LETTERS, targets, strict=False))
            by_pk = {t.pk: letter for letter, t in item["targets"]}
            item["key"] = "".join(by_pk[c.pk] for c in choices)
        elif question.kind == QuestionType.TRUE_FALSE:
            item["key"] = "T" if question.answer_true else "F"
        elif question.kind == QuestionType.SHORT:
            item["key"] = " / ".join(question.answer_key().accepted)
        else:
            item["key"] = "".join(letter for letter, c in item["letters"] if c.is_correct)
        previous_vignette = question.vignette_id
        items.append(item)
    return items


def render_paper_html(quiz: Quiz, form: str, document: str) -> str:
    # Bilingual paper: labels are printed in both languages, whatever the user's language.
    with translation.override("lo"):
        return render_to_string(
            "assessments/pdf/paper.html",
            {
                "quiz": quiz,
                "form": form,
                "document": document,
                "items": _paper_items(quiz, form),
                "font_dir": FONT_DIR.as_uri(),
            },
        )


def render_paper(quiz: Quiz, form: str, document: str) -> bytes:
    """PDF bytes of the test paper, answer sheet or answer key for ``form``."""
    from weasyprint import HTML

    return HTML(string=render_paper_html(quiz, form, document)).write_pdf()
