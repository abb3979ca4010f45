"""Fixtures of the report tests: the hand-computed Monev month (tests/reports/monev_month.py)."""

from tests.reports.monev_month import agency_c_fixture, month_fixture  # noqa: F401
