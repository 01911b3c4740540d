"""Wagtail's database search backend, taught to read Lao queries.

Lao has no spaces between words. Indexed pages carry a word-segmented copy of their
text (``search_words``: ICU word breaks, each word as its matching key); this
backend segments the query the same way, so the site search and the admin search
both find a Lao word inside a sentence, and ຳ / ໍາ spellings find each other.
Each run of Lao words becomes a phrase; other words must all be present.

The site search ranks in Python, the same on SQLite and PostgreSQL: the database finds
the candidates by their Lao syllables (``search_syllables``, a field every page and the
glossary index), and ``SearchDocument.score`` ranks them (title and headings above body
text, a phrase above scattered words, words above parts of compounds, and the syllable
fallback for misspelled or differently segmented words last).
"""

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.db import connection
from modelsearch.query import And, Not, Or, Phrase, PlainText
from wagtail.search import index

from lms.lao import (
    contains_lao,
    lao_loose_key,
    lao_matching_key,
    lao_syllables,
    spelling_for_segmentation,
    word_spans,
)

# ຫ + ນ / ມ typed as two letters is the same letter as the ligature ICU's dictionary knows.
_HO_LIGATURES = {"ຫນ": "ໜ", "ຫມ": "ໝ"}
# ເເ (two ເ) typed for ແ, which looks the same on screen.
_DOUBLE_E = ("ເເ", "ແ")
# A tone mark typed before the vowel sign above or below its consonant (ທ່ີ for ທີ່).
_TONE_BEFORE_VOWEL = re.compile("([\u0ec8-\u0ecb])([\u0eb1\u0eb4-\u0eb9\u0ebb])")
# Nominalising prefixes (ການຄ້າ "trade" = ການ + ຄ້າ): split off, so ຄ້າ alone finds ການຄ້າ.
NOMINAL_PREFIXES = ("ການ", "ຄວາມ")


def prepare_text(text: str) -> str:
    """``text`` spelled the way ICU's Lao dictionary knows its words (looks the same)."""
    text = spelling_for_segmentation(text or "").replace(*_DOUBLE_E)
    text = _TONE_BEFORE_VOWEL.sub("\\2\\1", text)
    for pair, ligature in _HO_LIGATURES.items():
        text = text.replace(pair, ligature)
    return text


_SCRIPT_RUN = re.compile(r"[\u0e80-\u0eff]+|[^\W_]+")


def _script_spans(text: str) -> list[tuple[int, int]]:
    """ICU's word spans, cut again where Lao meets digits or Latin (ມາດຕາ41 is two words)."""
    spans = []
    for start, end in word_spans(text):
        runs = list(_SCRIPT_RUN.finditer(text, start, end))
        if len(runs) > 1 and "".join(run.group() for run in runs) == text[start:end]:
            spans += [(run.start(), run.end()) for run in runs]
        else:
            spans.append((start, end))
    return spans


