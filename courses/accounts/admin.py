"""Admin views of learner accounts: workshop accounts with printable first-login codes,
one-time codes for a password reset (many officials have no email), registrants' claims to
be a registered person, and sign-in lockouts. Their URLs are mounted with the certificates'
under /admin/learning/ (courses/course_admin.py).

Each view narrows to what the user manages (lms.access): a trainer sees the people and
events of their sectors and trainings; programme staff and administrators see everything.
"""

from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.log_actions import log as log_action

from courses.accounts.codes import account_with_code, create_workshop_accounts
from courses.accounts.registration import ClaimError, confirm_claim, reject_claim
from courses.models import PersonClaim
from lms.access import account_people, managed_events, managed_people, sees_everything
from lms.admin_menu import PermissionMenuItem
from lms.people.matching import search_people

TEMPLATES = "courses/course/admin/"


@permission_required("lms.change_person", raise_exception=True)
def learner_accounts(request):
    query = request.GET.get("q", "").strip()
    people = managed_people(request.user).none()
    if query:
        people = (
            search_people(query, managed_people(request.user))
            .select_related("user", "organisation")
            .order_by("name_latin")[:50]
        )
    events = managed_events(request.user).order_by("-start_date")[:30]
    pending_claims = (
        PersonClaim.objects.pending()
        .filter(claimed_person__in=managed_people(request.user))
        .count()
    )
    return render(
        request,
        TEMPLATES + "learner_accounts.html",
        {"query": query, "people": people, "events": events, "pending_claims": pending_claims},
    )


@permission_required("lms.change_person", raise_exception=True)
def workshop_accounts(request, event_id):
    """GET: what will happen. POST: create accounts and show the printable code sheet."""
    event = get_object_or_404(managed_events(request.user), pk=event_id)
    if request.method == "POST":
        accounts = create_workshop_accounts(
            event, created_by=request.user, allowed=account_people(request.user)
        )
        return render(
            request,
            TEMPLATES + "workshop_codes.html",
            {"event": event, "accounts": accounts, "login_url": request.build_absolute_uri("/")},
        )
    participants = event.participations.participants().select_related("person__user")
    return render(
        request,
        TEMPLATES + "workshop_accounts.html",
        {"event": event, "participations": participants},
    )


@permission_required("lms.change_person", raise_exception=True)
@require_POST
def person_access_code(request, person_id):
    """Give a learner without email a one-time code to set a new password."""
    person = get_object_or_404(managed_people(request.user).select_related("user"), pk=person_id)
    allowed = account_people(request.user).filter(pk=person.pk).values_list("pk", flat=True)
    account = account_with_code(person, created_by=request.user, allowed_ids=set(allowed))
    return render(
        request,
        TEMPLATES + "access_code.html",
        {
            "person": person,
            "username": account.username,
            "code": account.code,
            "refusal": account.refused,
        },
        status=409 if account.refused else 200,
    )


# Claims ----------------------------------------------------------------------------------


def _claims_for(user):
    return PersonClaim.objects.filter(claimed_person__in=managed_people(user)).select_related(
        "user",
        "decided_by",
        "new_person__sector",
        "new_person__organisation",
        "new_person__province",
        "claimed_person__sector",
        "claimed_person__organisation",
        "claimed_person__province",
    )


@permission_required("lms.change_person", raise_exception=True)
def claim_list(request):
    """Registrants who may be a registered person: confirm (merge) or reject."""
    show_all = request.GET.get("status") == "all"
    claims = _claims_for(request.user)
    if not show_all:
        claims = claims.pending()
    return render(
        request,
        TEMPLATES + "claim_list.html",
        {"claims": claims[:200], "show_all": show_all},
    )


def _decide_claim(request, claim_id, decide, done_message):
    claim = get_object_or_404(_claims_for(request.user).pending(), pk=claim_id)
    note = request.POST.get("note", "").strip()[:2000]
    try:
        decide(claim, decided_by=request.user, note=note)
    except ClaimError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect("courses_admin:claims")


@permission_required("lms.change_person", raise_exception=True)
@require_POST
def claim_confirm(request, claim_id):
    return _decide_claim(
        request,
        claim_id,
        confirm_claim,
        _("The claim is confirmed: the account now belongs to the registered person."),
    )


@permission_required("lms.change_person", raise_exception=True)
@require_POST
def claim_reject(request, claim_id):
    return _decide_claim(
        request, claim_id, reject_claim, _("The claim is rejected: the two records stay apart.")
    )


# Lockouts --------------------------------------------------------------------------------


def current_lockouts():
    """Login and address pairs locked out now (django-axes' failure records)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


def lockout_list(request):
    if not sees_everything(request.user):
        raise PermissionDenied
    return render(
        request,
        TEMPLATES + "lockout_list.html",
        {"lockouts": current_lockouts()[:200], "cooloff": settings.AXES_COOLOFF_TIME},
    )


@require_POST
def lockout_unlock(request, attempt_id):
    if not sees_everything(request.user):
        raise PermissionDenied
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    reset_lockout(ip=attempt.ip_address, username=attempt.username)
    log_action(
        instance=request.user,
        action="lms.lockout_reset",
        user=request.user,
        data={"login": attempt.username, "ip_address": attempt.ip_address},
    )
    messages.success(request, _("Signing in is unlocked for this login and address."))
    return redirect("courses_admin:lockouts")


urlpatterns = [
    path("accounts/", learner_accounts, name="learner_accounts"),
    path("accounts/event/<int:event_id>/", workshop_accounts, name="workshop_accounts"),
    path("accounts/person/<int:person_id>/code/", person_access_code, name="access_code"),
    path("accounts/claims/", claim_list, name="claims"),
    path("accounts/claims/<int:claim_id>/confirm/", claim_confirm, name="claim_confirm"),
    path("accounts/claims/<int:claim_id>/reject/", claim_reject, name="claim_reject"),
    path("accounts/lockouts/", lockout_list, name="lockouts"),
    path("accounts/lockouts/<int:attempt_id>/unlock/", lockout_unlock, name="lockout_unlock"),
]


@hooks.register("register_admin_menu_item")
def register_claims_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Account claims"),
        reverse("courses_admin:claims"),
        icon_name="user",
        order=331,
        permissions=("lms.change_person",),
    )


@hooks.register("register_admin_menu_item")
def register_lockouts_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Sign-in lockouts"),
        reverse("courses_admin:lockouts"),
        icon_name="lock",
        order=332,
        test=sees_everything,
    )


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(
        "lms.account_link", gettext_lazy("Link account"), gettext_lazy("Account linked")
    )
    actions.register_action(
        "lms.account_unlink", gettext_lazy("Unlink account"), gettext_lazy("Account unlinked")
    )
    actions.register_action(
        "lms.access_code_issue",
        gettext_lazy("Issue one-time code"),
        gettext_lazy("One-time code issued"),
    )
    actions.register_action(
        "lms.claim_confirm", gettext_lazy("Confirm claim"), gettext_lazy("Claim confirmed")
    )
    actions.register_action(
        "lms.claim_reject", gettext_lazy("Reject claim"), gettext_lazy("Claim rejected")
    )
    actions.register_action(
        "lms.lockout_reset",
        gettext_lazy("Unlock sign-in"),
        gettext_lazy("Sign-in unlocked"),
    )


@hooks.register("register_admin_menu_item")
def register_learner_accounts_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Learner accounts"),
        reverse("courses_admin:learner_accounts"),
        icon_name="user",
        order=330,
        permissions=("lms.change_person",),
    )
