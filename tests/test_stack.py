"""The production stack's files agree with each other and with the code (issue 12).

- .env.example lists exactly the variables the code reads (found in the source, so the
  two cannot drift), and a value set only in .env reaches every setting, Celery's too;
- docker-compose.yml is valid and consistent: volumes, depends_on, healthchecks, one
  `deploy/run <process>` per service, the proxy's upstreams and static files;
- the process commands live in deploy/run only: compose, the Dockerfile, the systemd
  units and the scripts call it, never a copy of gunicorn/uvicorn/celery flags;
- the systemd units and the nginx site render with every placeholder filled.
`make prod-check` (scripts/prod_check.py) then runs the rendered layout end to end.
"""

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APPS = ["mpp", "agencies", "counters", "queues", "complaints"]
COMPOSE_ONLY = "--- docker-compose only (not read by Django)"


# --- .env.example against the code ----------------------------------------------------


def _variables_read_by_the_code() -> set[str]:
    """Every NAME in env.<cast>("NAME"), env("NAME"), os.environ.get/[...], os.getenv and
    environ.get("NAME") calls of the app packages (tests and benchmarks excluded)."""
    names: set[str] = set()
    for package in APPS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                names.update(_env_names(node))
    return names - {"DJANGO_SETTINGS_MODULE"}


def _env_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
        key = node.slice
        return [key.value] if isinstance(key, ast.Constant) else []
    if not isinstance(node, ast.Call) or not node.args:
        return []
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return []
    func = ast.unparse(node.func)
    receiver = func.rsplit(".", 1)[0] if "." in func else func
    if func in ("env", "os.getenv") or receiver in ("env", "os.environ", "environ"):
        return [first.value] if re.fullmatch(r"[A-Z][A-Z0-9_]*", first.value) else []
    return []


def _documented() -> tuple[set[str], set[str]]:
    """(variables documented for the app, those marked docker-compose only)."""
    app, compose = set(), set()
    section = app
    for line in (ROOT / ".env.example").read_text().splitlines():
        if COMPOSE_ONLY in line:
            section = compose
        found = re.match(r"#? ?([A-Z][A-Z0-9_]*)=", line)
        if found:
            section.add(found[1])
    return app, compose


def test_the_scan_finds_the_variables_it_should():
    # If the scan found nothing, the comparisons below would prove nothing.
    read = _variables_read_by_the_code()
    assert {"DATABASE_URL", "CHANNEL_PREFIX", "CELERY_QUEUE", "MPP_BOOTH_SCAN_SECONDS"} <= read
    assert {"WHITENOISE_USE_FINDERS", "IN_PROCESS_SCHEDULER", "AXES_COOLOFF_MINUTES"} <= read


def test_env_example_documents_every_variable_the_code_reads():
    app, _compose = _documented()
    assert _variables_read_by_the_code() - app == set()


def test_env_example_documents_nothing_the_code_no_longer_reads():
    app, _compose = _documented()
    assert app - _variables_read_by_the_code() == set()


def test_compose_only_variables_are_used_by_compose_and_not_by_the_code():
    _app, compose_only = _documented()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert compose_only, "the docker-compose only section is gone"
    assert compose_only & _variables_read_by_the_code() == set()
    for name in compose_only:
        assert "${" + name in compose, name


@pytest.fixture
def project_with_dotenv(tmp_path: Path) -> Path:
    """A copy of the project whose .env sets what the environment does not. mpp/ is copied
    (settings find .env beside their own real path); the rest is linked."""
    for item in ROOT.iterdir():
        if item.name in (".env", ".git", ".venv", "mpp") or item.name.startswith("."):
            continue
        (tmp_path / item.name).symlink_to(item)
    shutil.copytree(ROOT / "mpp", tmp_path / "mpp", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / ".env").write_text(
        "DEBUG=true\nCELERY_QUEUE=from-dotenv\nMPP_BOOTH_SCAN_SECONDS=7\n"
        "CHANNEL_PREFIX=dotenv-prefix\nREDIS_URL=redis://127.0.0.1:6379/8\n"
    )
    return tmp_path


def test_a_value_set_only_in_dotenv_reaches_celery(project_with_dotenv: Path):
    code = (
        "from mpp.celery import app; from django.conf import settings; "
        "scan = app.conf.beat_schedule['scan-booths']; "
        "print(app.conf.task_default_queue, scan['schedule'], scan['options']['expires'], "
        "settings.CACHES['default']['KEY_PREFIX'])"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mpp.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_with_dotenv,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["from-dotenv", "7", "7", "dotenv-prefix:cache"]


# --- docker-compose.yml ---------------------------------------------------------------


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _processes() -> list[str]:
    """The process names deploy/run knows (its case labels)."""
    text = (ROOT / "deploy/run").read_text()
    return re.findall(r"^  ([a-z]+)\)$", text, flags=re.MULTILINE)


def _app_services(compose: dict) -> dict[str, dict]:
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("build", {}).get("target") == "app"
    }


