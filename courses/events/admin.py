"""Admin for training events: listings, participants, sign-in sheets, exports, duplicates.

Imported by courses/wagtail_hooks.py; importing registers the hooks. Listings are snippet
viewsets; the pages a trainer works in (an event's participants, the sign-in sheet
import with its preview, the duplicates screen) are plain views under /admin/events/.
"""

from collections import defaultdict
from functools import partial
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
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
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.widgets import AdminSnippetChooser

from courses.choosers import course_choosers
from courses.events.attendance import record_attendance, register_participant
from courses.events.exports import export_attendance, render_signin_sheet
from courses.events.signin_sheets import (
    ImportRefused,
    SheetAnswers,
    import_sheet,
    preview_sheet,
)
from courses.models import (
    Attendance,
    EventSession,
    EventStatus,
    Participation,
    ParticipationRole,
    Programme,
    TrainingEvent,
)
from lms.access import (
    managed_attendance,
    managed_courses,
    managed_events,
    managed_people,
    sees_everything,
)
from lms.admin_auth import refusals_as_403
from lms.admin_menu import PermissionMenuItem
from lms.admin_viewsets import (
    FormCellColumn,
    ReportView,
    ScopedChoicesAdminForm,
    ScopedPermissionPolicy,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from lms.choosers import MultipleChooser
from lms.models import Person, PersonMerge
from lms.people.matching import search_people
from lms.people.merge import (
    MergeError,
    find_duplicate_groups,
    merge_people,
    undo_merge,
)
from lms.protection import protected_records
from lms.uploads import UploadError, UploadUsed, store_upload, take_upload

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


class EventDeleteView(snippet_views.DeleteView):
    """Says what the event's reports stand on; with any of it, refuses and offers to cancel."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.records = self.object.recorded_counts()

    def run_before_hook(self):
        # This page explains a refusal itself; refuse_deleting_recorded_events is for bulk deletes.
        self.request.explains_protected_records = True
        return super().run_before_hook()

    @property
    def is_protected(self) -> bool:
        return any(self.records.values())

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "cancel":
            return self.cancel()
        if self.is_protected:
            messages.error(request, _("This event has records the reports count: it is kept."))
            return self.get(request, *args, **kwargs)
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            # Records added since the page was shown.
            self.records = self.object.recorded_counts()
            messages.error(request, _("This event has records the reports count: it is kept."))
            return self.get(request, *args, **kwargs)

    def cancel(self):
        if not self.user_has_permission_for_instance("change", self.object):
            raise PermissionDenied
        self.object.status = EventStatus.CANCELLED
        self.object.save(update_fields=["status", "updated_at"])
        messages.success(
            self.request,
            _("%(event)s is marked as cancelled; the reports leave it out.")
            % {"event": self.object},
        )
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {
            "participations": _("Participations"),
            "attendance": _("Attendance marks"),
            "attempts": _("Quiz attempts"),
            "certificates": _("Certificates"),
        }
        context.update(
            records=[(labels[key], count) for key, count in self.records.items()],
            event_protected=self.is_protected,
            can_cancel=self.object.status != EventStatus.CANCELLED
            and self.user_has_permission_for_instance("change", self.object),
        )
        return context


@hooks.register("after_create_snippet")
def name_the_planning_trainer(request, instance):
    """A trainer who plans an event is one of its trainers: otherwise, with nobody named,
    the event would be programme staff's and leave the trainer's hands once saved."""
    if isinstance(instance, TrainingEvent) and not sees_everything(request.user):
        person = Person.objects.filter(user=request.user).first()
        if person is not None:
            instance.trainers.add(person)


@hooks.register("before_delete_snippet")
def refuse_deleting_recorded_events(request, instances):
    """A bulk delete of events stops, deleting nothing, when any has records the reports count."""
    if getattr(request, "explains_protected_records", False):
        return None
    kept = [
        instance
        for instance in instances
        if isinstance(instance, TrainingEvent) and any(instance.recorded_counts().values())
    ]
    if not kept:
        return None
    messages.error(
        request,
        _(
            "Nothing was deleted: %(events)s have records the reports count. "
            "Mark them as cancelled instead."
        )
        % {"events": "; ".join(str(event) for event in kept)},
    )
    return redirect("wagtailsnippets_courses_trainingevent:list")


@hooks.register("before_delete_snippet")
def refuse_deleting_people_with_records(request, instances):
    """A person with participations, attempts, certificates or enrolments is not deleted
    (single or bulk): the page says what they have and points to merging, for a record that
    is a duplicate of another."""
    kept = [
        (instance, records)
        for instance in instances
        if isinstance(instance, Person) and (records := protected_records([instance]))
    ]
    if not kept:
        return None
    return render(
        request,
        TEMPLATES + "person_protected.html",
        {
            "people": kept,
            "can_merge": request.user.has_perm("lms.add_personmerge"),
            "index_url": reverse("wagtailsnippets_lms_person:list"),
        },
    )


class TrainingEventAdminForm(ScopedChoicesAdminForm):
    # A workshop attached to another sector's course would change that course's completion;
    # the trainers are chosen among the people the user may see (the chooser lists them).
    scoped_fields = {"courses": managed_courses, "trainers": managed_people}


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
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title_en"),
                    FieldPanel("title_lo"),
                    FieldRowPanel([FieldPanel("programme"), FieldPanel("event_type")]),
                    FieldPanel("courses", widget=course_choosers()),
                    FieldPanel("target_sectors", widget=forms.CheckboxSelectMultiple),
                ],
                heading=gettext_lazy("Event"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("province"), FieldPanel("venue")]),
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                    FieldRowPanel([FieldPanel("planned_participants"), FieldPanel("status")]),
                    FieldPanel(
                        "trainers",
                        widget=MultipleChooser(
                            partial(AdminSnippetChooser, Person),
                            add_text=gettext_lazy("Add trainers"),
                        ),
                    ),
                ],
                heading=gettext_lazy("Where and when"),
            ),
            InlinePanel(
                "sessions", heading=gettext_lazy("Sessions"), label=gettext_lazy("Session")
            ),
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
        ],
        base_form_class=TrainingEventAdminForm,
    )

    scope = managed_events
    delete_view_class = EventDeleteView
    delete_template_name = TEMPLATES + "confirm_delete.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme", "province")


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


class AttendancePermissionPolicy(ScopedPermissionPolicy):
    """Marks are made on the marking page or by import; the admin only corrects them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


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

    scope = managed_attendance
    permission_policy_class = AttendancePermissionPolicy

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("participation__person", "participation__event", "session", "marked_by")
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


def search_registry(query: str, user):
    """People whose Lao or romanised name, phone or organisation the query names
    (lms.people.matching.search_people).

    Names and organisations are searched in the whole registry (a trainer must find a
    person before registering them again); phone numbers only among the people ``user``
    may see in full (lms.access.managed_people), so a number cannot be probed.
    """
    people = search_people(query, Person.objects.all(), phones_within=managed_people(user))
    return people.select_related("organisation", "province")[:25]


def _managed_event_or_404(request, pk, queryset=None):
    """The event ``pk`` if the viewer manages it (lms.access); 404 otherwise."""
    events = managed_events(request.user)
    if queryset is not None:
        events = queryset.filter(pk__in=events.values("pk"))
    return get_object_or_404(events, pk=pk)


def _posted_id(request, name: str) -> int:
    """A row id posted by the page's form; anything else is not found (404), never a 500."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


@permission_required("courses.view_trainingevent", raise_exception=True)
def event_detail(request, pk):
    event = _managed_event_or_404(
        request, pk, TrainingEvent.objects.select_related("programme", "province")
    )
    form = NewPersonForm(event=event)
    can_register = request.user.has_perm("courses.add_participation")
    if request.method == "POST":
        if not can_register:
            raise Http404
        action = request.POST.get("action")
        if action == "add":
            person = get_object_or_404(Person, pk=_posted_id(request, "person"))
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
                Participation, pk=_posted_id(request, "participation"), event=event
            )
            if participation.attendances.exists():
                messages.error(
                    request,
                    _(
                        "%(person)s has attendance marks at this event: correct the marks "
                        "instead of removing the participant."
                    )
                    % {"person": participation.person},
                )
                return redirect(_event_manage_url(event))
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
    results = list(search_registry(query, request.user)) if query else []
    return render(
        request,
        TEMPLATES + "event.html",
        {
            "event": event,
            "sessions": sessions,
            "participations": participations,
            "query": query,
            "results": results,
            "full_details": _seen_in_full(request.user, results),
            "registered": registered,
            "form": form,
            "can_register": can_register,
        },
    )


# Sign-in sheets and exports -------------------------------------------------


@permission_required("courses.view_trainingevent", raise_exception=True)
def signin_sheet_pdf(request, session_id):
    session = get_object_or_404(
        EventSession.objects.select_related("event__province").filter(
            event__in=managed_events(request.user)
        ),
        pk=session_id,
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
    event = _managed_event_or_404(request, pk)
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


def _upload_purpose(event) -> str:
    # A sheet previewed for one event is confirmed for that event only.
    return f"signin-import/{event.pk}"


def _stored_upload(request, event, token):
    """(content, filename) of the sheet this user previewed for ``event`` (lms.uploads:
    kept in storage, so any server can confirm it), taken so that no other confirmation
    imports it again; UploadError when it cannot be had."""
    filename, content = take_upload(request.user, _upload_purpose(event), token)
    return content, filename


def _seen_in_full(user, people) -> set[int]:
    """Which of ``people`` the viewer may see in full (phone, email): lms.access."""
    ids = {person.pk for person in people}
    return set(managed_people(user).filter(pk__in=ids).values_list("pk", flat=True))


def _render_import(request, context):
    preview = context.get("preview")
    if preview is not None:
        # A possible duplicate's phone is shown only if the viewer may see that person in full.
        candidates = [candidate for row in preview.rows for candidate in row.candidates]
        context["full_details"] = _seen_in_full(request.user, candidates)
    return render(request, TEMPLATES + "import.html", context)


@permission_required("courses.add_participation", raise_exception=True)
def signin_import(request, pk):
    event = _managed_event_or_404(request, pk, TrainingEvent.objects.select_related("province"))
    context = {"event": event, "form": SignInSheetForm()}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        token = request.POST.get("token", "")
        try:
            content, filename = _stored_upload(request, event, token)
        except UploadUsed:
            # A double tap's second confirmation: the first imported the sheet.
            messages.info(request, _("This sheet has already been imported."))
            return redirect(_event_manage_url(event))
        except UploadError:
            messages.error(request, _("The uploaded sheet has expired; upload it again."))
            return redirect("events_admin:import", pk=event.pk)
        answers = SheetAnswers.from_post(request.POST)
        try:
            result = import_sheet(content, filename, event, answers=answers, user=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
            # The sheet was taken for this confirmation: kept again for the next one.
            token = store_upload(request.user, _upload_purpose(event), filename, content)
            context.update(
                preview=preview_sheet(
                    content, filename, event, viewer=request.user, answers=answers
                ),
                token=token,
                filename=filename,
            )
            return _render_import(request, context)
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
            preview = preview_sheet(content, filename, event, viewer=request.user)
            token = ""
            if preview.is_valid:  # only a valid sheet can be confirmed
                token = store_upload(request.user, _upload_purpose(event), filename, content)
            context.update(preview=preview, token=token, filename=filename)
    return _render_import(request, context)


# Duplicates -------------------------------------------------------------------


def _with_events(groups):
    """``groups`` with each person's events (``duplicate_events``), read in one query."""
    events = defaultdict(list)
    people = [person for group in groups for person in group.people]
    for participation in Participation.objects.filter(person__in=people).select_related("event"):
        events[participation.person_id].append(participation.event)
    for person in people:
        person.duplicate_events = events[person.pk]
    return groups


@permission_required("lms.add_personmerge", raise_exception=True)
def duplicates(request):
    return render(
        request,
        TEMPLATES + "duplicates.html",
        {
            "groups": _with_events(find_duplicate_groups()),
            "merges_count": PersonMerge.objects.count(),
        },
    )


class MergeLogView(ReportView):
    """Every merge of registry records, latest first, each undone from here."""

    page_title = gettext_lazy("Merges of registry records")
    header_icon = "group"
    template_name = TEMPLATES + "merge_log.html"
    index_url_name = "events_admin:merges"
    paginate_by = 50
    columns = [
        Column("removed_label", label=gettext_lazy("Removed record")),
        Column("kept", label=gettext_lazy("Kept record"), accessor=lambda log: log.kept or ""),
        Column(
            "merged_by", label=gettext_lazy("Merged by"), accessor=lambda log: log.merged_by or ""
        ),
        Column(
            "merged_at",
            label=gettext_lazy("When"),
            accessor=lambda log: date_format(localtime(log.merged_at), "Y-m-d H:i"),
        ),
        FormCellColumn("undo", TEMPLATES + "cells/merge_undo.html", label=""),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("lms.add_personmerge"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return PersonMerge.objects.select_related("kept", "merged_by").order_by("-merged_at")

    @cached_property
    def no_results_message(self):
        return _("No merges yet.")


@require_POST
@permission_required("lms.add_personmerge", raise_exception=True)
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
@permission_required("lms.add_personmerge", raise_exception=True)
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
    return redirect("events_admin:merges")


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
    path("duplicates/merges/", MergeLogView.as_view(), name="merges"),
]


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [path("events/", include((refusals_as_403(urlpatterns), "events_admin")))]


@hooks.register("register_admin_menu_item")
def register_duplicates_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Duplicate people"),
        reverse("events_admin:duplicates"),
        name="duplicate-people",
        icon_name="group",
        order=215,
        permissions=("lms.add_personmerge",),
    )


@hooks.register("register_snippet_listing_buttons")
def issue_certificates_button(snippet, user, next_url=None):
    """An event's "Issue certificates": who is due which, then one confirm issues them all
    (courses.certificates.admin.event_certificates; the list holds only the user's events)."""
    if isinstance(snippet, TrainingEvent) and user.has_perm("courses.add_certificate"):
        yield Button(
            _("Issue certificates"),
            reverse("courses_admin:event_certificates", args=[snippet.pk]),
            icon_name="doc-full-inverse",
            priority=30,
        )


register_snippet(TrainingViewSetGroup)
