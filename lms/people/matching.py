"""THE person matcher: "who is this person?" for every import, form and registry search box.

What a sheet row, a registration form or a search box knows about someone (a ``Probe``:
names, phone, email, organisation, sector, sex; any of it may be missing) is compared with
the people of a queryset the caller passes, so that each caller keeps its own access scope
(lms.access). The comparison runs in the database on Person's indexed key columns: the
phone in E.164, the Lao matching key of each name (lms.lao.lao_matching_key), the loose
romanised key (``romanised_key``) and the lower-cased email.

Each candidate carries every reason it matched, strongest first, and the candidates are
ranked by their strongest reason. What is enough is the caller's decision: a sign-in sheet
matches a row only to a single strong candidate, the score import takes the phone before
the name, a registration only proposes a claim for a trainer to confirm.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lms.lao import (
    contains_lao,
    lao_matching_key,
    phone_key,
    romanised_key,
)
from lms.models import Organisation, Province, Sex

# A search box's loose romanised key must be this long to be looked for inside names.
MIN_LOOSE_SEARCH = 3
# A search box's phone digits must be this many to be looked for inside numbers.
MIN_PHONE_SEARCH = 4


class Reason(models.TextChoices):
    """Why a registry record may be the person, strongest first."""

    PHONE = "phone", _("Same phone number")
    NAME_AND_ORGANISATION = "name_organisation", _("Same Lao name and organisation")
    NAME_AND_SECTOR = "name_sector", _("Same Lao name in the same sector")
    ROMANISED_NAME = "romanised", _("Similar romanised name")
    EMAIL = "email", _("Same email")
    # The same name (Lao key, or the romanised name's exact key) and nothing else.
    NAME = "name", _("Same name")


_RANK = {reason: rank for rank, reason in enumerate(Reason)}
# Reasons that say something about the name.
NAME_REASONS = frozenset(
    {Reason.NAME_AND_ORGANISATION, Reason.NAME_AND_SECTOR, Reason.ROMANISED_NAME, Reason.NAME}
)


class _Unknown:
    def __repr__(self):
        return "UNKNOWN"


# An organisation or sector the probe says nothing about (None says "has none").
UNKNOWN: Any = _Unknown()


def _pk(value):
    if value is UNKNOWN or value is None:
        return value
    return getattr(value, "pk", value)


# Titles written before a name, with the sex each suggests ("" for none). Compared through
# lao_matching_key; a Lao title may be joined to the name ("ທ້າວສົມພອນ"), a Latin one not.
HONORIFICS = (
    ("ທ່ານ ນາງ", Sex.FEMALE),
    ("ທ່ານນາງ", Sex.FEMALE),
    ("ນາງສາວ", Sex.FEMALE),
    ("ທ້າວ", Sex.MALE),
    ("ນາງ", Sex.FEMALE),
    ("ທ່ານ ດຣ.", ""),
    ("ທ່ານ ດຣ", ""),
    ("ທ່ານ", Sex.MALE),
    ("ດຣ.", ""),
    ("ດຣ", ""),
    ("ທ.", Sex.MALE),
    ("ນ.", Sex.FEMALE),
    ("mrs.", Sex.FEMALE),
    ("mrs", Sex.FEMALE),
    ("mr.", Sex.MALE),
    ("mr", Sex.MALE),
    ("ms.", Sex.FEMALE),
    ("ms", Sex.FEMALE),
    ("miss", Sex.FEMALE),
    ("dr.", ""),
    ("dr", ""),
)
_HONORIFIC_KEYS = tuple((lao_matching_key(title), sex) for title, sex in HONORIFICS)


@dataclass(frozen=True)
class Titled:
    """A name as typed with its title taken off: ``title`` as typed, ``sex`` it suggests."""

    name: str
    title: str = ""
    sex: str = ""


def split_honorific(name: str) -> Titled:
    """ "ທ່ານ ນາງ ມາລີ" -> ມາລີ, titled ທ່ານ ນາງ, female; "Dr Somphone" -> Somphone, no sex.

    Titles stack ("ທ່ານ ດຣ. ..."): all are taken off; the first that says a sex gives it."""
    text, titles, sex = (name or "").strip(), [], ""
    while text:
        key = lao_matching_key(text)
        for title_key, title_sex in _HONORIFIC_KEYS:
            if not key.startswith(title_key):
                continue
            cut = _typed_length(text, title_key)
            after = text[cut:]
            if not after.strip() or unicodedata.category(after[0]) == "Mn":
                continue  # the title is the whole name, or ends inside a syllable
            joinable = title_key.endswith(".") or contains_lao(title_key)
            if not after[0].isspace() and not joinable:
                continue  # "Mrs" is not the start of "Mrsomphone"
            titles.append(text[:cut].strip())
            sex = sex or title_sex
            text = after.strip()
            break
        else:
            break
    return Titled(text, " ".join(titles), sex)


def _typed_length(text: str, key: str) -> int:
    """How many characters of ``text`` its matching key's prefix ``key`` covers."""
    for end in range(1, len(text) + 1):
        if lao_matching_key(text[:end]) == key:
            return end
    return len(text)


