"""The production configuration passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "mpp.probolinggokota.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://mpp.probolinggokota.go.id",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SESSION_COOKIE_SECURE": "true",
}


def _check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50), **overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' own process
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_catches_the_demo_secret_key():
    # The guard above is only worth something if the check can fail here.
    result = _check_deploy(SECRET_KEY="demo-only-insecure-key-change-me")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


# --- .env.example is the documented production configuration --------------------------


def _env_example() -> dict[str, str]:
    """The variables .env.example sets, with each change-me secret replaced as the
    operator is told to (a fresh random value); docker-only hosts stay as written."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, value = line.partition("=")
        if value.startswith("change-me"):
            value = secrets.token_urlsafe(50)
        values[name.strip()] = value
    return values


def _run(code: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


CHECK_DEPLOY = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_env_example_settings_pass_check_deploy():
    example = _env_example()
    assert example["DEBUG"] == "false"
    result = _run(CHECK_DEPLOY, {**os.environ, **example})
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_https_settings_check_deploy_names_hsts_and_ssl_redirect():
    example = _env_example()
    example.pop("SECURE_SSL_REDIRECT")
    example.pop("SECURE_HSTS_SECONDS")
    result = _run(CHECK_DEPLOY, {**os.environ, **example})
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def _without_nik_key(**overrides: str) -> dict[str, str]:
    env = {**os.environ, **_env_example(), **overrides}
    env.pop("NIK_HASH_KEY")
    return env


def test_production_refuses_to_start_without_a_nik_hash_key():
    for code in (["manage.py", "check"], ["-c", "import mpp.wsgi"], ["-c", "import mpp.asgi"]):
        result = _run(code, _without_nik_key())
        assert result.returncode != 0, code
        assert "ImproperlyConfigured" in result.stderr and "NIK_HASH_KEY" in result.stderr


def test_production_refuses_the_example_placeholder_secrets():
    env = {**os.environ, "DEBUG": "false", "NIK_HASH_KEY": "change-me-to-another-long-random"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "NIK_HASH_KEY" in result.stderr
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "change-me-to-a-long-random-string"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_demo_starts_without_a_nik_hash_key():
    # `make run` (DEBUG=true) needs no secrets at all.
    env = _without_nik_key(DEBUG="true", DATABASE_URL="sqlite:///:memory:", REDIS_URL="")
    env.pop("SECRET_KEY")
    result = _run(["manage.py", "check"], env)
    assert result.returncode == 0, result.stderr


def test_docker_compose_requires_both_secrets():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "NIK_HASH_KEY: ${NIK_HASH_KEY:?" in compose
    assert "SECRET_KEY: ${SECRET_KEY:?" in compose


def test_https_redirect_spares_the_health_probe(settings, db):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code in (200, 503)
    response = client.get("/services/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_a_request_limit_below_one_is_refused_at_start():
    result = _check_deploy(ASGI_HTTP_THREADS="0")
    assert result.returncode != 0
    assert "ASGI_HTTP_THREADS must be at least 1" in result.stderr
