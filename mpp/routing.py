"""Websocket routes (README "Live events (websockets)")."""

from django.urls import re_path

from console.consumers import CounterConsumer
from monitoring.consumers import ManagerConsumer
from mpp.consumers import UnknownPathConsumer
from queues.consumers import DisplayConsumer, TicketConsumer

websocket_urlpatterns = [
    re_path(r"^ws/display/$", DisplayConsumer.as_asgi()),
    re_path(r"^ws/tickets/(?P<token>[A-Za-z0-9_-]{8,32})/$", TicketConsumer.as_asgi()),
    re_path(r"^ws/counters/(?P<counter_id>[0-9]+)/$", CounterConsumer.as_asgi()),
    re_path(r"^ws/manager/$", ManagerConsumer.as_asgi()),
    # Anything else (a malformed token, an unknown path): close 4404, not a server error.
    re_path(r"", UnknownPathConsumer.as_asgi()),
]
