"""Registry of report kinds. A feature registers a kind with the function that builds its
template context; the mechanism (queue, render, store, serve) is the same for all."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: object
    template: str
    build_context: Callable  # (report) -> dict
    scope: str = "hub"  # "hub" (needs a hub) or "programme"
    # Permission checked with the report's hub (or None) to request and download it.
    permission: str = "hubs.view_console"
    filename: Callable = field(default=lambda report: f"{report.kind}-{report.pk}.pdf")
    listed: bool = True  # shown on the reports page for staff to request


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    KINDS[kind.key] = kind
    return kind


def get(key: str) -> ReportKind:
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"report kind {key!r} is not registered") from None
