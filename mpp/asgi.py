"""ASGI entry point: HTTP through Django, websockets through Channels."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from counters.devices import device_from_authorization  # noqa: E402
from mpp.lib import asgi_http, relay, scheduler  # noqa: E402
from mpp.lib.ws_auth import OriginOrTokenValidator, TokenUserMiddleware  # noqa: E402
from mpp.lib.ws_count import CountConnections  # noqa: E402
from mpp.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # At most ASGI_HTTP_THREADS requests at once, none keeping its connection
        # (mpp/lib/asgi_http.py).
        "http": asgi_http.http_app(django_asgi_app),
        # Browsers: same-site Origin and the session; native clients: a staff or device
        # token and no Origin (mpp/lib/ws_auth.py).
        # Open sockets are counted per kind for /metrics (mpp/lib/ws_count.py).
        # Stream events are written to the server's socket directly (mpp/lib/relay.py).
        "websocket": relay.ServerSend(
            CountConnections(
                OriginOrTokenValidator(
                    AuthMiddlewareStack(TokenUserMiddleware(URLRouter(websocket_urlpatterns))),
                    device_lookup=device_from_authorization,
                )
            )
        ),
    }
)

# The demo (no Redis): the beat schedule runs in this process (IN_PROCESS_SCHEDULER=true).
scheduler.start_if_enabled()

# A websocket process holds thousands of long-lived sockets, and every event it relays
# allocates a little for each. With CPython's default thresholds (700, 10, 10) enough of
# those short-lived objects outlive the young generations to run a full collection every
# few seconds, each one walking every socket's objects with the loop stopped: 0.6-2.5 s
# per collection at 2,500 sockets a process (bench/realtime.py, 20 + 9,980 sockets;
# README). A young generation of 50,000 lets them die young, and full collections become
# rare. (Nothing may lean on the collector to close a connection: mpp/lib/cache.py.)
GC_THRESHOLDS = (50_000, 50, 100)
gc.set_threshold(*GC_THRESHOLDS)
