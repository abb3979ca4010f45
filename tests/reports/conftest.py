"""Fixtures of the report tests: a signed-in page client, and the hand-computed Monev
month (tests/reports/monev_month.py)."""

import pytest
from django.test import Client

from tests.reports.monev_month import agency_c_fixture, month_fixture  # noqa: F401


@pytest.fixture
def client_as():
    def make(user, language: str = "id"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        return client

    return make
