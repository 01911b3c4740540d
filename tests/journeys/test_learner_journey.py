"""The learner's journey in a headless Chromium, in Lao on a 360 px phone and in English on a
desktop: register, enrol, pre-test, lessons, post-test failed then passed, certificate, its
public verification, sign out — with the wrong turns learners take on the way (a double tap
on "Start", the back button after submitting, another learner's ids, a code typed in lower
case with spaces, an unknown code).

Every label the test looks for comes from the catalogue in the run's language, and every Lao
page is checked for English interface text with the crawl's detector.
"""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from assessments.models import Attempt, AttemptStatus, QuestionType, QuizPurpose
from courses.models import Certificate, Enrolment
from lms.lao import lao_matching_key
from lms.models import Person, Province, Sector
from lms.templatetags.lms_format import local_number
from tests.browser import DESKTOP, PHONE, chromium_page, double_tap, save_screenshot
from tests.factories import (
    CertificateFactory,
    LearnerFactory,
    QuestionFactory,
    QuizFactory,
    make_course,
    submit_attempt,
    translate_course,
)
from tests.test_crawl import english_on_lao_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Mekong-river-2026"
PHONE_NUMBER = "020 5555 7777"
NAME_LO = "ແສງເດືອນ ວົງສະຫວັນ"
NAME_LATIN = "Sengdeuane Vongsavanh"
FEEDBACK_EN = "Article 2 of the 2015 law defines trafficking."
FEEDBACK_LO = "ມາດຕາ 2 ຂອງກົດໝາຍ ປີ 2015 ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ."


class Learner:
    """The browser page, with what every step checks: the language, no English on a Lao
    page, nothing wider than the phone."""

    def __init__(self, page, base, language, width):
        self.page, self.base, self.language, self.width = page, base, language, width
        self.shots = 0

    def url(self, path):
        return self.base + path

    def sees(self, step):
        page = self.page
        page.wait_for_load_state("domcontentloaded")
        assert page.locator("html").get_attribute("lang") == self.language, step
        if self.language == "lo":
            soup = BeautifulSoup(page.content(), "html.parser")
            assert english_on_lao_page(soup) == [], step
        assert page.evaluate("document.documentElement.scrollWidth") <= self.width, step
        self.shots += 1
        save_screenshot(page, f"{self.language}-{self.shots:02d}-{step}")

    def text(self, text):
        return self.page.get_by_text(text, exact=False)

    def button(self, name):
        return self.page.get_by_role("button", name=name, exact=True)

    def link(self, name):
        return self.page.get_by_role("link", name=name, exact=True)

    def answer_all(self, value):
        """Answer every true/false question ``value`` and submit."""
        for radio in self.page.locator(f'input[type=radio][value="{value}"]').all():
            radio.check()
        # Let the autosaves finish: the test server shares one SQLite connection.
        self.page.wait_for_load_state("networkidle")
        self.page.locator("button[name=action][value=submit]").click()
        self.page.wait_for_url(re.compile(r"/review/$"))


def build_course(home_pages, language):
    questions = [
        QuestionFactory(
            kind=QuestionType.TRUE_FALSE,
            stem_en=f"Statement {n}.",
            stem_lo=f"ຂໍ້ຄວາມ {n}.",
            feedback_en=FEEDBACK_EN,
            feedback_lo=FEEDBACK_LO,
        )
        for n in range(1, 4)
    ]
    pre = QuizFactory(
        questions=questions,
        purpose=QuizPurpose.PRE,
        title_en="Pre-test: identifying victims",
        title_lo="ແບບທົດສອບກ່ອນຮຽນ: ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ",
    )
    # The post-test keeps its default review policy: answers after the last try or a pass.
    post = QuizFactory(
        questions=questions,
        purpose=QuizPurpose.POST,
        attempts_allowed=3,
        title_en="Post-test: identifying victims",
        title_lo="ແບບທົດສອບຫຼັງຮຽນ: ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ",
    )
    course = make_course(
        home_pages["lo"],
        lessons=2,
        title="ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ",
        pre_test=pre,
        post_test=post,
    )
    if language == "en":
        course = translate_course(course)
    return course, pre, post


def someone_elses_records(course):
    """Another learner's submitted post-test and certificate of the same course."""
    other = LearnerFactory(name_lo="ຄຳພອນ ສີສຸລາດ", name_latin="Khamphone Sisoulath")
    attempt = submit_attempt(course.post_test, other, 90, course=course)
    certificate = CertificateFactory(person=other, kind="completion", course=course)
    return attempt, certificate


