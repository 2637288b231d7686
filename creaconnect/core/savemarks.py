"""Last-write-wins by the client's order, not the server's arrival order (issue 20).

``is_stale(obj, client, seq)`` is called by a service inside its transaction, after it took
its row lock on ``obj``: it answers True when ``client`` already saved something newer
(``seq`` not above its mark), else records ``seq`` as the new mark and answers False.
"""

import hashlib

from .models import SaveMark


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
    mark = SaveMark.objects.select_for_update().filter(target=target).first()
    if mark is None:
        SaveMark.objects.create(target=target, client=client, seq=seq)
        return False
    if mark.client == client and seq <= mark.seq:
        return True
    mark.client, mark.seq = client, seq
    mark.save(update_fields=["client", "seq", "updated"])
    return False
