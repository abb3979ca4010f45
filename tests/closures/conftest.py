"""The closure tests' staff have an address: the notifications go somewhere."""

import pytest

from agencies.models import User
from tests import factories


@pytest.fixture
def manager(db):
    return factories.UserFactory(
        username="manager", role=User.Role.MANAGER, agency=None, email="manager@mpp.test"
    )


@pytest.fixture
def manager2(db):
    return factories.UserFactory(
        username="manager2", role=User.Role.MANAGER, agency=None, email="manager2@mpp.test"
    )


@pytest.fixture
def officer_a(agency_a):
    return factories.UserFactory(
        username="officer-a", role=User.Role.OFFICER, agency=agency_a, email="officer-a@mpp.test"
    )
