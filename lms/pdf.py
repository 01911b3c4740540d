"""THE WeasyPrint entry: every PDF of the site (manual, certificates, sign-in sheets, paper
tests) is rendered by ``render_pdf``.

Templates include ``lms/pdf/fonts.css``: the bundled Noto TTFs, which WeasyPrint shapes with
HarfBuzz so Lao vowels and tone marks stack correctly. Every resource a PDF names (fonts,
styles, images) is read through Django's storage API, never from the network and never by
a local path, so a PDF renders alike on any server, with media on an S3-compatible store.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

# Relative URLs in the HTML resolve against this base; nothing is fetched from it.
BASE_URL = "http://pdf.invalid/"


def _relative(url: str, prefix: str) -> str | None:
    """The storage name of ``url`` under ``prefix`` (a STATIC_URL or MEDIA_URL), or None."""
    if urlsplit(prefix).netloc:
        return url.removeprefix(prefix) if url.startswith(prefix) else None
    path = urlsplit(url).path
    return path.removeprefix(prefix) if path.startswith(prefix) else None


def read_resource(url: str) -> bytes:
    """The bytes of a static or media file named by ``url``; ValueError for anything else."""
    if (name := _relative(url, settings.STATIC_URL)) is not None:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as file:
                return file.read()
        # Not collected (development and tests): the app's own static folder.
        if found := finders.find(name):
            with open(found, "rb") as file:
                return file.read()
    elif (name := _relative(url, settings.MEDIA_URL)) is not None and default_storage.exists(name):
        with default_storage.open(name) as file:
            return file.read()
    raise ValueError(f"Not a static or media file: {url}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            content_type = mimetypes.guess_type(urlsplit(url).path)[0]
            return URLFetcherResponse(
                url,
                read_resource(url),
                headers={"Content-Type": content_type or "application/octet-stream"},
            )

    return StorageFetcher()


def render_pdf(html: str) -> bytes:
    """PDF bytes of ``html``, its resources read through storage."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()
