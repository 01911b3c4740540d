"""The page cache: anonymous readers get the manual, the glossary, the course outlines and
the home pages as stored responses, without rendering or database queries.

Entries are filed under a generation token kept in the same cache. Publishing,
unpublishing, moving, saving or deleting a page, and editing the glossary or the sectors,
replace the token, so every entry of every server that shares the cache (Redis in
production) is left behind at once and expires. With a per-process cache (LocMemCache)
only the process that saved sees the new token; the others catch up within
PAGE_CACHE_SECONDS.

Nothing personal is stored or served: only GET requests without a query string from
visitors with no session and no pending messages, only 200 responses of the listed page
types that set no cookie and asked for no CSRF token. Signed-in visitors have a session
cookie, so they never reach the cache.

https://docs.djangoproject.com/en/5.2/topics/cache/#the-per-site-cache is the same idea;
it keys by URL and Vary alone and would store a page rendered with a visitor's messages.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_request
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
GENERATION_KEY = "page-cache:generation"
# A backstop for what no signal reports: quizzes and events named on a course page, a
# per-process cache in another worker, a publish made while the cache was unreachable.
PAGE_CACHE_SECONDS = 300

# Pages whose anonymous rendering depends on pages (and the glossary and sectors) only.
# Lessons are left out: they show quizzes, which are not pages.
CACHED_PAGE_TYPES = {
    "lms.homepage",
    "courses.manualpage",
    "courses.manualchapterpage",
    "courses.manualsectionpage",
    "courses.courseindexpage",
    "courses.coursepage",
}
# Rows shown on cached pages besides pages: saving or deleting one refreshes the cache.
INVALIDATING_MODELS = {"courses.glossaryterm", "lms.sector"}
# Page fields that only the admin reads: saving a draft or a lock changes none of what
# readers see, and must not empty the cache while an editor works.
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "wagtail_admin_comments",
    "locked",
    "locked_at",
    "locked_by",
}
# What a cached page may vary on. Cookie: the only cookies that change these pages are the
# session and the messages (whose visitors are not served from the cache) and the
# language, which is in the key. Accept-Language: the language is in the key.
# Accept-Encoding: the header is in the key, for a compressing middleware above this one.
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}


class PageCacheMiddleware:
    """Serve anonymous page views from the cache, and store the ones that may be shared.

    Sits just below SecurityMiddleware (and WhiteNoise), above the session, CSRF and
    messages middleware, so that the response it stores carries every cookie they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        try:
            key = entry_key(request, current_generation(cache))
            cached = cache.get(key)
        except Exception:
            # An unreachable cache makes the site slower, not broken.
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if may_store(request, response):
            try:
                cache.set(key, response, PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response


def may_use_cache(request) -> bool:
    """Whether the request could be answered by a shared page: a GET without a query
    string from a visitor with no session (so not signed in) and no pending messages."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def may_store(request, response) -> bool:
    """Whether the response is a listed page that every such visitor may share."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # Set when the page asked for a CSRF token (a form): the token belongs to one visitor.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
    if cache_control & {"private", "no-cache", "no-store"}:
        return False
    vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    if not vary <= ALLOWED_VARY:
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    return isinstance(page, Page) and page._meta.label_lower in CACHED_PAGE_TYPES


def entry_key(request, generation: str) -> str:
    """The cache key of the request's page: language, host, scheme, path, the language
    cookie and the accepted encodings, under the current generation."""
    parts = [
        get_language_from_request(request, check_path=True),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        request.scheme,
        request.get_host(),
        request.path,
        request.headers.get("Accept-Encoding", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page-cache:{generation}:{digest}"


def current_generation(cache) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A new token, never an old one again: after an eviction or a flush no entry of an
        # earlier generation can come back.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate_page_cache(**kwargs) -> None:
    """Leave every cached page behind: the next request of each renders it anew."""
    try:
        caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning(
            "Page cache unavailable: pages may be stale for up to %ss",
            PAGE_CACHE_SECONDS,
            exc_info=True,
        )


def _row_changed(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
            return
        invalidate_page_cache()
    elif instance._meta.label_lower in INVALIDATING_MODELS:
        invalidate_page_cache()


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and instance._meta.label_lower in INVALIDATING_MODELS:
        invalidate_page_cache()


def connect_signals():
    """Called by lms.apps in every process: the web's, and those that publish without it
    (publish_scheduled, the task worker)."""
    page_published.connect(invalidate_page_cache, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate_page_cache, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(invalidate_page_cache, dispatch_uid="page_cache_moved")
    post_save.connect(_row_changed, dispatch_uid="page_cache_saved")
    post_delete.connect(_row_changed, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="page_cache_relation")
    # Tests that override a setting (LAO_DIGITS, the language) must not meet pages rendered
    # under the old one.
    setting_changed.connect(invalidate_page_cache, dispatch_uid="page_cache_setting")
