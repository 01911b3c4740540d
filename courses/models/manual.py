"""The bilingual training manual: manual, chapter and section pages and the glossary.

One ``ManualPage`` per language tree holds numbered ``ManualChapterPage``s, which may
hold ``ManualSectionPage``s. Lao and English trees are translations of each other
(``wagtail.contrib.simple_translation``); the glossary is one bilingual snippet.
"""

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courses.blocks import ContentStreamBlock
from lms.i18n import TranslatedField, active_language
from lms.lao import contains_lao, segment_words, sort_key
from lms.models import OnePerLocaleMixin
from lms.page_forms import ReadablePageForm
from lms.search_backend import LAO_SEARCH_FIELDS, LaoSearchable, search_syllables, search_words

__all__ = [
    "GlossaryTerm",
    "GlossaryTermQuerySet",
    "ManualPage",
    "ManualChapterPage",
    "ManualSectionPage",
    "reading_minutes",
]

# Reading speeds for the reading-time estimate: words a minute, by language. Lao words
# (as ICU segments them) are shorter than English ones, so more of them are read a minute.
WORDS_PER_MINUTE = {"en": 200, "lo": 230}
# Lao vowels written before their consonant: a word is filed under the consonant after them.
_PREPOSED_VOWELS = "ເແໂໃໄ"


def reading_minutes(text: str, language: str) -> int:
    """Minutes an adult needs to read ``text`` (at least one)."""
    words = len(segment_words(text)) if contains_lao(text) else len(text.split())
    speed = WORDS_PER_MINUTE.get(language, WORDS_PER_MINUTE["en"])
    return max(1, round(words / speed))


def stream_text(stream) -> str:
    """The searchable text of a StreamField value, as one string."""
    if not stream:
        return ""
    parts = stream.stream_block.get_searchable_content(stream)
    return "\n".join(strip_tags(str(part)) for part in parts if part)


def lao_initial(text: str) -> str:
    """The letter a Lao word is filed under in the glossary's jump bar (its first consonant)."""
    for char in text or "":
        if char not in _PREPOSED_VOWELS and contains_lao(char):
            return char
    return ""


GLOSSARY_CACHE_KEY = "courses:glossary-terms"
# Saving a term clears the cache, but only the saving process's own when the cache is
# per process (production without REDIS_URL): other workers catch up within this time.
GLOSSARY_CACHE_SECONDS = 300


def cached_glossary() -> dict:
    """Every glossary term by primary key, cached until a term is saved or deleted (or,
    in another worker with a per-process cache, for GLOSSARY_CACHE_SECONDS).

    Chapters link their key terms to the glossary; reading the small glossary from the
    cache keeps a chapter page within its query budget.
    """
    terms = cache.get(GLOSSARY_CACHE_KEY)
    if terms is None:
        terms = GlossaryTerm.objects.in_bulk()
        cache.set(GLOSSARY_CACHE_KEY, terms, timeout=GLOSSARY_CACHE_SECONDS)
    return terms


def forget_glossary():
    """Drop the cached glossary now and again when the transaction commits: with a shared
    cache, another server may cache the old rows in between (the admin saves inside a
    transaction)."""
    cache.delete(GLOSSARY_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(GLOSSARY_CACHE_KEY))


class GlossaryTermQuerySet(models.QuerySet):
    def in_lao_order(self):
        return self.order_by("sort_key_lo", "term_lo")

    def in_english_order(self):
        return self.order_by(Lower("term_en"))

    def in_language_order(self, language: str):
        return self.in_lao_order() if language == "lo" else self.in_english_order()


