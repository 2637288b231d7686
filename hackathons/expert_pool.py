"""The expert pool as the review engine's plain facts, for other apps (call review).

A query module beside :mod:`hackathons.queries`: it reads ``ExpertProfile`` and answers
:class:`creaconnect.review.pool.Expert` values. ``HackathonsConfig.ready`` registers
:func:`expert_facts` with :mod:`creaconnect.review.pool`, through which programme reaches the
pool without importing hackathons.
"""

from django_scopes import scopes_disabled

from creaconnect.review import pool

from .models import Availability, ExpertProfile


def expert_facts(*, user_ids=None, active_only=True) -> list[pool.Expert]:
    """Every expert of the pool (or those of ``user_ids``), in one query."""
    qs = ExpertProfile.objects.select_related("user", "user__profile")
    if active_only:
        qs = qs.filter(is_active=True)
    if user_ids is not None:
        qs = qs.filter(user_id__in=user_ids)
    out = []
    # The pool is programme-wide: no hub scope applies to it.
    with scopes_disabled():
        for e in qs.order_by("user__display_name", "user__email"):
            profile = getattr(e.user, "profile", None)
            text = " ".join([e.bio, " ".join(getattr(profile, "skills", None) or []),
                             getattr(profile, "bio", "") or ""])
            out.append(pool.Expert(
                user_id=e.user_id, name=str(e.user), hub_id=e.hub_id,
                organisation=e.organisation, declared_conflicts=e.declared_conflicts,
                tags=tuple(e.expertise), text=text,
                available=e.availability != Availability.UNAVAILABLE))
    return out


pool.register(expert_facts)
