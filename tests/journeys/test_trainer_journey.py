"""A trainer's journey in a headless Chromium: the admin steps in English on a desktop, the
room steps in Lao on a 360 px phone — write a course with a lesson, translate it to Lao,
build a quiz, plan a workshop with its sessions and participants, print the sign-in sheet,
mark attendance on the phone, import the typed sign-in sheet and the paper scores, issue
the workshop's certificates. With the wrong turns trainers take on the way: a question
without its correct choice, a PDF and a sheet with a formula offered to the imports, a
double tap on the imports' confirm buttons, and a trainer of another sector opening this
workshop's marking page by its id.

Every Lao page's content is checked for English interface text with the crawl's detector.
"""

import io
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from assessments.models import Attempt, Question, Quiz
from courses.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CoursePage,
    LessonPage,
    Participation,
    TrainingEvent,
)
from lms import groups
from lms.demo import build_home_pages, publish_translation
from lms.models import Person
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, chromium_page, double_tap, save_screenshot
from tests.factories import PASSWORD, PersonFactory, course_index, course_section, make_user
from tests.test_crawl import english_on_lao_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOT_NUMBERS = itertools.count(1)

COURSE_EN = "Interviewing child victims"
COURSE_LO = "ການສຳພາດຜູ້ຖືກເຄາະຮ້າຍທີ່ເປັນເດັກ"
LESSON_EN = "Before the interview"
PARAGRAPH_EN = "Ask the child's guardian to sit in, unless the guardian is a suspect."
QUESTION_EN = "Who may sit in on a child victim's interview?"
QUESTION_LO = "ໃຜສາມາດນັ່ງຟັງການສຳພາດຜູ້ຖືກເຄາະຮ້າຍທີ່ເປັນເດັກໄດ້?"
CHOICES = [
    ("ຜູ້ປົກຄອງ, ຖ້າບໍ່ແມ່ນຜູ້ຕ້ອງສົງໄສ", "The guardian, unless a suspect"),
    ("ນັກຂ່າວ", "A journalist"),
    ("ຜູ້ຕ້ອງສົງໄສ", "The suspect"),
]
QUIZ_EN = "Child interviews: post-test"
QUIZ_LO = "ການສຳພາດເດັກ: ແບບທົດສອບຫຼັງຮຽນ"
WORKSHOP_EN = "Child victim interviews, Savannakhet"
WORKSHOP_LO = "ການສຳພາດຜູ້ຖືກເຄາະຮ້າຍທີ່ເປັນເດັກ, ສະຫວັນນະເຂດ"
# The registry's people the trainer registers, and the walk-in who signs only the paper sheet.
PARTICIPANTS = [
    ("ມະນີວັນ ພົມມະຈັນ", "Manivanh Phommachanh", "f", "02055501001"),
    ("ບຸນມີ ສີສຸລາດ", "Bounmy Sisoulath", "m", "02055501002"),
    ("ຄຳພອນ ວົງສະຫວັນ", "Khamphone Vongsavanh", "m", "02055501003"),
]
WALK_IN = ("ແສງເດືອນ ແກ້ວມະນີ", "Sengdeuane Keomany", "f", "02055501004")


