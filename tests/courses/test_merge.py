from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from assessments.models import Attempt, AttemptStatus, Quiz, QuizPurpose
from courses.models import Attendance, AttendanceStatus, Participation
from lms.models import Organisation, Person, PersonMerge, Sex
from lms.people.merge import MergeError, find_duplicate_groups, merge_people, undo_merge
from tests.factories import CertificateFactory, PersonFactory, attend, make_event

pytestmark = pytest.mark.django_db
P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT


def test_duplicates_are_found_by_phone_by_lao_name_and_organisation_and_by_romanised_name():
    same_phone = [PersonFactory(phone="020 5555 1234"), PersonFactory(phone="2055551234")]
    # The same name typed with ໍ before and after the tone mark.
    same_name = [
        PersonFactory(name_lo="ສົມຄ\u0ec9\u0eb3 ພົມມະຈັນ", name_latin="", phone=""),
        PersonFactory(name_lo="ສົມຄ\u0ecd\u0ec9\u0eb2  ພົມມະຈັນ", name_latin="", phone=""),
    ]
    similar = [
        PersonFactory(name_lo="ສຸກສະຫວັນ", name_latin="Souksavanh Phommachanh", phone=""),
        PersonFactory(
            name_lo="ສຸກສະຫວັນ",
            name_latin="Suksavan Phomachan",
            phone="",
            organisation=Organisation.objects.get(key="mops"),
        ),
    ]
    PersonFactory(name_lo="ມາລີ", name_latin="Maly", sex=Sex.FEMALE, phone="")
    groups = {frozenset(p.pk for p in group.people) for group in find_duplicate_groups()}
    for pair in (same_phone, similar):
        assert frozenset(p.pk for p in pair) in groups
    assert frozenset(p.pk for p in same_name) in groups


def test_merge_moves_participations_attempts_certificates_trainer_roles_and_account():
    user = get_user_model().objects.create_user("dup")
    kept, duplicate = PersonFactory(), PersonFactory(user=user)
    first, second = make_event(), make_event()
    attend(first, kept, [P, P])
    attend(second, duplicate, [P, A])
    second.trainers.add(duplicate)
    quiz = Quiz.objects.create(title_en="Post", title_lo="ຫຼັງ", purpose=QuizPurpose.POST)
    Attempt.objects.create(
        quiz=quiz,
        person=duplicate,
        event=second,
        status=AttemptStatus.SUBMITTED,
        score_percent=Decimal("80"),
    )
    CertificateFactory(person=duplicate, event=second)

    log = merge_people(kept, duplicate)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert set(kept.participations.values_list("event", flat=True)) == {first.pk, second.pk}
    assert kept.attempts.count() == 1
    assert kept.certificates.count() == 1
    assert list(second.trainers.all()) == [kept]
    kept.refresh_from_db()
    assert kept.user == user
    assert PersonMerge.objects.get() == log


def test_merge_of_two_records_at_the_same_event_combines_their_marks():
    kept, duplicate = PersonFactory(), PersonFactory()
    event = make_event(session_hours=(4, 4, 4))
    attend(event, kept, [P])
    attend(event, duplicate, [A, P, P])
    merge_people(kept, duplicate)
    participation = Participation.objects.get(event=event)
    assert participation.person == kept
    marks = dict(participation.attendances.values_list("session__date", "status"))
    # The kept record's mark for day one wins; days two and three come from the duplicate.
    assert sorted(marks.values()) == [P, P, P]
    assert Participation.objects.trained().filter(person=kept).exists()


def test_undo_restores_the_removed_person_and_every_row():
    user = get_user_model().objects.create_user("dup")
    kept, duplicate = PersonFactory(), PersonFactory(user=user, name_lo="ສົມພອນ")
    shared, own = make_event(session_hours=(4, 4)), make_event()
    attend(shared, kept, [P])
    attend(shared, duplicate, [A, P])
    attend(own, duplicate, [P, P])
    own.trainers.add(duplicate)
    CertificateFactory(person=duplicate, event=own)
    before = {
        "marks": sorted(Attendance.objects.values_list("pk", "participation_id", "status")),
        "participations": sorted(Participation.objects.values_list("pk", "person_id", "event_id")),
    }

    log = merge_people(kept, duplicate)
    restored = undo_merge(log)

    assert restored.pk == duplicate.pk and restored.name_lo == "ສົມພອນ"
    assert restored.user == user
    assert (
        sorted(Attendance.objects.values_list("pk", "participation_id", "status"))
        == before["marks"]
    )
    assert (
        sorted(Participation.objects.values_list("pk", "person_id", "event_id"))
        == before["participations"]
    )
    assert list(own.trainers.all()) == [restored]
    assert restored.certificates.count() == 1
    log.refresh_from_db()
    assert log.is_undone
    with pytest.raises(MergeError):
        undo_merge(log)


def test_a_person_cannot_be_merged_with_themselves():
    person = PersonFactory()
    with pytest.raises(MergeError):
        merge_people(person, person)


def test_certificates_for_the_same_event_are_not_doubled_and_come_back_on_undo():
    kept, duplicate = PersonFactory(), PersonFactory()
    event = make_event()
    attend(event, kept, [P, P])
    attend(event, duplicate, [P, P])
    kept_certificate = CertificateFactory(person=kept, event=event)
    duplicate_certificate = CertificateFactory(person=duplicate, event=event)
    log = merge_people(kept, duplicate)
    assert list(kept.certificates.all()) == [kept_certificate]
    undo_merge(log)
    assert Person.objects.get(pk=duplicate.pk).certificates.get() == duplicate_certificate
