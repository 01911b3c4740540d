"""Typed sign-in sheets: reading them, matching rows to the registry, previewing, importing.

A sheet (XLSX, or CSV in UTF-8) has one row per person: Lao name, romanised name, sex,
organisation, position, phone, and one column per session holding the mark. Reading
is forgiving about what people type (Lao or English headers, a title above the header
row, merged cells, dates typed as text, Lao digits, both spellings of Lao vowels) and
strict about what it cannot know: every problem is reported against its row, and
nothing is written unless every row is valid. Files are read by lms.spreadsheets (its
limits, merged cells filled, formulas flagged, escaped cells read back as typed).
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    EventSession,
    Participation,
    TrainingEvent,
)
from lms import spreadsheets
from lms.access import managed_people
from lms.lao import InvalidPhoneNumber, lao_matching_key, normalise_phone, romanised_key
from lms.models import Organisation, Person, Sector, Sex
from lms.people.matching import Probe, Reason, match_people
from lms.spreadsheets import Formula, SpreadsheetError, cell_text

MAX_ROWS = 2_500
HEADER_SEARCH_ROWS = 10


class Outcome:
    MATCHED = "matched"
    NEW = "new"
    DUPLICATE = "duplicate"


# Column -> header spellings, compared through lao_matching_key (case and Lao spelling free).
HEADERS = {
    "name_lo": [
        "lao name",
        "name in lao",
        "name (lao)",
        "name lao",
        "ຊື່",
        "ຊື່ ແລະ ນາມສະກຸນ",
        "ຊື່ ນາມສະກຸນ",
        "ຊື່-ນາມສະກຸນ",
        "ຊື່ພາສາລາວ",
        "ຊື່ (ລາວ)",
        "ຊື່ ແລະ ນາມສະກຸນ (ລາວ)",
    ],
    "name_latin": [
        "romanised name",
        "romanized name",
        "name (english)",
        "english name",
        "name in english",
        "name latin",
        "ຊື່ພາສາອັງກິດ",
        "ຊື່ (ອັງກິດ)",
        "ຊື່ ແລະ ນາມສະກຸນ (ອັງກິດ)",
    ],
    "sex": ["sex", "gender", "m/f", "ເພດ", "ເພດ (ຊ/ຍ)"],
    "organisation": [
        "organisation",
        "organization",
        "institution",
        "office",
        "agency",
        "ອົງການ",
        "ຫົວໜ່ວຍ",
        "ພາກສ່ວນ",
        "ສະຖາບັນ",
        "ອົງການຈັດຕັ້ງ",
        "ບ່ອນປະຈຳການ",
    ],
    "position": ["position", "title", "job", "ຕຳແໜ່ງ", "ໜ້າທີ່"],
    "phone": [
        "phone",
        "telephone",
        "tel",
        "mobile",
        "phone number",
        "ເບີໂທ",
        "ເບີໂທລະສັບ",
        "ໂທລະສັບ",
        "ເບີ",
    ],
}
HEADER_KEYS = {
    lao_matching_key(spelling): column
    for column, spellings in HEADERS.items()
    for spelling in spellings
}

# Mark values -> status; an empty cell is an absence (nobody signed).
MARKS = {
    AttendanceStatus.PRESENT: [
        "1",
        "p",
        "x",
        "✓",
        "✔",
        "v",
        "/",
        "yes",
        "present",
        "signed",
        "ມາ",
        "ມາຮ່ວມ",
        "ເຂົ້າຮ່ວມ",
        "ເຊັນ",
        "✓ ມາ",
    ],
    AttendanceStatus.LATE: ["l", "late", "ມາຊ້າ", "ຊ້າ", "ມາຊ້າ"],
    AttendanceStatus.EXCUSED: ["e", "excused", "leave", "ລາ", "ລາພັກ", "ຂໍອະນຸຍາດ"],
    AttendanceStatus.ABSENT: ["", "0", "a", "-", "no", "absent", "ຂາດ", "ບໍ່ມາ"],
}
MARK_KEYS = {
    lao_matching_key(value): status for status, values in MARKS.items() for value in values
}

SEXES = {
    Sex.FEMALE: ["f", "female", "w", "woman", "ຍ", "ຍິງ", "ເພດຍິງ", "ນາງ", "ທ່ານ ນາງ", "ທ່ານນາງ"],
    Sex.MALE: ["m", "male", "man", "ຊ", "ຊາຍ", "ເພດຊາຍ", "ທ້າວ", "ທ່ານ"],
}
SEX_KEYS = {lao_matching_key(value): sex for sex, values in SEXES.items() for value in values}

_SESSION_NUMBER = re.compile(r"^(?:session|sess\.?|s|ພາກ|ພາກທີ|ຄັ້ງທີ|ຊ່ວງທີ)\s*(\d+)$", re.IGNORECASE)
_DAY_NUMBER = re.compile(r"^(?:day|d|ມື້|ມື້ທີ|ວັນທີ)\s*(\d+)\s*(.*)$", re.IGNORECASE)
_DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})")
_TIME_TEXT = re.compile(r"(\d{1,2})[:.h](\d{2})")
_MORNING = ("am", "morning", "ເຊົ້າ", "ຕອນເຊົ້າ")
_AFTERNOON = ("pm", "afternoon", "ບ່າຍ", "ຕອນບ່າຍ", "ແລງ")
_SESSIONISH = re.compile(r"session|day|ພາກ|ມື້|ວັນທີ|ຄັ້ງທີ|\d{1,2}[/.\-]\d{1,2}", re.IGNORECASE)


@dataclass
class SheetRow:
    number: int
    name_lo: str = ""
    name_latin: str = ""
    sex: str = ""
    organisation_text: str = ""
    organisation: Organisation | None = None
    position: str = ""
    phone: str = ""
    # session pk -> status
    marks: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    outcome: str = ""
    person: Person | None = None
    candidates: list = field(default_factory=list)

    @property
    def name_key(self) -> str:
        return lao_matching_key(self.name_lo)


@dataclass
class SheetPreview:
    event: TrainingEvent
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # Sessions in sheet column order.
    sessions: list = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)

    @property
    def counts(self) -> dict:
        counts = Counter(row.outcome for row in self.rows)
        return {
            "rows": len(self.rows),
            "matched": counts[Outcome.MATCHED],
            "new": counts[Outcome.NEW],
            "duplicate": counts[Outcome.DUPLICATE],
            "invalid": sum(1 for row in self.rows if row.errors),
        }


# Reading files --------------------------------------------------------------


def read_rows(content: bytes, filename: str) -> list[list]:
    """The sheet's cells (lms.spreadsheets): at most MAX_ROWS people under a title and header."""
    return spreadsheets.read_rows(
        content, filename, max_rows=MAX_ROWS, header_rows=HEADER_SEARCH_ROWS + 1
    )


