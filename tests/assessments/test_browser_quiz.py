import pytest
from django.contrib.auth.models import User

from assessments.models import Attempt, QuestionType, ReviewPolicy
from tests.browser import chromium_page
from tests.factories import QuestionFactory, QuizFactory, QuizTakerFactory

# Serialized rollback restores the migrations' reference data after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_official_takes_a_quiz_in_lao_on_a_phone_and_reviews_it(live_server):
    user = User.objects.create_user("noy", password="charj-test-2026")
    QuizTakerFactory(user=user, name_lo="ນ້ອຍ ພົມມະຈັນ")
    single = QuestionFactory(
        stem_lo="ມາດຕາໃດ ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ?",
        stem_en="Which article defines trafficking?",
        choices=[("Article 2", True), ("Article 41", False)],
        feedback_lo="ມາດຕາ 2 ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ.",
    )
    true_false = QuestionFactory(
        kind=QuestionType.TRUE_FALSE,
        answer_true=True,
        stem_lo="ການແຕ່ງດອງແອບແຝງ ສາມາດເປັນການຄ້າມະນຸດໄດ້.",
    )
    matching = QuestionFactory(
        kind=QuestionType.MATCHING, choices=[("Act", "recruiting"), ("Means", "deceiving")]
    )
    short = QuestionFactory(kind=QuestionType.SHORT, accepted_answers="9", stem_lo="ກົດໝາຍມີຈັກພາກ?")
    quiz = QuizFactory(
        questions=[single, true_false, matching, short],
        title_lo="ແບບທົດສອບກ່ອນຝຶກອົບຮົມ",
        review_policy=ReviewPolicy.FEEDBACK,
        shuffle_questions=False,
    )

    with chromium_page() as page:
        page.goto(f"{live_server.url}/lo/account/login/?next=/lo/quizzes/{quiz.pk}/")
        page.fill("#id_username", "noy")
        page.fill("#id_password", "charj-test-2026")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/lo/quizzes/{quiz.pk}/")
        assert page.locator("h1").inner_text() == "ແບບທົດສອບກ່ອນຝຶກອົບຮົມ"
        page.get_by_role("button", name="ເລີ່ມ ຫຼື ສືບຕໍ່").click()
        page.wait_for_url("**/quizzes/attempt/**")

        html = page.content()
        assert "ມາດຕາ 2 ໃຫ້ຄຳນິຍາມ" not in html  # feedback is not sent before submission
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.get_by_label("ລາວ Article 2").check()
        # Answers are saved on the server as the learner goes (fetch on change).
        page.wait_for_function("document.getElementById('quiz-status').textContent !== ''")
        assert page.locator("#quiz-status").inner_text() == "ບັນທຶກແລ້ວ"
        page.get_by_label("ຖືກ", exact=True).check()
        for choice in matching.choices.all():
            page.select_option(f"#q{matching.pk}_{choice.pk}", label=f"ລາວ {choice.match_en}")
        page.fill(f"#q{short.pk}", "໙")
        page.press(f"#q{short.pk}", "Tab")
        # Let the last autosave finish: the test server shares one SQLite connection.
        page.wait_for_load_state("networkidle")
        page.get_by_role("button", name="ສົ່ງ", exact=True).click()
        page.wait_for_url("**/review/")

        assert (
            "100" in page.locator(".score").inner_text()
            or "໑໐໐" in page.locator(".score").inner_text()
        )
        assert page.get_by_text("ມາດຕາ 2 ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ.").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    attempt = Attempt.objects.get()
    assert attempt.is_submitted and attempt.score_percent == 100
