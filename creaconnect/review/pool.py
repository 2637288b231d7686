"""The expert pool as plain facts, for any feature that needs reviewers from it.

The pool's rows belong to the hackathons app (``ExpertProfile``, where it began), while call
review (programme) needs them too, and programme and hackathons never import each other. So
the owner registers one reader here from its ``providers.py`` and callers ask this module:

    from creaconnect.review import pool
    experts = pool.experts(user_ids=[...])      # {user id: Expert}

The reader returns :class:`Expert` values, never model instances, so no caller can reach the
owner's models through it (see ``docs/decisions/0016-expert-pool-through-the-review-engine.md``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Expert:
    """What a reviewer from the pool brings: who (``user_id``, ``name``), conflict facts
    (``hub_id``, ``organisation``, ``declared_conflicts``) and affinity facts (``tags``,
    ``text``)."""

    user_id: int
    name: str
    hub_id: int | None = None
    organisation: str = ""
    declared_conflicts: str = ""
    tags: tuple = field(default=())
    text: str = ""
    available: bool = True


#: The registered reader: ``(*, user_ids: list | None, active_only: bool) -> list[Expert]``.
readers: list[Callable] = []


def register(reader: Callable) -> Callable:
    """Register the pool's reader (its owner does this once, at start-up)."""
    if reader not in readers:
        readers.append(reader)
    return reader


def experts(*, user_ids: Iterable[int] | None = None, active_only: bool = True
            ) -> dict[int, Expert]:
    """``{user id: Expert}`` for the pool (or only ``user_ids`` of it); empty when no reader
    is registered. Active experts only unless ``active_only=False``."""
    ids = None if user_ids is None else list(user_ids)
    found = {}
    for reader in readers:
        for expert in reader(user_ids=ids, active_only=active_only):
            found[expert.user_id] = expert
    return found
