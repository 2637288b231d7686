"""Database URLs, read by django-environ and written by :func:`db_url_from_settings`.

``settings.DATABASES`` comes from ``DATABASE_URL`` through django-environ
(``environ.Env.db_url_config``); this module reads URLs the same way, so the stack, the
bench and Django never disagree. django-environ parses but does not write URLs: every child
process that gets a ``DATABASE_URL`` (the stack's web, worker and beat, the test suite's
worker and probes, the bench) gets it from :func:`db_url_from_settings`.
"""

from __future__ import annotations

from urllib.parse import quote

import environ


def db_url_from_settings(db: dict, dbname: str | None = None) -> str:
    """The ``DATABASE_URL`` for a Django ``DATABASES`` entry (optionally another database on
    the same server, e.g. the test database), read back unchanged by django-environ.

    A Unix-socket directory goes percent-encoded into the *path*, with the database name
    (``postgres://user@:5432/%2Fsocket%2Fdir%2Fname``): django-environ 0.14 decodes no ``%2F``
    in the host part, and a raw ``/`` there would end the host early.
    """
    user, password = (quote(db.get(key) or "", safe="") for key in ("USER", "PASSWORD"))
    userinfo = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = db.get("HOST") or ""
    port = db.get("PORT") or (db.get("OPTIONS") or {}).get("port")
    port_part = f":{port}" if port else ""
    name = dbname or db["NAME"]
    if host.startswith("/"):
        return f"postgres://{userinfo}{port_part}/{quote(f'{host}/{name}', safe='')}"
    host_part = f"[{host}]" if ":" in host else host
    return f"postgres://{userinfo}{host_part}{port_part}/{quote(name, safe='')}"


def connection_kwargs(url: str) -> dict:
    """psycopg's keywords for a database URL, as Django would connect (its ``OPTIONS`` too)."""
    db = environ.Env.db_url_config(url)
    kwargs = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"],
              "password": db["PASSWORD"], "dbname": db["NAME"], **db.get("OPTIONS", {})}
    return {key: value for key, value in kwargs.items() if value not in ("", None)}


def ensure_database(url: str) -> None:
    """Create the URL's database if it is missing (connecting to ``postgres``, else
    ``template1``). Raises :class:`devstack.DevstackError` when the server cannot be reached."""
    import psycopg
    from psycopg import sql

    from devstack import DevstackError, log

    kwargs = connection_kwargs(url)
    dbname = kwargs.pop("dbname", None)
    if not dbname:
        raise DevstackError("DATABASE_URL names no database")
    last_error: Exception | None = None
    for maintenance_db in ("postgres", "template1"):
        try:
            with psycopg.connect(**kwargs, dbname=maintenance_db, autocommit=True,
                                 connect_timeout=5) as db:
                if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [dbname]).fetchone():
                    db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
                    log(f"postgres: created database {dbname!r}")
                return
        except psycopg.OperationalError as exc:
            last_error = exc
    raise DevstackError(f"cannot connect to PostgreSQL ({last_error})")
