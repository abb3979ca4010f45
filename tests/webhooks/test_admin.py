"""The admin: endpoints with http(s) URLs only, the "send test event" action, and the
read-only delivery log."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from tests import factories
from webhooks import tasks
from webhooks.admin import EndpointForm
from webhooks.models import Delivery, Endpoint


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def site(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/hook", "javascript:alert(1)", "file:///etc/passwd", "not a url"],
)
def test_only_http_and_https_urls(db, url):
    form = EndpointForm(data={"url": url, "secret": "s", "event_types": ["ticket.issued"]})
    assert not form.is_valid()
    assert "url" in form.errors


def test_an_endpoint_is_added_with_its_types(site, receiver):
    response = site.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "url": receiver.url,
            "secret": "kunci",
            "event_types": ["ticket.issued", "complaint.created"],
            "is_active": "on",
            "description": "MPP Digital",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = Endpoint.objects.get()
    assert endpoint.event_types == ["ticket.issued", "complaint.created"]


def test_a_new_endpoint_gets_a_random_secret(db):
    first, second = (
        Endpoint.objects.create(url="https://a.example"),
        Endpoint.objects.create(url="https://b.example"),
    )
    assert len(first.secret) == 64 and first.secret != second.secret


def test_send_test_event(site, endpoint, receiver):
    response = site.post(
        reverse("admin:webhooks_endpoint_changelist"),
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        follow=True,
    )
    assert "Peristiwa uji coba diantrekan untuk 1 tujuan" in response.content.decode()
    delivery = Delivery.objects.get(event_type="webhook.test")

    tasks.deliver.apply(args=[delivery.pk])

    (request,) = receiver.received
    assert request.headers["X-MPP-Event"] == "webhook.test"
    mac = hmac.new(endpoint.secret.encode(), request.body, hashlib.sha256)
    assert request.headers["X-MPP-Signature"] == "sha256=" + mac.hexdigest()
    assert json.loads(request.body)["data"]["endpoint"] == endpoint.pk


def test_the_delivery_log_is_read_only(site, endpoint):
    from webhooks.services import webhook_send_test

    delivery = webhook_send_test(endpoint=endpoint)
    changelist = site.get(reverse("admin:webhooks_delivery_changelist"))
    assert changelist.status_code == 200
    assert "webhook.test" in changelist.content.decode()
    assert site.get(reverse("admin:webhooks_delivery_add")).status_code == 403
    change = site.post(
        reverse("admin:webhooks_delivery_change", args=[delivery.pk]), {"attempts": 9}
    )
    assert change.status_code == 403
    delivery.refresh_from_db()
    assert delivery.attempts == 0
