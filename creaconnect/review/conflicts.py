"""Conflicts of interest as data: who may never review what, and why.

A reviewer and an item conflict when (checked in this order, the first reason is kept):

  ``DECLARED``      the reviewer declared a conflict with the item (or staff recorded one),
                    or the reviewer's own list of conflicts (free text in their profile)
                    names the item, its team or one of its people's organisations (whole
                    words, compared folded; names shorter than ``MIN_NAME_LENGTH`` are
                    ignored so "AI" does not match everything);
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

#: Shortest name looked for in a reviewer's free-text list of conflicts.
MIN_NAME_LENGTH = 4


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
    """A reviewer's affiliations. ``person_id`` is compared with the items' ``people``;
    ``declared_text`` is their own list of conflicts, in their words."""

    id: object
    person_id: object = None
    hub_ids: frozenset = frozenset()
    organisations: frozenset = field(default=frozenset())
    declared_text: str = ""

    def __post_init__(self):
        object.__setattr__(self, "hub_ids", frozenset(h for h in self.hub_ids if h is not None))
        object.__setattr__(self, "organisations", _orgs(self.organisations))
        object.__setattr__(self, "declared_text", normalise_organisation(self.declared_text))

    def names_in_declared(self, names: Iterable[str]) -> bool:
        """Whether the free-text list names one of ``names`` (already normalised)."""
        if not self.declared_text:
            return False
        text = f" {self.declared_text} "
        return any(len(n) >= MIN_NAME_LENGTH and f" {n} " in text for n in names)


@dataclass(frozen=True)
class Item:
    """An item's people and their affiliations (the union over the team or the applicants);
    ``names`` are what a reviewer might call it (the team's or the project's name)."""

    id: object
    people: frozenset = frozenset()
    hub_ids: frozenset = frozenset()
    organisations: frozenset = field(default=frozenset())
    names: frozenset = field(default=frozenset())

    def __post_init__(self):
        object.__setattr__(self, "people", frozenset(self.people))
        object.__setattr__(self, "hub_ids", frozenset(h for h in self.hub_ids if h is not None))
        object.__setattr__(self, "organisations", _orgs(self.organisations))
        object.__setattr__(self, "names", _orgs(self.names))


def conflict_reason(reviewer: Reviewer, item: Item,
                    declared: frozenset | set = frozenset()) -> ConflictReason | None:
    """Why ``reviewer`` may not review ``item``, or ``None``."""
    if (reviewer.id, item.id) in declared or reviewer.names_in_declared(
            item.names | item.organisations):
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
