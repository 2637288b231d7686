"""Conflicts of interest as data: who may never review what, and why.

A reviewer and an item conflict when (checked in this order, the first reason is kept):

  ``DECLARED``      the reviewer declared a conflict with the item (or staff recorded one);
  ``MEMBER``        the reviewer is one of the item's people (a team member, a co-applicant);
  ``SAME_HUB``      the reviewer is affiliated with a hub one of the item's people belongs to
                    (their home hub, or a hub whose staff they are);
  ``SAME_ORGANISATION``  the reviewer's organisation is one of the item's people's
                    organisations (compared folded: case, accents and spacing ignored).

The feature apps collect these facts from their own rows and pass them in as
:class:`Reviewer` and :class:`Item`; this module knows no model.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .affinity import fold


class ConflictReason(StrEnum):
    DECLARED = "declared"
    MEMBER = "member"
    SAME_HUB = "same_hub"
    SAME_ORGANISATION = "same_organisation"

    @property
    def label(self):
        return REASON_LABELS[self]


REASON_LABELS = {
    ConflictReason.DECLARED: _("declared conflict"),
    ConflictReason.MEMBER: _("member of the team or co-applicant"),
    ConflictReason.SAME_HUB: _("same hub"),
    ConflictReason.SAME_ORGANISATION: _("same organisation"),
}


def normalise_organisation(name: str) -> str:
    """Organisations compare folded, without punctuation: "Théâtre  Nord." = "theatre nord"."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(name)).split())


def _orgs(names: Iterable[str]) -> frozenset[str]:
    return frozenset(o for o in (normalise_organisation(n) for n in names or ()) if o)


@dataclass(frozen=True)
class Reviewer:
    """A reviewer's affiliations. ``person_id`` is compared with the items' ``people``."""

    id: object
    person_id: object = None
    hub_ids: frozenset = frozenset()
    organisations: frozenset = field(default=frozenset())

    def __post_init__(self):
        object.__setattr__(self, "hub_ids", frozenset(h for h in self.hub_ids if h is not None))
        object.__setattr__(self, "organisations", _orgs(self.organisations))


@dataclass(frozen=True)
class Item:
    """An item's people and their affiliations (the union over the team or the applicants)."""

    id: object
    people: frozenset = frozenset()
    hub_ids: frozenset = frozenset()
    organisations: frozenset = field(default=frozenset())

    def __post_init__(self):
        object.__setattr__(self, "people", frozenset(self.people))
        object.__setattr__(self, "hub_ids", frozenset(h for h in self.hub_ids if h is not None))
        object.__setattr__(self, "organisations", _orgs(self.organisations))


def conflict_reason(reviewer: Reviewer, item: Item,
                    declared: frozenset | set = frozenset()) -> ConflictReason | None:
    """Why ``reviewer`` may not review ``item``, or ``None``."""
    if (reviewer.id, item.id) in declared:
        return ConflictReason.DECLARED
    if reviewer.person_id is not None and reviewer.person_id in item.people:
        return ConflictReason.MEMBER
    if reviewer.hub_ids & item.hub_ids:
        return ConflictReason.SAME_HUB
    if reviewer.organisations & item.organisations:
        return ConflictReason.SAME_ORGANISATION
    return None


def find_conflicts(reviewers: Iterable[Reviewer], items: Iterable[Item], *,
                   declared: Iterable[tuple] = ()) -> dict[tuple, ConflictReason]:
    """``{(reviewer id, item id): reason}`` for every conflicted pair; ``declared`` holds
    ``(reviewer id, item id)`` pairs. No side effect."""
    declared = frozenset(declared)
    items = list(items)
    found = {}
    for reviewer in reviewers:
        for item in items:
            reason = conflict_reason(reviewer, item, declared)
            if reason is not None:
                found[(reviewer.id, item.id)] = reason
    return found
