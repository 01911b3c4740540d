"""Reporting periods: US fiscal years and quarters, Lao (calendar) years and any date range.

The US federal fiscal year runs 1 October to 30 September and is named after the year it
ends in: FY2018 is 1 October 2017 to 30 September 2018, Q1 October-December. The Lao
government year is the calendar year. Every period knows the start of its year, so
"new this quarter" counts only people not already counted earlier in the same year.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class PeriodKind:
    FISCAL_YEAR = "fy"
    FISCAL_QUARTER = "fq"
    CALENDAR_YEAR = "cy"
    RANGE = "range"
    # Only as a quarter within a Lao year; selected on the dashboard as a date range.
    CALENDAR_QUARTER = "cq"

    choices = [
        (FISCAL_YEAR, _("US fiscal year")),
        (FISCAL_QUARTER, _("US fiscal quarter")),
        (CALENDAR_YEAR, _("Lao calendar year")),
        (RANGE, _("Date range")),
    ]


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive
    year: int | None = None  # fiscal or calendar year, None for a free range
    quarter: int | None = None  # 1..4 for fiscal quarters
    # Where "new" counting starts when not the period's own year (a quarter of a range).
    since: datetime.date | None = None

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.FISCAL_YEAR:
            return f"FY{self.year}"
        if self.kind == PeriodKind.FISCAL_QUARTER:
            return f"FY{self.year} Q{self.quarter}"
        if self.kind == PeriodKind.CALENDAR_YEAR:
            return str(self.year)
        if self.kind == PeriodKind.CALENDAR_QUARTER:
            return f"{self.year} Q{self.quarter}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def year_start(self) -> datetime.date:
        """Where "new" counting starts: the fiscal or calendar year, or the range itself."""
        if self.since:
            return self.since
        if self.kind == PeriodKind.FISCAL_QUARTER:
            return fiscal_year(self.year).start
        if self.kind == PeriodKind.CALENDAR_QUARTER:
            return calendar_year(self.year).start
        return self.start

    def subperiods(self) -> list["Period"]:
        """The quarters within the period (fiscal quarters, or calendar quarters in a Lao year)."""
        if self.kind == PeriodKind.FISCAL_YEAR:
            return [fiscal_quarter(self.year, q) for q in range(1, 5)]
        if self.kind == PeriodKind.FISCAL_QUARTER:
            return [self]
        if self.kind == PeriodKind.CALENDAR_YEAR:
            return [calendar_quarter(self.year, q) for q in range(1, 5)]
        quarters = []
        current = fiscal_quarter_of(self.start)
        while current.start <= self.end:
            start, end = max(current.start, self.start), min(current.end, self.end)
            quarters.append(Period(PeriodKind.RANGE, start, end))
            current = fiscal_quarter_of(current.end + datetime.timedelta(days=1))
        return quarters

    def as_query(self) -> dict:
        """The GET parameters that select this period on the dashboard."""
        if self.kind in (PeriodKind.RANGE, PeriodKind.CALENDAR_QUARTER):
            return {
                "period": PeriodKind.RANGE,
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        query = {"period": self.kind, "year": self.year}
        if self.quarter:
            query["quarter"] = self.quarter
        return query


def fiscal_year(year: int) -> Period:
    return Period(
        PeriodKind.FISCAL_YEAR, datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30), year
    )


def fiscal_quarter(year: int, quarter: int) -> Period:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(quarter)
    # Q1 starts in October of the previous calendar year.
    month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    start_year = year - 1 if quarter == 1 else year
    start = datetime.date(start_year, month, 1)
    return Period(PeriodKind.FISCAL_QUARTER, start, _quarter_end(start), year, quarter)


def calendar_year(year: int) -> Period:
    return Period(
        PeriodKind.CALENDAR_YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year
    )


def calendar_quarter(year: int, quarter: int) -> Period:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    return Period(PeriodKind.CALENDAR_QUARTER, start, _quarter_end(start), year, quarter)


def date_range(start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise ValueError("end before start")
    return Period(PeriodKind.RANGE, start, end)


def fiscal_year_of(day: datetime.date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_quarter_of(day: datetime.date) -> Period:
    return fiscal_quarter(fiscal_year_of(day), ((day.month - 10) % 12) // 3 + 1)


def _quarter_end(start: datetime.date) -> datetime.date:
    next_month = start.month + 3
    next_start = datetime.date(start.year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
    return next_start - datetime.timedelta(days=1)
