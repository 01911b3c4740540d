"""An unknown verification code is kept in the box, to correct a typo; a known one is not."""

import pytest
from django.urls import reverse

from tests.factories import CertificateFactory, TrainingEventFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_code_stays_in_the_box_to_be_corrected(client):
    response = client.get(reverse("courses:verify_certificate", args=["ABCD-EFGH-JKLM-NPQR"]))
    assert response.status_code == 404
    assert 'value="ABCD-EFGH-JKLM-NPQR"' in response.content.decode()


def test_a_known_code_leaves_the_box_empty_for_another(client):
    certificate = CertificateFactory(event=TrainingEventFactory())
    response = client.get(reverse("courses:verify_certificate", args=[certificate.code]))
    assert response.status_code == 200
    assert f'value="{certificate.code}"' not in response.content.decode()