class Trainer:
    """The browser page, with what every step checks: the language, no English interface
    text in a Lao page's content, nothing wider than the screen; a screenshot if asked."""

    def __init__(self, page, base, language, width):
        self.page, self.base, self.language, self.width = page, base, language, width

    def go(self, path):
        return self.page.goto(self.base + path)

    def sign_in(self, username, url):
        page = self.page
        page.goto(url)
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        self.submit(page.locator("form button[type=submit]").last)

    def sees(self, step, lao_content="main"):
        page = self.page
        page.wait_for_load_state("domcontentloaded")
        if self.language == "lo":
            assert page.locator("html").get_attribute("lang") == "lo", step
            soup = BeautifulSoup(page.locator(lao_content).first.inner_html(), "html.parser")
            assert english_on_lao_page(soup) == [], step
            assert page.evaluate("document.documentElement.scrollWidth") <= self.width, step
        self.shot(step)

    def shot(self, step):
        if SCREENSHOTS:
            name = f"trainer-{next(SHOT_NUMBERS):02d}-{self.language}-{step}"
            save_screenshot(self.page, name)

    def publish(self):
        """Wagtail's editor footer: Publish sits in the menu next to "Save draft". The
        editor saves drafts as one types (WAGTAIL_AUTOSAVE_INTERVAL): publish once the
        last of those has come back."""
        page = self.page
        page.locator("#id_title").focus()
        page.wait_for_timeout(1_000)
        page.wait_for_selector(".w-autosave-indicator__state--saving", state="hidden")
        publish = page.locator('button[name="action-publish"]')
        if not publish.is_visible():
            page.locator("footer .w-dropdown__toggle").first.click()
        self.submit(publish)

    def submit(self, button):
        """Click a button that sends its form, and wait for the page that comes back."""
        with self.page.expect_navigation():
            button.click()

    def choose(self, field_id, text, search=None):
        """Pick ``text`` in a select, or in a snippet chooser's modal (searching first)."""
        page = self.page
        field = page.locator(f"#{field_id}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=text)
            return
        page.click(f"#{field_id}-chooser .unchosen button")
        page.wait_for_selector(".modal a[data-chooser-modal-choice]")
        search_box = page.locator(".modal input[name=q]")
        if search and search_box.count():
            search_box.fill(search)
            page.wait_for_timeout(1_000)
        choice = page.locator(".modal a[data-chooser-modal-choice]").filter(has_text=text)
        while not choice.count():
            # The chooser lists a page at a time.
            page.locator(".modal .pagination a", has_text="Next").first.click()
            page.wait_for_timeout(1_000)
        choice.first.click()
        page.wait_for_selector(".modal", state="hidden")

    def messages(self):
        return " ".join(self.page.locator(".messages").all_inner_texts())


def build_data(locales):
    """The police course section in both languages, the trainer (a police trainer), a judges'
    trainer, and the three people of the registry the trainer will register."""
    home = build_home_pages()
    section = course_section(home, "police")
    for page in (course_index(home), section):
        publish_translation(page, "en", title=f"EN {page.title}")
    trainer = make_user(
        "trainer-journey",
        groups.TRAINERS,
        groups.SECTOR_TRAINER_GROUPS["police"],
        person__name_lo="ສົມສັກ ພັນທະວົງ",
        person__name_latin="Somsack Phanthavong",
    )
    make_user("judge-trainer", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["judge"])
    people = [
        PersonFactory(name_lo=lo, name_latin=latin, sex=sex, phone=phone, province_code="13")
        for lo, latin, sex, phone in PARTICIPANTS
    ]
    english_section = section.get_translation(locales["en"])
    return trainer, people, english_section


def test_a_trainer_writes_a_course_runs_a_workshop_and_issues_its_certificates(
    live_server, locales
):
    trainer_user, people, english_section = build_data(locales)

    with chromium_page(viewport=DESKTOP, locale="en-GB") as page:
        trainer = Trainer(page, live_server.url, "en", DESKTOP["width"])
        trainer.sign_in("trainer-journey", live_server.url + "/admin/login/")
        page.wait_for_url(re.compile(r"/admin/$"))
        trainer.shot("dashboard")

        # A course in the English tree of the police section, then its first lesson.
        trainer.go(f"/admin/pages/add/courses/coursepage/{english_section.pk}/")
        page.fill("#id_title", COURSE_EN)
        page.fill("#id_summary", "How to interview a child victim of trafficking.")
        trainer.shot("course-form")
        trainer.publish()
        trainer.shot("course-published")
        course = CoursePage.objects.get(title=COURSE_EN)
        assert course.live and course.locale.language_code == "en"

        trainer.go(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
        page.fill("#id_title", LESSON_EN)
        page.locator("button.c-sf-add-button").first.click()
        page.locator('[role="option"]', has_text="Text").first.click()
        editor = page.locator('[contenteditable="true"]').first
        editor.click()
        page.keyboard.type(PARAGRAPH_EN)
        trainer.shot("lesson-form")
        trainer.publish()
        trainer.shot("lesson-published")
        lesson = LessonPage.objects.get(title=LESSON_EN)
        assert lesson.live and lesson.get_parent().pk == course.pk
        assert [block.block_type for block in lesson.body] == ["paragraph"]
        assert PARAGRAPH_EN in str(lesson.body[0].value)

        # Translate the course with its lesson to Lao, then give the Lao copy its title.
        # From the course's page actions, where the lesson's publication left the trainer.
        trainer.go(f"/admin/pages/{course.pk}/edit/")
        page.locator("header [data-w-dropdown-target=toggle]").first.click()
        trainer.submit(page.get_by_role("link", name="Translate"))
        assert f"/admin/translation/submit/page/{course.pk}/" in page.url
        page.check(f'input[name="locales"][value="{locales["lo"].pk}"]')
        include_subtree = page.locator('input[name="include_subtree"][type="checkbox"]')
        if include_subtree.count():
            include_subtree.check()
        trainer.shot("translate")
        trainer.submit(page.get_by_role("button", name="Submit"))
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        lao_course = CoursePage.objects.get(
            translation_key=course.translation_key, locale=locales["lo"]
        )
        assert f"/admin/pages/{lao_course.pk}/edit/" in page.url
        page.fill("#id_title", COURSE_LO)
        trainer.publish()
        trainer.shot("lao-course-published")
        lao_course.refresh_from_db()
        assert lao_course.live and lao_course.title == COURSE_LO
        assert LessonPage.objects.filter(
            translation_key=lesson.translation_key, locale=locales["lo"]
        ).exists()

        # A single-choice question: first saved without its correct choice (refused),
        # then with it; then the post-test quiz holding it.
        trainer.go("/admin/snippets/assessments/question/add/")
        page.select_option("#id_kind", "single")
        page.fill("#id_stem_lo", QUESTION_LO)
        page.fill("#id_stem_en", QUESTION_EN)
        for number, (text_lo, text_en) in enumerate(CHOICES):
            page.click("#id_choices-ADD")
            page.fill(f"#id_choices-{number}-text_lo", text_lo)
            page.fill(f"#id_choices-{number}-text_en", text_en)
        trainer.submit(page.locator("footer button[type=submit]").first)
        trainer.shot("question-without-correct-choice")
        assert not Question.objects.filter(stem_en=QUESTION_EN).exists()
        assert page.locator(".error-message, .help-critical, .w-field__errors").count()
        page.check("#id_choices-0-is_correct")
        trainer.submit(page.locator("footer button[type=submit]").first)
        page.wait_for_url(re.compile(r"/admin/snippets/assessments/question/$"))
        question = Question.objects.get(stem_en=QUESTION_EN)
        assert [c.is_correct for c in question.choices.order_by("sort_order")] == [
            True,
            False,
            False,
        ]

        trainer.go("/admin/snippets/assessments/quiz/add/")
        page.fill("#id_title_lo", QUIZ_LO)
        page.fill("#id_title_en", QUIZ_EN)
        page.select_option("#id_purpose", "post")
        page.click("#id_quiz_questions-ADD")
        trainer.choose("id_quiz_questions-0-question", re.compile(r"Who may sit|ໃຜສາມາດ"))
        page.check("#id_live")
        trainer.shot("quiz-form")
        trainer.submit(page.locator("footer button[type=submit]").first)
        page.wait_for_url(re.compile(r"/admin/snippets/assessments/quiz/$"))
        quiz = Quiz.objects.get(title_en=QUIZ_EN)
        assert list(quiz.quiz_questions.values_list("question", flat=True)) == [question.pk]

        # The workshop: two sessions on two days, then its three participants from the
        # registry.
        trainer.go("/admin/snippets/courses/trainingevent/add/")
        page.fill("#id_title_en", WORKSHOP_EN)
        page.fill("#id_title_lo", WORKSHOP_LO)
        trainer.choose("id_programme", "CHARJ")
        trainer.choose("id_province", re.compile("Savannakhet|ສະຫວັນນະເຂດ"), "Savannakhet")
        page.fill("#id_start_date", "2026-03-09")
        page.fill("#id_end_date", "2026-03-10")
        page.select_option("#id_status", "held")
        for number, day in enumerate(("2026-03-09", "2026-03-10")):
            page.click("#id_sessions-ADD")
            page.fill(f"#id_sessions-{number}-date", day)
            page.fill(f"#id_sessions-{number}-start_time", "08:00")
            page.fill(f"#id_sessions-{number}-end_time", "12:00")
        page.keyboard.press("Escape")
        trainer.shot("workshop-form")
        trainer.submit(page.locator("footer button[type=submit]").first)
        page.wait_for_url(re.compile(r"/admin/snippets/courses/trainingevent/$"))
        event = TrainingEvent.objects.get(title_en=WORKSHOP_EN)
        sessions = list(event.sessions.order_by("date"))
        assert [s.hours for s in sessions] == [Decimal(4), Decimal(4)]
        # The trainer who planned it is one of its trainers.
        assert list(event.trainers.values_list("user", flat=True)) == [trainer_user.pk]

        page.locator("a", has_text="Participants and attendance").first.click()
        page.wait_for_url(re.compile(rf"/admin/events/{event.pk}/$"))
        for _name_lo, name_latin, _sex, _phone in PARTICIPANTS:
            page.fill("#id_q", name_latin)
            trainer.submit(page.locator("form:has(#id_q) button"))
            trainer.submit(
                page.locator("form", has=page.locator('input[name="action"][value="add"]'))
                .locator("button")
                .first
            )
            assert "is registered" in trainer.messages() and name_latin in trainer.messages()
        trainer.shot("workshop-participants")
        assert set(event.participations.values_list("person", flat=True)) == {p.pk for p in people}

        # The sign-in sheet of the first session, to print.
        link = page.locator('a[href$="sign-in-sheet.pdf"]').first
        response = page.request.get(live_server.url + link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        signin_pdf = response.body()
        assert signin_pdf.startswith(b"%PDF")

    participations = {
        p.person_id: p for p in Participation.objects.filter(event=event).select_related("person")
    }
    absent = participations[people[2].pk]
    first, second = sessions

    # In the room, on the phone, in Lao: everyone present, then the one who is not.
    with translation.override("lo"):
        mark_url = live_server.url + reverse("events:mark_session", args=[first.pk])
    with chromium_page(viewport=PHONE, locale="lo-LA") as page:
        phone = Trainer(page, live_server.url, "lo", PHONE["width"])
        phone.sign_in("trainer-journey", mark_url)
        page.wait_for_url(mark_url)
        phone.sees("marking")
        phone.submit(page.locator('button[name="all_present"]'))
        page.wait_for_selector('[data-count="total"]')
        assert page.text_content('[data-count="total"]') == "3"
        phone.sees("all-present")
        page.click(f'button[value="{absent.pk}:absent"]')
        page.wait_for_selector('[data-sync][data-state="saved"]')
        assert page.text_content('[data-count="total"]') == "2"
        assert page.text_content('[data-count="women"]') == "1"
        phone.sees("one-absent")
        room_marks = dict(first.attendances.values_list("participation__person", "status"))
        assert room_marks == {
            people[0].pk: AttendanceStatus.PRESENT,
            people[1].pk: AttendanceStatus.PRESENT,
            people[2].pk: AttendanceStatus.ABSENT,
        }

        # A judges' trainer opens this workshop's marking page by its id: refused, in Lao.
        page.context.clear_cookies()
        phone.sign_in("judge-trainer", mark_url)
        response = page.goto(mark_url)
        assert response.status == 404
        phone.sees("other-sector-refused", lao_content="body")
        assert "ມະນີວັນ" not in page.content()
        assert dict(first.attendances.values_list("participation__person", "status")) == (
            room_marks
        )

    # Back at the desk, in English: the typed sign-in sheet of the second session, and the
    # paper post-test's scores.
    with chromium_page(viewport=DESKTOP, locale="en-GB") as page:
        trainer = Trainer(page, live_server.url, "en", DESKTOP["width"])
        trainer.sign_in("trainer-journey", live_server.url + "/admin/login/")
        page.wait_for_url(re.compile(r"/admin/$"))
        import_url = live_server.url + reverse("events_admin:import", args=[event.pk])
        before = attendance_state(event)

        # A wrong file: the printed PDF, then a sheet with a formula. Nothing changes.
        for name, content in [("sign-in.pdf", signin_pdf), ("formula.xlsx", formula_sheet())]:
            page.goto(import_url)
            page.set_input_files("#id_sheet", files=[upload(name, content)])
            trainer.submit(page.locator("form[enctype] button"))
            trainer.shot(f"signin-import-refused-{name}")
            assert page.locator(".help-critical, .error-message, .errorlist").count(), name
            assert not page.locator('form:has(input[value="confirm"]) button').count(), name
            assert attendance_state(event) == before, name

        page.goto(import_url)
        page.set_input_files("#id_sheet", files=[upload("signed.xlsx", signin_sheet())])
        trainer.submit(page.locator("form[enctype] button"))
        page.wait_for_selector('input[name="action"][value="confirm"]', state="attached")
        trainer.shot("signin-import-preview")
        assert attendance_state(event) == before
        # A double tap on confirm: imported once.
        double_tap(
            page.locator('form:has(input[value="confirm"]) button'),
            event_url_of(live_server, event),
        )
        trainer.shot("signin-imported")
        assert Person.objects.filter(name_latin=WALK_IN[1]).count() == 1
        walk_in = Person.objects.get(name_latin=WALK_IN[1])
        assert Participation.objects.filter(event=event).count() == 4
        assert second.attendances.count() == 4
        second_marks = dict(second.attendances.values_list("participation__person", "status"))
        assert second_marks == {
            people[0].pk: AttendanceStatus.PRESENT,
            people[1].pk: AttendanceStatus.LATE,
            people[2].pk: AttendanceStatus.PRESENT,
            walk_in.pk: AttendanceStatus.PRESENT,
        }
        assert dict(first.attendances.values_list("participation__person", "status")) == (
            room_marks
        )

        # Paper scores: a PDF first (refused, nothing imported), then the sheet.
        scores_url = live_server.url + reverse("assessments_admin:import_scores")

        def upload_scores(name, content):
            page.goto(scores_url)
            page.select_option("#id_quiz", str(quiz.pk))
            page.select_option("#id_form", "A")
            page.select_option("#id_event", str(event.pk))
            page.set_input_files("#id_file", files=[upload(name, content)])
            trainer.submit(page.locator("form[enctype] button[type=submit]"))

        upload_scores("sign-in.pdf", signin_pdf)
        trainer.shot("scores-refused-pdf")
        assert page.locator('.help-critical[role="alert"]').count()
        assert not page.locator('input[name="action"][value="confirm"]').count()
        assert Attempt.objects.count() == 0
        upload_scores("scores.xlsx", scores_sheet())
        trainer.shot("scores-preview")
        page.wait_for_selector('input[name="action"][value="confirm"]', state="attached")
        assert Attempt.objects.count() == 0
        # Both taps' requests answered (the URL stays the same, so waiting for it is not
        # enough): the first imports, the second finds its preview used.
        double_tap(page.locator('form:has(input[value="confirm"]) button'), scores_url)
        trainer.shot("scores-imported")
        assert Attempt.objects.count() == 4
        scores = dict(Attempt.objects.values_list("person", "score_percent"))
        assert scores == {
            people[0].pk: Decimal(90),
            people[1].pk: Decimal(60),
            people[2].pk: Decimal(80),
            walk_in.pk: Decimal(75),
        }
        assert set(Attempt.objects.values_list("event", "quiz")) == {(event.pk, quiz.pk)}

        # The workshop's certificates, from the event's page.
        page.goto(event_url_of(live_server, event))
        page.locator("a", has_text="Issue certificates").first.click()
        page.wait_for_url(re.compile(rf"/certificates/event/{event.pk}/$"))
        trainer.shot("certificates-plan")
        assert Certificate.objects.count() == 0
        trainer.submit(page.locator("form button[type=submit]", has_text="Issue"))
        trainer.shot("certificates-issued")
        issued = dict(Certificate.objects.values_list("person", "kind"))
        # Everyone attended at least one session; completion needs 80 % of the hours.
        assert issued == {
            people[0].pk: "completion",
            people[1].pk: "completion",
            people[2].pk: "participation",
            walk_in.pk: "participation",
        }


def upload(name, content):
    kinds = {
        ".pdf": "application/pdf",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    return {"name": name, "mimeType": kinds[Path(name).suffix], "buffer": content}


def event_url_of(live_server, event):
    return live_server.url + reverse("events_admin:event", args=[event.pk])


def attendance_state(event):
    """What an import may change: the people, the participants and their marks."""
    return (
        Person.objects.count(),
        sorted(Participation.objects.filter(event=event).values_list("person", flat=True)),
        sorted(
            Attendance.objects.filter(participation__event=event).values_list(
                "participation__person", "session", "status"
            )
        ),
    )


def workbook_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SIGNIN_HEADERS = ["Lao name", "Romanised name", "Sex", "Organisation", "Position", "Phone"]


def signin_sheet():
    """The second session's paper sheet, typed up: the three registered and a walk-in."""
    marks = ["present", "late", "present", "present"]
    return workbook_bytes(
        [SIGNIN_HEADERS + ["Session 2"]]
        + [
            [lo, latin, sex, "ATD", "", phone, mark]
            for (lo, latin, sex, phone), mark in zip(PARTICIPANTS + [WALK_IN], marks, strict=True)
        ]
    )


def formula_sheet():
    """The same sheet where a mark is a formula: its value is not what was typed."""
    lo, latin, sex, phone = PARTICIPANTS[0]
    return workbook_bytes(
        [SIGNIN_HEADERS + ["Session 2"], [lo, latin, sex, "", "", phone, '=IF(1,"present","")']]
    )


def scores_sheet():
    scores = [90, 60, 80, 75]
    return workbook_bytes(
        [["phone", "name", "score"]]
        + [
            [phone, latin, score]
            for (_lo, latin, _sex, phone), score in zip(
                PARTICIPANTS + [WALK_IN], scores, strict=True
            )
        ]
    )
