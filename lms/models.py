"""The shared core: provinces, sectors, organisations, ranks and the registry of people."""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.i18n import TranslatedField
from lms.lao import InvalidPhoneNumber, lao_matching_key, normalise_phone, phone_key, romanised_key
from lms.page_forms import ReadablePageForm
from lms.search_backend import LAO_SEARCH_FIELDS, LaoSearchable, search_words


class Province(models.Model):
    code = models.CharField(_("national code"), max_length=2, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_lo = models.CharField(_("name (Lao)"), max_length=100)

    name = TranslatedField("name_lo", "name_en")

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_lo = models.CharField(_("name (Lao)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    name = TranslatedField("name_lo", "name_en")

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class InstitutionLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    REGIONAL = "regional", _("Regional")
    PROVINCIAL = "provincial", _("Provincial")
    ZONE = "zone", _("Zone or district")


class Organisation(index.Indexed, models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_lo = models.CharField(_("name (Lao)"), max_length=200)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=20, blank=True)
    abbreviation_lo = models.CharField(_("abbreviation (Lao)"), max_length=20, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="organisations"
    )
    level = models.CharField(_("level"), max_length=12, choices=InstitutionLevel.choices)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for central institutions that work nationwide."),
    )
    verified = models.BooleanField(
        _("spelling verified"),
        default=True,
        help_text=_("Unticked where the name is the best spelling found but unconfirmed."),
    )

    name = TranslatedField("name_lo", "name_en")
    abbreviation = TranslatedField("abbreviation_lo", "abbreviation_en")

    search_fields = [
        index.SearchField("name_en"),
        index.SearchField("name_lo"),
        index.AutocompleteField("name_en"),
        index.FilterField("sector"),
        index.FilterField("level"),
    ]

    class Meta:
        ordering = ["sector__sort_order", "name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Rank(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_lo = models.CharField(_("name (Lao)"), max_length=100)
    abbreviation_lo = models.CharField(_("abbreviation (Lao)"), max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    name = TranslatedField("name_lo", "name_en")

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self):
        return self.name


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class PersonQuerySet(models.QuerySet):
    def women(self):
        return self.filter(sex=Sex.FEMALE)

    def matching_name(self, name: str):
        """People whose Lao or romanised name has the same matching key."""
        key = lao_matching_key(name)
        return self.filter(models.Q(name_key=key) | models.Q(name_latin_key=key))

    def with_phone(self, phone: str):
        """People with this phone number however it is typed (lms.people.matching)."""
        normalised = phone_key(phone)
        return self.filter(phone=normalised) if normalised else self.none()


class Person(index.Indexed, models.Model):
    """An official in the registry, counted once however many trainings they attend."""

    name_lo = models.CharField(_("name in Lao script"), max_length=200)
    name_latin = models.CharField(
        _("romanised name"), max_length=200, blank=True, help_text=_("Given name, family name.")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="people"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    rank = models.ForeignKey(
        Rank, verbose_name=_("rank"), on_delete=models.SET_NULL, null=True, blank=True
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="people"
    )
    # E.164, e.g. +8562055551234; blank when the person gave none.
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    # Matching keys of the two names (lms.lao.lao_matching_key), kept up to date on save.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    name_latin_key = models.CharField(max_length=200, editable=False, db_index=True)
    # The romanised name's loose key (lms.lao.romanised_key), on save too:
    # Souksavanh Phommachanh and Suksavan Phomachan share one.
    name_latin_loose_key = models.CharField(
        max_length=200, editable=False, db_index=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    search_fields = [
        index.SearchField("search_text"),
        # The admin's listing search autocompletes: a name typed in part still finds people.
        index.AutocompleteField("search_text"),
        index.FilterField("sex"),
        index.FilterField("sector"),
        index.FilterField("province"),
        # A trainer's listing is narrowed by id (lms.access.managed_people).
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["name_latin", "name_lo"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(Lower("email"), name="lms_person_email_lower")]

    def __str__(self):
        if self.name_latin:
            return f"{self.name_lo} ({self.name_latin})"
        return self.name_lo

    def save(self, *args, **kwargs):
        self.name_key = lao_matching_key(self.name_lo)
        self.name_latin_key = lao_matching_key(self.name_latin)
        self.name_latin_loose_key = romanised_key(self.name_latin)
        if self.phone:
            # An invalid number is kept as typed; clean() reports it to whoever entered it.
            with contextlib.suppress(InvalidPhoneNumber):
                self.phone = normalise_phone(self.phone)
        super().save(*args, **kwargs)

    def clean(self):
        try:
            self.phone = normalise_phone(self.phone)
        except InvalidPhoneNumber:
            raise ValidationError(
                {"phone": _("Enter a valid phone number, for example 020 5555 1234.")}
            ) from None
        if self.organisation_id and not self.sector_id:
            self.sector_id = self.organisation.sector_id

    def search_text(self) -> str:
        """Names, position and phone as the search backend's words (Lao segmented).

        The phone is indexed both as +856... and as dialled at home (020...).
        """
        digits = self.phone.removeprefix("+")
        local = "0" + digits.removeprefix("856") if digits.startswith("856") else digits
        words = search_words(f"{self.name_lo} {self.name_latin} {self.position}")
        return f"{words} {digits} {local}".strip()


class OnePerLocaleMixin:
    """A page type of which each language tree holds at most one (home page, manual)."""

    @classmethod
    def can_create_at(cls, parent):
        return (
            super().can_create_at(parent) and not cls.objects.filter(locale=parent.locale).exists()
        )


class HomePage(LaoSearchable, OnePerLocaleMixin, Page):
    """The site's home page, one per language tree."""

    base_form_class = ReadablePageForm

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("introduction"), FieldPanel("body")], heading=_("Content"))
    ]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("introduction"),
        ]
        + LAO_SEARCH_FIELDS
    )

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def search_texts(self) -> list[str]:
        return [self.introduction, strip_tags(self.body)]


class PersonMerge(models.Model):
    """One merge of a duplicate person into a kept one; holds enough to undo it."""

    kept = models.ForeignKey(
        "lms.Person",
        verbose_name=_("kept person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The removed record's id and a readable label, kept after the record is deleted.
    removed_person_id = models.PositiveBigIntegerField(_("removed person id"))
    removed_label = models.CharField(_("removed person"), max_length=420)
    # Django-serialised removed person, as it was before the merge.
    removed_data = models.JSONField(default=list)
    # [{"model": "app.model", "field": "person", "pks": [...]}, ...]: rows moved to the kept person.
    moved = models.JSONField(default=list)
    # Django-serialised rows deleted because the kept person already had their equivalent.
    deleted_data = models.JSONField(default=list)
    # The user account moved from the removed person to the kept one, if any.
    moved_user_id = models.PositiveBigIntegerField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        # Made by the courses app before the registry's rules moved to the core.
        db_table = "courses_personmerge"

    def __str__(self):
        return f"{self.removed_label} → {self.kept}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
