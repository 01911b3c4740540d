"""THE stored upload for preview -> confirm: a file kept between the two requests.

An import shows a preview of an uploaded file and imports it only once confirmed. The
file is kept in Django's default storage (a shared S3 bucket in production), never in the
session and never at a local path, so the server that answers the confirmation need not
be the one that made the preview. It is kept under an unguessable token and bound to the
user who uploaded it and to a purpose (say ``"signin-import/12"``: the sign-in import
into event 12); it expires after ``MAX_AGE``. Anyone else's token, a token for another
purpose, an expired or unknown one is refused with ``UploadError``.

Two objects per upload, under ``UPLOAD_DIR``: ``<token>.json`` (who, what for, until when,
the file name and any ``data`` the caller binds to it) and the file's bytes.
"""

import contextlib
import json
import re
import secrets
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

UPLOAD_DIR = "uploads/pending"
# Long enough to read a preview of a few thousand rows and choose among duplicates.
MAX_AGE = timedelta(hours=2)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class UploadError(LookupError):
    """The stored upload cannot be used; the message says so in the user's language."""


class UploadNotFound(UploadError):
    """Unknown, already used, another user's or for another purpose (not told apart)."""


class UploadExpired(UploadError):
    pass


class UploadUsed(UploadError):
    """Already taken by a confirmation: a double tap's second one."""


class StoredUpload(tuple):
    """``(filename, content)``, with ``data`` (what the caller bound to it) and ``token``."""

    def __new__(cls, filename: str, content: bytes, data=None, token: str = ""):
        upload = super().__new__(cls, (filename, content))
        upload.data, upload.token = data, token
        return upload

    @property
    def filename(self) -> str:
        return self[0]

    @property
    def content(self) -> bytes:
        return self[1]


def _meta_name(token: str) -> str:
    return f"{UPLOAD_DIR}/{token}.json"


def _read_meta(token: str) -> dict | None:
    try:
        with default_storage.open(_meta_name(token), "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


def _write_meta(token: str, meta: dict):
    default_storage.save(_meta_name(token), ContentFile(json.dumps(meta).encode("utf-8")))


def _delete(token: str, meta: dict | None):
    names = [_meta_name(token)]
    if meta and str(meta.get("file", "")).startswith(f"{UPLOAD_DIR}/{token}"):
        names.append(meta["file"])
    for name in names:
        with contextlib.suppress(FileNotFoundError, OSError):
            default_storage.delete(name)


def _expired(meta: dict, now: datetime) -> bool:
    try:
        return datetime.fromisoformat(meta["expires"]) <= now
    except (KeyError, TypeError, ValueError):
        return True


def store_upload(
    user, purpose: str, filename: str, content: bytes, *, data=None, max_age: timedelta = MAX_AGE
) -> str:
    """Keep ``content`` for ``user`` and ``purpose``; the token to confirm it with.

    ``data`` (anything JSON can hold) is given back by ``load_upload``: what the preview
    was made for, so the confirmation uses the same choices.
    """
    if user is None or not getattr(user, "pk", None):
        raise ValueError("An upload is kept for a signed-in user only.")
    discard_expired_uploads()
    token = secrets.token_urlsafe(24)
    suffix = re.sub(r"[^a-z0-9.]", "", (filename or "").rsplit(".", 1)[-1].lower())[:5]
    stored = default_storage.save(
        f"{UPLOAD_DIR}/{token}.{suffix or 'bin'}.upload", ContentFile(bytes(content))
    )
    meta = {
        "user": user.pk,
        "purpose": purpose,
        "filename": filename,
        "file": stored,
        "expires": (timezone.now() + max_age).isoformat(),
        "data": data,
    }
    _write_meta(token, meta)
    return token


def load_upload(user, purpose: str, token: str) -> StoredUpload:
    """The upload ``user`` stored for ``purpose`` under ``token``: ``(filename, content)``
    with ``.data``; ``UploadNotFound`` or ``UploadExpired`` otherwise."""
    not_found = UploadNotFound(_("The uploaded file was not found: upload it again."))
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise not_found
    meta = _read_meta(token)
    if meta is None or meta.get("user") != getattr(user, "pk", None):
        raise not_found
    if meta.get("purpose") != purpose:
        raise not_found
    if _expired(meta, timezone.now()):
        _delete(token, meta)
        raise UploadExpired(_("The uploaded file has expired: upload it again."))
    if meta.get("used"):
        raise UploadUsed(_("This file has already been imported."))
    name = str(meta.get("file", ""))
    if not name.startswith(f"{UPLOAD_DIR}/{token}"):
        raise not_found
    try:
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        raise not_found from None
    return StoredUpload(meta.get("filename", ""), content, meta.get("data"), token)


def take_upload(user, purpose: str, token: str) -> StoredUpload:
    """The upload, as ``load_upload`` gives it, marked used in the same step: the confirmation
    that takes it is the only one. A double tap sends two confirmations at once; they take
    the user's row lock (PostgreSQL) or the write lock (SQLite's immediate transactions) in
    turn, so the second finds it taken (``UploadUsed``) instead of importing the sheet
    twice."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=getattr(user, "pk", None)).first()
        upload = load_upload(user, purpose, token)
        # The file goes; its record stays until it expires, so the second confirmation can
        # be told the file is imported rather than lost.
        meta = _read_meta(token)
        with contextlib.suppress(FileNotFoundError, OSError):
            default_storage.delete(meta["file"])
        default_storage.delete(_meta_name(token))
        _write_meta(token, {**meta, "used": True})
    return upload


def discard_upload(user, purpose: str, token: str):
    """Delete an upload once used (or abandoned); only its owner's, for its purpose."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return
    meta = _read_meta(token)
    if meta and meta.get("user") == getattr(user, "pk", None) and meta.get("purpose") == purpose:
        _delete(token, meta)


def discard_expired_uploads(now: datetime | None = None) -> int:
    """Delete every expired upload (run on each new upload); how many were deleted."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return 0
    deleted = 0
    for name in files:
        if not name.endswith(".json"):
            continue
        token = name.removesuffix(".json")
        if not _TOKEN.match(token):
            continue
        meta = _read_meta(token)
        if meta is not None and _expired(meta, now):
            _delete(token, meta)
            deleted += 1
    return deleted
