import pytest

from tests.webhooks.receiver import Receiver, start
from webhooks.models import Endpoint, EventType

SECRET = "rahasia-uji-0123456789"


@pytest.fixture
def receiver():
    r = Receiver()
    server = start(r)
    yield r
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    """Subscribed to every type."""
    return Endpoint.objects.create(
        url=receiver.url, secret=SECRET, event_types=list(EventType.values)
    )
