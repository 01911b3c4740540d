import pytest
from django.urls import reverse

from courses.certificates.issue import issue_certificate, revoke_certificate
from courses.models import CertificateKind
from courses.models.certificates import normalise_certificate_code
from tests.factories import LearnerFactory, make_course


@pytest.mark.parametrize(
    "typed",
    ["ABCD-EFGH-JKMN-PQRS", "abcdefghjkmnpqrs", " abcd efgh jkmn pqrs ", "ABCD–EFGH JKMN.PQRS"],
)
def test_codes_are_read_however_they_are_typed(typed):
    assert normalise_certificate_code(typed) == "ABCD-EFGH-JKMN-PQRS"


def test_a_code_too_short_is_kept_as_typed_for_the_unknown_answer():
    assert normalise_certificate_code("ab-12") == "AB12"


@pytest.fixture
def certificate(home_pages):
    course = make_course(home_pages["lo"])
    return issue_certificate(LearnerFactory(), CertificateKind.COMPLETION, course=course)


def _verdict(response) -> str:
    html = response.content.decode()
    return next(v for v in ("valid", "revoked", "unknown") if f"verdict--{v}" in html)


def test_valid_revoked_and_unknown_look_unmistakably_different(client, certificate):
    url = reverse("courses:verify_certificate", args=[certificate.code])
    valid = client.get(url)
    assert (valid.status_code, _verdict(valid)) == (200, "valid")
    assert "✓" in valid.content.decode()
    revoke_certificate(certificate, "Issued by mistake")
    revoked = client.get(url)
    assert (revoked.status_code, _verdict(revoked)) == (200, "revoked")
    assert "✗" in revoked.content.decode() and "Issued by mistake" not in revoked.content.decode()
    unknown = client.get(reverse("courses:verify_certificate", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert (unknown.status_code, _verdict(unknown)) == (404, "unknown")


def test_a_code_typed_in_lower_case_without_dashes_finds_the_certificate(client, certificate):
    typed = certificate.code.replace("-", " ").lower()
    response = client.get(reverse("courses:verify_form"), {"code": typed}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "courses:verify_certificate", args=[certificate.code]
    )
    assert _verdict(response) == "valid"
    in_the_address = client.get(f"/lo/certificates/verify/{certificate.code.replace('-', '')}/")
    assert in_the_address.status_code == 302


def test_the_verification_form_asks_for_a_code(client, db):
    response = client.get(reverse("courses:verify_form"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
