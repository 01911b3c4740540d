"""The site search page: live pages of the active language, with highlighted snippets.

The query goes through the Lao-aware search backend (lms/search_backend.py); the
snippet marks the words of the query found in the page, matched by their Lao
matching key so that ຳ / ໍາ spellings and word breaks line up with what was found.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.fields import StreamValue
from wagtail.models import Locale, Page

from courses.blocks import reading_text
from lms.i18n import active_language
from lms.search_backend import prepare_text, search_spans, search_words

RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 30
MAX_QUERY_LENGTH = 200


def search_pages(query: str, language: str):
    """Live, public pages of one language tree matching ``query``, best first."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return Page.objects.none()
    return Page.objects.live().public().filter(locale=locale).search(query)


def highlight(text: str, query: str, words: int = SNIPPET_WORDS) -> SafeString:
    """About ``words`` words of ``text`` around the first query word found, hits in <mark>."""
    text = " ".join(prepare_text(text).split())
    wanted = set(search_words(query).split())
    spans = search_spans(text)
    if not spans:
        return escape(text)
    hits = [i for i, (_start, _end, key) in enumerate(spans) if key in wanted]
    first = max(0, hits[0] - words // 3) if hits else 0
    last = min(len(spans), first + words) - 1
    start = 0 if first == 0 else spans[first][0]
    end = len(text) if last == len(spans) - 1 else spans[last][1]
    # Words of one Lao phrase touch each other: mark them as one.
    marks = []
    for i in hits:
        hit_start, hit_end, _key = spans[i]
        if hit_start < start or hit_end > end:
            continue
        if marks and marks[-1][1] == hit_start:
            marks[-1] = (marks[-1][0], hit_end)
        else:
            marks.append((hit_start, hit_end))
    parts, position = [], start
    for mark_start, mark_end in marks:
        parts += [
            escape(text[position:mark_start]),
            f"<mark>{escape(text[mark_start:mark_end])}</mark>",
        ]
        position = mark_end
    parts.append(escape(text[position:end]))
    snippet = "".join(parts)
    if first > 0:
        snippet = "… " + snippet
    if last < len(spans) - 1:
        snippet += " …"
    return mark_safe(snippet)  # noqa: S308 - the text around the marks is escaped


def _page_text(page, language: str) -> str:
    """The words a snippet is cut from: the body in the page's language (the index also
    holds the other language's citations and terms), else the search description."""
    body = getattr(page, "body", None)
    if isinstance(body, StreamValue):
        return reading_text(body, language)
    return strip_tags(getattr(page, "search_description", "") or "")


def search(request):
    """Search the site in the active language; suggest the other language when nothing matches."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    language = active_language()
    context = {"query": query, "results": [], "page_obj": None}
    if query:
        results = search_pages(query, language)
        paginator = Paginator(results, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        found = list(page_obj.object_list)
        specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in found]).specific()}
        parents = {
            p.path: p
            for p in Page.objects.filter(path__in=[p.path[: -Page.steplen] for p in found])
        }
        context["results"] = [
            {
                "page": specific.get(p.pk, p),
                "section": parents.get(p.path[: -Page.steplen]) if p.depth > 3 else None,
                "snippet": highlight(_page_text(specific.get(p.pk, p), language), query),
            }
            for p in found
        ]
        context["page_obj"] = page_obj
        if not found:
            context["other_languages"] = _other_language_counts(query, language)
    return render(request, "courses/manual/search.html", context)


def _other_language_counts(query: str, language: str) -> list[dict]:
    """How many pages the query finds in each other language, for the "no results" page."""
    counts = []
    for locale in Locale.objects.exclude(language_code=language).order_by("language_code"):
        count = search_pages(query, locale.language_code).count()
        if count:
            counts.append({"code": locale.language_code, "count": count})
    return counts
