"""The site search page: live pages of the active language and glossary terms, best first,
with highlighted snippets and the section or course each result belongs to.

The database finds the candidates (lms/search_backend.py: ``SyllableQuery`` on the
``search_syllables`` field every learner's page and the glossary index); each candidate is
ranked here by its ``SearchDocument``, the same on SQLite and PostgreSQL. Documents are
kept per process and rebuilt when a page is published again or the glossary changes.
"""

from dataclasses import dataclass
from functools import cache

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamValue
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from courses.blocks import reading_text
from courses.models import GlossaryTerm, ManualPage
from lms import search_backend
from lms.i18n import active_language
from lms.lao import lao_loose_key
from lms.search_backend import (
    BODY,
    HEADING,
    NOMINAL_PREFIXES,
    SUMMARY,
    TITLE,
    SearchDocument,
    candidate_queries,
    curated_words,
    prepare_text,
    query_readings,
    query_words,
    search_spans,
    search_words,
    split_compound,
    variant_key,
)

RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 30
MAX_QUERY_LENGTH = 200
# Documents kept per process; the cache is emptied when it grows past this.
MAX_CACHED_DOCUMENTS = 20_000
# Text fields a page may have besides its title and body, shown in listings.
SUMMARY_FIELDS = ("summary", "introduction", "learning_objectives", "search_description")

# The fields of a candidate page the ranking and the result list read.
CANDIDATE_FIELDS = (
    *("id", "path", "depth", "title", "slug", "url_path", "locale_id", "content_type_id"),
    *("live", "last_published_at", "latest_revision_id"),
)

_documents: dict[tuple, SearchDocument] = {}
# The text snippets are cut from, prepared and cut into words, by the keys of _documents.
_snippet_sources: dict[tuple, tuple[str, list]] = {}
_glossary_cache: dict[str, object] = {}


@dataclass
class SearchResult:
    title: str
    url: str  # filled in for the results shown (describe_results), as the snippet
    score: float
    # The section, course or manual the result belongs to, as shown above its title.
    section_title: str = ""
    snippet: SafeString = ""
    page: Page | None = None
    section: Page | None = None
    term: GlossaryTerm | None = None

    @property
    def is_exact(self) -> bool:
        """Found by its words (or parts of compounds), not only by the syllable fallback."""
        return self.score >= search_backend.EXACT_SCORE


def page_texts(page, language: str) -> list[tuple[float, str]]:
    """(weight, text) of a page as its reader sees it: title, headings, summaries, body."""
    texts = [(TITLE, page.title)]
    body = getattr(page, "body", None)
    if isinstance(body, StreamValue):
        headings = [child.value["text"] for child in body if child.block_type == "heading"]
        texts.append((HEADING, "\n".join(headings)))
    texts += [(SUMMARY, strip_tags(getattr(page, name, "") or "")) for name in SUMMARY_FIELDS]
    if isinstance(body, StreamValue):
        texts.append((BODY, reading_text(body, language)))
    elif isinstance(body, str):
        texts.append((BODY, strip_tags(body)))
    return texts


def term_texts(term: GlossaryTerm, language: str) -> list[tuple[float, str]]:
    """A glossary term in ``language``: the term, then the Lao variants an official may type
    for it (the glossary lists them as words to avoid), then the definition."""
    if language == "lo":
        return [(TITLE, term.term_lo), (SUMMARY, term.variants_lo), (BODY, term.definition_lo)]
    return [(TITLE, term.term_en), (BODY, term.definition_en)]


def _glossary_words() -> tuple[frozenset[str], dict[str, str]]:
    """The known words (the curated word list and the glossary's Lao terms with their words),
    and the glossary's preferred Lao term for each variant it lists (by variant_key); kept
    per process while the glossary's Lao terms stay the same."""
    rows = tuple(GlossaryTerm.objects.order_by("pk").values_list("term_lo", "variants_lo"))
    if _glossary_cache.get("rows") != rows:
        _glossary_cache.update(rows=rows, words=_segment_glossary(rows))
    return _glossary_cache["words"]


