"""scripts/prod_check.py's stack: the systemd units as `deploy/install render` writes them,
and every process they describe started on loopback (plus nginx, a fresh database and a
Redis prefix of its own), with how to stop it all again."""

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/15")


class CheckFailed(Exception):
    pass


def expect(condition: object, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the units, as systemd would read them ----------------------------------------


@dataclass
class Unit:
    name: str
    exec_start: list[list[str]] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    working_directory: str = ""
    wants: list[str] = field(default_factory=list)
    state_directory: str = ""


def read_unit(path: Path, instance: str = "") -> Unit:
    """The few directives this check honours; %i is the template's instance name."""
    unit = Unit(name=path.name.replace("@.", f"@{instance}."))
    for raw in path.read_text().splitlines():
        key, sep, value = raw.partition("=")
        if not sep or raw.startswith("#"):
            continue
        value = value.replace("%i", instance)
        if key == "ExecStart":
            unit.exec_start.append(shlex.split(value))
        elif key == "Environment":
            for item in shlex.split(value):
                name, _, setting = item.partition("=")
                unit.environment[name] = setting
        elif key == "WorkingDirectory":
            unit.working_directory = value
        elif key == "Wants":
            unit.wants += value.split()
        elif key == "StateDirectory":
            unit.state_directory = value
    return unit


def wanted_units(rendered: Path) -> list[Unit]:
    units = []
    for name in read_unit(rendered / "antrean-mpp.target").wants:
        template, _, instance = name.removesuffix(".service").partition("@")
        units.append(read_unit(rendered / f"{template}@.service", instance))
    return units


# --- the stack ----------------------------------------------------------------------


class Stack:
    """Everything this check starts, and how to stop it again."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="mpp-prod-check-"))
        self.tmp.chmod(0o755)  # nginx's workers (www-data) read the static files in it
        ports: set[int] = set()
        while len(ports) < 3:
            ports.add(free_port())
        self.http_port, self.web_port, self.ws_port = sorted(ports)
        self.origin = f"https://127.0.0.1:{self.http_port}"
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.name = f"prodcheck{os.getpid()}"
        self.database = f"mpp_{self.name}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.one_shots: set[str] = set()  # processes that end by themselves when done
        self.created_database = False
        # One pair for every process, as one .env gives them.
        self.secrets = {name: secrets.token_urlsafe(50) for name in ("SECRET_KEY", "NIK_HASH_KEY")}

    # environment -----------------------------------------------------------------

    def app_env(self) -> dict[str, str]:
        """.env.example (the documented production configuration), with fresh secrets
        and this machine's services; nothing else from the caller's environment."""
        env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        for line in (ROOT / ".env.example").read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, value = line.partition("=")
                env[name.strip()] = value
        env.update(self.secrets)
        return env | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "REDIS_URL": REDIS_URL,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": self.origin,
            "CHANNEL_PREFIX": self.name,
            "CELERY_QUEUE": self.name,
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            # The Celery round trip: a scan every 2 s, and any break is already too long.
            "MPP_BOOTH_SCAN_SECONDS": "2",
            "MPP_BOOTH_PAUSE_LIMIT_MINUTES": "0",
        }

    def unit_env(self, unit: Unit) -> dict[str, str]:
        env = self.app_env() | unit.environment
        if unit.state_directory:  # systemd's StateDirectory=, here under the temp dir
            state = self.tmp / "state" / unit.state_directory
            state.mkdir(parents=True, exist_ok=True)
            env["STATE_DIRECTORY"] = str(state)
        return env

    # steps -----------------------------------------------------------------------

    def render(self) -> Path:
        rendered = self.tmp / "rendered"
        env = os.environ | {
            "DEPLOY_APP_DIR": str(ROOT),
            "DEPLOY_LISTEN": f"127.0.0.1:{self.http_port}",
            "DEPLOY_WEB_PORT": str(self.web_port),
            "DEPLOY_WS_PORT": str(self.ws_port),
            "DEPLOY_STATIC_ROOT": str(self.tmp / "static"),
        }
        run(["deploy/install", "render", str(rendered)], env=env, cwd=ROOT)
        return rendered

    def create_database(self) -> None:
        with contextlib.closing(psycopg2.connect(**PG)) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'CREATE DATABASE "{self.database}"')
        self.created_database = True

    def release(self, rendered: Path) -> None:
        unit = read_unit(rendered / "antrean-mpp-release.service")
        for command in unit.exec_start:
            run(command, env=self.unit_env(unit), cwd=unit.working_directory)

    def start(
        self, name: str, command: list[str], env: dict[str, str], cwd: str, one_shot: bool = False
    ) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        if one_shot:
            self.one_shots.add(name)

    def finish(self, name: str, seconds: float) -> None:
        """Wait for a one-shot process; it must succeed."""
        code = self.processes[name].wait(seconds)
        expect(code == 0, f"{name} failed ({code}):\n" + self.log(name))

    def start_units(self, rendered: Path) -> None:
        for unit in wanted_units(rendered):
            (command,) = unit.exec_start
            self.start(unit.name, command, self.unit_env(unit), unit.working_directory)

    def start_nginx(self, rendered: Path) -> None:
        conf = self.tmp / "nginx.conf"
        conf.write_text(self.nginx_conf(rendered / "antrean-mpp.nginx.conf"))
        command = ["nginx", "-e", str(self.tmp / "nginx-error.log"), "-p", str(self.tmp)]
        command += ["-c", str(conf)]
        run([*command, "-t", "-q"], env=dict(os.environ), cwd=self.tmp)
        self.start("nginx", [*command, "-g", "daemon off;"], dict(os.environ), str(self.tmp))

    def nginx_conf(self, site: Path) -> str:
        """Debian's /etc/nginx/nginx.conf in small: the http block that includes the site,
        with every path (pid, logs, temp files) under the temp dir."""
        tmp = self.tmp
        temp_paths = "".join(
            f"  {kind}_temp_path {tmp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user www-data;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\n"
            f"error_log {tmp}/nginx-error.log warn;\n"
            "events { worker_connections 512; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  sendfile on;\n  access_log {tmp}/nginx-access.log;\n{temp_paths}"
            f"  include {site};\n}}\n"
        )

    def alive(self) -> None:
        for name, process in self.processes.items():
            code = process.poll()
            if code is not None and not (code == 0 and name in self.one_shots):
                raise CheckFailed(f"{name} exited ({code}):\n" + self.log(name))

    def log(self, name: str, lines: int = 30) -> str:
        path = self.tmp / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # stopping --------------------------------------------------------------------

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Each clean-up on its own: one failing must not leave the others undone.
        if self.created_database:
            with (
                contextlib.suppress(psycopg2.Error),
                contextlib.closing(psycopg2.connect(**PG)) as conn,
            ):
                conn.autocommit = True
                conn.cursor().execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        with contextlib.suppress(redis.RedisError):  # cache keys, seqs, the queue, bindings
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"*{self.name}*"):
                client.delete(key)
        shutil.rmtree(self.tmp, ignore_errors=True)


def run(command: list[str], *, env: dict[str, str], cwd: Path | str) -> None:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    expect(done.returncode == 0, f"{shlex.join(command)} failed:\n{done.stdout}{done.stderr}")
