"""Permissions of the calls side: managing calls, reviewing and deciding applications, an
applicant's own application. ``programme.rules`` registers them with the cohort ones."""

import rules

from creaconnect.core.predicates import is_programme_admin
from hubs.rules import is_hub_staff


@rules.predicate
def is_call_hub_staff(user, call):
    return call is not None and is_hub_staff(user, call.hub)


@rules.predicate
def is_applicant(user, application):
    return application is not None and user.is_authenticated and \
        application.applicant_id == user.pk


manage_calls = is_hub_staff | is_programme_admin

rules.add_perm("programme.manage_calls", manage_calls)
rules.add_perm("programme.review_applications", manage_calls)
rules.add_perm("programme.decide_applications", manage_calls)
rules.add_perm("programme.view_own_application", is_applicant)
