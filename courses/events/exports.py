"""An event's attendance as XLSX or CSV, and the printable bilingual sign-in sheet (PDF).

The attendance export is a django-import-export resource over participations with
one column per session; headers are Lao and English so the sheet can be typed up and
imported back (courses.events.signin_sheets reads these headers).
"""

from django.template.loader import render_to_string
from django.utils import translation
from import_export import fields, resources

from courses.models import Attendance, AttendanceStatus, EventSession, Participation, TrainingEvent
from lms.lao import sort_key
from lms.pdf import render_pdf
from lms.spreadsheets import escape_cell, write_table

# Empty rows printed under the registered people, for walk-ins to sign.
WALK_IN_ROWS = 10


def session_label(session: EventSession) -> str:
    return f"{session.date:%d/%m/%Y} {session.start_time:%H:%M}"


class AttendanceResource(resources.ModelResource):
    """Participations of one event with a column per session holding the mark."""

    def __init__(self, event: TrainingEvent):
        super().__init__()
        self.event = event
        self.sessions = list(event.sessions.order_by("date", "start_time"))
        self.marks = {}
        with translation.override("lo"):
            status_labels = {value: str(label) for value, label in AttendanceStatus.choices}
        # Lao labels read back by the importer (ມາ, ມາຊ້າ, ລາພັກ, ຂາດ).
        self.status_labels = status_labels
        columns = [
            ("name_lo", "person__name_lo", "ຊື່ ແລະ ນາມສະກຸນ (Lao name)"),
            ("name_latin", "person__name_latin", "ຊື່ພາສາອັງກິດ (Romanised name)"),
            ("sex", None, "ເພດ (Sex)"),
            ("organisation", None, "ຫົວໜ່ວຍ (Organisation)"),
            ("position", "position", "ຕຳແໜ່ງ (Position)"),
            ("phone", "person__phone", "ເບີໂທ (Phone)"),
            ("province", None, "ແຂວງ (Province)"),
            ("role", None, "ບົດບາດ (Role)"),
        ]
        for name, attribute, header in columns:
            self.fields[name] = fields.Field(
                attribute=attribute,
                column_name=header,
                dehydrate_method=None if attribute else getattr(self, f"_{name}"),
            )
        for session in self.sessions:
            self.fields[f"session_{session.pk}"] = fields.Field(
                column_name=session_label(session),
                dehydrate_method=self._mark_reader(session.pk),
            )
        self.fields["attended_hours"] = fields.Field(
            attribute="attended_hours", column_name="ຊົ່ວໂມງທີ່ເຂົ້າຮ່ວມ (Hours attended)"
        )
        self.fields["trained"] = fields.Field(
            column_name="ຜ່ານເງື່ອນໄຂ (Trained)", dehydrate_method=self._trained
        )

    class Meta:
        model = Participation
        fields = ()

    def get_export_order(self):
        return list(self.fields)

    def get_export_fields(self, selected_fields=None):
        return list(self.fields.values())

    def export_field(self, field, instance, **kwargs):
        # Names and positions are typed by people: none may reach a spreadsheet as a formula.
        return escape_cell(super().export_field(field, instance, **kwargs))

    def _sex(self, participation):
        return "ຍ" if participation.is_woman else "ຊ"

    def _organisation(self, participation):
        organisation = participation.organisation
        return organisation.abbreviation_en or organisation.name_en if organisation else ""

    def _province(self, participation):
        return participation.province.name_lo

    def _role(self, participation):
        with translation.override("lo"):
            return str(participation.get_role_display())

    def _trained(self, participation):
        return "✓" if participation.is_trained else ""

    def _mark_reader(self, session_id):
        def read(participation):
            status = self.marks.get((participation.pk, session_id))
            return self.status_labels[status] if status else ""

        return read

    def rows(self):
        participations = list(
            Participation.objects.filter(event=self.event)
            .with_completion()
            .select_related("person", "organisation", "province")
        )
        participations.sort(key=lambda p: sort_key(p.person.name_lo))
        self.marks = {
            (participation_id, session_id): status
            for participation_id, session_id, status in Attendance.objects.filter(
                session__event=self.event
            ).values_list("participation_id", "session_id", "status")
        }
        return participations

    def dataset(self):
        return self.export(queryset=self.rows())


def export_attendance(event: TrainingEvent, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file extension) of the event's attendance sheet."""
    # lms.spreadsheets writes it: the byte-order mark for CSV, formulas escaped.
    return write_table(AttendanceResource(event).dataset(), file_format)


def render_signin_sheet(session: EventSession) -> bytes:
    """A bilingual A4 landscape sign-in sheet for one session, Lao shaped by HarfBuzz."""
    event = session.event
    participations = list(
        Participation.objects.filter(event=event).select_related("person", "organisation")
    )
    participations.sort(key=lambda p: sort_key(p.person.name_lo))
    html = render_to_string(
        "courses/events/signin_sheet_pdf.html",
        {
            "event": event,
            "session": session,
            "participations": participations,
            "blank_rows": range(len(participations) + 1, len(participations) + WALK_IN_ROWS + 1),
        },
    )
    return render_pdf(html)
