"""Admin views of learner accounts: workshop accounts with printable first-login codes,
one-time codes for a password reset (many officials have no email), registrants' claims to
be a registered person, and sign-in lockouts. The three lists are Wagtail reports. Their URLs
are mounted with the certificates' under /admin/learning/ (courses/wagtail_hooks.py).

Each view narrows to what the user manages (lms.access): a trainer sees the people and
events of their sectors and trainings; programme staff and administrators see everything.
"""

import django_filters
from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log as log_action
from wagtail.permission_policies import ModelPermissionPolicy

from courses.accounts.codes import account_with_code, create_workshop_accounts
from courses.accounts.registration import ClaimError, confirm_claim, reject_claim
from courses.models import ClaimStatus, PersonClaim
from lms.access import account_people, managed_events, managed_people, sees_everything
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import FormCellColumn, ReportView
from lms.models import Person
from lms.people.matching import search_people

TEMPLATES = "courses/course/admin/"


def _formatted(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""


class PersonAccountsView(ReportView):
    """The learner accounts and claims views answer those who may change people records."""

    permission_policy = ModelPermissionPolicy(Person)
    permission_required = "change"


class LearnerAccountsView(PersonAccountsView):
    """Search the people the user manages to give one a one-time code; the user's events
    to create their participants' workshop accounts."""

    page_title = gettext_lazy("Learner accounts")
    header_icon = "user"
    template_name = TEMPLATES + "learner_accounts.html"
    index_url_name = "courses_admin:learner_accounts"
    index_results_url_name = "courses_admin:learner_accounts_results"
    context_object_name = "people"
    is_searchable = True
    columns = [
        Column("person", label=gettext_lazy("Person"), accessor=str),
        Column("phone", label=gettext_lazy("Phone")),
        Column("organisation", label=gettext_lazy("Organisation")),
        Column(
            "account",
            label=gettext_lazy("Account"),
            accessor=lambda person: person.user.username if person.user else _("No account yet"),
        ),
        FormCellColumn("code", TEMPLATES + "cells/access_code_form.html", label=""),
    ]

    def get_search_form(self):
        data = self.request.GET if self.search_kwarg in self.request.GET else None
        return SearchForm(data, placeholder=_("Name or phone"))

    def get_queryset(self):
        people = managed_people(self.request.user)
        if not self.is_searching:
            return people.none()
        return (
            search_people(self.search_query, people)
            .select_related("user", "organisation")
            .order_by("name_latin", "pk")
        )

    @cached_property
    def no_results_message(self):
        return _("Nobody matches.") if self.is_searching else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["events"] = managed_events(user).order_by("-start_date")[:30]
        context["pending_claims"] = (
            PersonClaim.objects.pending().filter(claimed_person__in=managed_people(user)).count()
        )
        return context


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


class ClaimFilterSet(WagtailFilterSet):
    """Pending claims unless another status (or all of them) is chosen."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[
            (ClaimStatus.CONFIRMED, ClaimStatus.CONFIRMED.label),
            (ClaimStatus.REJECTED, ClaimStatus.REJECTED.label),
            ("all", gettext_lazy("All")),
        ],
        empty_label=ClaimStatus.PENDING.label,
        widget=forms.RadioSelect,
        method="filter_status",
    )

    class Meta:
        model = PersonClaim
        fields = []

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.pending()
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)


class ClaimListView(PersonAccountsView):
    """Registrants who may be a registered person: confirm (merge) or reject."""

    page_title = gettext_lazy("Account claims")
    header_icon = "user"
    template_name = TEMPLATES + "claim_list.html"
    index_url_name = "courses_admin:claims"
    index_results_url_name = "courses_admin:claims_results"
    filterset_class = ClaimFilterSet
    context_object_name = "claims"
    columns = [
        FormCellColumn(
            "new_person",
            TEMPLATES + "cells/claim_new_person.html",
            label=gettext_lazy("Registered as"),
        ),
        FormCellColumn(
            "claimed_person",
            TEMPLATES + "cells/claim_claimed_person.html",
            label=gettext_lazy("Claimed person"),
        ),
        Column("reason", label=gettext_lazy("Reason")),
        Column(
            "created_at",
            label=gettext_lazy("Date"),
            accessor=lambda claim: _formatted(claim.created_at),
        ),
        FormCellColumn(
            "status", TEMPLATES + "cells/claim_status.html", label=gettext_lazy("Status")
        ),
        FormCellColumn("decide", TEMPLATES + "cells/claim_decide.html", label=""),
    ]

    def get_queryset(self):
        # Filtered (pending by default) afterwards by ReportView.get_filtered_queryset.
        return _claims_for(self.request.user).order_by("-created_at", "-pk")

    def filter_queryset(self, queryset):
        if self.filters.is_valid():
            return self.filters.filter_queryset(queryset)
        return queryset.pending()

    @cached_property
    def no_results_message(self):
        return _("No claim to decide.")


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


class LockoutListView(ReportView):
    """Programme staff and administrators see who is locked out, and unlock them."""

    page_title = gettext_lazy("Sign-in lockouts")
    header_icon = "lock"
    template_name = TEMPLATES + "lockout_list.html"
    index_url_name = "courses_admin:lockouts"
    context_object_name = "lockouts"
    columns = [
        Column("username", label=gettext_lazy("Login")),
        Column("ip_address", label=gettext_lazy("Address")),
        Column("failures_since_start", label=gettext_lazy("Failures")),
        Column(
            "attempt_time",
            label=gettext_lazy("Last attempt"),
            accessor=lambda attempt: _formatted(attempt.attempt_time),
        ),
        FormCellColumn("unlock", TEMPLATES + "cells/lockout_unlock.html", label=""),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not sees_everything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return current_lockouts()

    @cached_property
    def no_results_message(self):
        return _("Nobody is locked out.")


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


learner_accounts = LearnerAccountsView.as_view()
claim_list = ClaimListView.as_view()
lockout_list = LockoutListView.as_view()

urlpatterns = [
    path("accounts/", learner_accounts, name="learner_accounts"),
    path(
        "accounts/results/",
        LearnerAccountsView.as_view(results_only=True),
        name="learner_accounts_results",
    ),
    path("accounts/event/<int:event_id>/", workshop_accounts, name="workshop_accounts"),
    path("accounts/person/<int:person_id>/code/", person_access_code, name="access_code"),
    path("accounts/claims/", claim_list, name="claims"),
    path(
        "accounts/claims/results/", ClaimListView.as_view(results_only=True), name="claims_results"
    ),
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
