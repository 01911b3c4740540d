"""Deprecated: the builders are in tests.factories. These names remain for test modules
being written elsewhere at the time of the move; import from tests.factories instead, and
delete this module once nothing imports it."""

from tests.factories import PersonFactory, attend, make_event  # noqa: F401 (re-exported)

make_person = PersonFactory
