#!/usr/bin/env python3
"""The image's HEALTHCHECK: GET /healthz from the web (or ws) process of this container.

`python deploy/healthcheck.py web|ws` exits 0 when it answers 200. It sends a Host from
ALLOWED_HOSTS (Django refuses any other) and loads no Django: a probe every 30 s must
stay cheap. The port is the one deploy/run listens on (WEB_PORT / WS_PORT).
"""

import os
import sys
from urllib.request import Request, urlopen

DEFAULT_PORTS = {"web": "8000", "ws": "8001"}


def main(process: str) -> int:
    port = os.environ.get(f"{process.upper()}_PORT") or DEFAULT_PORTS[process]
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = next((h for h in hosts if h != "*" and not h.startswith(".")), "localhost")
    request = Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    with urlopen(request, timeout=5) as response:  # noqa: S310 (a fixed loopback URL)
        return 0 if response.status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "web"))
