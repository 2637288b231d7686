"""Milestones and the evidence members submit for them.

The evidence is a small state machine (``EVIDENCE``); every move goes through ``_move``, which
checks the move against the table, writes the audit entry and queues the notification. A
member's first evidence for a milestone starts as ``FIRST``:

    (none) ──submit──▶ submitted ──approve──▶ approved (final)
                          │  ▲
              request changes  submit (again)
                          ▼  │
                   changes_requested
"""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised
from creaconnect.core.states import StateMachine
from creaconnect.core.uploads import validate_upload
from creaconnect.notifications.services import notify

from ..models import (
    MemberStatus,
    MentorAssignment,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
)
from .cohorts import CohortError
from .training import cohort_page_url

S = MilestoneState
EVIDENCE = StateMachine(S, {
    S.SUBMITTED: {S.SUBMITTED, S.APPROVED, S.CHANGES},  # a member may refine while waiting
    S.CHANGES: {S.SUBMITTED},
    S.APPROVED: set(),
})
FIRST = S.SUBMITTED
EVIDENCE_EXTENSIONS = settings.UPLOAD_EXTENSIONS["evidence"]
EVIDENCE_MAX_BYTES = settings.UPLOAD_MAX_BYTES["evidence"]
MILESTONE_FIELDS = ("title", "description", "due_on", "order", "translations")


class MilestoneError(CohortError):
    """An evidence move or milestone change the rules refuse."""


def check_evidence_file(upload):
    """Type (by extension and content) and size limits of an evidence file, through the
    shared upload gate; returns what to store (images re-encoded) or raises
    ``ValidationError``."""
    return validate_upload(upload, kind="evidence")


def create_milestone(*, cohort, actor, title, due_on, description="", order=0,
                     translations=None) -> Milestone:
    with transaction.atomic():
        milestone = Milestone.objects.create(cohort=cohort, title=title, due_on=due_on,
                                             description=description, order=order,
                                             translations=translations or {})
        audit.record(actor=actor, action="milestone.created", target=milestone, hub=cohort.hub,
                     data={"cohort": cohort.pk, "due_on": str(due_on)})
    return milestone


def update_milestone(*, milestone, actor, **changes) -> Milestone:
    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise ValueError(f"unknown milestone fields: {sorted(unknown)}")
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        changed = {k: str(v) for k, v in changes.items() if getattr(milestone, k) != v}
        for key, value in changes.items():
            setattr(milestone, key, value)
        milestone.save()
        if changed:
            audit.record(actor=actor, action="milestone.updated", target=milestone,
                         hub=milestone.cohort.hub, data=changed)
    return milestone


def delete_milestone(*, milestone, actor) -> None:
    with transaction.atomic():
        if milestone.submissions.exists():
            raise MilestoneError(_("Evidence was already submitted for this milestone: it "
                                   "stays on record."))
        audit.record(actor=actor, action="milestone.deleted", target=milestone,
                     hub=milestone.cohort.hub, data={"title": milestone.title})
        milestone.delete()


def _move(submission, to: str, *, actor, feedback: str = "") -> MilestoneSubmission:
    """The one entry point of the evidence state machine (caller holds the transaction and
    the row lock). Refuses moves not in ``EVIDENCE`` (or, for new evidence, other than
    ``FIRST``)."""
    current = submission.state if submission.pk else None
    if not (to == FIRST if current is None else EVIDENCE.can(current, to)):
        raise MilestoneError(_("This evidence is “%(state)s”: it cannot be moved to "
                               "“%(to)s”.") % {"state": S(current).label if current else "—",
                                               "to": S(to).label})
    member = submission.member
    hub = member.cohort.hub
    submission.state = to
    if to == S.SUBMITTED:
        submission.reviewed_by, submission.reviewed_at = None, None
        if current is None:
            submission.save()
        else:
            submission.submitted_at = timezone.now()
            submission.save()
    else:
        submission.feedback = feedback
        submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
        submission.save(update_fields=["state", "feedback", "reviewed_by", "reviewed_at"])
    audit.record(actor=actor, action=f"milestone.{to}", target=submission, hub=hub,
                 data={"from": current, "to": to, "milestone": submission.milestone_id,
                       "member": member.pk})
    context = {"milestone": Localised(submission.milestone, "title"),
               "participant": str(member.user), "cohort": member.cohort.name,
               "state": str(S(to).label), "feedback": feedback}
    if to == S.SUBMITTED:
        for assignment in MentorAssignment.objects.filter(member=member).select_related("mentor"):
            notify(user=assignment.mentor, kind="programme.milestone.submitted", hub=hub,
                   url=reverse("programme:mentee", kwargs={"pk": member.pk}), context=context)
    else:
        notify(user=member.user, kind="programme.milestone.reviewed", hub=hub,
               url=cohort_page_url(member.cohort), context=context)
    return submission


def submit_evidence(*, milestone, member, actor, text="", link="", file=None
                    ) -> MilestoneSubmission:
    """Submit (or resubmit) the member's evidence for ``milestone``; the member's mentors are
    told. At least one of text, link or file; files within type and size limits."""
    if actor.pk != member.user_id:
        raise MilestoneError(_("Only the participant submits their own evidence."))
    if member.status != MemberStatus.ACTIVE or milestone.cohort_id != member.cohort_id:
        raise MilestoneError(_("Only active members of this cohort can submit evidence."))
    if not (text.strip() or link.strip() or file):
        raise MilestoneError(_("Describe what you did, add a link or attach a file."))
    if file:
        try:
            file = check_evidence_file(file)
        except ValidationError as exc:
            raise MilestoneError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        submission = (MilestoneSubmission.objects.select_for_update()
                      .filter(milestone=milestone, member=member).first())
        if submission is None:
            submission = MilestoneSubmission(milestone=milestone, member=member)
        submission.text, submission.link = text.strip(), link.strip()
        if file:
            submission.file = file
        return _move(submission, S.SUBMITTED, actor=actor)


def review_evidence(*, submission, actor, approve: bool, feedback="") -> MilestoneSubmission:
    """Sign the evidence off or ask for changes (feedback required then). The reviewer must
    be hub staff or the member's mentor; the participant is told."""
    if not actor.has_perm("programme.review_milestone", submission):
        raise MilestoneError(_("Only hub staff or this participant's mentor can review."))
    if not approve and not feedback.strip():
        raise MilestoneError(_("Say what should change."))
    with transaction.atomic():
        submission = (MilestoneSubmission.objects.select_for_update()
                      .select_related("milestone", "member__user", "member__cohort__hub")
                      .get(pk=submission.pk))
        return _move(submission, S.APPROVED if approve else S.CHANGES, actor=actor,
                     feedback=feedback.strip())


# --- Queries ------------------------------------------------------------------------------

def review_queue_for_cohort(cohort):
    return (MilestoneSubmission.objects
            .filter(milestone__cohort=cohort, state=S.SUBMITTED)
            .select_related("milestone", "member__user").order_by("submitted_at"))


def submissions_for_member(member) -> dict[int, MilestoneSubmission]:
    """``{milestone_id: submission}`` of one member."""
    return {s.milestone_id: s for s in MilestoneSubmission.objects.filter(member=member)
            .select_related("reviewed_by")}
