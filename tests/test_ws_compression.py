"""The websocket server runs without permessage-deflate (deploy/run ws): with it, every
socket keeps a zlib state of its own and every frame is compressed once per socket, for
events of a few hundred bytes (README "Benchmark: bench/realtime.py"). A browser offers
the extension on every socket; the production command must decline it.
"""

import asyncio

import pytest
import websockets
from django.conf import settings

from tests.browser.conftest import DeployedServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ws_server(transactional_db):
    server = DeployedServer(settings.DATABASES["default"]["NAME"], "ws")
    server.start()
    yield server
    server.stop()


def test_the_websocket_server_declines_permessage_deflate(ws_server):
    async def handshake() -> tuple[str | None, int | None]:
        url = ws_server.url.replace("http://", "ws://") + "/ws/display/"
        # websockets offers permessage-deflate by default, as browsers do.
        async with websockets.connect(url, origin=ws_server.url, compression="deflate") as ws:
            first = await asyncio.wait_for(ws.recv(), 10)
            offered = ws.request.headers.get("Sec-WebSocket-Extensions")
            assert offered is not None and "permessage-deflate" in offered
            return ws.response.headers.get("Sec-WebSocket-Extensions"), len(first)

    accepted, snapshot = asyncio.run(handshake())
    assert snapshot  # the socket works: its snapshot arrived
    assert accepted is None
