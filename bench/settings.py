"""Production settings plus one bench-only route: a trivial DRF view as a baseline.

Everything comes from mpp.settings (and so from the environment); only the URL
conf changes, appending `/bench/ping/` after the app's own routes.
"""

from mpp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
