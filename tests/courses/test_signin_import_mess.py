"""A sign-in sheet as provincial trainers type it up: one upload is enough (issue 13)."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from courses.events.signin_sheets import (
    ImportRefused,
    Outcome,
    SheetAnswers,
    import_sheet,
    preview_sheet,
)
from courses.models import Attendance, AttendanceStatus, Participation
from lms.models import Organisation, Person, Province, Sector, Sex
from tests.courses.test_signin_import import HEADER, xlsx
from tests.factories import EventSessionFactory, PersonFactory, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PRESENT, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT


@pytest.fixture
def event():
    """Three days, 2 to 4 March 2026, one session a day, in Savannakhet."""
    return make_event(session_hours=(4, 4, 3), province_code="13")


@pytest.fixture
def provincial_police():
    return Organisation.objects.create(
        key="police-provincial-13",
        name_en="Provincial Police Headquarters, Savannakhet",
        name_lo="ກອງບັນຊາການ ປກສ ແຂວງສະຫວັນນະເຂດ",
        sector=Sector.objects.get(code="police"),
        level="provincial",
        province=Province.objects.get(code="13"),
    )


def marks_by_date(row, event):
    dates = dict(event.sessions.values_list("pk", "date"))
    return {dates[pk]: status for pk, status in row.marks.items()}


def person_row(name, *marks, sex="ຊ", organisation="ATD", phone=""):
    return [1, name, "", sex, organisation, "", phone, *marks]


# Session headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("ວັນທີ 02/03", date(2026, 3, 2)),
        ("ວັນທີ 3/3", date(2026, 3, 3)),
        ("03/03", date(2026, 3, 3)),
        ("04/03/2026", date(2026, 3, 4)),
        ("໐໓/໐໓/໒໐໒໖", date(2026, 3, 3)),
        ("2 ມີນາ", date(2026, 3, 2)),
        ("ວັນທີ 4 ມີນາ 2026", date(2026, 3, 4)),
        ("ວັນທີ 3", date(2026, 3, 3)),
        ("ວັນທີ ໒", date(2026, 3, 2)),
    ],
)
def test_a_lao_date_header_puts_its_marks_on_the_session_of_that_date(event, header, day):
    rows = [HEADER + [header], person_row("ວິໄລ ພົມມະວົງ", "✓")]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    assert not preview.questions
    assert marks_by_date(preview.rows[0], event) == {day: PRESENT}


def test_a_date_of_another_year_is_a_question_with_the_likely_session_never_a_guess(event):
    rows = [HEADER + ["12/03/2018", "02/03/2018"], person_row("ວິໄລ ພົມມະວົງ", "", "✓")]
    content = xlsx(rows)
    preview = preview_sheet(content, "sheet.xlsx", event)
    question = next(q for q in preview.questions if q.header == "02/03/2018")
    assert question.suggested.date == date(2026, 3, 2)
    assert preview.rows[0].marks == {}  # nothing placed until the trainer answers
    with pytest.raises(ImportRefused, match="choose its session"):
        import_sheet(content, "sheet.xlsx", event)
    assert not Participation.objects.exists()
    first, *_others = event.sessions.order_by("date")
    answers = SheetAnswers(sessions={7: "skip", 8: str(question.suggested.pk)})
    import_sheet(content, "sheet.xlsx", event, answers=answers)
    assert list(Attendance.objects.values_list("session", "status")) == [(first.pk, PRESENT)]


def test_a_day_of_the_month_no_session_is_on_is_a_question_not_the_first_day(event):
    rows = [HEADER + ["ວັນທີ 1"], person_row("ວິໄລ ພົມມະວົງ", "✓")]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    (question,) = preview.questions
    assert question.suggested is None
    assert len(question.options) == 3
    assert preview.rows[0].marks == {}


def test_a_date_read_either_way_is_a_question():
    event = make_event(session_hours=(4,))
    EventSessionFactory(event=event, date=date(2026, 2, 3))  # 3 February, and 2 March
    rows = [HEADER + ["02/03"], person_row("ວິໄລ ພົມມະວົງ", "✓")]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    (question,) = preview.questions
    assert {session.date for session in question.options} == {date(2026, 3, 2), date(2026, 2, 3)}


def test_a_day_with_two_sessions_asks_which_unless_the_header_says_the_part_of_day(event):
    afternoon = EventSessionFactory(
        event=event, date=date(2026, 3, 2), start_time=time(13, 30), end_time=time(16, 30)
    )
    rows = [HEADER + ["ວັນທີ 02/03", "02/03 ບ່າຍ"], person_row("ວິໄລ ພົມມະວົງ", "✓", "ລາ")]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    (question,) = preview.questions
    assert question.header == "ວັນທີ 02/03" and len(question.options) == 2
    assert preview.rows[0].marks == {afternoon.pk: AttendanceStatus.EXCUSED}


# Rows ----------------------------------------------------------------------------------------


def test_the_same_person_on_two_rows_is_merged_with_their_marks_not_an_error(event):
    rows = [
        HEADER + ["ວັນທີ 2/3", "ວັນທີ 3/3", "ວັນທີ 4/3"],
        [1, "ທ່ານ ສົມພອນ ແກ້ວມະນີ", "Somphone", "ຊ", "ATD", "", "020 5555 1234", "✓", "", ""],
        [2, "ວິໄລ ພົມມະວົງ", "", "ຊ", "ATD", "", "", "✓", "✓", "✓"],
        # A spelling variant of the name, the phone typed the international way.
        [3, "ສົມພອນ ແກ້ວມະນິ", "", "", "", "", "+856 20 55551234", "", "✓", "ມາຊ້າ"],
    ]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    assert preview.is_valid, [row.errors for row in preview.rows]
    assert len(preview.rows) == 2
    merged = preview.rows[0]
    assert merged.merged_rows == [5]
    assert merged.numbers == [3, 5]
    assert any("merged" in note for note in merged.notes)
    assert sorted(marks_by_date(merged, event).items()) == [
        (date(2026, 3, 2), PRESENT),
        (date(2026, 3, 3), PRESENT),
        (date(2026, 3, 4), AttendanceStatus.LATE),
    ]
    assert preview.merged_count == 1
    import_sheet(xlsx(rows), "sheet.xlsx", event)
    assert Person.objects.filter(phone="+8562055551234").count() == 1


def test_one_phone_under_two_different_names_in_one_sheet_is_still_an_error(event):
    rows = [
        HEADER + ["Session 1"],
        person_row("ວິໄລ ພົມມະວົງ", "✓", phone="020 5555 7777"),
        person_row("ບຸນມີ ສີຫາລາດ", "✓", phone="2055557777"),
    ]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    assert len(preview.rows) == 2
    assert "same person as row 3" in preview.rows[1].errors[0]


@pytest.mark.parametrize(
    "total",
    [
        ["", "ລວມທັງໝົດ 7 ທ່ານ, ຍິງ 3 ທ່ານ"],
        ["Total", ""],
        ["", "ຜູ້ເຂົ້າຮ່ວມທັງໝົດ 2 ທ່ານ", "", "ຍິງ 1 ທ່ານ"],
        ["", "", "", "", "", "", "", 2],
    ],
)
def test_a_total_row_is_skipped_with_a_note(event, total):
    rows = [
        HEADER + ["Session 1"],
        person_row("ວິໄລ ພົມມະວົງ", "✓"),
        person_row("ມາລີ ສີລາວົງ", "✓", sex="ຍ"),
        total,
    ]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    assert preview.is_valid, [row.errors for row in preview.rows]
    assert len(preview.rows) == 2
    assert any("Row 5 is a total" in note for note in preview.notes)


@pytest.mark.parametrize(
    ("typed", "name", "sex"),
    [
        ("ທ່ານ ນາງ ມາລີ ສີລາວົງ", "ມາລີ ສີລາວົງ", Sex.FEMALE),
        ("ທ່ານນາງມາລີ ສີລາວົງ", "ມາລີ ສີລາວົງ", Sex.FEMALE),
        ("ນາງ ມາລີ ສີລາວົງ", "ມາລີ ສີລາວົງ", Sex.FEMALE),
        ("ທ້າວສົມພອນ ແກ້ວມະນີ", "ສົມພອນ ແກ້ວມະນີ", Sex.MALE),
        ("ທ່ານ ສົມພອນ ແກ້ວມະນີ", "ສົມພອນ ແກ້ວມະນີ", Sex.MALE),
    ],
)
def test_a_title_is_taken_off_the_name_and_gives_the_sex_when_none_is_written(
    event, typed, name, sex
):
    rows = [HEADER + ["Session 1"], person_row(typed, "✓", sex="")]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    (row,) = preview.rows
    assert not row.errors
    assert (row.name_lo, row.sex) == (name, sex)


def test_english_titles_and_dr_are_taken_off_and_dr_says_no_sex(event):
    rows = [
        HEADER + ["Session 1"],
        [1, "ບຸນມີ ສີຫາລາດ", "Mrs Bounmy", "", "ATD", "", "", "✓"],
        [2, "ທ່ານ ດຣ. ວິໄລ ພົມມະວົງ", "Dr Vilay", "", "ATD", "", "", "✓"],
    ]
    preview = preview_sheet(xlsx(rows), "sheet.xlsx", event)
    mrs, dr = preview.rows
    assert (mrs.name_latin, mrs.sex, mrs.errors) == ("Bounmy", Sex.FEMALE, [])
    assert (dr.name_lo, dr.name_latin) == ("ວິໄລ ພົມມະວົງ", "Vilay")
    assert dr.errors == ["Sex is missing (M or F, ຊ or ຍ)."]


def test_a_registered_person_typed_with_a_title_is_matched(event):
    person = PersonFactory(name_lo="ມາລີ ສີລາວົງ", sex=Sex.FEMALE, phone="")
    rows = [HEADER + ["Session 1"], person_row("ທ່ານ ນາງ ມາລີ ສີລາວົງ", "✓", sex="ຍ")]
    (row,) = preview_sheet(xlsx(rows), "sheet.xlsx", event).rows
    assert (row.outcome, row.person) == (Outcome.MATCHED, person)


# Organisations -------------------------------------------------------------------------------


def test_a_short_form_of_a_provincial_office_is_a_suggestion_to_confirm(event, provincial_police):
    rows = [
        HEADER + ["Session 1"],
        person_row("ວິໄລ ພົມມະວົງ", "✓", organisation="ປກສ ແຂວງສະຫວັນນະເຂດ"),
    ]
    content = xlsx(rows)
    (row,) = preview_sheet(content, "sheet.xlsx", event).rows
    assert not row.errors
    assert row.confirm_organisation and row.organisation_suggestions == [provincial_police]
    with pytest.raises(ImportRefused, match="confirm the organisation"):
        import_sheet(content, "sheet.xlsx", event)
    answers = SheetAnswers(organisations={3: str(provincial_police.pk)})
    import_sheet(content, "sheet.xlsx", event, answers=answers)
    assert Person.objects.get(name_lo="ວິໄລ ພົມມະວົງ").organisation == provincial_police


def test_an_abbreviation_is_never_silently_the_ministry_in_a_province(event, provincial_police):
    rows = [HEADER + ["Session 1"], person_row("ວິໄລ ພົມມະວົງ", "✓", organisation="ປກສ")]
    (row,) = preview_sheet(xlsx(rows), "sheet.xlsx", event).rows
    mops = Organisation.objects.get(key="mops")
    assert row.organisation_suggestions == [provincial_police, mops]


def test_an_office_of_another_province_is_never_suggested_for_a_province_it_names(
    provincial_police,
):
    capital_event = make_event(session_hours=(4,))
    rows = [
        HEADER + ["Session 1"],
        person_row("ວິໄລ ພົມມະວົງ", "✓", organisation="ປກສ ແຂວງສະຫວັນນະເຂດ"),
    ]
    (row,) = preview_sheet(xlsx(rows), "sheet.xlsx", capital_event).rows
    assert row.organisation_suggestions == [provincial_police]


# Marks and the registry ----------------------------------------------------------------------


def test_an_empty_cell_of_a_session_still_to_come_is_not_marked_absent():
    today = timezone.localdate()
    event = make_event(session_hours=(4,))
    event.sessions.update(date=today - timedelta(days=1))
    later = EventSessionFactory(event=event, date=today + timedelta(days=1))
    past = event.sessions.exclude(pk=later.pk).get()
    rows = [HEADER + ["Session 1", "Session 2"], person_row("ວິໄລ ພົມມະວົງ", "", "")]
    (row,) = preview_sheet(xlsx(rows), "sheet.xlsx", event).rows
    assert row.marks == {past.pk: ABSENT}
    import_sheet(xlsx(rows), "sheet.xlsx", event)
    assert list(Attendance.objects.values_list("session", "status")) == [(past.pk, ABSENT)]


def test_a_phone_of_two_registry_records_asks_which_and_never_makes_a_third(event):
    one = PersonFactory(name_lo="ສົມພອນ ສີສຸລາດ", phone="020 5555 4444")
    other = PersonFactory(name_lo="ມາລີ ວົງສາ", phone="020 5555 4444", sex=Sex.FEMALE)
    rows = [HEADER + ["Session 1"], person_row("ບຸນມີ ພົມມະຈັນ", "✓", phone="02055554444")]
    content = xlsx(rows)
    (row,) = preview_sheet(content, "sheet.xlsx", event).rows
    assert row.must_choose and set(row.candidates) == {one, other}
    with pytest.raises(ImportRefused, match="who this phone number belongs to"):
        import_sheet(content, "sheet.xlsx", event)
    assert Person.objects.filter(phone="+8562055554444").count() == 2
    import_sheet(content, "sheet.xlsx", event, choices={3: str(other.pk)})
    assert Participation.objects.get().person == other
    assert Person.objects.filter(phone="+8562055554444").count() == 2


# The whole sheet -----------------------------------------------------------------------------


def messy_sheet() -> bytes:
    """Every kind of mess at once, as a provincial trainer types a paper sheet up."""
    header = HEADER + ["ວັນທີ ໐໒/໐໓", "3/3", "04/03/2018"]
    rows = [
        header,
        [1, "ທ່ານ ສົມພອນ ແກ້ວມະນີ", "Mr Somphone", "", "ປກສ ແຂວງສະຫວັນນະເຂດ", "", "020 5555 1234"]
        + ["✓", "", ""],
        [2, "ທ່ານ ນາງ ມາລີ ສີລາວົງ", "Maly", "", "ATD", "", "", "✓", "✓", "ລາ"],
        [3, "ທ້າວ ວິໄລ ພົມມະວົງ", "", "ຊ", "OSPP", "", "", "✓", "ມາຊ້າ", "✓"],
        [4, "ບຸນມີ ພົມມະຈັນ", "", "ຊ", "ATD", "", "02055554444", "✓", "✓", ""],
        [5, "ສົມພອນ ແກ້ວມະນິ", "", "ຊ", "", "", "+856 20 5555 1234", "", "✓", "✓"],
        ["", "ລວມທັງໝົດ 5 ທ່ານ, ຍິງ 1 ທ່ານ"],
        ["Total", "", "", "", "", "", "", 5, 5, 4],
    ]
    return xlsx(rows)


def test_the_messy_sheet_previews_without_an_error_and_imports_in_one_upload(
    event, provincial_police
):
    PersonFactory(name_lo="ສົມພອນ ສີສຸລາດ", phone="020 5555 4444")
    PersonFactory(name_lo="ມາລີ ວົງສາ", phone="020 5555 4444", sex=Sex.FEMALE)
    content = messy_sheet()
    preview = preview_sheet(content, "sheet.xlsx", event)
    assert preview.error_count == 0, [row.errors for row in preview.rows] + preview.file_errors
    assert len(preview.rows) == 4 and preview.merged_count == 1
    assert len([note for note in preview.notes if "is a total" in note]) == 2
    (question,) = preview.questions
    assert question.suggested.date == date(2026, 3, 4)
    somphone, maly, vilay, bounmy = preview.rows
    assert (somphone.name_lo, somphone.sex, somphone.merged_rows) == ("ສົມພອນ ແກ້ວມະນີ", "m", [7])
    assert somphone.organisation_suggestions == [provincial_police]
    assert maly.sex == Sex.FEMALE and bounmy.must_choose

    answers = SheetAnswers.from_post(
        {
            question.field_name: str(question.suggested.pk),
            "organisation-3": str(provincial_police.pk),
            "choice-6": "new",
        }
    )
    result = import_sheet(content, "sheet.xlsx", event, answers=answers)
    assert result["rows"] == 4 and result["marks"] == 12
    fourth = event.sessions.get(date=date(2026, 3, 4))
    assert dict(
        Attendance.objects.filter(session=fourth).values_list(
            "participation__person__name_lo", "status"
        )
    ) == {
        "ສົມພອນ ແກ້ວມະນີ": PRESENT,
        "ມາລີ ສີລາວົງ": AttendanceStatus.EXCUSED,
        "ວິໄລ ພົມມະວົງ": PRESENT,
        "ບຸນມີ ພົມມະຈັນ": ABSENT,
    }
