"""The registry of notification kinds. Each feature registers its kinds in ``ready()``.

A kind's texts live in ``templates/notifications/kinds/<key>.txt`` as two partials,
``subject`` and ``body``; the body is plain text, wrapped into the HTML layout on sending.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    always_on: bool = False  # e-mail cannot be switched off (security, legal)
    # ``(notification) -> [(filename, content bytes, mimetype)]``, called when the e-mail is
    # rendered, in the recipient's language (events: the calendar entry and the QR code).
    attachments: Callable | None = None


KINDS: dict[str, Kind] = {}


def register(key: str, label, *, always_on: bool = False,
             attachments: Callable | None = None) -> Kind:
    kind = Kind(key=key, label=label, always_on=always_on, attachments=attachments)
    KINDS[key] = kind
    return kind


def get(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"notification kind {key!r} is not registered") from None


def template_name(key: str) -> str:
    return f"notifications/kinds/{key}.txt"
