"""Certificates: issue, revoke, verification page, the bilingual PDF, ZIP downloads."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from courses.certificates.issue import CertificateError, issue_certificate, revoke_certificate
from courses.certificates.render import render_certificate_pdf
from courses.models import Certificate, CertificateKind, Enrolment
from courses.models.certificates import CODE_ALPHABET
from lms import groups
from lms.lao import lao_matching_key
from tests.factories import LearnerFactory, UserFactory, attend, make_course, make_event
from tests.job_files import job_zip, post_and_run

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_issuing_twice_returns_the_same_certificate(home_pages):
    course = make_course(home_pages["lo"], translate=True)
    person = LearnerFactory()
    first = issue_certificate(person, CertificateKind.COMPLETION, course=course)
    english = course.get_translation(home_pages["en"].locale).specific
    again = issue_certificate(person, CertificateKind.COMPLETION, course=english)
    assert again.pk == first.pk
    assert first.hours == Decimal("4.5")
    participation = issue_certificate(person, CertificateKind.PARTICIPATION, course=course)
    assert participation.pk != first.pk


def test_codes_are_long_random_and_unique(home_pages):
    course = make_course(home_pages["lo"], lessons=1)
    codes = {
        issue_certificate(LearnerFactory(), CertificateKind.COMPLETION, course=course).code
        for _ in range(5)
    }
    assert len(codes) == 5
    for code in codes:
        assert re.fullmatch(f"[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{3}}", code)


def test_a_certificate_needs_a_course_or_an_event():
    with pytest.raises(CertificateError):
        issue_certificate(None, CertificateKind.COMPLETION)


def test_participation_certificate_for_an_event_counts_attended_hours(db):
    event = make_event(session_hours=(4, 4))
    person = LearnerFactory()
    attend(event, person, ["present", "absent"])
    certificate = issue_certificate(person, CertificateKind.PARTICIPATION, event=event)
    assert certificate.hours == Decimal(4)
    assert issue_certificate(person, CertificateKind.PARTICIPATION, event=event) == certificate


def test_verification_page_shows_only_status_name_course_and_date(client, home_pages):
    course = make_course(home_pages["lo"])
    person = LearnerFactory(name_lo="ມະນີວັນ ພົມມະຈັນ", phone="020 5555 1234", position="ໄອຍະການ")
    certificate = issue_certificate(person, CertificateKind.COMPLETION, course=course)
    url = reverse("courses:verify_certificate", args=[certificate.code])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["certificate"].is_valid
    assert "ມະນີວັນ ພົມມະຈັນ" in html
    assert course.title in html
    assert "5555" not in html and "ໄອຍະການ" not in html
    revoke_certificate(certificate, "Issued by mistake")
    response = client.get(url)
    assert not response.context["certificate"].is_valid
    assert "Issued by mistake" not in response.content.decode()


def test_unknown_code_gives_404(client, db):
    response = client.get(reverse("courses:verify_certificate", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == 404


def test_revoking_needs_a_reason_and_keeps_it(home_pages):
    certificate = issue_certificate(
        LearnerFactory(), CertificateKind.COMPLETION, course=make_course(home_pages["lo"])
    )
    with pytest.raises(CertificateError):
        revoke_certificate(certificate, "  ")
    revoke_certificate(certificate, "Duplicate record")
    assert Certificate.objects.valid().count() == 0
    assert Certificate.objects.revoked().get().revoke_reason == "Duplicate record"


def test_pdf_carries_the_lao_and_english_text(home_pages):
    course = make_course(home_pages["lo"], title="ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ", translate=True)
    english = course.get_translation(home_pages["en"].locale).specific
    person = LearnerFactory(name_lo="ແສງເດືອນ ສີສຸລາດ")
    person.name_latin = "Sengdeuane Sisoulath"
    person.save()
    certificate = issue_certificate(person, CertificateKind.COMPLETION, course=course)
    data = render_certificate_pdf(certificate)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    key = lao_matching_key(text)
    assert lao_matching_key("ແສງເດືອນ ສີສຸລາດ") in key
    assert lao_matching_key("ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ") in key
    assert "Sengdeuane Sisoulath" in text
    assert english.title in text
    assert certificate.code in text
    # Lao above English: the Lao title comes first in reading order.
    assert text.index("Sengdeuane") > 0
    assert key.index(lao_matching_key("ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ")) < key.index(
        lao_matching_key(english.title)
    )


def test_learner_downloads_own_certificate_pdf(client, home_pages):
    person = LearnerFactory()
    certificate = issue_certificate(
        person, CertificateKind.COMPLETION, course=make_course(home_pages["lo"])
    )
    client.force_login(person.user)
    response = client.get(reverse("courses:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.code in response["Content-Disposition"]


def staff_user():
    return UserFactory(username="staff", groups=[groups.PROGRAMME_STAFF])


def test_staff_download_all_certificates_of_a_course_as_zip(
    client, home_pages, django_capture_on_commit_callbacks
):
    course = make_course(home_pages["lo"])
    other = make_course(home_pages["lo"])
    for _ in range(3):
        issue_certificate(LearnerFactory(), CertificateKind.COMPLETION, course=course)
    revoked = issue_certificate(LearnerFactory(), CertificateKind.COMPLETION, course=course)
    revoke_certificate(revoked, "Error")
    issue_certificate(LearnerFactory(), CertificateKind.COMPLETION, course=other)
    client.force_login(staff_user())
    zip_url = reverse("courses_admin:certificate_zip") + f"?course={course.pk}"
    assert client.get(zip_url).status_code == 200  # how many, and the button
    job = post_and_run(client, zip_url, django_capture_on_commit_callbacks)
    names = job_zip(client, job).namelist()
    assert len(names) == 3
    assert all(name.endswith(".pdf") for name in names)
    assert not any(revoked.code in name for name in names)


def test_staff_revoke_from_the_admin(client, home_pages):
    certificate = issue_certificate(
        LearnerFactory(), CertificateKind.COMPLETION, course=make_course(home_pages["lo"])
    )
    client.force_login(staff_user())
    url = reverse("courses_admin:certificate_revoke", args=[certificate.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert client.post(url, {"reason": "Wrong person"}).status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert client.get(reverse("courses_admin:certificates")).status_code == 200


def test_trainer_issues_a_participation_certificate_but_cannot_revoke(client, home_pages):
    course = make_course(home_pages["lo"])
    person = LearnerFactory()
    # A participation certificate goes to someone who took part, from a trainer of the sector.
    Enrolment.objects.create(person=person, course=course)
    trainer = get_user_model().objects.create_user(username="trainer", password="x")
    trainer.groups.add(Group.objects.get(name=groups.TRAINERS))
    trainer.groups.add(Group.objects.get(name=groups.SECTOR_TRAINER_GROUPS["police"]))
    client.force_login(trainer)
    response = client.post(
        reverse("courses_admin:certificate_issue"),
        {"kind": "participation", "person": person.pk, "course": course.pk},
    )
    assert response.status_code == 302
    certificate = person.certificates.get()
    assert certificate.kind == CertificateKind.PARTICIPATION
    assert certificate.issued_by == trainer
    url = reverse("courses_admin:certificate_revoke", args=[certificate.pk])
    # Wagtail's admin turns a permission refusal into a redirect with a message.
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_learners_cannot_reach_the_certificate_admin(client, home_pages):
    client.force_login(LearnerFactory().user)
    assert client.get(reverse("courses_admin:certificates")).status_code in (302, 403)


def test_staff_download_all_certificates_of_an_event_as_zip(
    client, db, django_capture_on_commit_callbacks
):
    event = make_event(session_hours=(4,))
    for _ in range(2):
        person = LearnerFactory()
        attend(event, person, ["present"])
        issue_certificate(person, CertificateKind.PARTICIPATION, event=event)
    client.force_login(staff_user())
    zip_url = reverse("courses_admin:certificate_zip") + f"?event={event.pk}"
    archive = job_zip(client, post_and_run(client, zip_url, django_capture_on_commit_callbacks))
    assert len(archive.namelist()) == 2
    text = pdf_text(archive.read(archive.namelist()[0]))
    assert event.title_en in text
    assert lao_matching_key(event.title_lo) in lao_matching_key(text)
