"""Typed sign-in sheets: reading them, matching rows to the registry, previewing, importing.

A sheet (XLSX, or CSV in UTF-8) has one row per person: Lao name, romanised name, sex,
organisation, position, phone, and one column per session holding the mark. Reading
is forgiving about what people type (Lao or English headers, a title above the header
row, merged cells, dates typed as text, Lao digits, both spellings of Lao vowels) and
strict about what it cannot know: every problem is reported against its row, and
nothing is written unless every row is valid. Files are read by lms.spreadsheets (its
limits, merged cells filled, formulas flagged, escaped cells read back as typed).

Paper sheets typed up in a province are read as typed: session headers written the Lao
way ("ວັນທີ 12/03", "12 ມີນາ", Lao digits) go to the session of that date, and a header
that could mean two sessions is a question for the trainer, never a guess; the same
person on two rows is merged; total rows are skipped with a note; titles (ທ່ານ, ນາງ, Mr)
are taken off names and hint the sex; an organisation written short or long is a
suggestion to confirm; an empty cell of a session still to come is not marked.
"""

import re
from collections import Counter
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
from lms.lao import (
    InvalidPhoneNumber,
    lao_matching_key,
    normalise_phone,
    read_typed_date,
    romanised_key,
)
from lms.models import Organisation, Person, Sector, Sex
from lms.people.matching import (
    UNKNOWN,
    OrganisationMatcher,
    Probe,
    Reason,
    match_people,
    same_person,
    split_honorific,
)
from lms.spreadsheets import PERSON_HEADERS, Formula, SpreadsheetError, cell_text

MAX_ROWS = 2_500
HEADER_SEARCH_ROWS = 10


class Outcome:
    MATCHED = "matched"
    NEW = "new"
    DUPLICATE = "duplicate"


# The answer that makes a possible duplicate a new person, and that leaves a column out.
NEW_PERSON = "new"
SKIP_COLUMN = "skip"


# Column -> header spellings (lms.spreadsheets, shared with the score import).
HEADERS = PERSON_HEADERS
HEADER_KEYS = spreadsheets.header_keys(HEADERS)

# Mark values -> status; an empty cell is an absence (nobody signed), or not marked yet
# for a session still to come.
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
# "ມື້ທີ 2" is the event's second day; "ວັນທີ 2" is a date (the 2nd), read as one.
_DAY_NUMBER = re.compile(r"^(?:day|d|ມື້|ມື້ທີ)\s*(\d+)\s*(.*)$", re.IGNORECASE)
_TIME_TEXT = re.compile(r"(\d{1,2})[:.h](\d{2})")
_MORNING = ("am", "morning", "ເຊົ້າ", "ຕອນເຊົ້າ")
_AFTERNOON = ("pm", "afternoon", "ບ່າຍ", "ຕອນບ່າຍ", "ແລງ")
_SESSIONISH = re.compile(r"session|day|ພາກ|ມື້|ວັນທີ|ຄັ້ງທີ|\d{1,2}[/.\-]\d{1,2}", re.IGNORECASE)
# A total or summary row: "ລວມທັງໝົດ 7 ທ່ານ, ຍິງ 3 ທ່ານ", "Total", "ຜູ້ເຂົ້າຮ່ວມທັງໝົດ 37 ທ່ານ".
_TOTAL_ROW = re.compile(
    "|".join(
        [
            r"^(?:ລວມ|ທັງຫມົດ|ຍອດລວມ)",
            r"^(?:grand total|sub-?total|total|sum)\b",
            r"ທັງຫມົດ\s*:?\s*\d",
            r"\d+\s*ທ່ານ",
            r"ຍິງ\s*:?\s*\d",
        ]
    ),
    re.IGNORECASE,
)
# Which mark says more, when the same person's two rows disagree: a signature is evidence.
_MARK_STRENGTH = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
]


