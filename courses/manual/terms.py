"""The Lao term base and register check: one preferred Lao term per concept, and the
formal register, in the catalogues and in the content.

The glossary is the term base: ``GlossaryTerm.term_lo`` is the preferred Lao term of a
concept and ``avoided_variants`` the other words for it seen in use. A text is flagged
when it holds a variant (outside a preferred term or an allowed phrase that contains it)
or an informal pronoun as a word of its own (ICU's Lao word breaker decides what a word
is, so ເຂົາເຈົ້າ "they" and ເຈົ້າໜ້າທີ່ "official" are not ເຈົ້າ "you").

``manage.py lao_terms check`` runs it on a site; tests/courses/test_terminology.py on the
demo content and the catalogues.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page

from lms.lao import contains_lao, lao_matching_key, spelling_for_segmentation, word_spans

# Familiar pronouns: the interface and the manual address the reader as ທ່ານ.
INFORMAL_WORDS = {
    "ຂ້ອຍ": "ທ່ານ for the reader, or no pronoun ('My learning': ການຮຽນຂອງທ່ານ)",
    "ມັນ": "name the thing (ລະຫັດນີ້, ແບບທົດສອບນີ້), or ເຂົາ / ນາງ for a person",
    "ເຈົ້າ": "ທ່ານ",
}

# Phrases that hold a variant or an informal word and are right as they stand: the
# phrase, then why. Keep this short; rewording the text is the usual fix.
ALLOWED_PHRASES: dict[str, str] = {}

# Text fields that are not wording to hold to the term base: "app_label.Model.field".
SKIPPED_FIELDS = {
    "lms.Person.name_lo",  # people's names, as they write them
    "courses.GlossaryTerm.variants_lo",  # the variants to avoid themselves
}

CATALOGUES = (
    "locale/lo/LC_MESSAGES/django.po",
    "locale/admin/lo/LC_MESSAGES/django.po",
    "locale/admin/lo/LC_MESSAGES/djangojs.po",
)


@dataclass(frozen=True)
class TermBase:
    """The preferred terms and their variants, as matching keys (see lms.lao)."""

    # Matching key of a variant -> the preferred Lao term to write instead.
    variants: dict[str, str]
    # Matching keys of the text a variant may sit inside: preferred terms, allowed phrases.
    accepted: tuple[str, ...]

    @classmethod
    def from_terms(cls, terms: Iterable) -> "TermBase":
        """The term base of these glossary terms (GlossaryTerm or alike)."""
        variants, accepted = {}, set()
        for term in terms:
            # "ຍິງ / ຊາຍ": a term entry may name several words, each preferred.
            preferred = [word.strip() for word in term.term_lo.split(" / ") if word.strip()]
            accepted.update(lao_matching_key(word) for word in preferred)
            for variant in term.avoided_variants:
                variants[lao_matching_key(variant)] = term.term_lo
        accepted.update(lao_matching_key(phrase) for phrase in ALLOWED_PHRASES)
        return cls(variants, tuple(sorted(accepted - {""})))

    @classmethod
    def from_glossary(cls) -> "TermBase":
        from courses.models import GlossaryTerm

        return cls.from_terms(GlossaryTerm.objects.all())


@dataclass(frozen=True)
class Finding:
    where: str  # the catalogue and msgid, or the page or row and its field
    found: str  # the variant or the informal word
    instead: str  # the preferred term, or how to say it formally
    context: str  # the text around it

    def __str__(self):
        return f"{self.where}: {self.found} → {self.instead}  «{self.context}»"


def _occurrences(text: str, part: str) -> Iterator[int]:
    start = text.find(part)
    while start != -1:
        yield start
        start = text.find(part, start + 1)


def _readable(text: str) -> str:
    """A matching key (NFKC: ຳ, ໜ and ໝ decomposed) as the letters are usually typed."""
    text = spelling_for_segmentation(text)
    return text.replace("ຫນ", "ໜ").replace("ຫມ", "ໝ")


def _context(text: str, start: int, end: int, width: int = 24) -> str:
    return _readable(text[max(0, start - width) : end + width].replace("\n", " ").strip())


def findings_in(text: str, term_base: TermBase) -> list[tuple[str, str, str]]:
    """(found, instead, context) for each variant and informal word in ``text``."""
    if not contains_lao(text):
        return []
    text = strip_tags(text)
    results = []
    # Variants, in matching-key space so that ຳ / ໍາ and ຫຼ / ຫລ spellings agree.
    key = lao_matching_key(text)
    covered = [
        (start, start + len(accepted))
        for accepted in term_base.accepted
        for start in _occurrences(key, accepted)
    ]
    for variant, preferred in term_base.variants.items():
        for start in _occurrences(key, variant):
            end = start + len(variant)
            if not any(a <= start and end <= b for a, b in covered):
                results.append((_readable(variant), preferred, _context(key, start, end)))
    # Informal words, as whole words; allowed phrases are blanked first.
    spelled = spelling_for_segmentation(text)
    for phrase in ALLOWED_PHRASES:
        phrase = spelling_for_segmentation(phrase)
        spelled = spelled.replace(phrase, " " * len(phrase))
    for start, end in word_spans(spelled):
        word = spelled[start:end]
        if word in INFORMAL_WORDS:
            results.append((word, INFORMAL_WORDS[word], _context(spelled, start, end)))
    return results


def check_texts(texts: Iterable[tuple[str, str]], term_base: TermBase) -> list[Finding]:
    """Findings in (where, text) pairs."""
    return [
        Finding(where, found, instead, context)
        for where, text in texts
        for found, instead, context in findings_in(text, term_base)
    ]


# Where the Lao text is ----------------------------------------------------------------------


def catalogue_texts(base: Path | None = None) -> Iterator[tuple[str, str]]:
    """The Lao of every translated entry of the project's and the admin's catalogues."""
    from babel.messages.pofile import read_po

    base = Path(base or settings.BASE_DIR)
    for name in CATALOGUES:
        path = base / name
        if not path.is_file():
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            for string in strings:
                if message.id and string:
                    yield f"{name}: {msgid!r}", string


def _stream_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        if contains_lao(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _stream_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _stream_strings(item)


def _is_wording(field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
    )


def page_texts(language: str = "lo") -> Iterator[tuple[str, str]]:
    """The text of every live page in ``language``: titles, text fields and streams."""
    for page in Page.objects.live().filter(locale__language_code=language).specific():
        where = f"page {page.url_path} ({type(page).__name__} {page.pk})"
        for field in page._meta.concrete_fields:
            value = getattr(page, field.attname)
            if isinstance(field, StreamField):
                for text in _stream_strings(field.get_prep_value(value)):
                    yield f"{where}: {field.name}", text
            elif _is_wording(field) and value:
                yield f"{where}: {field.name}", value


def _project_models() -> Iterator[type[models.Model]]:
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if config.path.startswith(base) and "/.venv/" not in config.path:
            yield from config.get_models()


def row_texts() -> Iterator[tuple[str, str]]:
    """The Lao fields (``*_lo``) of the project's models: glossary, quizzes, events…"""
    for model in _project_models():
        if issubclass(model, Page):
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if field.name.endswith("_lo")
            and _is_wording(field)
            and f"{model._meta.label}.{field.name}" not in SKIPPED_FIELDS
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields).iterator():
            for name, value in zip(fields, row[1:], strict=True):
                if value:
                    yield f"{model._meta.label} {row[0]}: {name}", value


def content_texts() -> Iterator[tuple[str, str]]:
    yield from page_texts("lo")
    yield from row_texts()


def check_site(term_base: TermBase | None = None, base: Path | None = None) -> list[Finding]:
    """Findings in the catalogues and the content of this site, against its glossary."""
    term_base = term_base or TermBase.from_glossary()
    return check_texts(catalogue_texts(base), term_base) + check_texts(content_texts(), term_base)
