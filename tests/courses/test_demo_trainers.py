import pytest

from courses.demo import events as demo_events
from courses.models import TrainingEvent
from lms import access
from lms import demo as core_demo

pytestmark = pytest.mark.django_db


def test_each_demo_trainer_trains_events_of_their_own_and_some_events_have_no_account():
    core_demo.load()
    demo_events.load()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    police = set(access.managed_events(users.get(username="trainer")).values_list("pk", flat=True))
    judge = set(
        access.managed_events(users.get(username="trainer_judge")).values_list("pk", flat=True)
    )
    assert police and judge and not police & judge
    without_account = TrainingEvent.objects.exclude(pk__in=police | judge)
    assert without_account.exists()
    assert not without_account.filter(trainers__user__isnull=False).exists()
    staff = users.get(username="staff")
    assert access.managed_events(staff).count() == TrainingEvent.objects.count()
