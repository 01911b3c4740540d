"""Admin for training events: listings, participants, sign-in sheets, exports, duplicates.

Imported by courses/wagtail_hooks.py; importing registers the hooks. Listings are snippet
viewsets; the pages a trainer works in (an event's participants, the sign-in sheet
import with its preview, the duplicates screen) are plain views under /admin/events/.
"""

import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from courses.attendance import record_attendance, register_participant
from courses.event_exports import export_attendance, render_signin_sheet
from courses.models import (
    Attendance,
    EventSession,
    Participation,
    ParticipationRole,
    PersonMerge,
    Programme,
    TrainingEvent,
)
from courses.registry import MergeError, find_duplicate_groups, merge_people, undo_merge
from courses.signin_sheets import ImportRefused, import_sheet, preview_sheet
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import SnippetViewSet, SnippetViewSetGroup
from lms.lao import lao_matching_key
from lms.models import Person

TEMPLATES = "courses/events/admin/"
IMPORT_DIR = "signin-imports"


# Listings -------------------------------------------------------------------


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "tag"
    list_display = ["code", "name_en", "name_lo", "active"]
    list_filter = ["active"]


def _event_manage_url(event):
    return reverse("events_admin:event", args=[event.pk])


class TrainingEventViewSet(SnippetViewSet):
    model = TrainingEvent
    icon = "date"
    menu_label = gettext_lazy("Training events")
    list_display = [
        "title_en",
        "title_lo",
        "programme",
        "province",
        "start_date",
        "status",
        TitleColumn(
            "manage",
            label=gettext_lazy("Attendance"),
            accessor=lambda event: gettext_lazy("Participants and attendance"),
            get_url=_event_manage_url,
        ),
    ]
    list_filter = ["programme", "province", "start_date", "status", "event_type"]
    list_export = [
        "title_en",
        "title_lo",
        "programme",
        "event_type",
        "province",
        "venue",
        "start_date",
        "end_date",
        "planned_participants",
        "status",
    ]
    export_filename = "training-events"
    search_fields = ["title_en", "title_lo", "venue"]
    ordering = ["-start_date"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title_en"),
                FieldPanel("title_lo"),
                FieldRowPanel([FieldPanel("programme"), FieldPanel("event_type")]),
                FieldPanel("courses"),
                FieldPanel("target_sectors", widget=forms.CheckboxSelectMultiple),
            ],
            heading=gettext_lazy("Event"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("province"), FieldPanel("venue")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("planned_participants"), FieldPanel("status")]),
                FieldPanel("trainers"),
            ],
            heading=gettext_lazy("Where and when"),
        ),
        InlinePanel("sessions", heading=gettext_lazy("Sessions"), label=gettext_lazy("Session")),
        MultiFieldPanel(
            [
                FieldPanel("min_attendance_share"),
                FieldRowPanel(
                    [FieldPanel("post_test_required"), FieldPanel("post_test_pass_mark")]
                ),
                FieldRowPanel([FieldPanel("pre_test"), FieldPanel("post_test")]),
            ],
            heading=gettext_lazy("Completion rule and tests"),
        ),
    ]

    def get_queryset(self, request):
        return TrainingEvent.objects.select_related("programme", "province")


class AttendanceAdminForm(WagtailAdminModelForm):
    """Corrects one mark (an excused absence, a note) through record_attendance, so it is logged."""

    def save(self, commit=True):
        current = Attendance.objects.get(pk=self.instance.pk)
        self.instance = record_attendance(
            current.participation,
            current.session,
            self.cleaned_data["status"],
            marked_by=self.for_user,
            note=self.cleaned_data["note"],
        )
        return self.instance