def bare_name(name: str) -> str:
    """The name without its titles."""
    return split_honorific(name).name


@dataclass(frozen=True)
class Probe:
    """What a sheet row, a form or a search box knows about a person; any may be missing."""

    name_lo: str = ""
    name_latin: str = ""
    phone: str = ""
    email: str = ""
    # An Organisation or Sector (or its pk); None when the person has none; UNKNOWN.
    organisation: Any = UNKNOWN
    sector: Any = UNKNOWN
    sex: str = ""

    # The keys are worked out once per probe: match_people compares every probe with every
    # person a batch finds, and a phone key is a phonenumbers parse.
    @cached_property
    def phone_key(self) -> str:
        return phone_key(self.phone)

    @cached_property
    def name_key(self) -> str:
        return lao_matching_key(bare_name(self.name_lo))

    @cached_property
    def name_latin_key(self) -> str:
        return lao_matching_key(bare_name(self.name_latin))

    @cached_property
    def loose_key(self) -> str:
        return romanised_key(bare_name(self.name_latin))

    @cached_property
    def email_key(self) -> str:
        return (self.email or "").strip().lower()

    @cached_property
    def name_keys(self) -> set[str]:
        """Either name's key: a probe's name may have been typed in either script."""
        return {self.name_key, self.name_latin_key} - {""}


@dataclass
class Candidate:
    """A registry record that may be the probed person, with every reason, strongest first."""

    person: Any
    reasons: tuple
    # Both have a phone number and they differ: namesakes with their own phones.
    phone_conflicts: bool = False

    @property
    def reason(self) -> Reason:
        return self.reasons[0]

    def has(self, *reasons: Reason) -> bool:
        return any(reason in self.reasons for reason in reasons)

    @property
    def same_phone(self) -> bool:
        return Reason.PHONE in self.reasons

    @property
    def same_name(self) -> bool:
        """The Lao name's key, or the romanised name (loosely), agrees."""
        return bool(NAME_REASONS & set(self.reasons))


def _reasons(probe: Probe, person) -> tuple:
    reasons = []
    if probe.phone_key and person.phone == probe.phone_key:
        reasons.append(Reason.PHONE)
    same_lao_key = bool(probe.name_key) and person.name_key == probe.name_key
    organisation, sector = _pk(probe.organisation), _pk(probe.sector)
    if same_lao_key and organisation is not UNKNOWN and person.organisation_id == organisation:
        reasons.append(Reason.NAME_AND_ORGANISATION)
    if same_lao_key and sector is not UNKNOWN and person.sector_id == sector:
        reasons.append(Reason.NAME_AND_SECTOR)
    if (
        probe.loose_key
        and person.name_latin_loose_key == probe.loose_key
        and (not probe.sex or person.sex == probe.sex)
    ):
        reasons.append(Reason.ROMANISED_NAME)
    if probe.email_key and (person.email or "").lower() == probe.email_key:
        reasons.append(Reason.EMAIL)
    keys = probe.name_keys
    if keys and (person.name_key in keys or person.name_latin_key in keys):
        reasons.append(Reason.NAME)
    return tuple(sorted(reasons, key=_RANK.__getitem__))


