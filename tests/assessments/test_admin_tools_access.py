"""The trainers' quiz tools live in the Wagtail admin and show a trainer only the attempts,
events and courses they manage (lms.access)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, Attempt, QuizPurpose
from courses.events.attendance import register_participant
from courses.models import ParticipationRole
from lms import groups
from lms.models import Sector
from tests.factories import (
    QuestionFactory,
    QuizFactory,
    QuizTakerFactory,
    UserFactory,
    make_event,
    submit_attempt,
)

pytestmark = pytest.mark.django_db

ATTEMPTS_URL = "/admin/snippets/assessments/attempt/"


def _user(username, *group_names):
    return UserFactory(username=username, groups=group_names)


def _attempt(quiz, person, event, score, question=None):
    question_ids = [question.pk] if question else []
    attempt = submit_attempt(quiz, person, score, event=event, question_ids=question_ids)
    if question is not None:
        choice = question.choices.get(is_correct=True)
        Answer.objects.create(
            attempt=attempt, question=question, response={"choice": choice.pk}, score=1
        )
    return attempt


@pytest.fixture
def world():
    """A police workshop trained by Xay and a judges' workshop trained by Yer, each with one
    participant who took the pre-test and the post-test."""
    x = _user("trainer_x", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["police"])
    y = _user("trainer_y", groups.TRAINERS, groups.SECTOR_TRAINER_GROUPS["judge"])
    staff = _user("staff", groups.PROGRAMME_STAFF)
    learner = _user("learner", groups.LEARNERS)
    QuizTakerFactory(user=learner)
    police_event = make_event(title_en="Police workshop")
    police_event.trainers.add(QuizTakerFactory(user=x, name_latin="Xay"))
    judges_event = make_event(title_en="Judges workshop")
    judges_event.trainers.add(
        QuizTakerFactory(user=y, name_latin="Yer", sector=Sector.objects.get(code="judge"))
    )
    officer = QuizTakerFactory(name_latin="Officer Alouny", phone="020 5555 1111")
    judge = QuizTakerFactory(
        name_latin="Judge Chanthavy",
        phone="020 5555 2222",
        sector=Sector.objects.get(code="judge"),
    )
    register_participant(police_event, officer)
    register_participant(judges_event, judge)
    question = QuestionFactory()
    pre = QuizFactory(questions=[question], purpose=QuizPurpose.PRE)
    post = QuizFactory(questions=[question], purpose=QuizPurpose.POST)
    attempts = {
        "officer_pre": _attempt(pre, officer, police_event, 40, question),
        "officer_post": _attempt(post, officer, police_event, 80, question),
        "judge_pre": _attempt(pre, judge, judges_event, 30, question),
        "judge_post": _attempt(post, judge, judges_event, 90, question),
    }
    return {
        "x": x,
        "y": y,
        "staff": staff,
        "learner": learner,
        "police_event": police_event,
        "judges_event": judges_event,
        "officer": officer,
        "judge": judge,
        "pre": pre,
        "post": post,
        "question": question,
        "attempts": attempts,
    }


def signed_in(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def admin(name, **kwargs):
    return reverse(f"assessments_admin:{name}", kwargs=kwargs or None)


# The tools moved into the admin --------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/lo/quizzes/results/",
        "/en/quizzes/results/",
        "/lo/quizzes/{pk}/analysis/",
        "/lo/quizzes/{pk}/paper/A/test.pdf",
        "/lo/quizzes/import/scores/",
        "/lo/quizzes/import/questions/",
    ],
)
def test_old_public_trainer_urls_no_longer_exist(client, world, path):
    signed_in(client, world["x"])
    assert client.get(path.format(pk=world["pre"].pk)).status_code == 404


def test_tools_are_under_the_admin(world):
    assert admin("results") == "/admin/quizzes/results/"
    assert admin("analysis", pk=1) == "/admin/quizzes/1/analysis/"
    assert admin("paper", pk=1, form="A", document="key") == "/admin/quizzes/1/paper/A/key.pdf"
    assert admin("import_scores") == "/admin/quizzes/import/scores/"
    assert admin("import_questions") == "/admin/quizzes/import/questions/"


def tool_urls(world):
    pk = world["pre"].pk
    return [
        admin("results"),
        admin("analysis", pk=pk),
        admin("paper", pk=pk, form="A", document="test"),
        admin("import_scores"),
        admin("import_questions"),
    ]


def test_anonymous_is_sent_to_the_admin_login(client, world):
    for url in tool_urls(world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_learner_never_gets_a_trainer_tool(client, world):
    signed_in(client, world["learner"])
    for url in tool_urls(world):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Officer Alouny" not in response.content.decode()


def test_admin_user_without_the_permission_gets_403(client, world):
    clerk = UserFactory(username="clerk")
    clerk.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    signed_in(client, clerk)
    for url in tool_urls(world):
        assert client.get(url).status_code == 403, url
    # Programme staff do not build the question bank.
    signed_in(client, world["staff"])
    assert client.get(admin("import_questions")).status_code == 403


def test_tools_render_in_the_admin_for_a_trainer(client, world):
    signed_in(client, world["x"])
    for url in tool_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(admin("results")).content.decode()
    assert "wagtail" in html.lower() and "Officer Alouny" in html


def test_admin_menu_links_to_the_admin_tools(client, world):
    signed_in(client, world["x"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert admin("results") in html and admin("import_scores") in html
    assert "/quizzes/results/" not in html.replace(admin("results"), "")


# Results and item analysis: only managed attempts ---------------------------------------


def people_in_results(client, **params):
    response = client.get(admin("results"), params)
    if response.status_code != 200:
        return response.status_code
    return {row.person.name_latin for row in response.context["rows"]}


def test_trainer_sees_only_the_results_of_their_events(client, world):
    signed_in(client, world["y"])
    assert people_in_results(client) == {"Judge Chanthavy"}
    signed_in(client, world["x"])
    assert people_in_results(client) == {"Officer Alouny"}
    assert people_in_results(client, event=world["police_event"].pk) == {"Officer Alouny"}
    html = client.get(admin("results")).content.decode()
    assert "Judge Chanthavy" not in html


def test_filter_on_another_trainers_event_is_not_found(client, world):
    signed_in(client, world["x"])
    assert people_in_results(client, event=world["judges_event"].pk) == 404
    assert people_in_results(client, event="999999") == 404
    assert people_in_results(client, event="x") == 404


def test_programme_staff_see_every_result(client, world):
    signed_in(client, world["staff"])
    assert people_in_results(client) == {"Officer Alouny", "Judge Chanthavy"}
    assert people_in_results(client, event=world["judges_event"].pk) == {"Judge Chanthavy"}


def test_results_filter_offers_only_managed_events(client, world):
    signed_in(client, world["x"])
    form = client.get(admin("results")).context["filter_form"]
    assert list(form.fields["event"].queryset) == [world["police_event"]]


def answers_counted(client, quiz):
    report = client.get(admin("analysis", pk=quiz.pk)).context["report"]
    return sum(row["n"] for row in report)


def test_item_analysis_counts_only_managed_attempts(client, world):
    signed_in(client, world["x"])
    assert answers_counted(client, world["post"]) == 1
    signed_in(client, world["staff"])
    assert answers_counted(client, world["post"]) == 2


def test_trainer_without_events_sees_no_results(client, world):
    newcomer = _user("newcomer", groups.TRAINERS)
    signed_in(client, newcomer)
    assert people_in_results(client) == set()
    assert answers_counted(client, world["post"]) == 0


def test_any_trainer_prints_the_papers_of_a_quiz(client, world):
    signed_in(client, world["y"])
    response = client.get(admin("paper", pk=world["pre"].pk, form="B", document="key"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


# The attempts listing, export and edit views ---------------------------------------------


def test_attempt_listing_and_export_hold_only_managed_attempts(client, world):
    signed_in(client, world["x"])
    listing = client.get(ATTEMPTS_URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Officer Alouny" in html and "Judge Chanthavy" not in html
    export = client.get(ATTEMPTS_URL, {"export": "csv"})
    text = b"".join(export.streaming_content).decode() if export.streaming else export.content
    assert "Officer Alouny" in str(text) and "Judge Chanthavy" not in str(text)


def test_trainer_cannot_open_or_correct_another_events_attempt(client, world):
    signed_in(client, world["x"])
    theirs = world["attempts"]["judge_post"]
    for view in ("edit", "inspect", "history", "usage", "copy"):
        url = reverse(f"wagtailsnippets_assessments_attempt:{view}", args=[theirs.pk])
        assert client.get(url).status_code in (403, 404), view
    edit = reverse("wagtailsnippets_assessments_attempt:edit", args=[theirs.pk])
    response = client.post(edit, {"person": theirs.person_id, "score_percent": "10"})
    assert response.status_code in (403, 404)
    theirs.refresh_from_db()
    assert theirs.score_percent == Decimal(90)


def attempt_form(attempt, **changes):
    data = {
        "person": attempt.person_id,
        "quiz": attempt.quiz_id,
        "event": attempt.event_id or "",
        "course": attempt.course_id or "",
        "form": attempt.form,
        "source": attempt.source,
        "status": attempt.status,
        "started_at": attempt.started_at.strftime("%Y-%m-%d %H:%M"),
        "submitted_at": attempt.submitted_at.strftime("%Y-%m-%d %H:%M"),
        "score_percent": str(attempt.score_percent),
    }
    return data | changes


def test_trainer_corrects_a_score_of_their_own_event(client, world):
    signed_in(client, world["x"])
    mine = world["attempts"]["officer_post"]
    edit = reverse("wagtailsnippets_assessments_attempt:edit", args=[mine.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, attempt_form(mine, score_percent="85"))
    assert response.status_code == 302, response.context["form"].errors
    mine.refresh_from_db()
    assert mine.score_percent == Decimal(85)


def test_trainer_cannot_move_an_attempt_into_another_event_or_person(client, world):
    signed_in(client, world["x"])
    mine = world["attempts"]["officer_post"]
    edit = reverse("wagtailsnippets_assessments_attempt:edit", args=[mine.pk])
    for change in ({"event": world["judges_event"].pk}, {"person": world["judge"].pk}):
        response = client.post(edit, attempt_form(mine, **change))
        assert response.status_code == 200
        assert response.context["form"].errors
    mine.refresh_from_db()
    assert mine.event == world["police_event"] and mine.person == world["officer"]


def test_trainer_cannot_add_an_attempt_for_another_event(client, world):
    signed_in(client, world["x"])
    add = reverse("wagtailsnippets_assessments_attempt:add")
    count = Attempt.objects.count()
    data = attempt_form(world["attempts"]["judge_post"], score_percent="100")
    response = client.post(add, data)
    assert response.status_code == 200
    assert Attempt.objects.count() == count


def test_attempt_chooser_lists_only_managed_attempts(client, world):
    signed_in(client, world["x"])
    response = client.get(reverse("wagtailsnippetchoosers_assessments_attempt:choose"))
    html = response.content.decode()
    assert "Officer Alouny" in html and "Judge Chanthavy" not in html
    theirs = world["attempts"]["judge_post"]
    chosen = reverse("wagtailsnippetchoosers_assessments_attempt:chosen", args=[theirs.pk])
    assert client.get(chosen).status_code == 404


def test_programme_staff_list_every_attempt(client, world):
    signed_in(client, world["staff"])
    html = client.get(ATTEMPTS_URL).content.decode()
    assert "Officer Alouny" in html and "Judge Chanthavy" in html


# The score import -------------------------------------------------------------------------


def upload(client, world, text, **fields):
    upload = SimpleUploadedFile("scores.csv", text.encode(), content_type="text/csv")
    data = {"action": "preview", "file": upload, "quiz": world["post"].pk, "form": "A"}
    return client.post(admin("import_scores"), data | fields)


def test_score_import_offers_only_managed_events_and_courses(client, world):
    signed_in(client, world["x"])
    form = client.get(admin("import_scores")).context["importer"].form
    assert list(form.fields["event"].queryset) == [world["police_event"]]
    assert not form.fields["course"].queryset.exists()


def test_score_import_for_another_trainers_event_is_refused(client, world):
    signed_in(client, world["x"])
    before = Attempt.objects.count()
    response = upload(
        client, world, "phone,score\n02055552222,10\n", event=world["judges_event"].pk
    )
    outcome = response.context["outcome"]
    assert not outcome.ok and not outcome.token
    assert Attempt.objects.count() == before
    assert world["attempts"]["judge_post"].__class__.objects.get(
        pk=world["attempts"]["judge_post"].pk
    ).score_percent == Decimal(90)


def test_score_import_needs_an_event_or_a_course(client, world):
    signed_in(client, world["x"])
    response = upload(client, world, "phone,score\n02055551111,10\n")
    assert not response.context["outcome"].ok


def test_score_for_a_non_participant_is_a_row_error_and_nothing_is_imported(client, world):
    trainer_of_event = QuizTakerFactory(name_latin="Co-trainer", phone="020 5555 3333")
    register_participant(world["police_event"], trainer_of_event, role=ParticipationRole.TRAINER)
    signed_in(client, world["x"])
    before = Attempt.objects.count()
    response = upload(
        client,
        world,
        "phone,score\n02055551111,75\n02055552222,10\n02055553333,50\n",
        event=world["police_event"].pk,
    )
    outcome = response.context["outcome"]
    assert not outcome.ok and not outcome.token
    assert [bool(row.errors) for row in outcome.rows] == [False, True, True]
    assert "not a participant" in outcome.rows[1].errors[0]
    # Confirming without a valid preview imports nothing either.
    client.post(admin("import_scores"), {"action": "confirm", "token": ""})
    assert Attempt.objects.count() == before


def test_score_import_for_participants_of_a_managed_event(client, world):
    signed_in(client, world["x"])
    outcome = upload(
        client, world, "phone,score\n02055551111,75\n", event=world["police_event"].pk
    ).context["outcome"]
    assert outcome.ok, [row.errors for row in outcome.rows]
    client.post(admin("import_scores"), {"action": "confirm", "token": outcome.token})
    paper = Attempt.objects.get(source="paper")
    assert paper.person == world["officer"] and paper.event == world["police_event"]