@pytest.mark.parametrize(
    ("language", "viewport", "browser_locale"),
    [("lo", PHONE, "lo-LA"), ("en", DESKTOP, "en-GB")],
    ids=["lao-phone", "english-desktop"],
)
def test_learner_registers_learns_fails_passes_and_verifies_the_certificate(
    live_server, home_pages, language, viewport, browser_locale
):
    course, pre, post = build_course(home_pages, language)
    others_attempt, others_certificate = someone_elses_records(course)
    courses_url = course.get_parent().get_parent().specific.url

    with translation.override(language), chromium_page(viewport, browser_locale) as page:
        me = Learner(page, live_server.url, language, viewport["width"])

        # Register (self-registration), then sign in with the phone number.
        page.goto(me.url(f"/{language}/"))
        me.link(_("Register")).first.click()
        me.sees("register")
        page.fill("#id_name_lo", NAME_LO)
        page.fill("#id_name_latin", NAME_LATIN)
        page.check('input[name=sex][value="f"]')
        page.select_option("#id_sector", str(Sector.objects.get(code="police").pk))
        page.select_option("#id_province", str(Province.objects.get(code="01").pk))
        page.fill("#id_phone", PHONE_NUMBER)
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        me.button(_("Create my account")).click()
        page.wait_for_url(re.compile(rf"/{language}/account/login/"))
        received = _(
            "Your registration has been received. Sign in with your phone number or email "
            "and your password. If you already had an account, its password is unchanged; "
            "ask a trainer for a one-time code if you forgot it."
        )
        assert page.locator(".message").inner_text() == received
        me.sees("registered")
        page.fill("input[name=username]", PHONE_NUMBER)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form [type=submit]").click()

        # My learning, empty, leads to the courses.
        page.wait_for_url(me.url(reverse("courses:my_learning")))
        assert page.get_by_role("heading", name=_("My learning")).is_visible()
        assert me.text(_("You have no course in progress.")).is_visible()
        me.sees("my-learning-empty")
        me.link(_("Browse the courses")).click()
        page.wait_for_url(me.url(courses_url))
        me.sees("courses")

        # Enrol: the course has a pre-test, which comes first.
        page.goto(me.url(course.url))
        me.button(_("Enrol in this course")).click()
        page.wait_for_url(re.compile(rf"/{language}/quizzes/{pre.pk}/\?course="))
        assert me.text(_("You are enrolled. Please take the pre-test first.")).is_visible()
        me.sees("pre-test-start")

        # Wrong turn: a double tap on "Start" makes one attempt.
        double_tap(me.button(_("Start or continue")), re.compile(r"/quizzes/attempt/[0-9a-f-]+/$"))
        me.sees("pre-test-questions")
        assert Attempt.objects.filter(quiz=pre, person__name_lo=NAME_LO).count() == 1
        me.answer_all("false")

        # The pre-test's review: a score, no verdict, and the way to the first lesson.
        me.sees("pre-test-review")
        assert me.text(_("Your score")).is_visible()
        assert page.locator(".score .badge").count() == 0  # neither passed nor failed
        me.link(_("Start the first lesson")).click()
        first, second = course.lessons()
        page.wait_for_url(me.url(first.url))
        me.sees("lesson-1")
        me.button(_("Done, go to the next lesson")).click()
        page.wait_for_url(me.url(second.url))
        me.button(_("Done, finish the lessons")).click()
        page.wait_for_url(me.url(course.url))
        assert me.text(_("You read every lesson. Now take the post-test.")).is_visible()
        me.sees("lessons-read")

        # The post-test, failed.
        me.link(_("Take the post-test")).click()
        page.wait_for_url(re.compile(rf"/quizzes/{post.pk}/\?course="))
        me.sees("post-test-start")
        me.button(_("Start or continue")).click()
        page.wait_for_url(re.compile(r"/quizzes/attempt/[0-9a-f-]+/$"))
        taking_url = page.url
        me.answer_all("false")
        review_url = page.url
        assert me.text(_("Not passed")).is_visible()
        assert me.text(_("Attempts left: %(left)s") % {"left": local_number(2)}).is_visible()
        assert me.link(_("Try again")).is_visible()
        assert me.link(_("Back to the course")).is_visible()
        # The default policy of a post-test keeps the answers until the last try or a pass.
        assert me.text(
            _("The correct answers are shown once you pass or after your last attempt.")
        ).is_visible()
        assert page.locator(".question--review").count() == 0
        assert FEEDBACK_LO not in page.content() and FEEDBACK_EN not in page.content()
        me.sees("post-test-failed")

        # Wrong turn: the back button after submitting leads back to the review, not to
        # questions that could be answered again.
        page.go_back()
        page.wait_for_url(review_url)
        assert page.locator("button[name=action]").count() == 0
        page.goto(taking_url)
        page.wait_for_url(review_url)
        me.sees("back-after-submitting")
        failed = Attempt.objects.get(quiz=post, person__name_lo=NAME_LO)
        assert failed.status == AttemptStatus.SUBMITTED and failed.score_percent == 0

        # Try again, and pass.
        me.link(_("Try again")).click()
        page.wait_for_url(re.compile(rf"/quizzes/{post.pk}/\?course="))
        me.button(_("Start or continue")).click()
        page.wait_for_url(re.compile(r"/quizzes/attempt/[0-9a-f-]+/$"))
        me.answer_all("true")
        me.sees("post-test-passed")
        assert me.text(_("Passed")).first.is_visible()
        assert page.get_by_role(
            "heading", name=_("Congratulations, you passed the post-test!")
        ).is_visible()
        assert me.text(FEEDBACK_LO if language == "lo" else FEEDBACK_EN).first.is_visible()
        with page.expect_download() as download_info:
            me.link(_("Download your certificate (PDF)")).click()
        with open(download_info.value.path(), "rb") as handle:
            pdf = PdfReader(io.BytesIO(handle.read()))
            text = "\n".join(p.extract_text() for p in pdf.pages)
        assert lao_matching_key(NAME_LO) in lao_matching_key(text)
        me_person = Person.objects.get(name_lo=NAME_LO)
        certificate = Certificate.objects.get(person=me_person)
        assert certificate.code in text

        # My learning lists the course as completed and the certificate.
        page.goto(me.url(reverse("courses:my_learning")))
        assert me.text(_("No completed course yet.")).count() == 0
        assert me.link(_("Download PDF")).is_visible()
        me.sees("my-learning-done")

        # Wrong turn: another learner's attempt and certificate are refused.
        for path in (
            reverse("assessments:review", args=[others_attempt.public_id]),
            reverse("assessments:attempt", args=[others_attempt.public_id]),
            reverse("courses:certificate_pdf", args=[others_certificate.pk]),
        ):
            response = page.goto(me.url(path))
            assert response.status == 404, path
            assert me.text(_("Page not found")).first.is_visible()
            assert "ຄຳພອນ" not in page.content() and "Khamphone" not in page.content()
        me.sees("someone-elses-attempt")

        # Verify the certificate: typed in lower case with spaces, it still verifies.
        page.goto(me.url(f"/{language}/"))
        me.link(_("Verify a certificate")).click()
        me.sees("verify-form")
        groups = certificate.code.lower().split("-")
        typed = f" {groups[0]} {groups[1]}  {groups[2]}{groups[3]} "
        page.fill("#verify-code", typed)
        me.button(_("Check")).click()
        page.wait_for_url(me.url(reverse("courses:verify_certificate", args=[certificate.code])))
        assert me.text(_("This certificate is valid.")).is_visible()
        assert me.text(NAME_LO).first.is_visible()
        assert me.text(course.title).first.is_visible()
        me.sees("verified")

        # An unknown code says so, and offers to check another.
        page.fill("#verify-code", "ABCD-EFGH-JKLM-NPQR")
        me.button(_("Check")).click()
        page.wait_for_url(re.compile(r"/certificates/verify/ABCD-EFGH-JKLM-NPQR/$"))
        assert me.text(_("Unknown code")).is_visible()
        # The code stays in the box, to correct a typo rather than type it all again.
        assert page.input_value("#verify-code") == "ABCD-EFGH-JKLM-NPQR"
        me.sees("unknown-code")

        # Sign out: the menu offers to sign in again, and My learning asks for it.
        me.button(_("Sign out")).click()
        page.wait_for_url(me.url(f"/{language}/"))
        assert me.text(_("You are signed out.")).is_visible()
        assert me.link(_("Sign in")).is_visible()
        me.sees("signed-out")
        page.goto(me.url(reverse("courses:my_learning")))
        page.wait_for_url(re.compile(rf"/{language}/account/login/"))

    enrolment = Enrolment.objects.get(person=me_person)
    assert enrolment.course_id in (course.pk, course.get_translation(home_pages["lo"].locale).pk)
    attempts = Attempt.objects.filter(person=me_person)
    assert attempts.filter(quiz=pre).count() == 1
    assert list(
        attempts.filter(quiz=post).order_by("started_at").values_list("score_percent", flat=True)
    ) == [0, 100]
