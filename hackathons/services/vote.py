"""The community-choice vote: one vote per verified account and hackathon.

Rules: the hackathon has a vote (``vote_closes`` set), it runs or is being judged, the
deadline (server clock) has not passed, the voter's e-mail address is verified, the project
is submitted and is not the voter's own team's. "One vote" is the database's
``community_vote_once_per_person`` constraint: two requests at once both try to insert, one
wins and the other gets the "already voted" message. Counts stay hidden until the results
are published (:func:`vote_results`). Views also rate-limit the POST (``vote`` scope).
"""

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from creaconnect.core import audit

from ..models import CommunityVote, HackathonStatus, Submission, SubmissionStatus, TeamMembership
from . import HackathonError
from .common import now

VOTING_STATUSES = (HackathonStatus.RUNNING, HackathonStatus.JUDGING)


def vote_open(hackathon, at=None) -> bool:
    return (hackathon.vote_closes is not None and hackathon.status in VOTING_STATUSES
            and (at or now()) < hackathon.vote_closes)


def vote_of(hackathon, user) -> CommunityVote | None:
    if not user.is_authenticated:
        return None
    return CommunityVote.objects.filter(hackathon=hackathon, voter=user).select_related(
        "submission").first()


def cast_vote(*, hackathon, submission: Submission, actor) -> CommunityVote:
    """Record ``actor``'s vote for ``submission`` (see the module text). One audit entry."""
    if not vote_open(hackathon):
        raise HackathonError(_("The community vote is closed."))
    if not EmailAddress.objects.filter(user=actor, verified=True).exists():
        raise HackathonError(_("Please verify your e-mail address before voting."))
    if submission.hackathon_id != hackathon.pk or submission.status != SubmissionStatus.SUBMITTED:
        raise HackathonError(_("Please choose one of the submitted projects."))
    if TeamMembership.objects.filter(team_id=submission.team_id, user=actor).exists():
        raise HackathonError(_("You cannot vote for your own team."))
    try:
        with transaction.atomic():
            vote = CommunityVote.objects.create(hackathon=hackathon, submission=submission,
                                                voter=actor)
            audit.record(actor=actor, action="vote.cast", target=hackathon, hub=hackathon.hub)
    except IntegrityError as exc:
        raise HackathonError(_("You have already voted in this hackathon.")) from exc
    return vote


def vote_results(hackathon) -> list[tuple[Submission, int]]:
    """Projects by votes, most first; empty until the results are published."""
    if not hackathon.results_public or hackathon.vote_closes is None:
        return []
    subs = (Submission.objects.filter(hackathon=hackathon, status=SubmissionStatus.SUBMITTED)
            .select_related("team").annotate(n=Count("votes")).order_by("-n", "title"))
    return [(s, s.n) for s in subs]


def vote_total(hackathon) -> int:
    return CommunityVote.objects.filter(hackathon=hackathon).count()