@dataclass
class SheetRow:
    number: int
    name_lo: str = ""
    name_latin: str = ""
    # The titles taken off the names (ທ່ານ ນາງ, Mr...), as typed.
    title: str = ""
    sex: str = ""
    organisation_text: str = ""
    organisation: Organisation | None = None
    # Organisations the typed one may be (the first is assumed): to confirm, never silent.
    organisation_suggestions: list = field(default_factory=list)
    position: str = ""
    phone: str = ""
    # session pk -> status
    marks: dict = field(default_factory=dict)
    # Session pks whose cell held a mark (an empty cell counts as absent, or not marked).
    typed: set = field(default_factory=set)
    # Column index -> status, for a column whose session is still a question.
    pending: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    # What was read for the trainer to know (a title, a merge), not errors.
    notes: list = field(default_factory=list)
    # Numbers of the other rows of the sheet that are this same person.
    merged_rows: list = field(default_factory=list)
    outcome: str = ""
    person: Person | None = None
    candidates: list = field(default_factory=list)
    # The candidates share the phone: the trainer must say which one (or a new person).
    must_choose: bool = False

    @property
    def name_key(self) -> str:
        return lao_matching_key(self.name_lo)

    @property
    def confirm_organisation(self) -> bool:
        return bool(self.organisation_suggestions)

    @property
    def numbers(self) -> list[int]:
        return [self.number, *self.merged_rows]

    def probe(self) -> Probe:
        return Probe(
            name_lo=self.name_lo,
            name_latin=self.name_latin,
            phone=self.phone,
            organisation=self.organisation if self.organisation_text else UNKNOWN,
            sex=self.sex,
        )

    def absorb(self, other: "SheetRow"):
        """Take in ``other``, the same person on another row: the details this row lacks,
        and its marks (a typed mark over an empty cell; of two, the one that says more)."""
        self.merged_rows += other.numbers
        # What one row lacks, the other may give: a missing sex is no error once known.
        missing_sex = _sex_missing()
        if other.sex:
            self.errors = [error for error in self.errors if error != missing_sex]
        other_errors = [error for error in other.errors if not (self.sex and error == missing_sex)]
        for name in ("name_latin", "title", "sex", "position", "phone"):
            if not getattr(self, name):
                setattr(self, name, getattr(other, name))
        if not self.organisation_text and other.organisation_text:
            self.organisation_text = other.organisation_text
            self.organisation = other.organisation
            self.organisation_suggestions = other.organisation_suggestions
        if other.sex and self.sex and other.sex != self.sex:
            self.errors.append(
                _("Rows %(rows)s are the same person but give a different sex.")
                % {"rows": _row_list(self.numbers)}
            )
        for session, status in other.marks.items():
            if session not in other.typed:
                self.marks.setdefault(session, status)
                continue
            if session in self.typed and self.marks[session] != status:
                status = min(self.marks[session], status, key=_MARK_STRENGTH.index)
            self.marks[session] = status
            self.typed.add(session)
        for column, status in other.pending.items():
            if column not in self.pending or self.pending[column] == AttendanceStatus.ABSENT:
                self.pending[column] = status
        self.errors += [
            _("Row %(row)s: %(error)s") % {"row": other.number, "error": error}
            for error in other_errors
        ]
        self.notes += other.notes


def _sex_missing() -> str:
    return _("Sex is missing (M or F, ຊ or ຍ).")


def _row_list(numbers) -> str:
    return ", ".join(str(number) for number in sorted(numbers))


@dataclass
class SessionQuestion:
    """A column whose header could mean more than one session: the trainer picks one."""

    column: int
    header: str
    options: list
    suggested: EventSession | None = None
    reason: str = ""

    @property
    def field_name(self) -> str:
        return f"session-{self.column}"


@dataclass
class SheetAnswers:
    """What the trainer answered on the preview: row -> candidate pk (or NEW_PERSON), column
    index -> session pk (or SKIP_COLUMN), row -> organisation pk."""

    people: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)

    @classmethod
    def from_post(cls, data) -> "SheetAnswers":
        """The answers in a posted preview form (``choice-3``, ``session-7``,
        ``organisation-3``)."""
        answers = cls()
        for prefix, into in (
            ("choice-", answers.people),
            ("session-", answers.sessions),
            ("organisation-", answers.organisations),
        ):
            for name, value in data.items():
                number = name.removeprefix(prefix)
                if name.startswith(prefix) and number.isdigit() and value:
                    into[int(number)] = value
        return answers


@dataclass
class SheetPreview:
    event: TrainingEvent
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # What was read past or understood, for the trainer (total rows, merges).
    notes: list = field(default_factory=list)
    # Columns the trainer must place before importing.
    questions: list = field(default_factory=list)
    # Sessions in sheet column order.
    sessions: list = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)

    @property
    def merged_count(self) -> int:
        return sum(1 for row in self.rows if row.merged_rows)

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


