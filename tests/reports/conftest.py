"""The reports' hand-built data set (tests.factories.build_charj_data), as a fixture."""

import pytest

from tests.factories import build_charj_data


@pytest.fixture
def charj_data(locales):
    return build_charj_data()
