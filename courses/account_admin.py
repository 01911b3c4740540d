"""Admin views of learner accounts: workshop accounts with printable first-login codes, and
one-time codes for a password reset (many officials have no email). Their URLs are mounted
with the certificates' under /admin/learning/ (courses/course_admin.py).
"""

from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_POST

from courses.accounts import create_workshop_accounts, issue_access_code, learner_account
from courses.models import AccessCodePurpose, TrainingEvent
from lms.models import Person

TEMPLATES = "courses/course/admin/"


@permission_required("lms.change_person", raise_exception=True)
def learner_accounts(request):
    query = request.GET.get("q", "").strip()
    people = Person.objects.none()
    if query:
        people = (
            Person.objects.filter(
                Q(name_lo__icontains=query)
                | Q(name_latin__icontains=query)
                | Q(phone__icontains=query.replace(" ", ""))
            )
            .select_related("user", "organisation")
            .order_by("name_latin")[:50]
        )
    events = TrainingEvent.objects.order_by("-start_date")[:30]
    return render(
        request,
        TEMPLATES + "learner_accounts.html",
        {"query": query, "people": people, "events": events},
    )


@permission_required("lms.change_person", raise_exception=True)
def workshop_accounts(request, event_id):
    """GET: what will happen. POST: create accounts and show the printable code sheet."""
    event = get_object_or_404(TrainingEvent, pk=event_id)
    if request.method == "POST":
        accounts = create_workshop_accounts(event, created_by=request.user)
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
    person = get_object_or_404(Person.objects.select_related("user"), pk=person_id)
    user = learner_account(person)
    purpose = AccessCodePurpose.RESET if user.last_login else AccessCodePurpose.FIRST_LOGIN
    code = issue_access_code(user, purpose, created_by=request.user)
    return render(
        request,
        TEMPLATES + "access_code.html",
        {"person": person, "username": user.username, "code": code},
    )


urlpatterns = [
    path("accounts/", learner_accounts, name="learner_accounts"),
    path("accounts/event/<int:event_id>/", workshop_accounts, name="workshop_accounts"),
    path("accounts/person/<int:person_id>/code/", person_access_code, name="access_code"),
]
