"""The rules of lms.uploads: a preview's file kept in storage for its uploader and purpose,
until it expires; and the imports confirmed from a fresh session, on any server."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lms import groups, uploads
from lms.uploads import (
    UploadError,
    UploadExpired,
    UploadNotFound,
    UploadUsed,
    discard_expired_uploads,
    discard_upload,
    load_upload,
    store_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return User.objects.create_user("owner", password="pw")


@pytest.fixture
def other():
    return User.objects.create_user("other", password="pw")


def test_an_upload_is_given_back_to_its_owner_for_its_purpose(owner):
    token = store_upload(owner, "test/1", "sheet.csv", b"a,b\n", data={"event": 1})
    filename, content = load_upload(owner, "test/1", token)
    assert (filename, content) == ("sheet.csv", b"a,b\n")
    assert load_upload(owner, "test/1", token).data == {"event": 1}


def test_the_file_is_kept_in_the_default_storage_not_the_session(owner, client):
    client.force_login(owner)
    token = store_upload(owner, "test", "sheet.xlsx", b"PK\x03\x04...")
    names = default_storage.listdir(uploads.UPLOAD_DIR)[1]
    assert any(name.startswith(token) and not name.endswith(".json") for name in names)
    assert token not in str(dict(client.session))


def test_tokens_are_unguessable_and_unique(owner):
    tokens = {store_upload(owner, "test", "x.csv", b"x") for _i in range(5)}
    assert len(tokens) == 5
    assert all(len(token) == 32 for token in tokens)


def test_another_users_token_is_refused(owner, other):
    token = store_upload(owner, "test", "sheet.csv", b"a\n")
    with pytest.raises(UploadNotFound):
        load_upload(other, "test", token)
    # Refusing it does not spend it: the owner can still confirm.
    assert load_upload(owner, "test", token).content == b"a\n"


def test_a_token_for_another_purpose_is_refused(owner):
    token = store_upload(owner, "signin-import/1", "sheet.csv", b"a\n")
    with pytest.raises(UploadNotFound):
        load_upload(owner, "signin-import/2", token)


@pytest.mark.parametrize("token", ["", "none", "../../etc/passwd", "x" * 32, None])
def test_unknown_or_malformed_tokens_are_refused(owner, token):
    with pytest.raises(UploadNotFound):
        load_upload(owner, "test", token)


def test_an_expired_upload_is_refused_and_deleted(owner):
    token = store_upload(owner, "test", "sheet.csv", b"a\n", max_age=timedelta(seconds=-1))
    with translation.override("en"), pytest.raises(UploadExpired) as error:
        load_upload(owner, "test", token)
    assert "expired" in str(error.value)
    assert isinstance(error.value, UploadError)
    with pytest.raises(UploadNotFound):
        load_upload(owner, "test", token)


def test_expired_uploads_are_swept(owner):
    old = store_upload(owner, "test", "old.csv", b"a\n", max_age=timedelta(seconds=-1))
    fresh = store_upload(owner, "test", "fresh.csv", b"b\n")
    discard_expired_uploads()
    names = default_storage.listdir(uploads.UPLOAD_DIR)[1]
    assert not any(name.startswith(old) for name in names)
    assert load_upload(owner, "test", fresh).content == b"b\n"


def test_a_discarded_upload_is_gone_and_only_its_owner_can_discard_it(owner, other):
    token = store_upload(owner, "test", "sheet.csv", b"a\n")
    discard_upload(other, "test", token)
    assert load_upload(owner, "test", token)
    discard_upload(owner, "test", token)
    with pytest.raises(UploadNotFound):
        load_upload(owner, "test", token)


def test_an_anonymous_user_cannot_store_an_upload():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValueError):
        store_upload(AnonymousUser(), "test", "x.csv", b"x")


# The imports: previewed in one session, confirmed in another (another server) -----------


def _trainer(name="trainer"):
    user = User.objects.create_user(name, password="pw")
    user.groups.add(Group.objects.get(name=groups.TRAINERS))
    return user


def _fresh_client(user) -> Client:
    """A new browser session for ``user``: nothing of the preview's session is carried."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_sign_in_sheet_previewed_in_one_session_is_confirmed_from_another():
    from courses.models import Participation
    from tests.courses.events_factories import make_event, make_person

    trainer = _trainer()
    event = make_event()
    event.trainers.add(make_person(user=trainer))
    url = reverse("events_admin:import", args=[event.pk])
    sheet = "Lao name,Sex,Organisation,Phone,Session 1\nວິໄລ ພົມມະວົງ,ຊ,ATD,02077771234,✓\n"
    preview = _fresh_client(trainer).post(
        url, {"sheet": SimpleUploadedFile("sheet.csv", sheet.encode())}
    )
    token = preview.context["token"]
    assert token

    # Another trainer cannot confirm it, even with the token (and the event is not theirs).
    intruder = _trainer("intruder")
    event.trainers.add(make_person(user=intruder, name_lo="ຄົນອື່ນ"))
    response = _fresh_client(intruder).post(url, {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert not Participation.objects.filter(person__name_lo="ວິໄລ ພົມມະວົງ").exists()

    # The uploader confirms from a fresh session: no session state is needed.
    response = _fresh_client(trainer).post(url, {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert Participation.objects.filter(event=event, person__name_lo="ວິໄລ ພົມມະວົງ").exists()
    # A token is used once; a second confirmation (a double tap) is told it is imported.
    with pytest.raises(UploadUsed):
        load_upload(trainer, f"signin-import/{event.pk}", token)
    again = _fresh_client(trainer).post(url, {"action": "confirm", "token": token})
    assert again.status_code == 302 and "/import/" not in again["Location"]
    assert Participation.objects.filter(event=event, person__name_lo="ວິໄລ ພົມມະວົງ").count() == 1


def test_a_sign_in_token_is_bound_to_its_event():
    from courses.models import Participation
    from tests.courses.events_factories import make_event, make_person

    trainer = _trainer()
    first, second = make_event(), make_event(title_en="Another workshop")
    person = make_person(user=trainer)
    first.trainers.add(person)
    second.trainers.add(person)
    sheet = "Lao name,Sex,Organisation,Phone\nວິໄລ ພົມມະວົງ,ຊ,ATD,02077771234\n"
    preview = _fresh_client(trainer).post(
        reverse("events_admin:import", args=[first.pk]),
        {"sheet": SimpleUploadedFile("sheet.csv", sheet.encode())},
    )
    token = preview.context["token"]
    response = _fresh_client(trainer).post(
        reverse("events_admin:import", args=[second.pk]), {"action": "confirm", "token": token}
    )
    assert response.status_code == 302
    assert not Participation.objects.filter(person__name_lo="ວິໄລ ພົມມະວົງ").exists()


def test_paper_scores_previewed_in_one_session_are_confirmed_from_another():
    from assessments.models import Attempt, QuestionType
    from courses.events.attendance import register_participant
    from tests.assessments.builders import make_person, make_question, make_quiz
    from tests.courses.events_factories import make_event

    trainer = _trainer()
    event = make_event()
    event.trainers.add(make_person(user=trainer))
    quiz = make_quiz([make_question(kind=QuestionType.TRUE_FALSE, answer_true=True)])
    learner = make_person(phone="020 5555 1234")
    register_participant(event, learner)
    url = reverse("assessments_admin:import_scores")
    upload = SimpleUploadedFile("scores.csv", b"phone,score\n02055551234,75\n")
    preview = _fresh_client(trainer).post(
        url, {"action": "preview", "file": upload, "quiz": quiz.pk, "form": "A", "event": event.pk}
    )
    outcome = preview.context["outcome"]
    assert outcome.ok and outcome.token

    other = User.objects.create_superuser("root", password="pw")
    refused = _fresh_client(other).post(url, {"action": "confirm", "token": outcome.token})
    assert not refused.context["outcome"].ok
    assert Attempt.objects.count() == 0

    response = _fresh_client(trainer).post(url, {"action": "confirm", "token": outcome.token})
    assert response.status_code == 302
    assert Attempt.objects.get(person=learner).score_percent == 75