def _segment_glossary(rows) -> tuple[frozenset[str], dict[str, str]]:
    words = set(curated_words())
    preferred_terms = {}
    for term, variants in rows:
        words.update(search_words(term).split())
        words.add("".join(search_words(term).split()))
        for variant in variants.splitlines():
            if variant.strip():
                preferred_terms[variant_key(variant)] = term
    return frozenset(words), preferred_terms


def _document(key: tuple, build) -> SearchDocument:
    document = _documents.get(key)
    if document is None:
        if len(_documents) >= MAX_CACHED_DOCUMENTS:
            _documents.clear()
        document = _documents[key] = build()
    return document


def _live_pages(language: str):
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return Page.objects.none()
    # Only what ranking and the result list need: the candidates may be most of the site.
    return Page.objects.live().public().filter(locale=locale).only(*CANDIDATE_FIELDS)


def search_site(query: str, language: str, include_terms: bool = True) -> list[SearchResult]:
    """Live, public pages of one language tree (and glossary terms) matching ``query``, best
    first; ties in the order of the page tree, then of the glossary."""
    vocabulary, preferred_terms = _glossary_words()
    readings = query_readings(query, preferred_terms)
    database_queries = candidate_queries(readings)
    if not database_queries:
        return []
    version = (hash(vocabulary), search_backend.SPLIT_COMPOUNDS)
    candidates = {}
    for database_query in database_queries:
        for page in _live_pages(language).search(database_query, order_by_relevance=False):
            candidates[page.pk] = page
    candidates = list(candidates.values())
    keys = {
        page.pk: ("page", page.pk, page.last_published_at, page.latest_revision_id, version)
        for page in candidates
    }
    missing = [page.pk for page in candidates if keys[page.pk] not in _documents]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=missing).specific()}
    scored = []
    for page in candidates:
        document = _document(
            keys[page.pk],
            lambda page=page: SearchDocument.build(
                page_texts(specific[page.pk], language), vocabulary
            ),
        )
        score = document.best_score(readings)
        if score:
            scored.append((-score, page.path, page))
    scored.sort(key=lambda row: row[:2])
    results = _page_results(scored)
    if include_terms:
        results += _term_results(readings, database_queries, language, vocabulary, version)
        results.sort(key=lambda result: -result.score)  # stable: pages keep their order
    return results


def search_pages(query: str, language: str) -> list[Page]:
    """Live, public pages of one language tree matching ``query``, best first."""
    return [result.page for result in search_site(query, language, include_terms=False)]


def _page_results(scored) -> list[SearchResult]:
    return [
        SearchResult(title=page.title, url="", score=-score, page=page)
        for score, _path, page in scored
    ]


def describe_results(results: list[SearchResult], language: str, query: str) -> None:
    """Fill in the snippet and the section or course of the results shown (one result page:
    the ranking does not need them)."""
    pages = [result.page for result in results if result.page is not None]
    keys = {p.pk: ("snippet", p.pk, p.last_published_at, p.latest_revision_id) for p in pages}
    missing = [p.pk for p in pages if (keys[p.pk], language) not in _snippet_sources]
    specific = {p.pk: p for p in Page.objects.filter(pk__in=missing).specific()}
    parent_paths = {p.path[: -Page.steplen] for p in pages if p.depth > 3}
    parents = {p.path: p for p in Page.objects.filter(path__in=parent_paths)}
    if len(_snippet_sources) >= MAX_CACHED_DOCUMENTS:
        _snippet_sources.clear()
    for result in results:
        if result.page is None:
            result.snippet = highlight(term_texts(result.term, language)[-1][1], query)
            continue
        page = result.page
        result.url = page.url or ""
        if page.depth > 3:
            result.section = parents.get(page.path[: -Page.steplen])
            result.section_title = result.section.title if result.section else ""
        key = (keys[page.pk], language)
        if key not in _snippet_sources:
            _snippet_sources[key] = _words_of(_page_text(specific[page.pk], language))
        text, spans = _snippet_sources[key]
        result.snippet = highlight(text, query, spans=spans)


