"""The hackathon's own state machine and its set-up (challenges, rubric, prizes)."""

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.core.states import StateMachine

from ..models import (
    Criterion,
    Hackathon,
    HackathonStatus,
    JudgeAssignment,
    Prize,
    Registration,
    RegistrationStatus,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from . import HackathonError
from .common import lock_hackathon, notify_users

# The hackathon's legal status moves; :func:`_move` is the one place that applies them, each
# move has its service below (``MOVES``), and the console offers ``HACKATHON.allowed(status)``.
HACKATHON = StateMachine(HackathonStatus, {
    HackathonStatus.DRAFT: {HackathonStatus.REGISTRATION},
    HackathonStatus.REGISTRATION: {HackathonStatus.RUNNING},
    HackathonStatus.RUNNING: {HackathonStatus.JUDGING},
    HackathonStatus.JUDGING: {HackathonStatus.RESULTS_PUBLISHED},
    HackathonStatus.RESULTS_PUBLISHED: {HackathonStatus.ARCHIVED},
    HackathonStatus.ARCHIVED: set(),
})


def save_hackathon(*, hackathon: Hackathon, actor, fields: list[str] | None = None) -> Hackathon:
    """Create or update a hackathon's details (not its status)."""
    creating = hackathon.pk is None
    with transaction.atomic():
        if creating:
            hackathon.status = HackathonStatus.DRAFT
        hackathon.save()
        audit.record(actor=actor, action="hackathon.created" if creating else "hackathon.edited",
                     target=hackathon, hub=hackathon.hub, data={"fields": fields or []})
    return hackathon


def save_setup_item(*, item, actor):
    """Create or update a challenge, criterion or prize of a hackathon."""
    hackathon = item.hackathon
    if hackathon.status in (HackathonStatus.RESULTS_PUBLISHED, HackathonStatus.ARCHIVED):
        raise HackathonError(_("The results are published: the set-up can no longer change."))
    if isinstance(item, Criterion) and hackathon.status == HackathonStatus.JUDGING:
        raise HackathonError(_("Judging has started: the rubric can no longer change."))
    with transaction.atomic():
        item.save()
        audit.record(actor=actor, action=f"hackathon.{item._meta.model_name}_saved",
                     target=item, hub=hackathon.hub, data={"hackathon": hackathon.slug})
    return item


def delete_setup_item(*, item, actor) -> None:
    hackathon = item.hackathon
    if hackathon.status not in (HackathonStatus.DRAFT, HackathonStatus.REGISTRATION):
        raise HackathonError(_("Only a hackathon in draft or registration can lose set-up items."))
    with transaction.atomic():
        audit.record(actor=actor, action=f"hackathon.{item._meta.model_name}_deleted",
                     target=item, hub=hackathon.hub, data={"hackathon": hackathon.slug})
        item.delete()


def _move(hackathon, to: str, *, actor) -> Hackathon:
    """Check and apply one status move under a row lock; returns the locked row."""
    locked = lock_hackathon(hackathon)
    if not HACKATHON.can(locked.status, to):
        raise HackathonError(
            _("A hackathon cannot go from “%(from)s” to “%(to)s”.")
            % {"from": locked.get_status_display(), "to": HackathonStatus(to).label})
    old = locked.status
    locked.status = to
    locked.save(update_fields=["status"])
    audit.record(actor=actor, action=f"hackathon.{to}", target=locked, hub=locked.hub,
                 data={"from": old, "to": to})
    hackathon.status = to
    return locked


def _participants(hackathon):
    return [r.user for r in Registration.objects.filter(
        hackathon=hackathon, status=RegistrationStatus.REGISTERED).select_related("user")]


def open_registration(*, hackathon: Hackathon, actor) -> Hackathon:
    """draft → registration: the hackathon becomes public and people can register."""
    with transaction.atomic():
        if not hackathon.challenges.exists():
            raise HackathonError(_("Add at least one challenge before opening registration."))
        return _move(hackathon, HackathonStatus.REGISTRATION, actor=actor)


def start_hackathon(*, hackathon: Hackathon, actor) -> Hackathon:
    """registration → running: registration closes and every forming team is locked
    (teams that miss a composition rule become *rules not met*). Members are told."""
    from .teams import lock_team

    with transaction.atomic():
        locked = _move(hackathon, HackathonStatus.RUNNING, actor=actor)
        for team in Team.objects.filter(hackathon=locked, status=TeamStatus.FORMING):
            lock_team(team=team, actor=actor, strict=False)
        notify_users(_participants(locked), kind="hackathon.started", hackathon=locked,
                     url=locked.get_absolute_url(),
                     context={"deadline": LocalisedDate(locked.submission_deadline)})
    return locked


def start_judging(*, hackathon: Hackathon, actor) -> Hackathon:
    """running → judging: submissions are closed (except extensions); judges may score."""
    with transaction.atomic():
        needs_rubric = hackathon.has_rubric or hackathon.expo_per_criterion
        if needs_rubric and not Criterion.objects.filter(hackathon=hackathon).exists():
            raise HackathonError(_("Define the rubric before judging starts."))
        return _move(hackathon, HackathonStatus.JUDGING, actor=actor)


def _final_ranks(hackathon) -> dict:
    """``{submission id: fields to freeze}``: the rubric's ranks and scores when the hackathon
    is scored by rubric (alone or beside the expo), else the expo's Crowd-BT order."""
    from .expo import expo_ranking
    from .results import compute_results

    if hackathon.has_rubric:
        results = compute_results(hackathon)
        if not results.rows:
            raise HackathonError(_("No submission has been scored: there is nothing to publish."))
        return {row.submission.pk: {"rank": row.rank, "raw_score": row.raw,
                                    "normalised_score": row.normalised}
                for row in results.rows}
    ranking = expo_ranking(hackathon)
    if not ranking.comparisons:
        raise HackathonError(_("No pair has been judged at the expo: there is nothing to "
                               "publish."))
    return {row.submission.pk: {"rank": row.rank} for row in ranking.rows}


def publish_results(*, hackathon: Hackathon, actor) -> Hackathon:
    """judging → results published: ranks are frozen on the submissions, winners appear on
    the public page and every team member is told where to read their feedback."""
    with transaction.atomic():
        unscored = JudgeAssignment.objects.filter(hackathon=hackathon,
                                                  scored_at__isnull=True).count()
        if unscored:
            raise HackathonError(
                _("%(n)s judge assignments are not scored yet. Wait for them or remove them "
                  "before publishing.") % {"n": unscored})
        ranks = _final_ranks(hackathon)
        locked = _move(hackathon, HackathonStatus.RESULTS_PUBLISHED, actor=actor)
        locked.results_published_at = timezone.now()
        locked.save(update_fields=["results_published_at"])
        for pk, values in ranks.items():
            Submission.objects.filter(pk=pk).update(**values)
        submitted = list(Submission.objects.filter(hackathon=locked,
                                                   status=SubmissionStatus.SUBMITTED)
                         .select_related("team"))
        prizes = defaultdict(list)  # every team's prizes in one query
        for prize in Prize.objects.filter(winner_id__in=[sub.team_id for sub in submitted]):
            prizes[prize.winner_id].append(Localised(prize, "name"))
        for sub in submitted:
            members = [m.user for m in TeamMembership.objects.filter(team=sub.team)
                       .select_related("user")]
            notify_users(members, kind="hackathon.results_published", hackathon=locked,
                         url=reverse("hackathons:feedback",
                                     kwargs={"slug": locked.slug, "pk": sub.team_id}),
                         context={"team": sub.team.name, "prizes": prizes[sub.team_id]})
    return locked


def archive_hackathon(*, hackathon: Hackathon, actor) -> Hackathon:
    with transaction.atomic():
        return _move(hackathon, HackathonStatus.ARCHIVED, actor=actor)


MOVES = {
    HackathonStatus.REGISTRATION: open_registration,
    HackathonStatus.RUNNING: start_hackathon,
    HackathonStatus.JUDGING: start_judging,
    HackathonStatus.RESULTS_PUBLISHED: publish_results,
    HackathonStatus.ARCHIVED: archive_hackathon,
}