def _rank(candidate: Candidate):
    # By the strongest reason, then the next one: one more reason beats none.
    ranks = tuple(_RANK[reason] for reason in candidate.reasons) + (len(_RANK),)
    return (ranks, candidate.person.pk)


def match_people(probes: list[Probe], people: QuerySet) -> list[list[Candidate]]:
    """For each probe, the people of ``people`` who may be them, strongest first.

    One query for all the probes (a whole sheet), on the indexed key columns only.
    """
    phones = {probe.phone_key for probe in probes} - {""}
    names = set().union(*(probe.name_keys for probe in probes)) if probes else set()
    loose = {probe.loose_key for probe in probes} - {""}
    emails = {probe.email_key for probe in probes} - {""}
    condition = Q()
    if phones:
        condition |= Q(phone__in=phones)
    if names:
        condition |= Q(name_key__in=names) | Q(name_latin_key__in=names)
    if loose:
        condition |= Q(name_latin_loose_key__in=loose)
    if emails:
        condition |= Q(email_lower__in=emails)
    if not condition:
        return [[] for _probe in probes]
    found = list(people.alias(email_lower=Lower("email")).filter(condition))
    results = []
    for probe in probes:
        candidates = []
        for person in found:
            reasons = _reasons(probe, person)
            if reasons:
                conflicts = bool(probe.phone_key and person.phone) and (
                    person.phone != probe.phone_key
                )
                candidates.append(Candidate(person, reasons, phone_conflicts=conflicts))
        results.append(sorted(candidates, key=_rank))
    return results


def find_candidates(probe: Probe, people: QuerySet) -> list[Candidate]:
    """The people of ``people`` who may be the probed person, strongest reason first."""
    return match_people([probe], people)[0]


def search_people(query: str, people: QuerySet, *, phones_within: QuerySet | None = None):
    """The people of ``people`` a search box's text names: part of a Lao or romanised name
    (the romanised one loosely, Suksavan finds Souksavanh), of a phone number (dialled as
    020..., 20... or +856...), or an organisation's name or abbreviation.

    Phone numbers are looked for only among ``phones_within`` when given, so that a number
    cannot be probed outside what the viewer may see.
    """
    query = (query or "").strip()
    if not query:
        return people.none()
    key = lao_matching_key(query)
    condition = (
        Q(name_key__contains=key)
        | Q(name_latin_key__contains=key)
        | Q(organisation__name_en__icontains=query)
        | Q(organisation__name_lo__icontains=query)
        | Q(organisation__abbreviation_en__iexact=query)
    )
    loose = romanised_key(query)
    if len(loose) >= MIN_LOOSE_SEARCH:
        condition |= Q(name_latin_loose_key__contains=loose)
    digits = "".join(ch for ch in key if ch.isdigit()).lstrip("0")
    if len(digits) >= MIN_PHONE_SEARCH:
        by_phone = Q(phone__contains=digits)
        if phones_within is not None:
            by_phone &= Q(pk__in=phones_within.values("pk"))
        condition |= by_phone
    return people.filter(condition)


def duplicate_groups(people: QuerySet) -> list[tuple[Reason, list[int]]]:
    """Groups of people (pks) in ``people`` who are probably one person, with the reason:
    the same phone; the same Lao name key and organisation; a similar romanised name and
    the same sex. Namesakes who each gave their own phone number are different people.

    Grouped in the database on the key columns; only the grouped people are read.
    """
    groups: list[tuple[Reason, list[int]]] = []

    def grouped(columns: tuple[str, ...], exclude: dict) -> list[list[tuple[int, str]]]:
        repeated = (
            people.exclude(**exclude).values(*columns).annotate(n=Count("pk")).filter(n__gt=1)
        )
        wanted = {tuple(row[column] for column in columns) for row in repeated}
        if not wanted:
            return []
        members: dict = {}
        rows = people.filter(**{f"{columns[0]}__in": {key[0] for key in wanted}})
        for pk, phone, *values in rows.values_list("pk", "phone", *columns).order_by("pk"):
            if tuple(values) in wanted:
                members.setdefault(tuple(values), []).append((pk, phone))
        return list(members.values())

    for members in grouped(("phone",), {"phone": ""}):
        groups.append((Reason.PHONE, [pk for pk, _phone in members]))
    for reason, columns, exclude in (
        (Reason.NAME_AND_ORGANISATION, ("name_key", "organisation"), {"name_key": ""}),
        (Reason.ROMANISED_NAME, ("name_latin_loose_key", "sex"), {"name_latin_loose_key": ""}),
    ):
        for members in grouped(columns, exclude):
            if not all(phone for _pk, phone in members):
                groups.append((reason, [pk for pk, _phone in members]))
    return groups


