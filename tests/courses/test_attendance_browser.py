"""A trainer marks attendance on a 360 px phone, reloads, and finds the marks kept."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import Attendance, AttendanceStatus, Participation
from lms import groups
from lms.models import Sex
from tests.browser import PHONE, chromium_page
from tests.factories import PersonFactory, attend, make_event

PASSWORD = "Mekong-river-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_trainer_marks_attendance_on_a_phone_and_the_marks_survive_a_reload(live_server):
    trainer = get_user_model().objects.create_user("trainer-phone", password=PASSWORD)
    trainer.groups.add(Group.objects.get(name=groups.TRAINERS))
    event = make_event(session_hours=(3, 3))
    # A trainer marks only the events they train (lms.access).
    event.trainers.add(PersonFactory(name_lo="ຄູຝຶກ", user=trainer))
    woman = attend(event, PersonFactory(name_lo="ມະນີວັນ ພົມມະຈັນ", sex=Sex.FEMALE), [])
    man = attend(event, PersonFactory(name_lo="ບຸນມີ ສີສຸລາດ"), [])
    absent = attend(event, PersonFactory(name_lo="ຄຳພອນ ວົງສະຫວັນ"), [])
    session = event.sessions.order_by("date").first()
    url = live_server.url + reverse("events:mark_session", args=[session.pk])

    with chromium_page(viewport=PHONE) as page:
        page.goto(url)
        page.fill("#id_username", "trainer-phone")
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.click(f'button[value="{woman.pk}:present"]')
        page.click(f'button[value="{man.pk}:late"]')
        page.click(f'button[value="{absent.pk}:absent"]')
        # The woman's mark corrected: the later tap wins.
        page.click(f'button[value="{woman.pk}:late"]')
        assert page.text_content('[data-count="women"]') == "1"
        page.wait_for_selector('[data-sync][data-state="saved"]')

        # The connection drops: the tap is kept on the phone and sent when it returns.
        page.context.set_offline(True)
        page.click(f'button[value="{man.pk}:present"]')
        page.wait_for_selector('[data-sync][data-state="offline"]')
        assert Attendance.objects.get(participation=man).status == AttendanceStatus.LATE
        page.context.set_offline(False)
        page.wait_for_selector('[data-sync][data-state="saved"]')

        page.reload()
        for participation, status in [(woman, "late"), (man, "present"), (absent, "absent")]:
            button = page.locator(f'button[value="{participation.pk}:{status}"]')
            assert button.get_attribute("aria-pressed") == "true"
        assert page.text_content('[data-count="total"]') == "2"
        assert page.text_content('[data-count="men"]') == "1"
        assert "ມະນີວັນ ພົມມະຈັນ" in page.content()

    marks = dict(
        Attendance.objects.filter(session=session).values_list("participation_id", "status")
    )
    assert marks == {
        woman.pk: AttendanceStatus.LATE,
        man.pk: AttendanceStatus.PRESENT,
        absent.pk: AttendanceStatus.ABSENT,
    }
    assert Participation.objects.count() == 3