@dataclass
class Placement:
    """Where a header puts its column: a ``session``; or a question among ``options``
    (``suggested`` first when the header points at one), for the trainer to answer."""

    session: EventSession | None = None
    options: list = field(default_factory=list)
    suggested: EventSession | None = None
    # Why it is a question, for the trainer.
    reason: str = ""


def _on_dates(sessions, dates, rest) -> Placement:
    """The session of ``dates`` (one date: by the part of day in ``rest``) or a question."""
    on_dates = [s for s in sessions if s.date in dates]
    if len(dates) == 1:
        picked = _pick_by_part(on_dates, rest)
        if picked is not None:
            return Placement(session=picked)
        if len(on_dates) > 1:
            return Placement(
                options=on_dates,
                reason=_("That day has several sessions: which one is this column?"),
            )
    if on_dates:
        return Placement(options=on_dates, reason=_("The header could mean more than one session."))
    return Placement()


def place_column(header, sessions: list[EventSession]) -> Placement:
    """Where a column header puts its marks: "Session 2", "Day 1 am" ("ມື້ທີ 1 ເຊົ້າ"), a
    date as Excel holds it, or a date typed the Lao way ("ວັນທີ 12/03", "12/03/2026",
    "12 ມີນາ", "ວັນທີ 12", Lao digits), with the part of day when a date has several.

    A date is never moved to another day: a header whose year, or whose day and month,
    match no session, or that could be read two ways, is a question with the likely
    sessions as options."""
    text = lao_matching_key(cell_text(header))
    number = _SESSION_NUMBER.match(text)
    if number:
        index = int(number.group(1)) - 1
        return Placement(session=sessions[index] if 0 <= index < len(sessions) else None)
    day = _DAY_NUMBER.match(text)
    if day:
        dates = sorted({session.date for session in sessions})
        index = int(day.group(1)) - 1
        if not 0 <= index < len(dates):
            return Placement()
        return _on_dates(sessions, {dates[index]}, day.group(2))
    event_dates = sorted({session.date for session in sessions})
    if isinstance(header, date):
        found = header.date() if isinstance(header, datetime) else header
        placement = _on_dates(sessions, {found}, "")
        if placement.session or placement.options:
            return placement
        return _elsewhere(sessions, event_dates, [(found.day, found.month)])
    typed = read_typed_date(cell_text(header))
    if typed is None:
        return Placement()
    rest = typed.rest
    if typed.month is None:
        # "ວັນທີ 12": the 12th of a month of the event.
        dates = {d for d in event_dates if d.day == typed.day}
        return _on_dates(sessions, dates, rest) if dates else _elsewhere(sessions, [], [])
    readings = [{d for d in event_dates if (d.day, d.month) == pair} for pair in typed.readings()]
    if not any(readings):
        return _elsewhere(sessions, event_dates, [])
    if typed.year is not None:
        wanted = [{d for d in dates if d.year == typed.year} for dates in readings]
    else:
        wanted = readings
    day_first = wanted[0]
    month_first = wanted[1] if len(wanted) > 1 else set()
    if day_first and not month_first:
        return _on_dates(sessions, day_first, rest)
    if day_first or month_first:
        options = [s for s in sessions if s.date in day_first | month_first]
        return Placement(
            options=options,
            reason=_("The date can be read day first or month first."),
        )
    return _elsewhere(sessions, event_dates, typed.readings(), rest)


def _elsewhere(sessions, event_dates, readings, rest="") -> Placement:
    """A question for a date no session is on: the same day and month in another year, or
    the date read month first, is the likely answer, never taken without asking."""
    likely = {d for d in event_dates if (d.day, d.month) in readings}
    if likely:
        options = [s for s in sessions if s.date in likely]
        return Placement(
            options=options,
            suggested=_pick_by_part(options, rest) if len(likely) == 1 else None,
            reason=_("The year is not the year of this event's sessions."),
        )
    return Placement(options=list(sessions), reason=_("No session of this event is on that date."))


def match_session(header, sessions: list[EventSession]) -> EventSession | None:
    """The session a column header names without any doubt, or None (``place_column``)."""
    return place_column(header, sessions).session


