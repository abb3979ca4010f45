"""Fixtures of the API tests."""

import pytest


@pytest.fixture
def mall(clock, hours):
    return clock