# One sheet, one person ---------------------------------------------------------------------

# Two Lao names this alike (difflib ratio of their keys) are spelling variants of one name.
SIMILAR_NAME_RATIO = 0.85


def names_agree(one: Probe, other: Probe) -> bool:
    """The two probes' names are one name, however spelt: the same Lao key, the same loose
    romanised key, or Lao keys that differ by a vowel or tone mark or two."""
    if one.name_key and one.name_key == other.name_key:
        return True
    if one.loose_key and one.loose_key == other.loose_key:
        return True
    if one.name_key and other.name_key:
        a, b = one.name_key.replace(" ", ""), other.name_key.replace(" ", "")
        return SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAME_RATIO
    return False


def same_person(one: Probe, other: Probe) -> bool:
    """Two rows of one sheet (or form) are one person: the same phone and names that agree,
    or the same Lao name and organisation without two different phones."""
    if one.phone_key and one.phone_key == other.phone_key:
        return names_agree(one, other)
    if one.phone_key and other.phone_key:
        return False  # namesakes with their own phones
    if not (one.name_key and one.name_key == other.name_key):
        return False
    return _pk(one.organisation) == _pk(other.organisation) or UNKNOWN in (
        one.organisation,
        other.organisation,
    )


# Organisations ----------------------------------------------------------------------------

# Words that do not tell one institution from another once the province is known.
_ORGANISATION_FILLER = tuple(
    lao_matching_key(word).replace(" ", "")
    for word in (
        "ກອງບັນຊາການ",
        "ຫ້ອງການ",
        "ແຂວງ",
        "ນະຄອນຫຼວງ",
        "ສປປ ລາວ",
        "ແຫ່ງ",
        "ຂອງ",
        "ແລະ",
        "headquarters",
        "provincial",
        "province",
        "office",
        "the",
        "of",
        "and",
        "capital",
    )
)
# How alike (difflib ratio) a typed name must be to an institution's to be suggested.
ORGANISATION_SUGGESTION_RATIO = 0.75
MAX_ORGANISATION_SUGGESTIONS = 3


def _compact(text: str) -> str:
    return re.sub(r"[\s,.;:()\-–/]+", "", lao_matching_key(text))


def _without_filler(compact: str) -> str:
    for word in _ORGANISATION_FILLER:
        compact = compact.replace(word, "")
    return compact


@dataclass
class OrganisationMatch:
    """What a typed organisation names: ``organisation`` when the name is exact; otherwise
    ``suggestions`` (best first) for the user to confirm one of, never taken silently."""

    organisation: Any = None
    suggestions: list = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.suggestions)

    @property
    def suggested(self):
        return self.suggestions[0] if self.suggestions else None