class GlossaryTerm(index.Indexed, models.Model):
    """A counter-trafficking term in English and Lao, with definitions in both languages."""

    term_en = models.CharField(_("English term"), max_length=200, unique=True)
    term_lo = models.CharField(_("Lao term"), max_length=200)
    definition_en = models.TextField(_("English definition"), blank=True)
    definition_lo = models.TextField(_("Lao definition"), blank=True)
    related_terms = models.ManyToManyField(
        "self", verbose_name=_("related terms"), blank=True, symmetrical=True
    )
    sector = models.ForeignKey(
        "lms.Sector",
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Leave blank for a term every sector uses."),
    )
    verified = models.BooleanField(
        _("Lao term verified"),
        default=True,
        help_text=_("Untick while the Lao term is the best spelling found but unconfirmed."),
    )
    # The glossary is the term base: term_lo is the one preferred Lao term for the concept,
    # and these are spellings or synonyms seen in use that the catalogue and content avoid.
    variants_lo = models.TextField(
        _("Lao variants to avoid"),
        blank=True,
        help_text=_("One per line: other Lao words for this concept, not to be used."),
    )
    note = models.TextField(_("note for editors"), blank=True)
    # Anchor of the term on the glossary page, from the English term.
    slug = models.SlugField(max_length=200, unique=True, editable=False)
    # Hex of the ICU (lo) collation key of term_lo: ordering by it in the database is Lao order.
    sort_key_lo = models.CharField(max_length=800, editable=False, db_index=True)

    term = TranslatedField("term_lo", "term_en")
    definition = TranslatedField("definition_lo", "definition_en")

    objects = GlossaryTermQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("term_en"), FieldPanel("term_lo")]),
        FieldPanel("definition_en"),
        FieldPanel("definition_lo"),
        FieldPanel("variants_lo"),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("verified")]),
        FieldPanel("related_terms"),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("term_en", boost=2),
        index.SearchField("term_lo", boost=2),
        index.SearchField("definition_en"),
        index.SearchField("definition_lo"),
        index.SearchField("segmented_text"),
        index.SearchField("search_syllables"),
        index.AutocompleteField("term_en"),
        index.AutocompleteField("segmented_text"),
        index.FilterField("sector"),
    ]

    class Meta:
        ordering = ["sort_key_lo"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        permissions = [("view_trainer_notes", _("Can see trainer notes in case studies"))]

    def __str__(self):
        return f"{self.term_en} / {self.term_lo}"

    def save(self, *args, **kwargs):
        self.slug = slugify(self.term_en)[:200] or "term"
        self.sort_key_lo = sort_key(self.term_lo, "lo").hex()
        super().save(*args, **kwargs)
        forget_glossary()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_glossary()
        return result

    @property
    def avoided_variants(self) -> list[str]:
        return [line.strip() for line in self.variants_lo.splitlines() if line.strip()]

    def segmented_text(self) -> str:
        return search_words(f"{self.term_lo} {self.variants_lo} {self.definition_lo}")

    def search_syllables(self) -> str:
        # Both languages: the site search ranks the term in the reader's language.
        return search_syllables(
            self.term_lo, self.variants_lo, self.definition_lo, self.term_en, self.definition_en
        )

    @property
    def anchor(self) -> str:
        return f"term-{self.slug}"

    @property
    def other_language(self) -> str:
        return "en" if active_language() == "lo" else "lo"

    @property
    def other_term(self) -> str:
        return self.term_en if active_language() == "lo" else self.term_lo

    def initial(self, language: str) -> str:
        if language == "lo":
            return lao_initial(self.term_lo)
        return (self.term_en[:1] or "").upper()


class ManualContentMixin(LaoSearchable):
    """Behaviour shared by chapters and sections: their text for the search, reading time,
    the chapter navigation and the side-by-side route."""

    def search_texts(self) -> list[str]:
        return [getattr(self, "summary", ""), stream_text(self.body)]

    def plain_text(self) -> str:
        return stream_text(self.body)

    def save(self, *args, **kwargs):
        language = self.locale.language_code if self.locale_id else "lo"
        self.reading_minutes = reading_minutes(stream_text(self.body), language)
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(chapter_navigation(self, request))
        return context

    @path("side-by-side/")
    def side_by_side(self, request):
        return side_by_side_response(self, request)


class ManualPage(LaoSearchable, OnePerLocaleMixin, RoutablePageMixin, Page):
    """The training manual of one language tree: its table of contents, glossary and PDF."""

    base_form_class = ReadablePageForm

    introduction = models.TextField(_("introduction"), blank=True)
    edition = models.CharField(
        _("edition"), max_length=100, blank=True, help_text=_("Printed on the cover, e.g. 2026.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("introduction"), FieldPanel("edition")], heading=_("Cover"))
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("segmented_title"),
        index.SearchField("search_syllables"),
        index.AutocompleteField("segmented_title"),
    ]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.ManualChapterPage"]
    template = "courses/manual/manual_page.html"
    show_in_menus_default = True

    class Meta:
        verbose_name = _("training manual")

    def search_texts(self) -> list[str]:
        return [self.introduction]

    def segmented_title(self) -> str:
        # The cover's introduction is the manual's subtitle: found as its title is.
        return search_words(f"{self.title} {self.introduction}")

    def chapters(self):
        return ManualChapterPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        fields = ("title", "slug", "url_path", "path", "depth", "translation_key")
        chapters = list(self.chapters().only(*fields, "reading_minutes"))
        sections = ManualSectionPage.objects.descendant_of(self).live()
        context["chapters"] = list(enumerate(chapters, 1))
        context["next"] = ("1", chapters[0]) if chapters else None
        context["reading_minutes"] = sum(c.reading_minutes for c in chapters) + (
            sections.aggregate(minutes=Sum("reading_minutes"))["minutes"] or 0
        )
        context["untranslated_chapters"] = self.untranslated_chapters(chapters)
        context["glossary_url"] = self.get_url(request) + "glossary/"
        return context

    def untranslated_chapters(self, chapters):
        """Chapters of the other language trees with no live translation in this one."""
        keys = {chapter.translation_key for chapter in chapters}
        return (
            ManualChapterPage.objects.live()
            .exclude(translation_key__in=keys)
            .exclude(locale_id=self.locale_id)
            .select_related("locale")
            .order_by("path")
        )

    @path("glossary/")
    def glossary(self, request):
        language = self.locale.language_code
        terms = list(GlossaryTerm.objects.in_language_order(language).select_related("sector"))
        groups = []
        for term in terms:
            letter = term.initial(language)
            if not groups or groups[-1][0] != letter:
                groups.append((letter, []))
            groups[-1][1].append(term)
        return self.render(
            request,
            context_overrides={"groups": groups, "glossary_url": self.url + "glossary/"},
            template="courses/manual/glossary_page.html",
        )

    @path("pdf/")
    def pdf(self, request):
        from courses.manual.pdf import manual_pdf_response

        return manual_pdf_response(request, self)

    def route(self, request, path_components):
        """Serve an English-only chapter under the Lao manual (with a notice) instead of a 404."""
        try:
            return route_to_specific_child(self, ManualChapterPage, request, path_components)
        except Http404:
            if not path_components:
                raise
            for other in self.get_translations().live().specific():
                # The other manual's own children only: its route() would come back here.
                try:
                    result = route_to_specific_child(
                        other, ManualChapterPage, request, path_components
                    )
                except Http404:
                    continue
                request.manual_translation_missing = True
                return result
            raise


class ManualChapterPage(ManualContentMixin, RoutablePageMixin, Page):
    """A chapter of the manual, numbered by its position in the manual."""

    base_form_class = ReadablePageForm

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in the contents.")
    )
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)
    # Minutes to read the chapter's own body, estimated on save.
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("body"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["courses.ManualPage"]
    subpage_types = ["courses.ManualSectionPage"]
    template = "courses/manual/chapter_page.html"

    class Meta:
        verbose_name = _("manual chapter")

    @path("pdf/")
    def pdf(self, request):
        from courses.manual.pdf import chapter_pdf_response

        return chapter_pdf_response(request, self)

    def route(self, request, path_components):
        return route_to_specific_child(self, ManualSectionPage, request, path_components)


class ManualSectionPage(ManualContentMixin, RoutablePageMixin, Page):
    """A section of a chapter, numbered within it (3.2)."""

    base_form_class = ReadablePageForm

    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("body"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["courses.ManualChapterPage"]
    subpage_types = []
    template = "courses/manual/chapter_page.html"

    class Meta:
        verbose_name = _("manual section")


def route_to_specific_child(page, child_model, request, path_components):
    """Wagtail's routing (the page's own routes, then its children), with the child fetched
    as its specific type in one query instead of two: chapter pages have a query budget.
    """
    if page.live:
        path = "/" + "".join(f"{component}/" for component in path_components)
        try:
            match = page.resolve_subpage(path)
        except Http404:
            pass
        else:
            request.routable_resolver_match = match
            view, args, kwargs = match
            return RouteResult(page, args=(view, args, kwargs))
    if not path_components:
        raise Http404
    child = child_model.objects.child_of(page).filter(slug=path_components[0]).first()
    if child is None:
        raise Http404
    child._cached_parent_obj = page
    return child.route(request, path_components[1:])


def chapter_navigation(page, request) -> dict:
    """Breadcrumbs, contents, numbering and previous/next links of a chapter or section.

    One query whatever the manual's size: the page's ancestors together with every live
    chapter and section of its manual (titles and paths only).
    """
    fields = ("id", "title", "slug", "url_path", "path", "depth", "locale", "content_type")
    steplen = Page.steplen
    # The manual sits under the home page, at depth 3; its chapters at 4, sections at 5.
    manual_path = page.path[: 3 * steplen]
    ancestor_paths = [page.path[: depth * steplen] for depth in range(2, page.depth)]
    rows = list(
        Page.objects.filter(
            Q(path__in=ancestor_paths)
            | Q(path__startswith=manual_path, depth__in=(4, 5), live=True)
        )
        .only(*fields)
        .order_by("path")
    )
    ancestors = [row for row in rows if row.path in ancestor_paths]
    manual = next((a for a in ancestors if a.depth == 3), None)
    if manual is None or manual.specific_class is not ManualPage:
        return {}
    chapters = [row for row in rows if row.depth == 4 and row.path.startswith(manual_path)]
    sections_by_chapter = {}
    for row in rows:
        if row.depth == 5 and row.path.startswith(manual_path):
            sections_by_chapter.setdefault(row.path[: 4 * steplen], []).append(row)
    chapter_path = page.path[: 4 * steplen]
    chapter = next((c for c in chapters if c.path == chapter_path), page)
    sections = sections_by_chapter.get(chapter_path, [])
    chapter_number = next((n for n, c in enumerate(chapters, 1) if c.pk == chapter.pk), None)
    # Reading order: each chapter followed by its sections.
    sequence = []
    for number, item in enumerate(chapters, 1):
        sequence.append((str(number), item))
        sequence += [
            (f"{number}.{n}", s) for n, s in enumerate(sections_by_chapter.get(item.path, []), 1)
        ]
    position = next((i for i, (_n, item) in enumerate(sequence) if item.pk == page.pk), None)
    if position is None:  # a draft previewed by an editor: not in the live contents
        sequence.append(("", page))
        position = len(sequence) - 1
    return {
        "manual": manual,
        "breadcrumbs": ancestors,
        "chapters": list(enumerate(chapters, 1)),
        "chapter": chapter,
        "chapter_number": chapter_number,
        "sections": [(f"{chapter_number}.{n}", s) for n, s in enumerate(sections, 1)],
        "number": sequence[position][0],
        "is_section": isinstance(page, ManualSectionPage),
        "previous": sequence[position - 1] if position > 0 else None,
        "next": sequence[position + 1] if position + 1 < len(sequence) else None,
        "glossary_url": manual.get_url(request) + "glossary/",
        "headings": [block for block in page.body if block.block_type == "heading"],
        "translation_missing": getattr(request, "manual_translation_missing", False),
    }


def aligned_blocks(lao_body, english_body) -> list[tuple]:
    """Pair the blocks of two translations, Lao first.

    Translations keep their source's block ids, so blocks pair by id; a block whose id has
    no partner pairs with the unpaired block at the same position, if any.
    """
    english = list(english_body)
    english_ids = {block.id for block in english}
    lao = list(lao_body)
    lao_ids = {block.id for block in lao}
    english_by_id = {block.id: block for block in english}
    orphans = [block for block in english if block.id not in lao_ids]
    pairs = []
    for block in lao:
        if block.id in english_ids:
            pairs.append((block, english_by_id[block.id]))
        else:
            pairs.append((block, orphans.pop(0) if orphans else None))
    pairs += [(None, block) for block in orphans]
    return pairs


def side_by_side_response(page, request):
    """The page in a Lao | English two-column view, block by block."""
    translations = {
        p.locale.language_code: p
        for p in page.get_translations(inclusive=True).live().select_related("locale").specific()
    }
    lao, english = translations.get("lo"), translations.get("en")
    if lao is None or english is None:
        return redirect(page.get_url(request))
    return page.render(
        request,
        context_overrides={
            "pairs": aligned_blocks(lao.body, english.body),
            "lao_page": lao,
            "english_page": english,
        },
        template="courses/manual/side_by_side.html",
    )
