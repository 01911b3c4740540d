"""Media on an S3-compatible store (moto's in-process S3): stored uploads, images and their
renditions, documents and the images of PDFs go through the storage API and work without
a local path (S3Storage.path raises NotImplementedError, so any caller of it fails here)."""

import io
from datetime import timedelta

import boto3
import pytest
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from lms.pdf import read_resource, render_pdf
from lms.uploads import UploadNotFound, discard_expired_uploads, load_upload, store_upload
from tests.factories import UserFactory

moto = pytest.importorskip("moto")

pytestmark = pytest.mark.django_db

BUCKET = "charj-media-test"


@pytest.fixture
def s3_media(settings, monkeypatch, tmp_path):
    """The default storage is a private bucket of moto's S3; MEDIA_ROOT an empty folder."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.MEDIA_ROOT = tmp_path
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "file_overwrite": False,
                },
            },
        }
        yield boto3.client("s3", region_name="us-east-1")
        assert not any(tmp_path.iterdir()), "nothing is written to the local media folder"


def stored_keys(s3, prefix="") -> list[str]:
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def png(colour="navy", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_stored_upload_lives_in_the_bucket_until_it_is_used(s3_media):
    owner = UserFactory()
    token = store_upload(owner, "test/s3", "sheet.xlsx", b"rows", data={"event": 3})
    assert len(stored_keys(s3_media, "uploads/pending/")) == 2  # the file and its metadata
    upload = load_upload(owner, "test/s3", token)
    assert (upload.filename, upload.content, upload.data) == ("sheet.xlsx", b"rows", {"event": 3})
    with pytest.raises(UploadNotFound):
        load_upload(owner, "test/s3", "x" * 32)  # an unknown token: no such key


def test_expired_uploads_are_found_and_deleted_in_the_bucket(s3_media):
    owner = UserFactory()
    store_upload(owner, "test/s3", "old.csv", b"a", max_age=timedelta(seconds=-1))
    kept = store_upload(owner, "test/s3", "new.csv", b"b")
    # The second upload already swept the first one away (listing the bucket's prefix).
    assert discard_expired_uploads() == 0
    assert stored_keys(s3_media, "uploads/pending/") == sorted(
        [f"uploads/pending/{kept}.json", f"uploads/pending/{kept}.csv.upload"]
    )


def test_two_images_of_the_same_name_keep_their_own_files(s3_media):
    first = Image.objects.create(title="One", file=ImageFile(io.BytesIO(png()), name="photo.png"))
    second = Image.objects.create(
        title="Two", file=ImageFile(io.BytesIO(png("red")), name="photo.png")
    )
    assert first.file.name != second.file.name
    assert len(stored_keys(s3_media, "original_images/")) == 2


def test_an_image_rendition_is_made_from_and_stored_in_the_bucket(s3_media):
    image = Image.objects.create(title="Map", file=ImageFile(io.BytesIO(png()), name="map.png"))
    assert not image.is_stored_locally()
    rendition = image.get_rendition("width-20")
    assert rendition.width == 20
    assert stored_keys(s3_media, "images/") == [rendition.file.name]
    # A private bucket: the URL is signed.
    assert BUCKET in rendition.url and "Signature" in rendition.url


def test_a_document_is_streamed_by_the_site_after_its_checks(s3_media, client):
    document = Document.objects.create(
        title="Referral form",
        collection=Collection.get_first_root_node(),
        file=SimpleUploadedFile("referral.pdf", b"%PDF-1.4 referral"),
    )
    response = client.get(document.url)
    assert response.status_code == 200  # not a redirect to the store
    assert b"".join(response.streaming_content) == b"%PDF-1.4 referral"


def test_a_pdf_embeds_an_image_read_from_the_bucket(s3_media):
    image = Image.objects.create(title="Logo", file=ImageFile(io.BytesIO(png()), name="logo.png"))
    rendition = image.get_rendition("width-40")
    assert read_resource(rendition.url) == default_storage.open(rendition.file.name).read()
    pdf = render_pdf(f'<html><body><p>Logo</p><img src="{rendition.url}"></body></html>')
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_a_pdf_reads_media_only_from_the_store_it_names(s3_media):
    with pytest.raises(ValueError):
        read_resource("http://elsewhere.invalid/charj-media-test/logo.png")
