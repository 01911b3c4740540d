"""Printed quizzes for workshops without connectivity: a bilingual test paper, an answer
sheet and an answer key for form A or B, rendered with WeasyPrint (HarfBuzz shapes Lao).
"""

from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import QuestionType, Quiz
from assessments.paper import LETTERS, paper_choices, paper_questions, paper_targets
from lms.pdf import render_pdf

DOCUMENTS = ("test", "sheet", "key")


def _paper_items(quiz: Quiz, form: str) -> list[dict]:
    items = []
    previous_vignette = None
    for number, question in enumerate(paper_questions(quiz, form), start=1):
        choices = paper_choices(question, form)
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
            },
        )


def render_paper(quiz: Quiz, form: str, document: str) -> bytes:
    """PDF bytes of the test paper, answer sheet or answer key for ``form``."""
    return render_pdf(render_paper_html(quiz, form, document))
