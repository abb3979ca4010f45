"""`document.ready` reaches the outbound webhooks (API.md "Outbound webhooks") when a
document turns ready through the staff API, on commit, with the public code only."""

import json

import pytest

from tests.documents.test_api import open_document, set_status
from webhooks.models import Delivery, Endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]


def test_a_ready_document_is_delivered_to_subscribed_endpoints_only(
    api_as, officer_a, served, django_capture_on_commit_callbacks
):
    wants = Endpoint.objects.create(url="http://127.0.0.1:9/in", event_types=["document.ready"])
    Endpoint.objects.create(url="http://127.0.0.1:9/other", event_types=["ticket.called"])
    staff = api_as(officer_a)
    code = open_document(staff, served).json()["code"]
    assert not Delivery.objects.filter(event_type="document.ready").exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert set_status(staff, code, "ready").status_code == 200

    deliveries = Delivery.objects.filter(event_type="document.ready")
    assert [d.endpoint_id for d in deliveries] == [wants.pk]
    body = json.loads(deliveries[0].body)
    assert body["type"] == "document.ready"
    assert body["data"]["code"] == code
    assert body["data"]["service"] == served.service_id
    assert body["data"]["ready_at"]
    # The resident's ticket had a name and phone: neither is in what leaves the mall.
    assert served.token not in deliveries[0].body
    for value in (served.name, served.phone):
        if value:
            assert value not in deliveries[0].body