def _term_results(readings, database_queries, language, vocabulary, version) -> list[SearchResult]:
    manual = ManualPage.objects.live().filter(locale__language_code=language).first()
    if manual is None:
        return []
    glossary_url = manual.url + "glossary/"
    results = []
    backend = get_search_backend()
    terms = {}
    for database_query in database_queries:
        for term in backend.search(database_query, GlossaryTerm, order_by_relevance=False):
            terms[term.pk] = term
    for term in terms.values():
        texts = term_texts(term, language)
        key = ("term", term.pk, tuple(text for _weight, text in texts), version)
        document = _document(key, lambda texts=texts: SearchDocument.build(texts, vocabulary))
        score = document.best_score(readings)
        if score:
            results.append(
                SearchResult(
                    title=term.term_lo if language == "lo" else term.term_en,
                    url=f"{glossary_url}#{term.anchor}",
                    section_title=str(_("Glossary")),
                    score=score,
                    term=term,
                )
            )
    results.sort(key=lambda result: (-result.score, result.term.sort_key_lo))
    return results


def _wanted(query: str) -> tuple[set[str], set[str]]:
    """Word keys and loose keys of the query's words, for the snippet's marks."""
    words = query_words(query)
    return {w.key for w in words}, {w.loose.replace(" ", "") for w in words if len(w.loose) > 3}


def _words_of(text: str) -> tuple[str, list]:
    """``text`` as snippets are cut from it (prepared, spaces folded) and its words' spans."""
    text = " ".join(prepare_text(text).split())
    return text, search_spans(text)


def highlight(text: str, query: str, words: int = SNIPPET_WORDS, spans=None) -> SafeString:
    """About ``words`` words of ``text`` around the first query word found, hits in <mark>:
    the words themselves, compounds holding them, and words matched without tone marks.
    ``spans``: the words of ``text`` as _words_of gives them with the text, when known."""
    if spans is None:
        text, spans = _words_of(text)
    wanted = set(search_words(query).split())
    keys, loose = _wanted(query)
    wanted |= keys
    if not spans:
        return escape(text)

    @cache
    def is_hit(key: str) -> bool:
        if key in wanted or set(split_compound(key, frozenset(wanted))) & wanted:
            return True
        return any(part in lao_loose_key(key) for part in loose)

    def is_marked(i: int) -> bool:
        # A nominalising prefix (ການ, ຄວາມ) is marked only with the word it makes a noun of:
        # ການ begins half the words of a Lao text.
        key = spans[i][2]
        return is_hit(key) and (
            key not in NOMINAL_PREFIXES or i + 1 < len(spans) and is_hit(spans[i + 1][2])
        )

    first_hit = next((i for i in range(len(spans)) if is_marked(i)), None)
    first = max(0, first_hit - words // 3) if first_hit is not None else 0
    last = min(len(spans), first + words) - 1
    # Only the words shown are looked at (a body has thousands).
    hits = [i for i in range(first, last + 1) if is_marked(i)]
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
    holds the other language's citations and terms), else its summary or introduction."""
    body = getattr(page, "body", None)
    if isinstance(body, StreamValue):
        return reading_text(body, language)
    for name in SUMMARY_FIELDS:
        text = strip_tags(getattr(page, name, "") or "")
        if text:
            return text
    return strip_tags(body) if isinstance(body, str) else ""


def search(request):
    """Search the site in the active language; suggest the other language when nothing matches."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    language = active_language()
    context = {"query": query, "results": [], "page_obj": None}
    if query:
        paginator = Paginator(search_site(query, language), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context["results"] = list(page_obj.object_list)
        describe_results(context["results"], language, query)
        context["page_obj"] = page_obj
        if not context["results"]:
            context["other_languages"] = _other_language_counts(query, language)
    return render(request, "courses/manual/search.html", context)


def _other_language_counts(query: str, language: str) -> list[dict]:
    """How many results the query finds in each other language, for the "no results" page."""
    counts = []
    for locale in Locale.objects.exclude(language_code=language).order_by("language_code"):
        count = len(search_site(query, locale.language_code))
        if count:
            counts.append({"code": locale.language_code, "count": count})
    return counts
