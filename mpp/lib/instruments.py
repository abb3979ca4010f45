"""Prometheus instruments updated where things happen (no models here: mpp/lib/realtime.py
imports this). Figures read from the database at scrape time live in mpp/metrics.py."""

from prometheus_client import Histogram

PUBLISHER_LAG = Histogram(
    "mpp_publisher_lag_seconds",
    "From a transaction's commit to its live event sent to the channel layer.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