class OrganisationMatcher:
    """Organisations by any of their names (key, English or Lao name or abbreviation), and
    by a short or long form ("ປກສ ແຂວງສະຫວັນນະເຂດ" for "ກອງບັນຊາການ ປກສ ແຂວງສະຫວັນນະເຂດ"):
    a form that is not one of its names is a suggestion. A province named in the text
    limits the suggestions to that province's offices; otherwise the ``province`` (of the
    event) is preferred and other provinces' offices are never suggested."""

    def __init__(self, province=None):
        self.province_id = _pk(province) if province is not UNKNOWN else None
        self.organisations = list(Organisation.objects.select_related("province"))
        self.by_key: dict[str, list] = {}
        self.abbreviations: dict[str, list] = {}
        for organisation in self.organisations:
            for name in (organisation.key, organisation.name_en, organisation.name_lo):
                if name:
                    self.by_key.setdefault(lao_matching_key(name), []).append(organisation)
            for name in (organisation.abbreviation_en, organisation.abbreviation_lo):
                if name:
                    self.by_key.setdefault(lao_matching_key(name), []).append(organisation)
                    self.abbreviations.setdefault(_compact(name), []).append(organisation)
        self.by_key = {key: list(dict.fromkeys(orgs)) for key, orgs in self.by_key.items()}
        # Province names, longest first, so "ນະຄອນຫຼວງວຽງຈັນ" wins over "ວຽງຈັນ".
        names = []
        for province in Province.objects.all():
            for name in (province.name_lo, province.name_en):
                compact = _compact(name)
                names.append((compact, province.pk))
                stripped = _without_filler(compact)
                if stripped and stripped != compact:
                    names.append((stripped, province.pk))
        self.province_names = sorted(set(names), key=lambda item: -len(item[0]))
        self._cores = {org.pk: self._core(org.name_lo) for org in self.organisations}
        # Lao abbreviations inside names ("ກອງບັນຊາການ ປກສ ແຂວງ...") written out as well.
        self._expansions = {
            abbreviation: [self._cores[org.pk] for org in orgs if self._cores[org.pk]]
            for abbreviation, orgs in self.abbreviations.items()
            if contains_lao(abbreviation)
        }
        self._forms = {
            org.pk: self._variants(self._cores[org.pk]) | {self._core(org.name_en)}
            for org in self.organisations
        }
        self._cache: dict[str, OrganisationMatch] = {}

    def _province_in(self, compact: str) -> tuple[int | None, str]:
        for name, province_id in self.province_names:
            if name and name in compact:
                return province_id, compact.replace(name, "")
        return None, compact

    def _core(self, name: str) -> str:
        return _without_filler(self._province_in(_compact(name))[1])

    def _variants(self, core: str) -> set[str]:
        variants = {core}
        for abbreviation, expansions in self._expansions.items():
            if abbreviation in core:
                variants |= {core.replace(abbreviation, written) for written in expansions}
        return variants - {""}

    def match(self, text: str) -> OrganisationMatch:
        key = lao_matching_key(text)
        if not key:
            return OrganisationMatch()
        if key not in self._cache:
            self._cache[key] = self._match(text, key)
        return self._cache[key]

    def _match(self, text: str, key: str) -> OrganisationMatch:
        named_province, rest = self._province_in(_compact(text))
        core = _without_filler(rest)
        exact = self.by_key.get(key, [])
        if named_province is not None:
            exact = [org for org in exact if org.province_id == named_province]
        wanted = self._variants(core)
        scored = []
        for organisation in self.organisations:
            if named_province is not None:
                if organisation.province_id != named_province:
                    continue
            elif organisation.province_id not in (None, self.province_id):
                continue
            forms = self._forms[organisation.pk]
            ratio = max(
                (SequenceMatcher(None, word, own).ratio() for word in wanted for own in forms),
                default=0,
            )
            if ratio >= ORGANISATION_SUGGESTION_RATIO:
                local = organisation.province_id is not None
                scored.append((-ratio, not local, organisation.name_en, organisation))
        similar = [org for *_rank, org in sorted(scored, key=lambda item: item[:3])]
        if len(exact) == 1:
            # An abbreviation shared by a local office ("ປກສ" in a province) is a question.
            local = [org for org in similar if org != exact[0] and org.province_id is not None]
            by_abbreviation = _compact(text) in self.abbreviations
            if by_abbreviation and local and exact[0].province_id is None:
                return OrganisationMatch(suggestions=(local + exact)[:MAX_ORGANISATION_SUGGESTIONS])
            return OrganisationMatch(organisation=exact[0])
        if exact:
            local = [org for org in exact if org.province_id == self.province_id]
            others = [org for org in exact if org not in local]
            return OrganisationMatch(suggestions=(local + others)[:MAX_ORGANISATION_SUGGESTIONS])
        return OrganisationMatch(suggestions=similar[:MAX_ORGANISATION_SUGGESTIONS])
