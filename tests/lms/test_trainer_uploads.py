import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from lms import groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(username="trainer-up", password="x-pass-2026", groups=[groups.TRAINERS])
    client.force_login(user)
    return user


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_trainer_uploads_an_image_for_a_lesson(client, trainer):
    root = Collection.get_first_root_node()
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Checkpoint",
            "collection": root.pk,
            "file": SimpleUploadedFile("checkpoint.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    image = Image.objects.get()
    assert image.uploaded_by_user == trainer
    # Their own upload they may edit.
    assert client.get(f"/admin/images/{image.pk}/").status_code == 200


def test_a_trainer_uploads_a_document(client, trainer):
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Referral form",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("referral.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().uploaded_by_user == trainer
