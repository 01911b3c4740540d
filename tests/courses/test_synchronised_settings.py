from decimal import Decimal

import pytest

from assessments.models import QuizPurpose
from courses.models import CoursePage
from lms.models import Sector
from tests.assessments.builders import make_quiz
from tests.courses.course_builders import make_course, translate_course

pytestmark = pytest.mark.django_db


def test_tests_attached_to_the_english_course_appear_on_its_lao_translation(home_pages):
    lao = make_course(home_pages["lo"])
    english = translate_course(lao).specific
    pre, post = make_quiz(purpose=QuizPurpose.PRE), make_quiz(purpose=QuizPurpose.POST)
    english.pre_test, english.post_test, english.pass_mark = pre, post, Decimal(80)
    english.target_sectors = [Sector.objects.get(code="judge")]
    english.save_revision().publish()

    lao = CoursePage.objects.get(pk=lao.pk)
    assert (lao.pre_test, lao.post_test, lao.pass_mark) == (pre, post, Decimal(80))
    assert [s.code for s in lao.target_sectors.all()] == ["judge"]
    assert lao.live and not lao.has_unpublished_changes


def test_a_lao_draft_keeps_its_text_and_stays_a_draft(home_pages):
    lao = make_course(home_pages["lo"])
    english = translate_course(lao).specific
    lao = CoursePage.objects.get(pk=lao.pk)
    lao.summary = "ບົດສະຫຼຸບໃໝ່ ທີ່ຍັງບໍ່ທັນເຜີຍແຜ່"
    lao.save_revision()
    english.post_test = make_quiz(purpose=QuizPurpose.POST)
    english.save_revision().publish()

    lao = CoursePage.objects.get(pk=lao.pk)
    draft = lao.get_latest_revision_as_object()
    assert draft.post_test == english.post_test and draft.summary.startswith("ບົດສະຫຼຸບໃໝ່")
    # The live Lao page is unchanged until the translator publishes the draft.
    assert lao.post_test is None and lao.has_unpublished_changes
    assert english.summary != draft.summary
