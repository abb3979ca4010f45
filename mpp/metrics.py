"""/metrics for Prometheus: django-prometheus' request and database figures, the
publisher's lag, and the mall's own figures read at scrape time (README "Health and
metrics").

The mall's figures (tickets issued, called and waiting today per agency, open booth
alerts, open websockets, Celery heartbeats) are read from PostgreSQL and Redis when
Prometheus asks, not counted in memory: gunicorn runs several processes and a scrape
reaches one of them, so only shared state gives the same answer from each.

/metrics is not for the public: only addresses in METRICS_ALLOWED_IPS (client address
as every limit sees it, mpp/lib/client_ip.py) or a request carrying
`Authorization: Bearer <METRICS_TOKEN>` get it; anyone else gets 404.
"""

import contextlib
import hmac
import ipaddress
import os
from collections.abc import Iterator

import prometheus_client
from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from redis.exceptions import RedisError

from agencies.models import Agency
from monitoring.models import BoothAlert
from mpp.lib import heartbeat, ws_count
from mpp.lib.client_ip import client_ip
from queues.models import Ticket


def _per_agency(name: str, documentation: str, rows: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["agency"])
    for code in Agency.objects.order_by("code").values_list("code", flat=True):
        family.add_metric([code], rows.get(code, 0))
    return family


def _count_by_agency(queryset) -> dict[str, int]:
    rows = queryset.values("service__agency__code").annotate(n=Count("id"))
    return {row["service__agency__code"]: row["n"] for row in rows}


class MallCollector(Collector):
    """The mall's figures, read when Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        today = Ticket.objects.filter(date=timezone.localdate())
        yield _per_agency(
            "mpp_tickets_issued_today",
            "Tickets of today (walk-ins and bookings), per agency.",
            _count_by_agency(today),
        )
        yield _per_agency(
            "mpp_tickets_called_today",
            "Tickets of today called at least once, per agency.",
            _count_by_agency(today.filter(called_at__isnull=False)),
        )
        yield _per_agency(
            "mpp_tickets_waiting",
            "Tickets waiting in line now, per agency.",
            _count_by_agency(today.filter(status=Ticket.Status.WAITING)),
        )
        yield self._alerts()
        yield self._sockets()
        yield from self._heartbeats()

    @staticmethod
    def _alerts() -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "mpp_booth_alerts_open", "Booth alerts not closed yet.", labels=["agency", "kind"]
        )
        rows = (
            BoothAlert.objects.filter(closed_at__isnull=True)
            .values("booth__agency__code", "kind")
            .annotate(n=Count("id"))
        )
        found = {(row["booth__agency__code"], row["kind"]): row["n"] for row in rows}
        for code in Agency.objects.order_by("code").values_list("code", flat=True):
            for kind in BoothAlert.Kind.values:
                family.add_metric([code, kind], found.get((code, kind), 0))
        return family

    @staticmethod
    def _sockets() -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "mpp_websocket_connections", "Open websockets per stream kind.", labels=["kind"]
        )
        with contextlib.suppress(RedisError):  # Redis down: /healthz says so; no figure
            for kind, number in sorted(ws_count.totals().items()):
                family.add_metric([kind], number)
        return family

    @staticmethod
    def _heartbeats() -> Iterator[Metric]:
        if not settings.REDIS_URL:
            return
        family = GaugeMetricFamily(
            "mpp_celery_heartbeat_age_seconds",
            "Seconds since Celery beat sent / the worker started a task (absent: never).",
            labels=["process"],
        )
        with contextlib.suppress(RedisError):
            for name, age in heartbeat.ages().items():
                if age is not None:
                    family.add_metric([name], age)
        yield family


_mall = prometheus_client.CollectorRegistry(auto_describe=False)
_mall.register(MallCollector())


def _process_registry() -> prometheus_client.CollectorRegistry:
    """This process's instruments, or every process's when they share a
    PROMETHEUS_MULTIPROC_DIR (gunicorn workers, uvicorn, Celery on one machine)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS
    )


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404  # not for the public: do not even say it exists
    body = prometheus_client.generate_latest(_process_registry())
    body += prometheus_client.generate_latest(_mall)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