class AttendancePermissionPolicy(ModelPermissionPolicy):
    """Marks are made on the marking page or by import; the admin only corrects them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(Attendance, AttendancePermissionPolicy(Attendance))


class AttendanceViewSet(SnippetViewSet):
    model = Attendance
    icon = "tick"
    menu_label = gettext_lazy("Attendance")
    list_display = ["participation", "session", "status", "note", "marked_by", "marked_at"]
    list_filter = ["status", "session__event__programme", "session__date"]
    search_fields = ["note"]
    edit_handler = ObjectList(
        [FieldPanel("status"), FieldPanel("note")], base_form_class=AttendanceAdminForm
    )

    def get_queryset(self, request):
        return Attendance.objects.select_related(
            "participation__person", "participation__event", "session", "marked_by"
        )


class TrainingViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Training events")
    menu_icon = "date"
    menu_order = 210
    items = (TrainingEventViewSet, AttendanceViewSet, ProgrammeViewSet)


# Participants -----------------------------------------------------------------


class NewPersonForm(forms.ModelForm):
    """A person not yet in the registry, registered for the event in the same step."""

    walk_in = forms.BooleanField(label=gettext_lazy("Walk-in"), required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=ParticipationRole.choices,
        initial=ParticipationRole.PARTICIPANT,
    )

    class Meta:
        model = Person
        fields = [
            "name_lo",
            "name_latin",
            "sex",
            "organisation",
            "sector",
            "position",
            "province",
            "phone",
        ]

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].required = False
        self.fields["sector"].help_text = gettext_lazy("Taken from the organisation when empty.")
        if event is not None:
            self.fields["province"].initial = event.province_id

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if not cleaned.get("sector"):
            if organisation is None:
                self.add_error("sector", _("Choose an organisation or a sector."))
            else:
                cleaned["sector"] = organisation.sector
                self.instance.sector = organisation.sector
        return cleaned


def search_registry(query: str):
    """People whose Lao or romanised name, phone or organisation contains the query."""
    query = query.strip()
    if not query:
        return Person.objects.none()
    key = lao_matching_key(query)
    digits = "".join(ch for ch in key if ch.isdigit()).lstrip("0")
    condition = (
        Q(name_key__contains=key)
        | Q(name_latin_key__contains=key)
        | Q(organisation__name_en__icontains=query)
        | Q(organisation__name_lo__icontains=query)
        | Q(organisation__abbreviation_en__iexact=query)
    )
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits)
    return Person.objects.filter(condition).select_related("organisation", "province")[:25]


@permission_required("courses.view_trainingevent", raise_exception=True)
def event_detail(request, pk):
    event = get_object_or_404(TrainingEvent.objects.select_related("programme", "province"), pk=pk)
    form = NewPersonForm(event=event)
    can_register = request.user.has_perm("courses.add_participation")
    if request.method == "POST":
        if not can_register:
            raise Http404
        action = request.POST.get("action")
        if action == "add":
            person = get_object_or_404(Person, pk=request.POST.get("person"))
            register_participant(event, person, walk_in=bool(request.POST.get("walk_in")))
            messages.success(request, _("%(person)s is registered.") % {"person": person})
            return redirect(_event_manage_url(event))
        if action == "create":
            form = NewPersonForm(request.POST, event=event)
            if form.is_valid():
                with transaction.atomic():
                    person = form.save()
                    register_participant(
                        event,
                        person,
                        role=form.cleaned_data["role"],
                        walk_in=form.cleaned_data["walk_in"],
                    )
                messages.success(request, _("%(person)s is registered.") % {"person": person})
                return redirect(_event_manage_url(event))
        if action == "remove" and request.user.has_perm("courses.delete_participation"):
            participation = get_object_or_404(
                Participation, pk=request.POST.get("participation"), event=event
            )
            participation.delete()
            messages.success(request, _("The participant was removed from the event."))
            return redirect(_event_manage_url(event))

    participations = (
        Participation.objects.filter(event=event)
        .with_completion()
        .select_related("person", "organisation")
        .order_by("person__name_lo")
    )
    sessions = event.sessions.annotate(marks=Count("attendances"))
    query = request.GET.get("q", "")
    registered = set(participations.values_list("person_id", flat=True))
    return render(
        request,
        TEMPLATES + "event.html",
        {
            "event": event,
            "sessions": sessions,
            "participations": participations,
            "query": query,
            "results": search_registry(query) if query else [],
            "registered": registered,
            "form": form,
            "can_register": can_register,
        },
    )


# Sign-in sheets and exports -------------------------------------------------


@permission_required("courses.view_trainingevent", raise_exception=True)
def signin_sheet_pdf(request, session_id):
    session = get_object_or_404(
        EventSession.objects.select_related("event__province"), pk=session_id
    )
    response = HttpResponse(render_signin_sheet(session), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="sign-in-{session.event_id}-{session.date:%Y%m%d}-{session.pk}.pdf"'
    )
    return response


@permission_required("courses.view_trainingevent", raise_exception=True)
def attendance_export(request, pk, file_format):
    if file_format not in ("xlsx", "csv"):
        raise Http404
    event = get_object_or_404(TrainingEvent, pk=pk)
    content, content_type, extension = export_attendance(event, file_format)
    response = HttpResponse(content, content_type=content_type)
    filename = f"attendance-{event.pk}-{event.start_date:%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SignInSheetForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Sign-in sheet (XLSX or CSV)"),
        help_text=gettext_lazy(
            "Columns: Lao name, romanised name, sex, organisation, position, phone, "
            "and one column per session (Session 1, Day 2 am, or the date)."
        ),
    )


def _stored_upload(request, token):
    uploads = request.session.get("signin_imports", {})
    entry = uploads.get(token)
    if not entry or not default_storage.exists(entry["path"]):
        return None, None
    with default_storage.open(entry["path"], "rb") as handle:
        return handle.read(), entry


@permission_required("courses.add_participation", raise_exception=True)
def signin_import(request, pk):
    event = get_object_or_404(TrainingEvent.objects.select_related("province"), pk=pk)
    context = {"event": event, "form": SignInSheetForm()}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        token = request.POST.get("token", "")
        content, entry = _stored_upload(request, token)
        if content is None:
            messages.error(request, _("The uploaded sheet has expired; upload it again."))
            return redirect("events_admin:import", pk=event.pk)
        choices = {
            int(name.removeprefix("choice-")): value
            for name, value in request.POST.items()
            if name.startswith("choice-") and name.removeprefix("choice-").isdigit() and value
        }
        try:
            result = import_sheet(
                content, entry["filename"], event, choices=choices, user=request.user
            )
        except ImportRefused as error:
            messages.error(request, str(error))
            context.update(
                preview=preview_sheet(content, entry["filename"], event),
                token=token,
                filename=entry["filename"],
            )
            return render(request, TEMPLATES + "import.html", context)
        default_storage.delete(entry["path"])
        request.session.get("signin_imports", {}).pop(token, None)
        request.session.modified = True
        messages.success(
            request,
            _(
                "Imported %(rows)s rows: %(new_people)s new people, %(marks)s marks, "
                "%(changed_marks)s marks changed."
            )
            % result,
        )
        return redirect(_event_manage_url(event))
    if request.method == "POST":
        form = SignInSheetForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["sheet"]
            content = upload.read()
            filename = PurePath(upload.name).name
            preview = preview_sheet(content, filename, event)
            token = uuid.uuid4().hex
            if not preview.file_errors:
                suffix = PurePath(filename).suffix.lower()[:6]
                stored = default_storage.save(f"{IMPORT_DIR}/{token}{suffix}", ContentFile(content))
                uploads = request.session.setdefault("signin_imports", {})
                uploads[token] = {"path": stored, "filename": filename}
                request.session.modified = True
            context.update(preview=preview, token=token, filename=filename)
    return render(request, TEMPLATES + "import.html", context)


# Duplicates -------------------------------------------------------------------


@permission_required("courses.add_personmerge", raise_exception=True)
def duplicates(request):
    return render(
        request,
        TEMPLATES + "duplicates.html",
        {
            "groups": find_duplicate_groups(),
            "merges": PersonMerge.objects.select_related("kept", "merged_by")[:30],
        },
    )


@require_POST
@permission_required("courses.add_personmerge", raise_exception=True)
def merge(request):
    kept_id = request.POST.get("kept", "")
    ids = [int(pk) for pk in request.POST.getlist("people") + [kept_id] if pk.isdigit()]
    people = Person.objects.in_bulk(ids)
    if not kept_id.isdigit() or int(kept_id) not in people or len(people) < 2:
        messages.error(request, _("Choose the record to keep among at least two people."))
        return redirect("events_admin:duplicates")
    kept = people.pop(int(kept_id))
    try:
        with transaction.atomic():
            for duplicate in people.values():
                merge_people(kept, duplicate, merged_by=request.user)
    except MergeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(count)s records merged into %(person)s.") % {"count": len(people), "person": kept},
        )
    return redirect("events_admin:duplicates")


@require_POST
@permission_required("courses.add_personmerge", raise_exception=True)
def undo(request, pk):
    log = get_object_or_404(PersonMerge, pk=pk)
    try:
        person = undo_merge(log, undone_by=request.user)
    except MergeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The merge is undone: %(person)s is back.") % {"person": person}
        )
    return redirect("events_admin:duplicates")


urlpatterns = [
    path("<int:pk>/", event_detail, name="event"),
    path("<int:pk>/import/", signin_import, name="import"),
    path(
        "<int:pk>/attendance.<str:file_format>",
        attendance_export,
        name="export",
    ),
    path("sessions/<int:session_id>/sign-in-sheet.pdf", signin_sheet_pdf, name="signin_pdf"),
    path("duplicates/", duplicates, name="duplicates"),
    path("duplicates/merge/", merge, name="merge"),
    path("duplicates/undo/<int:pk>/", undo, name="undo"),
]


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [path("events/", include((urlpatterns, "events_admin")))]


@hooks.register("register_admin_menu_item")
def register_duplicates_menu_item():
    return PermissionMenuItem(
        _("Duplicate people"),
        reverse("events_admin:duplicates"),
        name="duplicate-people",
        icon_name="group",
        order=215,
        permissions=("courses.add_personmerge",),
    )


register_snippet(TrainingViewSetGroup)