def search_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, matching key) of the words of an already prepared ``text``.

    ICU word breaks (dictionary-based for Lao), nominalising prefixes split off; the
    matching key makes ຳ / ໍາ and other spellings of the same word equal.
    """
    spans = []
    for start, end in _script_spans(text):
        word = text[start:end]
        prefix = next(
            (p for p in NOMINAL_PREFIXES if word.startswith(p) and len(word) > len(p) + 1),
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


class SyllableQuery(PlainText):
    """All of these loose syllable keys (``search_syllables``): passed to the database as is."""

    def __init__(self, query_string: str):
        super().__init__(query_string, operator="and")


def segment_query(query):
    """``query`` (a string or a parsed query, as the admin passes) with its text segmented."""
    if isinstance(query, SyllableQuery):
        return query
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


# The site search's own ranking -----------------------------------------------------------

WORD_LIST_PATH = Path(__file__).with_name("lao_words.txt")
# Index parts of compounds (ຄະດີ inside ຄະດີອາຍາ); off only to measure what it adds.
SPLIT_COMPOUNDS = True

# How much a match counts by where it is: title, headings, summary, body.
TITLE, HEADING, SUMMARY, BODY = 3.0, 2.0, 1.5, 1.0
# How well the query matched one part of a page: the whole query as a phrase (10, or 8
# with compounds cut into parts), each word typed (Lao words typed together as a phrase)
# somewhere (6, 5). Below these, the fallback, less than 5 / TITLE so that times any weight
# it stays below words found: the syllables typed in a row as written (ICU cut the page's
# words elsewhere), then in a row without tone marks, then Lao words typed together found
# apart (ຄາແຮງງານ: ຄ່າແຮງງານ "wages" in a row beats ຄາ and ແຮງງານ apart), then single
# syllables without tone marks.
PHRASE, PHRASE_OF_PARTS, ALL_WORDS, ALL_WORDS_OR_PARTS = 10.0, 8.0, 6.0, 5.0
SYLLABLES, LOOSE_PHRASE, SCATTERED, LOOSE_WORDS = 1.6, 1.4, 1.2, 1.0
# The lowest score of a match on words or compound parts: below it, only the fallback.
EXACT_SCORE = ALL_WORDS_OR_PARTS * BODY
# Added when the query matched the title, times the share of the title's words it covers:
# the title that is the query itself (a glossary term, a lesson named for it) gets it all,
# a long title that mentions it a little.
WHOLE_TITLE_BONUS = 2.0
# The same for a title matched by the fallback only: small, so it stays below words found.
FALLBACK_TITLE_BONUS = EXACT_SCORE - SYLLABLES * TITLE - 0.05
# Other readings of a query count a little less than what was typed: without its leading
# ການ / ຄວາມ (ການແຕ່ງງານປອມ finds ແຕ່ງງານປອມ), or with the glossary's preferred term for a
# variant it lists (ກຳນົດຕົວ finds ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ).
WITHOUT_PREFIX, PREFERRED_TERM = 0.95, 0.9
# Repeated matches break ties, never outweigh a better kind of match.
REPEAT_BONUS, MAX_REPEATS = 0.02, 10

# Words an English query drops (not when nothing else is left).
_ENGLISH_STOPWORDS = frozenset(
    (
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in"),
        *("into", "is", "it", "of", "on", "or", "the", "to", "what", "when", "where"),
        *("which", "who", "with"),
    )
)
_ENGLISH_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def english_stem(word: str) -> str:
    """A light stem of an English word: plurals, -ing and -ed off (victims, identified)."""
    word = word.casefold().removesuffix("'s").removesuffix("\u2019s")
    for suffix, replacement in _ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    # A final e off as well, so force / forced / forces and smuggle / smuggling meet.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _syllables(text: str) -> list[str]:
    """Matching keys of the syllables of ``text`` (Latin words as their stems)."""
    return [
        syllable if contains_lao(syllable) else english_stem(syllable)
        for syllable in lao_syllables(lao_matching_key(prepare_text(text)))
    ]


def _loose_syllables(text: str) -> list[str]:
    """Loose keys of the syllables of ``text`` (Latin words as their stems), by the script's
    rules rather than ICU's word breaks, so a word reads the same in any context."""
    return [
        lao_loose_key(syllable) if contains_lao(syllable) else english_stem(syllable)
        for syllable in lao_syllables(lao_matching_key(prepare_text(text)))
    ]


class LaoSearchable:
    """A page the site search finds by its Lao words: its title and text segmented into
    words, and their syllables, the field candidates are found by. A page type names its
    text, besides the title, in ``search_texts``; its ``search_fields`` end with
    ``LAO_SEARCH_FIELDS``."""

    def search_texts(self) -> list[str]:
        return []

    def segmented_title(self) -> str:
        return search_words(self.title)

    def segmented_body(self) -> str:
        return search_words("\n".join(self.search_texts()))

    def search_syllables(self) -> str:
        return search_syllables(self.title, *self.search_texts())