def _dockerfile_stage(name: str) -> str:
    text = (ROOT / "Dockerfile").read_text()
    stage = re.search(rf"^FROM \S+ AS {name}\n(.*?)(?=^FROM |\Z)", text, re.MULTILINE | re.DOTALL)
    assert stage, name
    return stage[1]


def test_deploy_run_knows_the_processes():
    assert _processes() == ["web", "ws", "worker", "beat", "migrate", "collectstatic"]


def test_every_named_volume_is_declared_and_used():
    compose = _compose()
    used = set()
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                used.add(source)
    assert used == set(compose["volumes"])


def test_every_app_process_mounts_the_same_volumes():
    # One process renders a voice WAV, another serves it, the worker purges it: an app
    # service without a volume the others have would see a different disk.
    mounts = {name: s.get("volumes") for name, s in _app_services(_compose()).items()}
    assert len({tuple(v or ()) for v in mounts.values()}) == 1, mounts
    assert next(iter(mounts.values())), "no volume at all: where do voice files go?"


def test_no_volume_hides_what_the_image_built():
    # The static files are collected into the image; a volume over them would serve the
    # manifest of an older build (the HTTP 500 of issue 12).
    for name, service in _app_services(_compose()).items():
        for volume in service.get("volumes", []):
            target = volume.split(":")[1]
            assert not target.startswith("/app/staticfiles"), name


def test_static_files_are_collected_at_build_and_copied_into_the_proxy():
    app = _dockerfile_stage("app")
    assert "deploy/run collectstatic" in app
    assert app.index("deploy/run collectstatic") > app.index("COPY static ./static")
    proxy = _dockerfile_stage("proxy")
    static_root = re.search(r"DEPLOY_STATIC_ROOT=(\S+)", proxy)
    assert static_root
    assert f"COPY --from=app /app/staticfiles {static_root[1]}" in proxy


def test_each_process_runs_in_one_service_through_deploy_run():
    compose = _compose()
    run_by: dict[str, str] = {}
    for name, service in _app_services(compose).items():
        command = service["command"]
        assert command[0] == "deploy/run" and len(command) == 2, name
        assert command[1] in _processes(), name
        assert command[1] not in run_by, f"{command[1]} runs in {run_by.get(command[1])} too"
        run_by[command[1]] = name
    assert set(run_by) == {"web", "ws", "worker", "beat", "migrate"}
    assert 'CMD ["deploy/run", "web"]' in _dockerfile_stage("app")


def _healthcheck(compose: dict, name: str) -> list | None:
    service = compose["services"][name]
    check = service.get("healthcheck", {})
    if check.get("disable"):
        return None
    if "test" in check:  # compose writes ["CMD", ...] where the Dockerfile writes [...]
        return check["test"][1:] if check["test"][0] == "CMD" else check["test"]
    if service.get("build", {}).get("target") == "app":
        image = re.search(r"HEALTHCHECK [^[]*CMD (\[[^]]*\])", _dockerfile_stage("app"))
        return yaml.safe_load(image[1]) if image else None
    return None


def test_depends_on_names_real_services_that_can_satisfy_the_condition():
    compose = _compose()
    services = compose["services"]
    for name, service in services.items():
        for target, spec in service.get("depends_on", {}).items():
            assert target in services, f"{name} -> {target}"
            condition = spec["condition"]
            if condition == "service_healthy":
                assert _healthcheck(compose, target), f"{name} waits for {target}'s health"
            elif condition == "service_completed_successfully":
                assert services[target]["restart"] == "no", target
            else:
                assert condition == "service_started", condition


def test_web_and_ws_are_probed_on_their_own_port():
    compose = _compose()
    assert _healthcheck(compose, "web") == ["python", "deploy/healthcheck.py", "web"]
    assert _healthcheck(compose, "ws") == ["python", "deploy/healthcheck.py", "ws"]
    for name in ("worker", "beat", "migrate"):
        assert _healthcheck(compose, name) is None, f"{name} serves no HTTP to probe"


def test_the_proxy_fills_every_placeholder_and_reaches_web_and_ws():
    compose = _compose()
    proxy = compose["services"]["proxy"]
    assert proxy["build"]["target"] == "proxy"
    given = set(proxy["environment"]) | set(
        re.findall(r"(DEPLOY_[A-Z_]+)=", _dockerfile_stage("proxy"))
    )
    site = (ROOT / "deploy/nginx/antrean-mpp.conf").read_text()
    assert set(re.findall(r"\$\{(DEPLOY_[A-Z_]+)\}", site)) <= given
    ports = {"web": "8000", "ws": "8001"}
    for process, upstream in (("web", "DEPLOY_WEB_UPSTREAM"), ("ws", "DEPLOY_WS_UPSTREAM")):
        host, port = proxy["environment"][upstream].split(":")
        assert compose["services"][host]["command"] == ["deploy/run", process]
        assert port == ports[process]
        assert proxy["depends_on"][host]["condition"] == "service_healthy"


