"""Demo content for the indicator reports: targets for the demo's fiscal years and quarters.

Idempotent: targets are updated in place, so loading the demo twice changes nothing.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lms.reports.models import Indicator, IndicatorTarget, TargetPeriod
from lms.reports.periods import fiscal_quarter_of

# Yearly targets across all programmes; each quarter gets a quarter of the people targets.
YEARLY_TARGETS = {
    Indicator.PERSONS_TRAINED: Decimal(400),
    Indicator.PARTICIPATIONS: Decimal(600),
    Indicator.PERSON_HOURS: Decimal(9000),
    Indicator.EVENTS_HELD: Decimal(24),
    Indicator.COMPLETION_CERTIFICATES: Decimal(350),
    Indicator.SHARE_IMPROVED: Decimal(75),
    Indicator.SHARE_PASSED: Decimal(70),
    Indicator.TOT_CERTIFIED: Decimal(30),
    Indicator.CASCADE_EVENTS: Decimal(8),
}
QUARTERLY = (
    Indicator.NEW_PERSONS_TRAINED,
    Indicator.PARTICIPATIONS,
    Indicator.EVENTS_HELD,
)


def set_target(indicator, period_kind, year, value, quarter=0, programme=None):
    IndicatorTarget.objects.update_or_create(
        indicator=indicator,
        programme=programme,
        period_kind=period_kind,
        year=year,
        quarter=quarter,
        defaults={"value": value},
    )


@transaction.atomic
def load():
    """Targets for the current and the previous fiscal year, and their quarters."""
    current = fiscal_quarter_of(timezone.localdate()).year
    for year in (current - 1, current):
        for indicator, value in YEARLY_TARGETS.items():
            set_target(indicator, TargetPeriod.FISCAL_YEAR, year, value)
        set_target(
            Indicator.NEW_PERSONS_TRAINED,
            TargetPeriod.FISCAL_YEAR,
            year,
            YEARLY_TARGETS[Indicator.PERSONS_TRAINED],
        )
        for quarter in range(1, 5):
            for indicator in QUARTERLY:
                base = YEARLY_TARGETS.get(indicator, YEARLY_TARGETS[Indicator.PERSONS_TRAINED])
                set_target(indicator, TargetPeriod.FISCAL_QUARTER, year, base / 4, quarter)
    # The Lao government year is the calendar year.
    calendar = timezone.localdate().year
    set_target(Indicator.PERSONS_TRAINED, TargetPeriod.CALENDAR_YEAR, calendar, Decimal(400))
