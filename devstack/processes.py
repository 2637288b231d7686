"""Web, Celery worker and Celery beat for ``make run``, supervised by honcho.

honcho (the Procfile runner) prefixes and colours each process's lines, puts every process in
a session of its own, and on Ctrl-C, SIGTERM or one process ending sends SIGTERM to every
process group, SIGKILL after five seconds. Two additions here: the banner with the links and
demo logins once the site answers, and no orphans when the stack itself is killed (see
:class:`_Process`).
"""

from __future__ import annotations

import ctypes
import datetime
import shlex
import signal
import sys
import threading
import time
from functools import partial

import honcho.manager
import honcho.printer
import honcho.process

from devstack import BIN, DEMO_PASSWORD, DEMO_TOTP_SECRET, ROOT, log
from devstack.services import port_open

MANAGE = [sys.executable, str(ROOT / "manage.py")]
DEMO_HUB_SLUGS = ["pali-pali", "b-creative", "la-friche", "pau", "lama", "nova-iskra"]
BANNER = "banner"  # the name of the banner's message: printed without a prefix
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
BANNER_WAIT_SECONDS = 30  # for the worker's "ready." line; then the banner comes anyway


def app_commands(port: int) -> dict[str, list[str]]:
    """The app's processes. The worker reads every queue of the settings and beat uses their
    scheduler (``CELERY_BEAT_SCHEDULER``), as in production."""
    celery = [str(BIN / "celery"), "-A", "creaconnect"]
    return {
        "web": [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [*celery, "worker", "-l", "info", "--concurrency", "2"],
        "beat": [*celery, "beat", "-l", "info", "--pidfile="],
    }


def banner(port: int) -> str:
    url = f"http://127.0.0.1:{port}/"
    logins = [
        ("admin@creaconnect.test", "programme admin"),
        *[(f"staff.{slug}@creaconnect.test", f"hub staff, {slug}") for slug in DEMO_HUB_SLUGS],
        ("mentor@creaconnect.test", "mentor"),
        ("judge@creaconnect.test", "expert judge"),
        ("participant@creaconnect.test", "participant"),
    ]
    width = max(len(email) for email, _ in logins)
    return "\n".join([
        "",
        f"  CreaConnect is running on {url}",
        f"  Dev mailbox (sent e-mail):  {url}dev/mail/",
        f"  Demo logins, password {DEMO_PASSWORD}:",
        *[f"    {email.ljust(width)}  {role}" for email, role in logins],
        "  Hub staff and the admin also need a code: add this TOTP secret to an",
        f"  authenticator app (time-based, 6 digits, 30 s): {DEMO_TOTP_SECRET}",
        "  Ctrl-C stops everything.",
        "",
    ])


def _die_with_parent(sig: int) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, sig)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: no orphan guard
        pass


class _Popen(honcho.process.Popen):
    def __init__(self, cmd, **kwargs):
        super().__init__(cmd, preexec_fn=partial(_die_with_parent, signal.SIGTERM), **kwargs)


class _Process(honcho.process.Process):
    """honcho's process, guarded against orphans: honcho relays each program's output from a
    forked process that ignores signals, so a stack killed with SIGKILL would leave web,
    worker and beat running (and the port taken). Here the relay dies with the stack and the
    program gets SIGTERM when its relay dies. (honcho 2.0's ``_child_ctor`` hook.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._child_ctor = _Popen

    def run(self, events=None, ignore_signals=False):
        _die_with_parent(signal.SIGKILL)  # the relay ignores SIGTERM
        super().run(events, ignore_signals)


def _is_ready_line(line: bytes) -> bool:
    """Celery's "celery@host ready." log line."""
    return b"celery@" in line and line.rstrip().endswith(b" ready.")


class _Printer(honcho.printer.Printer):
    """honcho's printer that never raises on a closed output (``make run | head``), prints the
    banner as it is, and shows the banner once the site answers and the worker is ready."""

    def __init__(self, port: int):
        super().__init__(sys.stdout)
        self.port = port
        self.events = None  # the manager's queue, set once the manager exists
        self.worker_ready = threading.Event()
        self.done = threading.Event()
        self.watcher: threading.Thread | None = None

    def write(self, message):
        if self.watcher is None:  # the first line comes after honcho forked every process
            self.watcher = threading.Thread(target=self._announce, daemon=True)
            self.watcher.start()
        if message.name == "worker" and _is_ready_line(message.data):
            self.worker_ready.set()
        try:
            if message.name == BANNER:
                print(message.data, file=self.output, flush=True)
            else:
                super().write(message)
        except (OSError, ValueError):
            pass

    def _announce(self) -> None:
        """Queue the banner, after the worker's start-up lines so that the logins stay in
        sight."""
        started = time.monotonic()
        while not port_open("127.0.0.1", self.port):
            if self.done.wait(0.3):
                return
        self.worker_ready.wait(max(0.0, BANNER_WAIT_SECONDS - (time.monotonic() - started)))
        self.events.put(honcho.printer.Message(type="line", data=banner(self.port),
                                               time=datetime.datetime.now(), name=BANNER,
                                               colour=None))


def supervise(commands: dict[str, list[str]], *, env: dict[str, str], port: int) -> int:
    """Run ``commands`` until Ctrl-C or SIGTERM (0) or until one of them ends (1)."""
    printer = _Printer(port)
    manager = honcho.manager.Manager(printer)
    printer.events = manager.events
    manager._process_ctor = _Process  # honcho 2.0's hook for the process class
    for name, argv in commands.items():
        manager.add_process(name, f"exec {shlex.join(argv)}", env=env, cwd=str(ROOT))
    handlers = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    # honcho handles SIGINT and SIGTERM; a closed terminal (SIGHUP) ends the stack alike.
    signal.signal(signal.SIGHUP, lambda _sig, _frame: signal.raise_signal(signal.SIGTERM))
    try:
        manager.loop()
    finally:
        printer.done.set()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    stopped_by_signal = manager.returncode in (130, 143)  # honcho's codes for SIGINT, SIGTERM
    if not stopped_by_signal:
        log("a process ended: the others were stopped")
    return 0 if stopped_by_signal else 1