# Columns --------------------------------------------------------------------


def _parse_date(value) -> tuple[date | None, str]:
    """A date in a header (a real date or text in several orders) and what follows it."""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = lao_matching_key(cell_text(value))
    match = _DATE_TEXT.search(text)
    if not match:
        return None, text
    try:
        if match.group(1):
            found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        else:
            # Lao dates are written day first.
            year = int(match.group(6))
            year = year + 2000 if year < 100 else year
            found = date(year, int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None, text
    return found, (text[: match.start()] + text[match.end() :]).strip()


def _pick_by_part(candidates: list[EventSession], rest: str) -> EventSession | None:
    if len(candidates) == 1 and not rest:
        return candidates[0]
    time_match = _TIME_TEXT.search(rest)
    if time_match:
        wanted = time(int(time_match.group(1)) % 24, int(time_match.group(2)) % 60)
        return next((s for s in candidates if s.start_time == wanted), None)
    if any(word in rest for word in _MORNING):
        morning = [s for s in candidates if s.start_time.hour < 12]
        return morning[0] if len(morning) == 1 else None
    if any(word in rest for word in _AFTERNOON):
        afternoon = [s for s in candidates if s.start_time.hour >= 12]
        return afternoon[0] if len(afternoon) == 1 else None
    return candidates[0] if len(candidates) == 1 else None


def match_session(header, sessions: list[EventSession]) -> EventSession | None:
    """The session a column header names: "Session 2", "Day 1 am", "04/03/2026 ບ່າຍ", a date."""
    text = lao_matching_key(cell_text(header))
    number = _SESSION_NUMBER.match(text)
    if number:
        index = int(number.group(1)) - 1
        return sessions[index] if 0 <= index < len(sessions) else None
    day = _DAY_NUMBER.match(text)
    if day:
        dates = sorted({session.date for session in sessions})
        index = int(day.group(1)) - 1
        if not 0 <= index < len(dates):
            return None
        return _pick_by_part([s for s in sessions if s.date == dates[index]], day.group(2))
    found, rest = _parse_date(header)
    if found:
        return _pick_by_part([s for s in sessions if s.date == found], rest)
    return None


_BILINGUAL_HEADER = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def header_column(value) -> str | None:
    """The column a header names; "ຊື່ ແລະ ນາມສະກຸນ (Lao name)" is read by either half."""
    key = lao_matching_key(cell_text(value))
    if key in HEADER_KEYS:
        return HEADER_KEYS[key]
    bilingual = _BILINGUAL_HEADER.match(key)
    if bilingual:
        return HEADER_KEYS.get(bilingual.group(1)) or HEADER_KEYS.get(bilingual.group(2))
    return None


def status_for(mark: str) -> str | None:
    """The status a typed mark means, including the statuses' labels in Lao and English."""
    key = lao_matching_key(mark)
    if key in MARK_KEYS:
        return MARK_KEYS[key]
    for language in ("lo", "en"):
        with translation.override(language):
            for value, label in AttendanceStatus.choices:
                if lao_matching_key(str(label)) == key:
                    return value
    return None


def _find_header(rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        kinds = {header_column(value) for value in row}
        if "name_lo" in kinds and len(kinds - {None}) >= 2:
            return index
    return None


# Rows -----------------------------------------------------------------------


class _Organisations:
    """Organisation lookup by any of its names, preferring offices in the event's province."""

    def __init__(self, province_id):
        self.by_key = defaultdict(list)
        for organisation in Organisation.objects.all():
            for name in (
                organisation.key,
                organisation.name_en,
                organisation.name_lo,
                organisation.abbreviation_en,
                organisation.abbreviation_lo,
            ):
                if name:
                    self.by_key[lao_matching_key(name)].append(organisation)
        self.province_id = province_id

    def find(self, text: str) -> Organisation | None:
        found = self.by_key.get(lao_matching_key(text), [])
        local = [org for org in found if org.province_id == self.province_id]
        return (local or found or [None])[0]


def _read_row(number, values, columns, session_columns, organisations) -> SheetRow:
    row = SheetRow(number=number)
    cells = {
        column: values[index] if index < len(values) else None for column, index in columns.items()
    }
    for column, value in cells.items():
        if isinstance(value, Formula):
            row.errors.append(
                _("Column '%(column)s' holds a formula (%(formula)s); type the value instead.")
                % {"column": HEADERS[column][0], "formula": value[:40]}
            )
            cells[column] = None
    text = {column: cell_text(value) for column, value in cells.items()}
    row.name_lo = text.get("name_lo", "")
    row.name_latin = text.get("name_latin", "")
    row.position = text.get("position", "")[:200]
    row.organisation_text = text.get("organisation", "")

    if not row.name_lo:
        row.errors.append(_("The Lao name is missing."))
    elif len(row.name_lo) > 200 or len(row.name_latin) > 200:
        row.errors.append(_("The name is longer than 200 characters."))

    sex = text.get("sex", "")
    if not sex:
        row.errors.append(_("Sex is missing (M or F, ຊ or ຍ)."))
    elif lao_matching_key(sex) in SEX_KEYS:
        row.sex = SEX_KEYS[lao_matching_key(sex)]
    else:
        row.errors.append(_("Sex '%(value)s' is not M or F (ຊ or ຍ).") % {"value": sex})

    phone = text.get("phone", "")
    if phone:
        try:
            row.phone = normalise_phone(phone)
        except InvalidPhoneNumber:
            row.errors.append(_("The phone number '%(value)s' is not valid.") % {"value": phone})

    if row.organisation_text:
        row.organisation = organisations.find(row.organisation_text)
        if row.organisation is None:
            row.errors.append(
                _("Unknown organisation '%(value)s': use its name as in the registry.")
                % {"value": row.organisation_text}
            )

    for index, session, header in session_columns:
        value = values[index] if index < len(values) else None
        if isinstance(value, Formula):
            row.errors.append(
                _("Column '%(column)s' holds a formula (%(formula)s); type the value instead.")
                % {"column": header, "formula": value[:40]}
            )
            continue
        mark = cell_text(value)
        if session is None:
            if mark:
                row.errors.append(
                    _("Column '%(column)s' is not a session of this event.") % {"column": header}
                )
            continue
        status = status_for(mark)
        if status is None:
            row.errors.append(
                _(
                    "'%(value)s' in column '%(column)s' is not a mark: use ✓, L (late), "
                    "E (excused) or leave it empty."
                )
                % {"value": mark[:40], "column": header}
            )
        else:
            row.marks[session.pk] = status
    return row


def _is_blank(values, columns, session_columns) -> bool:
    """A row with no name, no phone and no marks (numbered empty rows for walk-ins)."""
    wanted = [columns.get(c) for c in ("name_lo", "name_latin", "phone", "sex")]
    wanted += [index for index, _session, _header in session_columns]
    return not any(
        index is not None and index < len(values) and cell_text(values[index]) for index in wanted
    )


def _match_rows(preview: SheetPreview, viewer=None):
    """Classify each row with the registry's matcher (lms.people.matching): matched person,
    new person, or possible duplicate (with candidates).

    A row is matched to a single strong candidate only: the one person with its phone
    number whose name agrees (among several sharing the number, the one whose name
    agrees), or, without a phone match, the one person with its Lao name and organisation,
    if that person has no other phone number. Anyone else with its Lao name, or a similar
    romanised name, is a candidate.

    A phone number known under another name is shown with its owner only to a viewer who
    may see that person (lms.access.managed_people): a sheet must not be a way to ask the
    registry whose number it is.
    """
    rows = [row for row in preview.rows if row.name_lo]
    probes = [
        Probe(
            name_lo=row.name_lo,
            name_latin=row.name_latin,
            phone=row.phone,
            organisation=row.organisation,
            sex=row.sex,
        )
        for row in rows
    ]
    # Candidates are shown with their organisation: load it with them.
    people = Person.objects.select_related("organisation")
    for row, candidates in zip(rows, match_people(probes, people), strict=True):
        by_phone = [candidate for candidate in candidates if candidate.same_phone]
        named = [candidate for candidate in by_phone if candidate.same_name]
        by_name_and_organisation = [
            candidate for candidate in candidates if candidate.has(Reason.NAME_AND_ORGANISATION)
        ]
        if len(named) == 1:
            row.outcome, row.person = Outcome.MATCHED, named[0].person
        elif by_phone:
            # The phone is known under another name: a shared or re-used number.
            owners = [candidate.person for candidate in by_phone]
            row.outcome = Outcome.DUPLICATE
            if (
                viewer is None
                or len(owners)
                == managed_people(viewer).filter(pk__in=[owner.pk for owner in owners]).count()
            ):
                row.candidates = owners
            else:
                row.errors.append(
                    _(
                        "This phone number belongs to someone else in the registry: check the "
                        "number, or ask programme staff."
                    )
                )
        elif len(by_name_and_organisation) == 1 and not by_name_and_organisation[0].phone_conflicts:
            row.outcome, row.person = Outcome.MATCHED, by_name_and_organisation[0].person
        else:
            similar = [
                candidate.person
                for candidate in candidates
                if candidate.has(Reason.NAME, Reason.ROMANISED_NAME)
            ]
            if similar:
                row.outcome, row.candidates = Outcome.DUPLICATE, similar
            else:
                row.outcome = Outcome.NEW
        if row.outcome == Outcome.NEW and row.organisation is None:
            row.errors.append(_("A new person needs an organisation, so their sector is known."))


def _check_repeats(preview: SheetPreview):
    """The same person twice in one sheet (same phone, or same Lao name and organisation)."""
    first_seen = {}
    for row in preview.rows:
        keys = []
        if row.phone:
            keys.append(("phone", row.phone))
        if row.name_key:
            keys.append(("name", row.name_key, row.organisation.pk if row.organisation else None))
        for key in keys:
            if key in first_seen:
                row.errors.append(
                    _("The same person as row %(row)s (same phone, or same name and organisation).")
                    % {"row": first_seen[key]}
                )
                break
        for key in keys:
            first_seen.setdefault(key, row.number)


def preview_sheet(content: bytes, filename: str, event: TrainingEvent, viewer=None) -> SheetPreview:
    """Read a sign-in sheet for ``event`` and say what importing it would do; writes nothing.

    ``viewer`` is the user importing it: what the preview shows of the registry is theirs.
    """
    preview = SheetPreview(event=event)
    try:
        rows = read_rows(content, filename)
    except SpreadsheetError as error:
        preview.file_errors.append(str(error))
        return preview
    header_index = _find_header(rows)
    if header_index is None:
        preview.file_errors.append(
            _(
                "No header row found in the first %(n)s rows. The sheet needs columns named "
                "'Lao name' (ຊື່ ແລະ ນາມສະກຸນ), 'Romanised name', 'Sex' (ເພດ), 'Organisation' "
                "(ຫົວໜ່ວຍ), 'Position' (ຕຳແໜ່ງ), 'Phone' (ເບີໂທ) and one per session."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
        return preview
    header = rows[header_index]
    sessions = list(event.sessions.order_by("date", "start_time"))
    columns, session_columns, ignored = {}, [], []
    for index, value in enumerate(header):
        label = cell_text(value)
        column = header_column(value)
        if column and column not in columns:
            columns[column] = index
            continue
        if not label:
            continue
        session = match_session(value, sessions)
        if session is not None:
            if session in [s for _i, s, _h in session_columns]:
                preview.file_errors.append(
                    _("Two columns name the same session: '%(column)s'.") % {"column": label}
                )
            session_columns.append((index, session, label))
        elif _SESSIONISH.search(label) or _parse_date(value)[0]:
            session_columns.append((index, None, label))
            preview.warnings.append(
                _("Column '%(column)s' does not match any session of this event.")
                % {"column": label}
            )
        else:
            ignored.append(label)
    for column in ("sex",):
        if column not in columns:
            preview.file_errors.append(
                _("The sheet has no '%(column)s' column.") % {"column": HEADERS[column][0]}
            )
    if not any(session for _i, session, _h in session_columns):
        preview.warnings.append(
            _("No column matches a session: people are registered without marks.")
        )
    if ignored:
        preview.warnings.append(
            _("Columns not imported: %(columns)s.") % {"columns": ", ".join(ignored[:10])}
        )
    preview.sessions = [session for _i, session, _h in session_columns if session]

    organisations = _Organisations(event.province_id)
    for offset, values in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = list(values)
        if _is_blank(values, columns, session_columns):
            continue
        preview.rows.append(_read_row(offset, values, columns, session_columns, organisations))
    if not preview.rows and not preview.file_errors:
        preview.file_errors.append(_("The sheet has no rows under its header."))
    _check_repeats(preview)
    _match_rows(preview, viewer)
    return preview


# Committing -----------------------------------------------------------------


class ImportRefused(ValueError):
    pass


@transaction.atomic
def import_sheet(
    content: bytes, filename: str, event: TrainingEvent, *, choices=None, user=None
) -> dict:
    """Import a sign-in sheet in one transaction: every row, or nothing.

    ``choices`` maps a row number to the pk of the candidate a possible duplicate is
    (a row without a choice becomes a new person). The sheet is read again here, so
    the registry is matched as it is now, not as it was when previewed.
    """
    choices = choices or {}
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    preview = preview_sheet(content, filename, event, viewer=user)
    if not preview.is_valid:
        raise ImportRefused(
            _("The sheet has %(count)s errors; nothing was imported.")
            % {"count": preview.error_count}
        )
    new_people, people_by_row = [], {}
    other_sector = Sector.objects.filter(code="other").first()
    for row in preview.rows:
        if row.outcome == Outcome.MATCHED:
            people_by_row[row.number] = row.person
            continue
        chosen = choices.get(row.number)
        candidates = {person.pk: person for person in row.candidates}
        if chosen and str(chosen).isdigit() and int(chosen) in candidates:
            people_by_row[row.number] = candidates[int(chosen)]
            continue
        organisation = row.organisation
        if organisation is None and row.outcome == Outcome.DUPLICATE:
            raise ImportRefused(
                _("Row %(row)s: choose the existing person or give an organisation.")
                % {"row": row.number}
            )
        person = Person(
            name_lo=row.name_lo,
            name_latin=row.name_latin,
            sex=row.sex,
            sector_id=organisation.sector_id if organisation else other_sector.pk,
            organisation=organisation,
            position=row.position,
            province_id=organisation.province_id or event.province_id,
            phone=row.phone,
            # bulk_create skips Person.save(), which fills the matching keys.
            name_key=row.name_key,
            name_latin_key=lao_matching_key(row.name_latin),
            name_latin_loose_key=romanised_key(row.name_latin),
        )
        new_people.append(person)
        people_by_row[row.number] = person
    Person.objects.bulk_create(new_people, batch_size=500)

    participations = {
        participation.person_id: participation
        for participation in Participation.objects.filter(event=event)
    }
    created_participations = []
    for row in preview.rows:
        person = people_by_row[row.number]
        if person.pk in participations:
            continue
        participation = Participation(event=event, person=person)
        participation.take_snapshot()
        participations[person.pk] = participation
        created_participations.append(participation)
    Participation.objects.bulk_create(created_participations, batch_size=500)

    existing = {
        (mark.participation_id, mark.session_id): mark
        for mark in Attendance.objects.filter(session__event=event)
    }
    now = timezone.now()
    new_marks, changed_marks, changes = [], [], []
    for row in preview.rows:
        participation = participations[people_by_row[row.number].pk]
        for session_id, status in row.marks.items():
            mark = existing.get((participation.pk, session_id))
            if mark is None:
                new_marks.append(
                    Attendance(
                        participation=participation,
                        session_id=session_id,
                        status=status,
                        marked_by=user,
                        marked_at=now,
                    )
                )
            elif mark.status != status:
                changes.append(
                    AttendanceChange(
                        attendance=mark,
                        old_status=mark.status,
                        new_status=status,
                        old_note=mark.note,
                        new_note=mark.note,
                        changed_by=user,
                        changed_at=now,
                    )
                )
                mark.status, mark.marked_by, mark.marked_at = status, user, now
                changed_marks.append(mark)
    Attendance.objects.bulk_create(new_marks, batch_size=1000)
    Attendance.objects.bulk_update(
        changed_marks, ["status", "marked_by", "marked_at"], batch_size=1000
    )
    AttendanceChange.objects.bulk_create(changes, batch_size=1000)
    return {
        "rows": len(preview.rows),
        "new_people": len(new_people),
        "new_participations": len(created_participations),
        "marks": len(new_marks),
        "changed_marks": len(changed_marks),
    }
