"""A request id on every request: taken from the proxy's X-Request-ID or made here, sent back
on the response and written into each log record of the request, so an operator can find a
user's error in the logs (and in Sentry) from the id the proxy logged or the user reported.
"""

import contextvars
import logging
import re
import uuid

import sentry_sdk

HEADER = "X-Request-ID"
# What a proxy's id may look like (nginx's $request_id is 32 hex digits, others send UUIDs):
# anything else is replaced, so a client cannot write line breaks or lookalike records into
# the log through the header.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# "-" in records written outside any request (management commands, the task worker).
NO_REQUEST = "-"

current_request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)


def request_id_from(request) -> str:
    """The proxy's id for this request when it sent a well-formed one, else a new one."""
    given = request.headers.get(HEADER, "")
    if VALID_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every log record of the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request)
        token = current_request_id.set(request.id)
        # A no-op unless SENTRY_DSN started Sentry (lms/settings/production.py).
        sentry_sdk.set_tag("request_id", request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (the current request's id, or "-") for the log format."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
