"""Dates and numbers formatted for the active language with Babel (CLDR data).

Django's own filters know no Lao month names; Babel does: ``8 ມີນາ 2025``.
For counts, combine with ``{% blocktranslate count counter=n %}``, which picks the
plural form by the catalogue's rule (Lao has one form), and show ``n|local_number``.
"""

import datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal, format_percent
from django import template
from django.conf import settings
from django.utils import timezone

from lms.i18n import active_language
from lms.lao import to_lao_digits

register = template.Library()


def _digits(text: str) -> str:
    if settings.LAO_DIGITS and active_language() == "lo":
        return to_lao_digits(text)
    return text


@register.filter
def local_date(value, length="long"):
    """``{{ event.start_date|local_date }}`` → 8 ມີນາ 2025 / March 8, 2025."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _digits(babel_format_date(value, format=length, locale=active_language()))


@register.filter
def local_datetime(value, length="medium"):
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _digits(babel_format_datetime(value, format=length, locale=active_language()))


@register.filter
def local_number(value, decimals=None):
    """``{{ 1234.5|local_number }}`` → 1.234,5 in Lao, 1,234.5 in English."""
    if value in (None, ""):
        return ""
    pattern = None
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * int(decimals) if int(decimals) else "")
    return _digits(format_decimal(value, format=pattern, locale=active_language()))


@register.filter
def local_percent(value, decimals=0):
    """A 0..1 share as a percentage: ``0.875|local_percent:1`` → 87,5%."""
    if value in (None, ""):
        return ""
    pattern = "#,##0" + ("." + "0" * int(decimals) if int(decimals) else "") + "%"
    return _digits(format_percent(value, format=pattern, locale=active_language()))


@register.filter
def lao_digits(value):
    """Write the digits of a value in Lao script (໐-໙), whatever the setting."""
    return to_lao_digits(value)
