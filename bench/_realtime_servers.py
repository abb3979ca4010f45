"""bench/realtime.py's servers: gunicorn and uvicorn as production runs them (each in a
process group of its own, stopped with its workers), a private redis-server, the app's
environment, and the publisher lag file the app appends to."""

import argparse
import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import _tickets_setup as base

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def app_env(args: argparse.Namespace, media: Path, *, voice: bool = True) -> dict[str, str]:
    env = base.app_env(args)
    env.update(DJANGO_SETTINGS_MODULE="mpp.settings", MEDIA_ROOT=str(media))
    # Each publisher lane appends its commit -> send lag per job here (mpp/lib/realtime.py).
    env["MPP_PUBLISH_LAG_FILE"] = str(lag_file(media))
    if not voice:
        # The venv's bin only: python, gunicorn; no espeak-ng, so calls carry no audio.
        env["PATH"] = str(BIN)
    return env


def lag_file(media: Path) -> Path:
    return media.parent / "publish-lag.txt"


def read_lags(path: Path, offset: int) -> tuple[dict[str, list[float]], int]:
    """Lags per lane appended to `path` past `offset`, and the new offset."""
    lags: dict[str, list[float]] = {}
    if not path.exists():
        return lags, offset
    with path.open() as f:
        f.seek(offset)
        text = f.read()
        end = f.tell()
    for line in text.splitlines():
        lane, _, seconds = line.partition(" ")
        with contextlib.suppress(ValueError):
            lags.setdefault(lane, []).append(float(seconds))
    return lags, end


class Server:
    """A server in a process group of its own, so its workers are stopped with it."""

    def __init__(
        self, name: str, command: list[str], port: int, env: dict[str, str], logs: Path
    ) -> None:
        self.name = name
        self.port = port
        self.env = env
        self.log_path = logs / f"{name}.log"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> None:
        base.wait_ready(self.process, self.port, self.log_path)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the group is the server's own
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def gunicorn(args: argparse.Namespace, env: dict[str, str], logs: Path, name: str) -> Server:
    port = base.free_port()
    command = base.gunicorn_command(args.web_workers, port)
    return Server(name, command, port, env, logs)


def uvicorn(
    args: argparse.Namespace,
    env: dict[str, str],
    logs: Path,
    name: str = "uvicorn",
    app: str = "mpp.asgi:application",
    workers: int = 0,
) -> Server:
    """uvicorn on `workers` processes (default --workers); it serves HTTP too when asked."""
    port = base.free_port()
    command = [
        str(BIN / "uvicorn"),
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers or args.workers),
        "--log-level",
        "warning",
    ]
    # The other benches (day, soak) have no such flags: they run as deploy/run does.
    if getattr(args, "ws_deflate", production_deflate()) == "off":
        command += ["--ws-per-message-deflate", "false"]
    if getattr(args, "ws_impl", "auto") != "auto":
        command += ["--ws", args.ws_impl]
    return Server(name, command, port, env, logs)


def start_private_redis(args: argparse.Namespace) -> Server:
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("--private-redis: redis-server is not installed")
    port = base.free_port()
    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-redis-"))
    command = [
        executable,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(logs),
    ]
    server = Server("redis", command, port, dict(os.environ), logs)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    args.redis_url = f"redis://127.0.0.1:{port}/1"
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise SystemExit("the private redis-server did not start")


def raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def production_deflate() -> str:
    """ "off" when deploy/run starts uvicorn without permessage-deflate, else "on"."""
    text = (ROOT / "deploy" / "run").read_text()
    return "off" if "--ws-per-message-deflate false" in text else "on"