LAO_SEARCH_FIELDS = [
    index.SearchField("segmented_title", boost=2),
    index.SearchField("segmented_body"),
    index.SearchField("search_syllables"),
    index.AutocompleteField("segmented_title"),
]


def search_syllables(*texts: str) -> str:
    """Every loose syllable key of ``texts`` once: the index field the site search's
    candidates are found by (lms.search_backend.SyllableQuery)."""
    return " ".join(dict.fromkeys(key for text in texts for key in _loose_syllables(text or "")))


def _word_key(key: str) -> str:
    return key if contains_lao(key) else english_stem(key)


@cache
def curated_words() -> frozenset[str]:
    """Matching keys of the curated Lao word list (lms/lao_words.txt; # starts a comment)."""
    words = set()
    for line in WORD_LIST_PATH.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(lao_matching_key(prepare_text(word)))
    return frozenset(words)


def split_compound(key: str, vocabulary: frozenset[str]) -> list[str]:
    """The fewest known words that make up the word ``key`` exactly (ຄະດີອາຍາ: ຄະດີ, ອາຍາ),
    or [] when it is not such a compound. Parts are whole syllables; a compound needs a part
    of two syllables or more, so a word is not cut into one-syllable words by chance."""
    syllables = lao_syllables(key)
    count = len(syllables)
    if count < 2 or not contains_lao(key):
        return []
    # fewest[i]: the fewest words covering the first i syllables, with the last cut.
    fewest: list[tuple[int, int] | None] = [(0, 0)] + [None] * count
    for end in range(1, count + 1):
        for start in range(end):
            if fewest[start] is None or (start == 0 and end == count):
                continue
            if "".join(syllables[start:end]) in vocabulary:
                candidate = (fewest[start][0] + 1, start)
                if fewest[end] is None or candidate < fewest[end]:
                    fewest[end] = candidate
    if fewest[count] is None:
        return []
    cuts, end = [], count
    while end:
        start = fewest[end][1]
        cuts.append((start, end))
        end = start
    cuts.reverse()
    if all(end - start < 2 for start, end in cuts):
        return []
    return ["".join(syllables[start:end]) for start, end in cuts]


def _inner_words(key: str, vocabulary: frozenset[str]) -> set[str]:
    """Known words of two syllables or more inside the compound ``key`` (ສະຫວັດດີ in
    ສະຫວັດດີການ), besides the parts of its fewest-words split."""
    syllables = lao_syllables(key)
    return {
        word
        for start in range(len(syllables))
        for end in range(start + 2, len(syllables) + (0 if start == 0 else 1))
        if (word := "".join(syllables[start:end])) in vocabulary
    }


@dataclass(frozen=True)
class QueryWord:
    """What a user typed between two spaces: one word, or Lao words written together."""

    key: str  # the words' matching keys (an English word's stem), space-separated
    syllables: str  # its syllables (matching keys), space-separated
    loose: str  # its loose syllable keys, space-separated

    @property
    def words(self) -> list[str]:
        return self.key.split()

    @cached_property
    def word_syllables(self) -> tuple[tuple[str, ...], ...]:
        """The syllables of each of its words."""
        return tuple(tuple(lao_syllables(key)) for key in self.words)


def _query_word(chunk: str) -> QueryWord | None:
    keys = [_word_key(key) for _start, _end, key in search_spans(prepare_text(chunk))]
    if not keys:
        return None
    return QueryWord(" ".join(keys), " ".join(_syllables(chunk)), " ".join(_loose_syllables(chunk)))


def query_words(query: str) -> list[QueryWord]:
    """The words of what a user typed, as the ranking compares them (English stopwords off,
    unless nothing else is left)."""
    words = [word for chunk in query.split() if (word := _query_word(chunk))]
    content = [w for w in words if w.key not in _ENGLISH_STOPWORDS]
    return content or words


