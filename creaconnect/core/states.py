"""One shape for every state machine in the platform.

Each domain keeps its table of legal moves in one place, beside the one service function that
changes the state (``programme.calls.services.applications``, ``hackathons.services.event`` …)::

    APPLICATION = StateMachine(ApplicationState, {
        ApplicationState.DRAFT: {ApplicationState.SUBMITTED, ApplicationState.WITHDRAWN},
        ...
    })

    def move_application(application, *, to, actor): ...
        APPLICATION.check(application.state, to)   # raises IllegalMove with a sentence

Models hold no table; views and templates ask the machine (``allowed(current)``) which moves to
offer. ``IllegalMove`` carries a message fit to show to the person who tried the move.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext


class IllegalMove(Exception):
    """A move the table refuses; ``str(error)`` is shown to the person who tried it."""


class StateMachine:
    """The legal moves of one state field: ``{state: {states it may become}}``."""

    def __init__(self, states: type[models.TextChoices], table: Mapping[str, Iterable[str]]):
        missing = set(states.values) - set(table)
        if missing:
            raise ValueError(f"{states.__name__}: no row for {sorted(missing)}")
        unknown = {t for targets in table.values() for t in targets} - set(states.values)
        if unknown:
            raise ValueError(f"{states.__name__}: unknown targets {sorted(unknown)}")
        self.states = states
        self.table: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in table.items()}

    def allowed(self, current: str) -> frozenset[str]:
        """The states ``current`` may become (empty for a final state)."""
        return self.table.get(current, frozenset())

    def can(self, current: str, to: str) -> bool:
        return to in self.allowed(current)

    def label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def check(self, current: str, to: str) -> None:
        """Raise :class:`IllegalMove` unless ``current → to`` is in the table."""
        if not self.can(current, to):
            raise IllegalMove(
                gettext("Something that is “%(state)s” cannot become “%(target)s”.")
                % {"state": self.label(current), "target": self.label(to)})

    def final(self) -> frozenset[str]:
        """States with no way out."""
        return frozenset(s for s, targets in self.table.items() if not targets)
