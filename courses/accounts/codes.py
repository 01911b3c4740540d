"""One-time codes for a first sign-in or a password reset given by a trainer (many officials
have no email), and accounts created in bulk for a workshop's participants.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log as log_action

from courses.models import AccessCode, AccessCodePurpose
from courses.models.certificates import CODE_ALPHABET
from lms import groups
from lms.auth import UsernamePhoneOrEmailBackend, is_learner_account
from lms.lao import sort_key
from lms.models import Person

ACCESS_CODE_DAYS = 14
OTHER_SECTOR_REFUSAL = _(
    "One-time codes for people of another sector are given by programme staff."
)


def new_access_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class AccessCodeRefused(ValueError):
    """No one-time code may be issued for this account; the message says why."""


def access_code_refusal(user) -> str:
    """Why no one-time code may be issued for ``user``; "" when one may."""
    if not user.is_active:
        return str(
            _(
                "This account is deactivated: no one-time code can be issued for it. "
                "An administrator must reactivate it first."
            )
        )
    in_learners = user.groups.filter(name=groups.LEARNERS).exists()
    if not in_learners or not is_learner_account(user):
        return str(
            _(
                "One-time codes are only for learners' accounts: this account is staff, "
                "a superuser or in a group other than Learners."
            )
        )
    return ""


def issue_access_code(user, purpose: str, created_by=None) -> str:
    """A fresh one-time code for ``user`` (earlier open codes stop working); returns it.

    Raises AccessCodeRefused for an account that is not an active learner's.
    """
    refusal = access_code_refusal(user)
    if refusal:
        raise AccessCodeRefused(refusal)
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
    if created_by is not None:
        person = Person.objects.filter(user=user).first()
        log_action(
            instance=person or user,
            action="lms.access_code_issue",
            user=created_by,
            data={"account": user.get_username(), "purpose": purpose},
        )
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
    # A deactivated account stays deactivated, and an account that has become staff's since
    # the code was issued no longer takes codes: refused like a wrong code.
    if access is None or not access.is_usable or access_code_refusal(user):
        # The hash a real code would cost, so the time taken does not tell whether this
        # login has an open code.
        make_password(code)
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
        user.save(update_fields=["password"])
    return user


@dataclass
class WorkshopAccount:
    person: Person
    username: str
    code: str | None  # None when the person already signed in: they keep their password
    refused: str = ""  # why no code could be issued for this account (not a learner's)


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


def account_with_code(
    person: Person, *, created_by=None, allowed_ids=None, first_login_only=False
) -> WorkshopAccount:
    """The person's account (created when missing) with a fresh one-time code, or why not.

    ``allowed_ids`` (of lms.access.account_people) are the people the issuer may open an
    account for; the refusals come before any account is created. With
    ``first_login_only`` someone who has signed in before keeps their password (no code).
    """
    username = person.user.username if person.user else ""
    if allowed_ids is not None and person.pk not in allowed_ids:
        refusal = str(OTHER_SECTOR_REFUSAL)
    else:
        refusal = access_code_refusal(person.user) if person.user else ""
    if refusal:
        return WorkshopAccount(person=person, username=username, code=None, refused=refusal)
    user = learner_account(person)
    if first_login_only and user.last_login is not None:
        return WorkshopAccount(person=person, username=user.username, code=None)
    purpose = AccessCodePurpose.RESET if user.last_login else AccessCodePurpose.FIRST_LOGIN
    code = issue_access_code(user, purpose, created_by=created_by)
    return WorkshopAccount(person=person, username=user.username, code=code)


def create_workshop_accounts(event, created_by=None, allowed=None) -> list[WorkshopAccount]:
    """Accounts and first-login codes for the event's participants.

    Participants without an account get one; those who never signed in get a new code
    (codes are stored hashed, so a reprint means new codes); the others are listed as they are.
    ``allowed`` (lms.access.account_people) limits who gets an account or a code at all.
    """
    allowed_ids = None if allowed is None else set(allowed.values_list("pk", flat=True))
    people = (
        Person.objects.filter(participations__event=event, participations__role="participant")
        .select_related("user")
        .distinct()
    )
    return [
        account_with_code(
            person, created_by=created_by, allowed_ids=allowed_ids, first_login_only=True
        )
        for person in sorted(people, key=lambda person: sort_key(person.name_lo))
    ]