def header_column(value) -> str | None:
    """The column a header names; "ຊື່ ແລະ ນາມສະກຸນ (Lao name)" is read by either half."""
    return spreadsheets.header_column(value, HEADER_KEYS)


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


def _read_names(row: SheetRow, text: dict):
    """The names without their titles; a title says the sex when the sheet does not."""
    lao, latin = (
        split_honorific(text.get("name_lo", "")),
        split_honorific(text.get("name_latin", "")),
    )
    row.name_lo, row.name_latin = lao.name, latin.name
    row.title = " ".join(title for title in (lao.title, latin.title) if title)
    hint = lao.sex or latin.sex
    sex = text.get("sex", "")
    if not sex and hint:
        row.sex = hint
        row.notes.append(
            _("Sex read from the title '%(title)s'.") % {"title": lao.title or latin.title}
        )
    elif not sex:
        row.errors.append(_sex_missing())
    elif lao_matching_key(sex) in SEX_KEYS:
        row.sex = SEX_KEYS[lao_matching_key(sex)]
        if hint and hint != row.sex:
            row.notes.append(
                _("The title '%(title)s' does not agree with the sex '%(sex)s': check it.")
                % {"title": lao.title or latin.title, "sex": sex}
            )
    else:
        row.errors.append(_("Sex '%(value)s' is not M or F (ຊ or ຍ).") % {"value": sex})


def _read_row(number, values, columns, session_columns, organisations, to_come) -> SheetRow:
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
    row.position = text.get("position", "")[:200]
    row.organisation_text = text.get("organisation", "")
    _read_names(row, text)

    if not row.name_lo:
        row.errors.append(_("The Lao name is missing."))
    elif len(row.name_lo) > 200 or len(row.name_latin) > 200:
        row.errors.append(_("The name is longer than 200 characters."))

    phone = text.get("phone", "")
    if phone:
        try:
            row.phone = normalise_phone(phone)
        except InvalidPhoneNumber:
            row.errors.append(_("The phone number '%(value)s' is not valid.") % {"value": phone})

    if row.organisation_text:
        found = organisations.match(row.organisation_text)
        row.organisation = found.organisation or found.suggested
        row.organisation_suggestions = list(found.suggestions)
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
        if session is None and index not in session_columns.questions:
            if mark:
                row.errors.append(
                    _("Column '%(column)s' is not a session of this event.") % {"column": header}
                )
            continue
        if not mark and session is not None and session.pk in to_come:
            continue  # not marked yet, not absent
        status = status_for(mark)
        if status is None:
            row.errors.append(
                _(
                    "'%(value)s' in column '%(column)s' is not a mark: use ✓, L (late), "
                    "E (excused) or leave it empty."
                )
                % {"value": mark[:40], "column": header}
            )
        elif session is None:
            row.pending[index] = status
        else:
            row.marks[session.pk] = status
            if mark:
                row.typed.add(session.pk)
    return row


class _SessionColumns(list):
    """(index, session or None, header) of each session column; ``questions``: the indexes
    of columns whose session is a question."""

    def __init__(self):
        super().__init__()
        self.questions: set[int] = set()


def _is_blank(values, columns, session_columns) -> bool:
    """A row with no name, no phone and no marks (numbered empty rows for walk-ins)."""
    wanted = [columns.get(c) for c in ("name_lo", "name_latin", "phone", "sex")]
    wanted += [index for index, _session, _header in session_columns]
    return not any(
        index is not None and index < len(values) and cell_text(values[index]) for index in wanted
    )


def _total_row(values, columns) -> str:
    """The text of a total or summary row ("ລວມທັງໝົດ 7 ທ່ານ, ຍິງ 3 ທ່ານ", "Total"), or ""."""
    texts = [cell_text(value) for value in values if not isinstance(value, Formula)]
    texts = [text for text in texts if text]
    phone_index = columns.get("phone")
    has_phone = (
        phone_index is not None and phone_index < len(values) and cell_text(values[phone_index])
    )
    if not texts or has_phone:
        return ""
    for text in texts:
        if not text.replace(".", "").isdigit() and _TOTAL_ROW.search(lao_matching_key(text)):
            return " ".join(texts)[:80]
    named = [
        cell_text(values[columns[c]])
        for c in ("name_lo", "name_latin")
        if c in columns and columns[c] < len(values)
    ]
    if (
        not any(named)
        and all(text.isdigit() for text in texts)
        and any(int(text) > 1 for text in texts)
    ):
        # Counts under the session columns, on a row without a name.
        return " ".join(texts)[:80]
    return ""


