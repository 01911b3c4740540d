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

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lms.lao import lao_matching_key, phone_key, romanised_key

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

    @property
    def phone_key(self) -> str:
        return phone_key(self.phone)

    @property
    def name_key(self) -> str:
        return lao_matching_key(self.name_lo)

    @property
    def name_latin_key(self) -> str:
        return lao_matching_key(self.name_latin)

    @property
    def loose_key(self) -> str:
        return romanised_key(self.name_latin)

    @property
    def email_key(self) -> str:
        return (self.email or "").strip().lower()

    @property
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
