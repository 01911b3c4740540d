"""Self-registration: a record of its own, and a claim to a likely match in the registry for a
trainer of that person to confirm or reject.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log as log_action

from courses.models import ClaimStatus, PersonClaim
from lms import groups
from lms.models import Person
from lms.people.matching import Probe, Reason, find_candidates

ACCESS_CODE_DAYS = 14
OTHER_SECTOR_REFUSAL = _(
    "One-time codes for people of another sector are given by programme staff."
)


@dataclass
class Registration:
    name_lo: str
    name_latin: str
    sex: str
    sector: object
    organisation: object
    province: object
    position: str
    phone: str  # E.164 or ""
    email: str
    password: str


def users_with_login(phone: str, email: str):
    User = get_user_model()
    users = User.objects.none()
    if phone:
        users |= User.objects.filter(person__phone=phone)
        users |= User.objects.filter(username=phone)
    if email:
        users |= User.objects.filter(email__iexact=email)
        users |= User.objects.filter(username__iexact=email)
    return users


# What makes a registry record worth a claim, in the order registration looks for it.
CLAIM_REASONS = (Reason.PHONE, Reason.EMAIL, Reason.NAME_AND_SECTOR)


def find_claimed_person(data: Registration) -> tuple[Person | None, str]:
    """The registry record (without an account) this registrant may be, and why
    (lms.people.matching); never linked by itself: a trainer confirms it (PersonClaim)."""
    probe = Probe(name_lo=data.name_lo, phone=data.phone, email=data.email, sector=data.sector)
    candidates = find_candidates(probe, Person.objects.filter(user__isnull=True))
    for reason in CLAIM_REASONS:
        with_reason = [candidate.person for candidate in candidates if candidate.has(reason)]
        if with_reason:
            return min(with_reason, key=lambda person: person.pk), str(reason.label)
    return None, ""


@transaction.atomic
def register_person(data: Registration):
    """Create the learner's account with a registry record of its own; returns the user, or
    None when the phone or email is already an account's (nothing is created).

    A likely match in the registry is never linked here: it becomes a pending PersonClaim.
    """
    User = get_user_model()
    if users_with_login(data.phone, data.email).exists():
        # The same password-hashing work as a registration, so timing tells nothing either.
        make_password(data.password)
        return None
    user = User(
        username=data.phone or data.email.lower(),
        email=data.email,
        first_name=data.name_latin[:150],
    )
    user.set_password(data.password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=groups.LEARNERS)[0])
    claimed, reason = find_claimed_person(data)
    person = Person.objects.create(
        name_lo=data.name_lo,
        name_latin=data.name_latin,
        sex=data.sex,
        sector=data.sector,
        organisation=data.organisation,
        province=data.province,
        position=data.position,
        phone=data.phone,
        email=data.email,
        user=user,
    )
    if claimed is not None:
        PersonClaim.objects.create(
            user=user, new_person=person, claimed_person=claimed, reason=reason[:200]
        )
    return user


class ClaimError(ValueError):
    pass


def _pending_claim(claim: PersonClaim) -> PersonClaim:
    """The claim, locked against a second decision made at the same moment."""
    claim = PersonClaim.objects.select_for_update().get(pk=claim.pk)
    if not claim.is_pending:
        raise ClaimError(_("This claim has already been decided."))
    return claim


def _record_decision(claim: PersonClaim, status, decided_by, note: str, **logged):
    """Store the decision and write it to the audit log (who, when, for whom)."""
    claim.status = status
    claim.decided_by = decided_by
    claim.decided_at = timezone.now()
    claim.note = note
    claim.save()
    action = "lms.claim_confirm" if status == ClaimStatus.CONFIRMED else "lms.claim_reject"
    log_action(
        instance=claim,
        action=action,
        user=decided_by,
        data={"claim": claim.pk, "account": claim.user.get_username(), **logged},
    )
    return claim


@transaction.atomic
def confirm_claim(claim: PersonClaim, *, decided_by, note: str = "") -> PersonClaim:
    """The registrant is the claimed person: merge their new record into it."""
    claim = _pending_claim(claim)
    if claim.new_person_id is None or claim.claimed_person_id is None:
        raise ClaimError(_("One of the two records no longer exists; reject this claim."))
    if claim.claimed_person.user_id is not None:
        raise ClaimError(
            _("The claimed person already has an account; reject this claim or unlink it first.")
        )
    if claim.new_person.user_id != claim.user_id:
        raise ClaimError(_("The registered record is no longer this account's; reject this claim."))
    from lms.people.merge import merge_people

    claimed = claim.claimed_person
    merge = merge_people(kept=claimed, duplicate=claim.new_person, merged_by=decided_by)
    claim.new_person = None  # merged into the claimed person, and deleted
    return _record_decision(
        claim,
        ClaimStatus.CONFIRMED,
        decided_by,
        note,
        kept_person=claimed.pk,
        merged_person=merge.removed_person_id,
    )


@transaction.atomic
def reject_claim(claim: PersonClaim, *, decided_by, note: str = "") -> PersonClaim:
    """The registrant is someone else: the two records stay apart."""
    claim = _pending_claim(claim)
    return _record_decision(
        claim,
        ClaimStatus.REJECTED,
        decided_by,
        note,
        claimed_person=claim.claimed_person_id,
        new_person=claim.new_person_id,
    )