# --- one source of truth for the process commands -------------------------------------

STRAY = re.compile(r"gunicorn\s+mpp|uvicorn\s+mpp|celery\s+(-A|--app)[ =]?mpp\s+(worker|beat)")


def _deployment_files() -> list[Path]:
    files = [ROOT / "docker-compose.yml", ROOT / "Dockerfile", ROOT / "Makefile"]
    files += [ROOT / ".ci/run", *sorted((ROOT / "scripts").iterdir())]
    files += [p for p in sorted((ROOT / "deploy").rglob("*")) if p.is_file()]
    return files


def test_the_process_commands_live_in_deploy_run_only():
    holders = [p for p in _deployment_files() if STRAY.search(p.read_text())]
    assert holders == [ROOT / "deploy/run"]


def test_the_stray_command_pattern_matches_each_command():
    text = (ROOT / "deploy/run").read_text()
    found = {m[0].split()[0] + (m[2] or "") for m in STRAY.finditer(text)}
    assert found == {"gunicorn", "uvicorn", "celeryworker", "celerybeat"}


def test_deploy_run_refuses_an_unknown_process():
    done = subprocess.run(["deploy/run", "shell"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 64 and "usage" in done.stderr


# --- systemd units and the nginx site ---------------------------------------------------


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    env = {"PATH": "/usr/bin:/bin", "DEPLOY_LISTEN": "127.0.0.1:8080"}
    done = subprocess.run(
        ["deploy/install", "render", str(tmp_path)], cwd=ROOT, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_units_and_site_render_with_every_placeholder_filled(rendered: Path):
    names = sorted(p.name for p in rendered.iterdir())
    assert names == [
        "antrean-mpp-release.service",
        "antrean-mpp.nginx.conf",
        "antrean-mpp.target",
        "antrean-mpp@.service",
    ]
    for path in rendered.iterdir():
        assert "${" not in path.read_text().replace("$http", ""), path.name
    site = (rendered / "antrean-mpp.nginx.conf").read_text()
    assert "server 127.0.0.1:8000;" in site and "server 127.0.0.1:8001;" in site
    assert f"alias {ROOT}/staticfiles/;" in site and "listen 127.0.0.1:8080;" in site


def test_units_start_deploy_run_processes_on_the_sites_ports(rendered: Path):
    target = (rendered / "antrean-mpp.target").read_text()
    wanted = re.findall(r"antrean-mpp@([a-z]+)\.service", target)
    assert wanted == ["web", "ws", "worker", "beat"]
    assert set(wanted) <= set(_processes())
    unit = (rendered / "antrean-mpp@.service").read_text()
    assert f"ExecStart={ROOT}/deploy/run %i" in unit
    assert "Environment=WEB_PORT=8000 WS_PORT=8001" in unit
    release = (rendered / "antrean-mpp-release.service").read_text()
    steps = re.findall(r"^ExecStart=\S+/deploy/run (\w+)$", release, re.MULTILINE)
    assert steps == ["migrate", "collectstatic"]
    assert "Requires=antrean-mpp-release.service" in unit


def test_the_rendered_site_is_valid_nginx(rendered: Path, tmp_path: Path):
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed (make prod-check installs it)")
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {rendered}/antrean-mpp.nginx.conf; }}\n"
    )
    done = subprocess.run(
        ["nginx", "-t", "-q", "-e", str(tmp_path / "error.log"), "-p", str(tmp_path), "-c", conf],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


# --- what prod-check reads ---------------------------------------------------------------


def _prod_check(name: str = "prod_check"):
    spec = importlib.util.spec_from_file_location(name, ROOT / f"scripts/{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_prod_check_reads_every_page_of_the_readme_table_and_can_fill_it():
    prod_check = _prod_check()
    pages = prod_check.readme_pages()
    table = (ROOT / "README.md").read_text().split("## Pages and API", 1)[1].split("\n## ")[0]
    first_column = re.findall(r"^\| `(/[^`]*)`", table, re.MULTILINE)
    assert len(first_column) >= 15 and set(first_column) <= set(pages)
    values = {"<id>": "1", "<token>": "tok", "<code>": "ADU-1", "?code=": "kiosk:1:x"}
    urls = [prod_check.page_url(page, values) for page in pages]
    assert "/?q=ktp%20hilang" in urls and "/checkin/?code=kiosk%3A1%3Ax" in urls
    assert not [url for url in urls if "<" in url or " " in url]


def test_prod_check_reads_the_units_it_starts(rendered: Path):
    units = _prod_check("prod_stack").wanted_units(rendered)
    assert [u.name for u in units] == [f"antrean-mpp@{p}.service" for p in _processes()[:4]]
    web = units[0]
    assert web.exec_start == [[f"{ROOT}/deploy/run", "web"]]
    assert web.environment == {"WEB_PORT": "8000", "WS_PORT": "8001"}
    assert (web.working_directory, web.state_directory) == (str(ROOT), "antrean-mpp")
