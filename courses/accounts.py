"""Learner accounts: self-registration matched against the registry of people, accounts
created in bulk for a workshop's participants, and one-time codes for a first sign-in or a
password reset by a trainer (many officials have no email).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import AccessCode, AccessCodePurpose
from courses.models.course import CODE_ALPHABET
from lms import groups
from lms.auth import UsernamePhoneOrEmailBackend
from lms.lao import lao_matching_key, sort_key
from lms.models import Person

ACCESS_CODE_DAYS = 14


class RegistrationConflict(Exception):
    """The registration cannot go ahead as typed; ``field`` is the form field to mark."""

    def __init__(self, message, field=None, code=""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


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
    different_person: bool = False


def users_with_login(phone: str, email: str):
    User = get_user_model()
    users = User.objects.none()
    if phone:
        users |= User.objects.filter(person__phone=phone)
        users |= User.objects.filter(username=phone)
    if email:
        users |= User.objects.filter(email__iexact=email)
    return users


def find_registry_match(data: Registration) -> Person | None:
    """The registry record this registrant is, or None for a new person.

    Raises RegistrationConflict rather than guess: a phone or email already used by an
    account, a phone that belongs to someone with another name, or a namesake in the
    same sector whose contact details differ (unless they said they are a different person).
    """
    if users_with_login(data.phone, data.email).exists():
        raise RegistrationConflict(
            _(
                "An account with this phone number or email already exists. Sign in, or ask "
                "a trainer for a one-time code if you forgot your password."
            ),
            field="phone" if data.phone else "email",
            code="account_exists",
        )
    key = lao_matching_key(data.name_lo)
    by_contact = Person.objects.none()
    if data.phone:
        by_contact = Person.objects.filter(phone=data.phone)
    if data.email and not by_contact.exists():
        by_contact = Person.objects.filter(email__iexact=data.email)
    by_contact = list(by_contact.filter(user__isnull=True))
    if by_contact:
        same_name = [person for person in by_contact if person.name_key == key]
        if same_name:
            return same_name[0]
        raise RegistrationConflict(
            _(
                "This phone number or email is registered to a person with another name. "
                "Check how you wrote your name in Lao, or ask a trainer to correct the registry."
            ),
            field="name_lo",
            code="contact_other_name",
        )
    namesakes = list(
        Person.objects.filter(name_key=key, sector=data.sector, user__isnull=True).order_by("pk")
    )
    without_contact = [person for person in namesakes if not person.phone and not person.email]
    if len(without_contact) == 1 and len(namesakes) == 1:
        return without_contact[0]
    if namesakes and not data.different_person:
        raise RegistrationConflict(
            _(
                "Someone with this name in your sector is already in the registry with other "
                "contact details. If that is you, ask a trainer to link your account. If you "
                "are a different person with the same name, tick the box below."
            ),
            field="different_person",
            code="namesake",
        )
    return None


@transaction.atomic
def register_person(data: Registration):
    """Create the learner's account and link it to their registry record (found or new)."""
    person = find_registry_match(data)
    User = get_user_model()
    user = User(
        username=data.phone or data.email.lower(),
        email=data.email,
        first_name=data.name_latin[:150],
    )
    user.set_password(data.password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=groups.LEARNERS)[0])
    if person is None:
        person = Person(
            name_lo=data.name_lo,
            name_latin=data.name_latin,
            sex=data.sex,
            sector=data.sector,
            organisation=data.organisation,
            province=data.province,
            position=data.position,
        )
    # The registry keeps what it knew; the registrant fills the gaps.
    person.phone = person.phone or data.phone
    person.email = person.email or data.email
    person.name_latin = person.name_latin or data.name_latin
    person.position = person.position or data.position
    person.organisation = person.organisation or data.organisation
    person.user = user
    person.save()
    return user


def new_access_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def issue_access_code(user, purpose: str, created_by=None) -> str:
    """A fresh one-time code for ``user`` (earlier open codes stop working); returns it."""
    now = timezone.now()
    AccessCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    code = new_access_code()
    access = AccessCode(
        user=user,
        purpose=purpose,
        created_by=created_by,
        expires_at=now + timedelta(days=ACCESS_CODE_DAYS),
    )
    access.set_code(code.replace("-", ""))
    access.save()
    return code


class InvalidAccessCode(Exception):
    pass


def redeem_access_code(login: str, code: str, new_password: str):
    """Set a new password with a one-time code; returns the user or raises InvalidAccessCode."""
    user = UsernamePhoneOrEmailBackend()._find_user(login.strip())
    access = (
        AccessCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
        if user
        else None
    )
    if access is None or not access.is_usable:
        raise InvalidAccessCode
    if not access.matches(code.replace("-", "")):
        # Counted outside any transaction, so the refusal cannot roll it back.
        AccessCode.objects.filter(pk=access.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise InvalidAccessCode
    with transaction.atomic():
        # Only one redemption wins if the same code is sent twice at once.
        if not AccessCode.objects.filter(pk=access.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            raise InvalidAccessCode
        user.set_password(new_password)
        user.is_active = True
        user.save()
    return user


@dataclass
class WorkshopAccount:
    person: Person
    username: str
    code: str | None  # None when the person already signed in: they keep their password


def username_for(person: Person) -> str:
    User = get_user_model()
    candidate = person.phone or (person.email.lower() if person.email else "")
    if not candidate or User.objects.filter(username=candidate).exists():
        candidate = f"learner-{person.pk}"
    return candidate


@transaction.atomic
def learner_account(person: Person):
    """The person's user account, created (without a password, in Learners) when missing."""
    if person.user is not None:
        return person.user
    user = get_user_model()(
        username=username_for(person), email=person.email, first_name=person.name_latin
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=groups.LEARNERS)[0])
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


def create_workshop_accounts(event, created_by=None) -> list[WorkshopAccount]:
    """Accounts and first-login codes for the event's participants.

    Participants without an account get one; those who never signed in get a new code
    (codes are stored hashed, so a reprint means new codes); the others are listed as they are.
    """
    people = (
        Person.objects.filter(participations__event=event, participations__role="participant")
        .select_related("user")
        .distinct()
    )
    accounts = []
    for person in sorted(people, key=lambda person: sort_key(person.name_lo)):
        user = learner_account(person)
        code = None
        if user.last_login is None:
            code = issue_access_code(user, AccessCodePurpose.FIRST_LOGIN, created_by=created_by)
        accounts.append(WorkshopAccount(person=person, username=user.username, code=code))
    return accounts