def _without_prefix(chunk: str) -> str:
    """``chunk`` (prepared) without a leading ການ / ຄວາມ, or "" when it has none."""
    prefix = next((p for p in NOMINAL_PREFIXES if chunk.startswith(p)), "")
    rest = chunk[len(prefix) :]
    return rest if prefix and len(rest) > 1 and contains_lao(rest) else ""


def variant_key(text: str) -> str:
    """The key a glossary variant and what a user typed are compared by: the words' matching
    keys run together, without a leading ການ / ຄວາມ."""
    text = prepare_text(" ".join(text.split()))
    return "".join(search_words(_without_prefix(text) or text).split())


@dataclass(frozen=True)
class QueryReading:
    """One way to read what a user typed: its words, and what a match of them counts (0..1)."""

    words: tuple[QueryWord, ...]
    weight: float = 1.0


def query_readings(query: str, preferred_terms: dict[str, str]) -> list[QueryReading]:
    """What the user typed, then the same without leading ການ / ຄວາມ, then with the glossary's
    preferred term for a variant typed (``preferred_terms``: variant_key -> term), the whole
    query or one word of it."""
    chunks = [prepare_text(chunk) for chunk in query.split()]
    readings = [QueryReading(tuple(query_words(query)))]
    bare = [_without_prefix(chunk) or chunk for chunk in chunks]
    if bare != chunks:
        readings.append(QueryReading(tuple(query_words(" ".join(bare))), WITHOUT_PREFIX))
    rewritten = []
    if len(chunks) > 1 and (term := preferred_terms.get(variant_key("".join(chunks)))):
        rewritten.append(term)
    terms = [preferred_terms.get(variant_key(chunk)) for chunk in chunks]
    if any(terms):
        rewritten.append(" ".join(term or chunk for term, chunk in zip(terms, chunks, strict=True)))
    for typed in rewritten:
        for reading in query_readings(typed, {}):
            readings.append(QueryReading(reading.words, reading.weight * PREFERRED_TERM))
    return [reading for reading in readings if reading.words]


def candidate_queries(readings: list[QueryReading]) -> list[SyllableQuery]:
    """The database queries whose results together hold every page any reading may match:
    a reading whose syllables include another's is covered by that one's query."""
    syllable_sets = sorted(
        {frozenset(key for word in r.words for key in word.loose.split()) for r in readings},
        key=len,
    )
    kept = []
    for syllables in syllable_sets:
        if syllables and not any(other <= syllables for other in kept):
            kept.append(syllables)
    return [SyllableQuery(" ".join(sorted(syllables))) for syllables in kept]


def _padded(keys) -> str:
    return " " + " ".join(keys) + " "