def _merge_repeats(preview: SheetPreview):
    """The same person on two rows (a spelling variant, a phone typed two ways) is one row,
    its marks combined; the same phone under another name is an error (one number, two
    people, on one sheet)."""
    kept = []
    for row in preview.rows:
        probe = row.probe()
        twin = next((seen for seen in kept if same_person(seen.probe(), probe)), None)
        if twin is not None:
            twin.absorb(row)
            continue
        sharing = next((seen for seen in kept if row.phone and seen.phone == row.phone), None)
        if sharing is not None:
            row.errors.append(
                _("The same person as row %(row)s (same phone, or same name and organisation).")
                % {"row": sharing.number}
            )
        kept.append(row)
    for row in kept:
        if row.merged_rows:
            row.notes.append(
                _("Rows %(rows)s are the same person: merged, their marks combined.")
                % {"rows": _row_list(row.numbers)}
            )
    preview.rows = kept


def _settle_organisations(preview: SheetPreview, answers: SheetAnswers):
    """A suggested organisation is the trainer's answer once given; until then it is the
    first suggestion, shown for confirmation."""
    for row in preview.rows:
        if not row.organisation_suggestions:
            continue
        answer = str(answers.organisations.get(row.number, ""))
        chosen = next((org for org in row.organisation_suggestions if str(org.pk) == answer), None)
        if chosen is not None:
            row.organisation, row.organisation_suggestions = chosen, []


