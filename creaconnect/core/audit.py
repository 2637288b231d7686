"""Writing audit entries. Services call :func:`record` inside their own transaction."""

from .models import AuditEntry

# Keys that must never reach the audit log, whatever a caller passes in ``data``.
_SECRET_KEYS = {"password", "password1", "password2", "token", "secret", "session", "key"}


def record(*, actor, action, target=None, hub=None, data=None) -> AuditEntry:
    """Append an audit entry. ``action`` is dotted (``hub.staff_invited``)."""
    clean = {k: v for k, v in (data or {}).items() if k.lower() not in _SECRET_KEYS}
    if hub is None and target is not None:
        hub = getattr(target, "hub", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        hub_id=getattr(hub, "pk", None),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        data=clean,
    )