@dataclass(frozen=True)
class Zone:
    """One part of a page (its title, headings, summary or body), ready to be matched."""

    weight: float
    words: str  # word keys, space-padded
    parts: str  # the same with each compound replaced by its parts
    word_set: frozenset[str]
    part_set: frozenset[str]  # words, compounds' parts and the known words inside them
    syllables: str  # syllables as written (matching keys), space-padded
    loose: str  # loose syllable keys, space-padded

    @cached_property
    def syllable_set(self) -> frozenset[str]:
        return frozenset(self.syllables.split())

    @classmethod
    def build(cls, weight: float, text: str, keys: list[str], vocabulary) -> "Zone":
        parts, part_set = [], set(keys)
        for key in keys:
            split = split_compound(key, vocabulary) if SPLIT_COMPOUNDS else []
            parts += split or [key]
            if split:
                part_set.update(split)
                part_set.update(_inner_words(key, vocabulary))
        return cls(
            weight,
            _padded(keys),
            _padded(parts),
            frozenset(keys),
            frozenset(part_set),
            _padded(_syllables(text)),
            _padded(_loose_syllables(text)),
        )

    def word_level(self, word: QueryWord, loose_allowed: bool) -> float:
        padded = f" {word.key} "
        if padded in self.words:
            return ALL_WORDS
        if padded in self.parts or len(word.words) == 1 and word.key in self.part_set:
            return ALL_WORDS_OR_PARTS
        # Each word found, or its syllables (ICU may cut a word typed alone otherwise:
        # ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ alone gives ຕົວຜູ້, in a title ຕົວ ... ຜູ້).
        scattered = len(word.words) > 1 and all(
            key in self.part_set or self.syllable_set.issuperset(syllables)
            for key, syllables in zip(word.words, word.word_syllables, strict=True)
        )
        if loose_allowed and f" {word.syllables} " in self.syllables:
            return SYLLABLES
        if loose_allowed and len(word.loose.split()) > 1 and f" {word.loose} " in self.loose:
            return LOOSE_PHRASE
        if scattered:
            return SCATTERED
        if loose_allowed and f" {word.loose} " in self.loose:
            return LOOSE_WORDS
        return 0.0

    def level(self, words: list[QueryWord], loose_allowed: bool) -> float:
        phrase = _padded(word.key for word in words)
        if phrase in self.words:
            return PHRASE
        if phrase in self.parts:
            return PHRASE_OF_PARTS
        scattered = min(self.word_level(word, loose_allowed) for word in words)
        if scattered >= ALL_WORDS_OR_PARTS or not loose_allowed:
            return scattered
        if _padded(word.syllables for word in words) in self.syllables:
            return max(scattered, SYLLABLES)
        if _padded(word.loose for word in words) in self.loose:
            return max(scattered, LOOSE_PHRASE)
        return scattered


@dataclass(frozen=True)
class SearchDocument:
    """A page or glossary term as the site search ranks it: its zones, best weight first."""

    zones: tuple[Zone, ...]

    @classmethod
    def build(cls, texts: list[tuple[float, str]], vocabulary: frozenset[str]) -> "SearchDocument":
        """``texts``: (weight, text) pairs, the title first; ``vocabulary``: the known words
        (curated list and glossary), to which the words ICU finds in the page are added."""
        texts = [(weight, text) for weight, text in texts if text and text.strip()]
        keyed = [
            [_word_key(key) for _start, _end, key in search_spans(prepare_text(text))]
            for _weight, text in texts
        ]
        vocabulary = vocabulary.union(*keyed)
        return cls(
            tuple(
                Zone.build(weight, text, keys, vocabulary)
                for (weight, text), keys in zip(texts, keyed, strict=True)
            )
        )

    def score(self, words: list[QueryWord]) -> float:
        """How well the document matches: 0 when some word is not found at all."""
        if not words or not self.zones:
            return 0.0
        # Toneless syllables alone match too much (ຄ່າ "fee" and ຄ້າ "trade" are both ຄາ):
        # the fallback needs two syllables at least.
        loose_allowed = sum(len(word.loose.split()) for word in words) >= 2
        best = max(zone.level(words, loose_allowed) * zone.weight for zone in self.zones)
        if not best:
            # Each word somewhere, not all in one zone: as scattered words in the body.
            levels = [
                max(zone.word_level(word, loose_allowed) for zone in self.zones) for word in words
            ]
            best = min(levels) * BODY
        if not best:
            return 0.0
        phrase = _padded(word.key for word in words)
        title = self.zones[0]
        if title.weight == TITLE and (title_level := title.level(words, loose_allowed)):
            # The share of the title the query covers, in syllables (words of other scripts).
            query_length = sum(len(word.loose.split()) for word in words)
            coverage = min(1.0, query_length / max(len(title.loose.split()), 1))
            exact = title_level >= ALL_WORDS_OR_PARTS
            best += (WHOLE_TITLE_BONUS if exact else FALLBACK_TITLE_BONUS) * coverage
        repeats = sum(zone.parts.count(phrase) for zone in self.zones)
        return best + REPEAT_BONUS * min(repeats, MAX_REPEATS)

    def best_score(self, readings: list[QueryReading]) -> float:
        """The score of the reading of the query that matches best, times its weight."""
        return max((self.score(list(r.words)) * r.weight for r in readings), default=0.0)


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
