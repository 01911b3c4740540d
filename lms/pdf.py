"""THE WeasyPrint entry: every PDF of the site (manual, certificates, sign-in sheets, paper
tests) is rendered by ``render_pdf``.

Templates include ``lms/pdf/fonts.css``: the bundled Noto TTFs, which WeasyPrint shapes with
HarfBuzz so Lao vowels and tone marks stack correctly. Every resource a PDF names (fonts,
styles, images) is read through Django's storage API, never from the network and never by
a local path, so a PDF renders alike on any server, with media on an S3-compatible store.

Pango, which lays out WeasyPrint's lines, breaks Lao only at spaces, so ``render_pdf`` first
puts a zero width space between the ICU words of Lao text (``break_lao_words``). WeasyPrint
draws no glyph for it and leaves it out of the PDF's text, so copying and searching see the
text as written; browsers break Lao with their own dictionary and never get these spaces.
"""

import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

from lms.lao import word_spans

# Relative URLs in the HTML resolve against this base; nothing is fetched from it.
BASE_URL = "http://pdf.invalid/"


def _relative(url: str, prefix: str) -> str | None:
    """The storage name of ``url`` under ``prefix`` (a STATIC_URL or MEDIA_URL), or None."""
    if urlsplit(prefix).netloc:
        return url.removeprefix(prefix) if url.startswith(prefix) else None
    path = urlsplit(url).path
    return path.removeprefix(prefix) if path.startswith(prefix) else None


_PROBE = "pdf-probe"


def _media_name(url: str) -> str | None:
    """The storage name of a media file's ``url`` as the default storage writes it
    (``/media/...`` for local files, the bucket's address and a signature for S3), or None.
    """
    probe = urlsplit(default_storage.url(_PROBE))
    prefix = probe.path.removesuffix(_PROBE)
    parts = urlsplit(url)
    # A relative URL was resolved against BASE_URL; an absolute one names the store's host.
    if probe.netloc and parts.netloc != probe.netloc:
        return None
    if not parts.path.startswith(prefix):
        return None
    return unquote(parts.path.removeprefix(prefix)) or None


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
    elif (name := _media_name(url)) is not None and default_storage.exists(name):
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


# A line may break here; WeasyPrint's own <wbr> is this character too (wbr::before).
WORD_BREAK = "\u200b"
# Markup whose text is never shown as running text, or is no text at all: left as it is.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|title|textarea)\b[^>]*>.*?</\1\s*>"
    r"|<[a-zA-Z/!?][^>]*>",
    re.DOTALL | re.IGNORECASE,
)
# Inline elements a word may run across (a bold syllable, a link inside a word): their text
# is segmented together with the text around them. Any other tag ends a run of text.
_INLINE_TAG = re.compile(
    r"</?(a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var)[\s/>]",
    re.IGNORECASE,
)
_LAO = re.compile("[\u0e80-\u0eff]")
# ໆ (repeat the word) and ຯ (abbreviation) belong to the word before them.
_NO_BREAK_BEFORE = frozenset("\u0ec6\u0eaf")
_URL = re.compile(r"[^\s<>]*://[^\s<>]*|www\.[^\s<>]+", re.IGNORECASE)


def _lao_break_offsets(text: str) -> list[int]:
    """Offsets in ``text`` between two Lao words written without a space."""
    urls = [match.span() for match in _URL.finditer(text)]
    return [
        start
        for start, _end in word_spans(text)
        if start
        and _LAO.match(text[start - 1])
        and _LAO.match(text[start])
        and text[start] not in _NO_BREAK_BEFORE
        and not any(url_start < start < url_end for url_start, url_end in urls)
    ]


def _break_run(pieces: list[str]) -> list[str]:
    """``pieces`` (text between inline tags) with WORD_BREAK between their Lao words."""
    text = "".join(pieces)
    if not _LAO.search(text):
        return pieces
    offsets = iter(_lao_break_offsets(text))
    offset = next(offsets, None)
    broken, piece_start = [], 0
    for piece in pieces:
        piece_end = piece_start + len(piece)
        parts, cut = [], 0
        # A break at a piece's end goes at the start of the next piece.
        while offset is not None and offset < piece_end:
            parts += [piece[cut : offset - piece_start], WORD_BREAK]
            cut = offset - piece_start
            offset = next(offsets, None)
        broken.append("".join(parts) + piece[cut:])
        piece_start = piece_end
    return broken


def break_lao_words(html: str) -> str:
    """``html`` with a zero width space between Lao words in its text, for WeasyPrint.

    Only text is touched: never tags and their attributes, comments, <style>, <script>,
    <title> (the PDF's metadata) or URLs written out in the text. Expects HTML as Django
    renders it, where a ``>`` inside an attribute is escaped.
    """
    if not _LAO.search(html):
        return html
    tokens: list[str] = []
    run: list[int] = []  # indexes in ``tokens`` of the text of the current run

    def close_run():
        for index, text in zip(run, _break_run([tokens[i] for i in run]), strict=True):
            tokens[index] = text
        run.clear()

    position = 0
    for match in _MARKUP.finditer(html):
        if match.start() > position:
            run.append(len(tokens))
            tokens.append(html[position : match.start()])
        if not _INLINE_TAG.match(match.group()):
            close_run()
        tokens.append(match.group())
        position = match.end()
    if position < len(html):
        run.append(len(tokens))
        tokens.append(html[position:])
    close_run()
    return "".join(tokens)


def render_document(html: str):
    """WeasyPrint's laid-out document of ``html``: pages, boxes and bookmarks."""
    from weasyprint import HTML

    document = HTML(
        string=break_lao_words(html), base_url=BASE_URL, url_fetcher=_fetcher()
    ).render()
    # Bookmarks are headings' text: without the breaks, as a reader types it to find one.
    for page in document.pages:
        page.bookmarks = [
            (level, label.replace(WORD_BREAK, ""), *rest) for level, label, *rest in page.bookmarks
        ]
    return document


def render_pdf(html: str) -> bytes:
    """PDF bytes of ``html``, its resources read through storage."""
    return render_document(html).write_pdf()
