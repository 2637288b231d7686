"""Predicates that need no feature app: the consortium flag on the user."""

import rules


@rules.predicate
def is_programme_admin(user):
    return bool(user.is_authenticated and user.is_active and user.is_programme_admin)