def _match_rows(preview: SheetPreview, viewer=None):
    """Classify each row with the registry's matcher (lms.people.matching): matched person,
    new person, or possible duplicate (with candidates).

    A row is matched to a single strong candidate only: the one person with its phone
    number whose name agrees (among several sharing the number, the one whose name
    agrees), or, without a phone match, the one person with its Lao name and organisation,
    if that person has no other phone number. Anyone else with its Lao name, or a similar
    romanised name, is a candidate. Candidates found by the phone must be chosen among
    (or a new person chosen): a shared number never makes a new person by default.

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
            # The phone is known under another name (a shared or re-used number), or under
            # several records: the trainer says which.
            owners = [candidate.person for candidate in by_phone]
            row.outcome, row.must_choose = Outcome.DUPLICATE, True
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


def _session_columns(preview, header, columns, sessions, answers) -> _SessionColumns:
    """Place every header that is not a person's column: a session, a question, or not
    imported (with a warning)."""
    session_columns, ignored = _SessionColumns(), []
    by_pk = {str(session.pk): session for session in sessions}
    for index, value in enumerate(header):
        label = cell_text(value)
        if index in columns.values() or not label:
            continue
        placement = place_column(value, sessions)
        answer = str(answers.sessions.get(index, ""))
        if placement.options and answer == SKIP_COLUMN:
            preview.notes.append(
                _("Column '%(column)s' is left out, as you chose.") % {"column": label}
            )
            continue
        if placement.options and answer in by_pk:
            placement = Placement(session=by_pk[answer])
        session = placement.session
        if session is not None:
            if session in [s for _i, s, _h in session_columns]:
                preview.file_errors.append(
                    _("Two columns name the same session: '%(column)s'.") % {"column": label}
                )
            session_columns.append((index, session, label))
        elif placement.options:
            session_columns.append((index, None, label))
            session_columns.questions.add(index)
            preview.questions.append(
                SessionQuestion(
                    column=index,
                    header=label,
                    options=placement.options,
                    suggested=placement.suggested,
                    reason=placement.reason,
                )
            )
        elif _SESSIONISH.search(label):
            session_columns.append((index, None, label))
            preview.warnings.append(
                _("Column '%(column)s' does not match any session of this event.")
                % {"column": label}
            )
        else:
            ignored.append(label)
    if not any(session for _i, session, _h in session_columns) and not preview.questions:
        preview.warnings.append(
            _("No column matches a session: people are registered without marks.")
        )
    if ignored:
        preview.warnings.append(
            _("Columns not imported: %(columns)s.") % {"columns": ", ".join(ignored[:10])}
        )
    return session_columns


def _sessions_to_come(sessions) -> set[int]:
    """Sessions that have not started yet: an empty cell there is not an absence."""
    now = timezone.localtime()
    return {
        session.pk
        for session in sessions
        if (session.date, session.start_time) > (now.date(), now.time().replace(tzinfo=None))
    }


def preview_sheet(
    content: bytes,
    filename: str,
    event: TrainingEvent,
    viewer=None,
    answers: SheetAnswers | None = None,
) -> SheetPreview:
    """Read a sign-in sheet for ``event`` and say what importing it would do; writes nothing.

    ``viewer`` is the user importing it: what the preview shows of the registry is theirs.
    ``answers`` are the trainer's answers to the preview's questions (``SheetAnswers``).
    """
    answers = answers or SheetAnswers()
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
    columns = {}
    for index, value in enumerate(header):
        column = header_column(value)
        if column and column not in columns:
            columns[column] = index
    session_columns = _session_columns(preview, header, columns, sessions, answers)
    preview.sessions = [session for _i, session, _h in session_columns if session]

    organisations = OrganisationMatcher(event.province_id)
    to_come = _sessions_to_come(sessions)
    for offset, values in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = list(values)
        total = _total_row(values, columns)
        if total:
            preview.notes.append(
                _("Row %(row)s is a total ('%(text)s'): not imported.")
                % {"row": offset, "text": total}
            )
            continue
        if _is_blank(values, columns, session_columns):
            continue
        preview.rows.append(
            _read_row(offset, values, columns, session_columns, organisations, to_come)
        )
    if "sex" not in columns and not any(row.sex for row in preview.rows):
        preview.file_errors.append(
            _("The sheet has no '%(column)s' column.") % {"column": HEADERS["sex"][0]}
        )
    if not preview.rows and not preview.file_errors:
        preview.file_errors.append(_("The sheet has no rows under its header."))
    _merge_repeats(preview)
    _settle_organisations(preview, answers)
    _match_rows(preview, viewer)
    return preview


# Committing -----------------------------------------------------------------


class ImportRefused(ValueError):
    pass


def _unanswered(preview: SheetPreview, answers: SheetAnswers) -> list[str]:
    """What the trainer has still to answer before the sheet can be imported."""
    missing = [
        _("Column '%(column)s': choose its session.") % {"column": question.header}
        for question in preview.questions
    ]
    missing += [
        _("Row %(row)s: confirm the organisation '%(value)s'.")
        % {"row": row.number, "value": row.organisation_text}
        for row in preview.rows
        if row.confirm_organisation
    ]
    missing += [
        _("Row %(row)s: choose who this phone number belongs to, or a new person.")
        % {"row": row.number}
        for row in preview.rows
        if row.must_choose and not answers.people.get(row.number)
    ]
    return missing


@transaction.atomic
def import_sheet(
    content: bytes,
    filename: str,
    event: TrainingEvent,
    *,
    choices=None,
    answers: SheetAnswers | None = None,
    user=None,
) -> dict:
    """Import a sign-in sheet in one transaction: every row, or nothing.

    ``answers`` (``SheetAnswers``) are the trainer's answers to the preview: the session of
    each questioned column, the organisation of each suggested one, and, for a possible
    duplicate, the candidate it is (``choices`` gives those alone: row number -> pk). A
    possible duplicate by name without a choice becomes a new person; one found by its
    phone needs a choice. The sheet is read again here, so the registry is matched as it
    is now, not as it was when previewed.
    """
    answers = answers or SheetAnswers()
    if choices:
        answers.people = {**answers.people, **choices}
    choices = answers.people
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    preview = preview_sheet(content, filename, event, viewer=user, answers=answers)
    if not preview.is_valid:
        raise ImportRefused(
            _("The sheet has %(count)s errors; nothing was imported.")
            % {"count": preview.error_count}
        )
    missing = _unanswered(preview, answers)
    if missing:
        raise ImportRefused(
            _("Nothing was imported: %(missing)s") % {"missing": " ".join(missing[:5])}
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
        if row.must_choose and chosen != NEW_PERSON:
            raise ImportRefused(
                _("Row %(row)s: choose who this phone number belongs to, or a new person.")
                % {"row": row.number}
            )
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
