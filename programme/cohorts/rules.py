"""Cohort, training, mentoring and certificate permissions.

Console permissions take the hub; the others take the object they are about (a cohort
member, a milestone submission). Lookups of mentor assignments cross no hub: they are
filtered by the member, whose hub the caller already resolved.
"""

import rules
from django_scopes import scopes_disabled

from creaconnect.core.predicates import is_programme_admin
from hubs.rules import is_hub_staff


def _hub_of_member(member):
    return member.cohort.hub


@rules.predicate
def is_member_hub_staff(user, member):
    return member is not None and (is_hub_staff(user, _hub_of_member(member))
                                   or is_programme_admin(user))


@rules.predicate
def is_the_member(user, member):
    return member is not None and user.is_authenticated and member.user_id == user.pk


@rules.predicate
def is_assigned_mentor(user, member):
    """``user`` mentors ``member`` (an assignment row exists)."""
    if member is None or not user.is_authenticated:
        return False
    from .models import MentorAssignment

    # The member was already resolved in its hub; the pair filter is explicit.
    with scopes_disabled():
        return MentorAssignment.objects.filter(member_id=member.pk, mentor_id=user.pk).exists()


@rules.predicate
def is_submission_reviewer(user, submission):
    return submission is not None and (is_member_hub_staff(user, submission.member)
                                       or is_assigned_mentor(user, submission.member))


@rules.predicate
def is_submission_viewer(user, submission):
    return submission is not None and (is_submission_reviewer(user, submission)
                                       or is_the_member(user, submission.member))


manage_cohort = is_hub_staff | is_programme_admin

# Console (object: the hub).
rules.add_perm("programme.manage_cohort", manage_cohort)
rules.add_perm("programme.issue_certificate", manage_cohort)
# Object: a CohortMember.
rules.add_perm("programme.mentor_member", is_assigned_mentor | is_member_hub_staff)
rules.add_perm("programme.view_member_progress",
               is_the_member | is_assigned_mentor | is_member_hub_staff)
rules.add_perm("programme.take_part", is_the_member)
# Object: a MilestoneSubmission.
rules.add_perm("programme.review_milestone", is_submission_reviewer)
rules.add_perm("programme.view_evidence", is_submission_viewer)
# The mentor space itself: any signed-in person (the page lists only their own mentees).
rules.add_perm("programme.use_mentor_space", rules.is_authenticated)
# Office hours: any signed-in person opens the pages; what they list and what the actions
# resolve is limited to the person's own bookings and bookable slots, or the mentor's own
# slots (another person's answers 404).
rules.add_perm("programme.book_office_hours", rules.is_authenticated)
rules.add_perm("programme.offer_office_hours", rules.is_authenticated)
