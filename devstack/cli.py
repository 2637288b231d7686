"""``python -m devstack``: the commands behind the Makefile and ``.ci/run``.

    python -m devstack run          services, migrations, translations, demo data; then web
                                    (runserver on 127.0.0.1:$PORT, default 8000), worker, beat
    python -m devstack test [ARGS]  services, translations; then pytest ARGS
    python -m devstack bench [ARGS] services, translations; then bench/run.py ARGS
    python -m devstack services     the machine's own PostgreSQL and Redis for the variables
                                    left unset, started if down, as `export` lines (.ci/run)
    python -m devstack clean-data   stop embedded servers left running, delete .data/

The services follow one rule (devstack/services.py): the servers DATABASE_URL / REDIS_URL
name, else embedded ones under .data/, stopped again when the command ends.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from contextlib import ExitStack, redirect_stdout

from devstack import BIN, ROOT, DevstackError, log, processes, services, warn
from devstack.processes import STOP_SIGNALS


class Shutdown(Exception):  # a control-flow signal, not an error: no Error suffix
    """Raised by the signal handler to unwind set-up when asked to stop."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _shutdown(signum: int, _frame) -> None:
    raise Shutdown(signum)


def manage(*args: str) -> None:
    if subprocess.call([*processes.MANAGE, *args], cwd=ROOT) != 0:  # noqa: S603  manage.py
        raise DevstackError(f"manage.py {args[0]} failed")


def compile_messages() -> None:
    if not (ROOT / "locale").is_dir():
        log("compilemessages: no locale directory yet, skipped")
        return
    if not shutil.which("msgfmt"):
        warn("msgfmt (gettext) is not installed: translations are not compiled")
        return
    ignores = [f"--ignore={d}" for d in (".venv", ".data", "node_modules")]
    result = subprocess.run(  # noqa: S603  manage.py; its output shown only on failure
        [*processes.MANAGE, "compilemessages", *ignores], cwd=ROOT, capture_output=True,
        text=True, check=False)
    if result.returncode != 0:
        warn("compilemessages failed:\n" + (result.stdout + result.stderr).strip())


def run(stack: ExitStack, extra: list[str]) -> int:
    if extra:
        raise DevstackError(f"run takes no arguments (got {' '.join(extra)})")
    port = int(os.environ.get("PORT", "8000"))
    if not services.port_bindable(port):
        raise DevstackError(f"port {port} is in use: stop what runs there or set PORT=...")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    # Links in e-mails, iCal files, PDFs and the API reach this server unless SITE_URL is set.
    if not os.environ.get("SITE_URL", "").strip():
        os.environ["SITE_URL"] = f"http://127.0.0.1:{port}"
    services.start(stack)
    manage("migrate", "--noinput")
    compile_messages()
    manage("seed_demo")
    return processes.supervise(processes.app_commands(port), env=dict(os.environ), port=port)


def test(stack: ExitStack, extra: list[str]) -> int:
    services.start(stack)
    compile_messages()
    pytest = BIN / "pytest"
    if not pytest.exists():
        raise DevstackError(f"{pytest} not found: run `make install`")
    # pytest stays in the terminal's process group: Ctrl-C (and --pdb) reach it directly.
    # Other stop signals are passed on; one that comes before pytest exists waits for it.
    proc: list[subprocess.Popen] = []
    pending: list[int] = []

    def pass_on(signum: int, _frame) -> None:
        if signum != signal.SIGINT:
            (proc[0].send_signal(signal.SIGTERM) if proc else pending.append(signum))

    for sig in STOP_SIGNALS:  # a handler, not SIG_IGN: pytest must not inherit "ignore"
        signal.signal(sig, pass_on)
    proc.append(subprocess.Popen([str(pytest), *extra], cwd=ROOT))  # noqa: S603  our pytest
    if pending:
        proc[0].send_signal(signal.SIGTERM)
    return proc[0].wait()


def bench(stack: ExitStack, extra: list[str]) -> int:
    services.start(stack)
    compile_messages()
    return subprocess.call([sys.executable, "-m", "bench.run", *extra], cwd=ROOT)  # noqa: S603  the bench harness


COMMANDS = {"run": run, "test": test, "bench": bench}


def main(argv: list[str]) -> int:
    command, extra = (argv[0], argv[1:]) if argv else ("", [])
    os.chdir(ROOT)
    try:
        if command == "clean-data":
            services.clean_data()
            return 0
        if command == "services":
            with redirect_stdout(sys.stderr):  # stdout is for the shell's eval only
                urls = services.machine_urls()
            for var, url in urls.items():
                print(f"export {var}={shlex.quote(url)}")
            return 0
    except DevstackError as exc:
        warn(str(exc))
        return 1
    if command not in COMMANDS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2

    for sig in STOP_SIGNALS[1:]:  # SIGINT already raises KeyboardInterrupt
        signal.signal(sig, _shutdown)
    stack = ExitStack()
    try:
        return COMMANDS[command](stack, extra)
    except (Shutdown, KeyboardInterrupt) as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        log(f"{signal.Signals(signum).name}: shutting down")
        return 0 if command == "run" else 128 + signum
    except DevstackError as exc:
        warn(str(exc))
        return 1
    finally:
        for sig in STOP_SIGNALS:  # a second Ctrl-C must not interrupt the clean-up
            signal.signal(sig, signal.SIG_IGN)
        stack.close()
