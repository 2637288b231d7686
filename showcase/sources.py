"""Where a showcase project can come from: a hackathon submission or a programme
participant's project. The showcase stores only ``source_kind``/``source_id``; the apps
that own those rows are read through loaders registered here (showcase → hackathons /
programme is the allowed import direction), so the console can pre-fill a new project.

A loader is ``(hub, source_id) -> dict | None``: initial form values (title, tagline, story,
theme, disciplines, countries, source_label, ...) or ``None`` when the row is not found in
that hub.
"""

from collections.abc import Callable

SOURCE_LOADERS: dict[str, Callable] = {}


def register_loader(kind: str):
    def decorator(func):
        SOURCE_LOADERS[kind] = func
        return func

    return decorator


def initial_from_source(hub, kind: str, source_id) -> dict:
    """Initial values for a new project carried over from its source, or ``{}``."""
    loader = SOURCE_LOADERS.get(kind)
    try:
        source_id = int(source_id)
    except (TypeError, ValueError):
        return {}
    data = loader(hub, source_id) if loader else None
    if not data:
        return {}
    return {**data, "source_kind": kind, "source_id": source_id}
