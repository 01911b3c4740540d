"""Wagtail's database search backend, taught to read Lao queries.

Lao has no spaces between words. Indexed pages carry a word-segmented copy of their
text (``search_words``: ICU word breaks, each word as its matching key); this
backend segments the query the same way, so the site search and the admin search
both find a Lao word inside a sentence, and ຳ / ໍາ spellings find each other.
Each run of Lao words becomes a phrase; other words must all be present.
"""

from django.db import connection
from modelsearch.query import And, Not, Or, Phrase, PlainText

from lms.lao import contains_lao, lao_matching_key, spelling_for_segmentation, word_spans

# ຫ + ນ / ມ typed as two letters is the same letter as the ligature ICU's dictionary knows.
_HO_LIGATURES = {"ຫນ": "ໜ", "ຫມ": "ໝ"}
# Nominalising prefixes (ການຄ້າ "trade" = ການ + ຄ້າ): split off, so ຄ້າ alone finds ການຄ້າ.
_NOMINAL_PREFIXES = ("ການ", "ຄວາມ")


def prepare_text(text: str) -> str:
    """``text`` spelled the way ICU's Lao dictionary knows its words (looks the same)."""
    text = spelling_for_segmentation(text or "")
    for pair, ligature in _HO_LIGATURES.items():
        text = text.replace(pair, ligature)
    return text


def search_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, matching key) of the words of an already prepared ``text``.

    ICU word breaks (dictionary-based for Lao), nominalising prefixes split off; the
    matching key makes ຳ / ໍາ and other spellings of the same word equal.
    """
    spans = []
    for start, end in word_spans(text):
        word = text[start:end]
        prefix = next(
            (p for p in _NOMINAL_PREFIXES if word.startswith(p) and len(word) > len(p) + 1),
            "",
        )
        if prefix:
            spans.append((start, start + len(prefix), lao_matching_key(prefix)))
        spans.append((start + len(prefix), end, lao_matching_key(word[len(prefix) :])))
    return spans


def search_words(text: str) -> str:
    """The matching keys of ``text``'s words, space-separated: what callable index fields hold."""
    return " ".join(key for _start, _end, key in search_spans(prepare_text(text)))


def lao_query(query_string: str):
    """The search query for what a user typed: phrases for Lao, all-words for the rest."""
    parts = []
    latin_words = []
    for chunk in query_string.split():
        if contains_lao(chunk):
            words = search_words(chunk)
            if words:
                parts.append(Phrase(words) if " " in words else PlainText(words))
        else:
            latin_words += search_words(chunk).split()
    if latin_words:
        parts.append(PlainText(" ".join(latin_words), operator="and"))
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else And(parts)


def segment_query(query):
    """``query`` (a string or a parsed query, as the admin passes) with its text segmented."""
    if isinstance(query, str):
        return lao_query(query)
    if isinstance(query, PlainText):
        return lao_query(query.query_string) or query
    if isinstance(query, Phrase):
        return Phrase(search_words(query.query_string))
    if isinstance(query, And | Or):
        return type(query)([segment_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(segment_query(query.subquery))
    return query


class LaoQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = segment_query(query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend factory up by this name)
    """The vendor's database backend (as Wagtail picks it) with Lao query handling."""
    from modelsearch.backends.database import SearchBackend as database_backend

    backend = database_backend(params)
    if connection.vendor not in ("sqlite", "postgresql"):
        return backend
    lao_class = type(f"Lao{type(backend).__name__}", (LaoQueryMixin, type(backend)), {})
    return lao_class(params)
