"""Last-write-wins by the client's order, not the server's arrival order (issue 20).

``is_stale(obj, client, seq)`` is called by a service inside its transaction, after it took
its row lock on ``obj``: it answers True when ``client`` already saved something newer
(``seq`` not above its mark), else records ``seq`` as the new mark and answers False.
"""

import hashlib

from django.db import connection

from .models import SaveMark  # noqa: F401  the table UPSERT writes

# The table of ``SaveMark`` (core_savemark), written in one statement by ``is_stale``.
UPSERT = (
    "INSERT INTO core_savemark (target, client, seq, updated) VALUES (%s, %s, %s, now()) "
    "ON CONFLICT (target) DO UPDATE SET client = EXCLUDED.client, seq = EXCLUDED.seq, "
    "updated = EXCLUDED.updated "
    "WHERE NOT (core_savemark.client = EXCLUDED.client AND core_savemark.seq >= EXCLUDED.seq) "
    "RETURNING id")


def client_of(request) -> str:
    """One client = one session (a browser): a digest of its key, never the key itself."""
    key = getattr(getattr(request, "session", None), "session_key", None) or ""
    return hashlib.sha256(key.encode()).hexdigest()[:32] if key else ""


def parse_seq(value) -> int | None:
    """The client's sequence number from a form field; None when absent or not a number."""
    try:
        seq = int(str(value or "").strip())
    except ValueError:
        return None
    return seq if 0 < seq < 2**62 else None


def is_stale(obj, *, client: str, seq: int | None) -> bool:
    if not client or seq is None:
        return False
    target = f"{obj._meta.label_lower}:{obj.pk}"
    # One statement: insert the mark, or move it on unless this client already saved
    # something as new or newer; a row comes back only when the save is to be applied.
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [target, client, seq])
        return cursor.fetchone() is None
