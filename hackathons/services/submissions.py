"""Submissions (draft → submitted, versioned, deadline on the server clock), mentors and
their feedback threads."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.core.states import StateMachine
from creaconnect.core.uploads import validate_upload
from creaconnect.notifications.services import notify

from ..models import (
    FeedbackMessage,
    HackathonStatus,
    MentorAssignment,
    MentoringLog,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    SubmissionVersion,
    Team,
    TeamMembership,
    TeamStatus,
)
from . import HackathonError
from .common import notify_users, now, team_members, when

# A submission's legal moves, applied only by :func:`submit_submission` and
# :func:`reopen_submission`.
SUBMISSION = StateMachine(SubmissionStatus, {
    SubmissionStatus.DRAFT: {SubmissionStatus.SUBMITTED},
    SubmissionStatus.SUBMITTED: {SubmissionStatus.DRAFT},
})

EDITABLE_FIELDS = ("title", "summary", "description", "challenge", "repository_url",
                   "video_url", "demo_url")


def _lock_team(team) -> Team:
    return Team.objects.select_for_update().select_related("hackathon__hub").get(pk=team.pk)


def _require_member(team, user):
    if not TeamMembership.objects.filter(team=team, user=user).exists():
        raise HackathonError(_("Only members of the team can do this."))


def _lock_draft(submission, actor, refused: str) -> Submission:
    """Lock the team, then the submission; refuse unless ``actor`` is in the team and the
    submission is a draft (``refused`` says what to do otherwise)."""
    team = _lock_team(submission.team)
    sub = Submission.objects.select_for_update().select_related("hackathon__hub").get(
        pk=submission.pk)
    _require_member(team, actor)
    if sub.status != SubmissionStatus.DRAFT:
        raise HackathonError(refused)
    return sub


def _snapshot(sub) -> dict:
    """What a version keeps: the text fields, the challenge and the files attached then."""
    data = {f: getattr(sub, f) for f in EDITABLE_FIELDS if f != "challenge"}
    data["challenge"] = sub.challenge_id
    data["files"] = [{"id": f.pk, "name": f.name} for f in current_files(sub)]
    return data


def current_files(sub):
    """The files attached now (removed ones stay stored for the versions that list them)."""
    return sub.files.filter(removed_at__isnull=True)


def record_version(sub, actor) -> SubmissionVersion:
    """Number the submission's next version and keep its content (inside the caller's
    transaction, with the team locked)."""
    sub.version += 1
    sub.save()
    return SubmissionVersion.objects.create(submission=sub, number=sub.version,
                                            data=_snapshot(sub), author=actor)


def _check_open(sub, *, when=None):
    hackathon = sub.hackathon
    if hackathon.status not in (HackathonStatus.REGISTRATION, HackathonStatus.RUNNING,
                                HackathonStatus.JUDGING):
        raise HackathonError(_("Submissions are closed for this hackathon."))
    if hackathon.status == HackathonStatus.JUDGING and not sub.extension_until:
        raise HackathonError(_("Submissions are closed for this hackathon."))
    if not sub.is_open(when or now()):
        raise HackathonError(_("The submission deadline has passed."))


def submission_for_team(team) -> Submission | None:
    return Submission.objects.filter(team=team).select_related("hackathon", "challenge").first()


def save_draft(*, team: Team, actor, data: dict) -> Submission:
    """Any member saves the draft; each save is a new version."""
    with transaction.atomic():
        team = _lock_team(team)  # one writer at a time per team: versions stay in order
        _require_member(team, actor)
        if team.status == TeamStatus.INELIGIBLE:
            raise HackathonError(_("This team does not meet the rules and cannot submit."))
        sub = Submission.objects.filter(team=team).first()
        if sub is None:
            sub = Submission(team=team, hackathon=team.hackathon, title=team.name,
                             challenge=team.challenge)
        sub.hackathon = team.hackathon
        if sub.status != SubmissionStatus.DRAFT:
            raise HackathonError(_("The submission has been submitted; the captain can reopen "
                                   "it before the deadline to change it."))
        _check_open(sub)
        challenge = data.get("challenge")
        if challenge is not None and challenge.hackathon_id != team.hackathon_id:
            raise HackathonError(_("Please choose one of this hackathon's challenges."))
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(sub, field, data[field])
        record_version(sub, actor)
        audit.record(actor=actor, action="submission.draft_saved", target=sub,
                     hub=team.hackathon.hub, data={"version": sub.version})
    return sub


def submit_submission(*, submission: Submission, actor) -> Submission:
    """draft → submitted, by the captain of a locked team, before the deadline."""
    with transaction.atomic():
        team = _lock_team(submission.team)
        sub = Submission.objects.select_for_update().select_related("hackathon__hub").get(
            pk=submission.pk)
        if team.captain_id != actor.pk:
            raise HackathonError(_("Only the team captain can submit."))
        if not SUBMISSION.can(sub.status, SubmissionStatus.SUBMITTED):
            raise HackathonError(_("This submission has already been submitted."))
        if sub.hackathon.status == HackathonStatus.REGISTRATION:
            raise HackathonError(_("Submissions open when the hackathon starts."))
        if team.status != TeamStatus.LOCKED:
            raise HackathonError(_("Only a locked team that meets the rules can submit."))
        _check_open(sub)
        missing = [label for field, label in (("title", _("title")), ("summary", _("summary")),
                                              ("description", _("description")))
                   if not getattr(sub, field).strip()]
        if missing:
            raise HackathonError(_("Please fill in the %(fields)s before submitting.")
                                 % {"fields": ", ".join(missing)})
        sub.status, sub.submitted_at = SubmissionStatus.SUBMITTED, now()
        sub.submitted_version = sub.version  # what the judges and the organisers see
        sub.save(update_fields=["status", "submitted_at", "submitted_version", "updated"])
        audit.record(actor=actor, action="submission.submitted", target=sub,
                     hub=sub.hackathon.hub, data={"version": sub.version})
        notify_users(team_members(team), kind="hackathon.submission_submitted",
                     hackathon=sub.hackathon,
                     url=reverse("hackathons:submission",
                                 kwargs={"slug": sub.hackathon.slug, "pk": team.pk}),
                     context={"team": team.name, "title": sub.title})
    return sub


def reopen_submission(*, submission: Submission, actor) -> Submission:
    """submitted → draft, by the captain, before the deadline, while judging has not begun."""
    with transaction.atomic():
        team = _lock_team(submission.team)
        sub = Submission.objects.select_for_update().select_related("hackathon__hub").get(
            pk=submission.pk)
        if team.captain_id != actor.pk:
            raise HackathonError(_("Only the team captain can reopen the submission."))
        if not SUBMISSION.can(sub.status, SubmissionStatus.DRAFT):
            raise HackathonError(_("This submission is already a draft."))
        if sub.assignments.exists():
            raise HackathonError(_("Judges are already assigned: the submission stays final."))
        _check_open(sub)
        sub.status, sub.submitted_at, sub.submitted_version = SubmissionStatus.DRAFT, None, None
        sub.save(update_fields=["status", "submitted_at", "submitted_version", "updated"])
        audit.record(actor=actor, action="submission.reopened", target=sub,
                     hub=sub.hackathon.hub)
    return sub


def grant_extension(*, team: Team, until, actor) -> Submission:
    """Staff give one team more time than the hackathon's deadline."""
    with transaction.atomic():
        team = _lock_team(team)
        hackathon = team.hackathon
        if hackathon.status not in (HackathonStatus.RUNNING, HackathonStatus.JUDGING):
            raise HackathonError(_("Extensions are possible while the hackathon runs."))
        if until <= hackathon.submission_deadline:
            raise HackathonError(_("An extension must end after the hackathon's deadline."))
        if until > hackathon.judging_closes:
            raise HackathonError(_("An extension must end before judging closes."))
        sub = Submission.objects.filter(team=team).first()
        if sub is None:
            sub = Submission.objects.create(team=team, hackathon=hackathon, title=team.name,
                                            challenge=team.challenge)
        sub.extension_until = until
        sub.save(update_fields=["extension_until", "updated"])
        audit.record(actor=actor, action="submission.extension_granted", target=sub,
                     hub=hackathon.hub, data={"until": when(until)})
        notify_users(team_members(team), kind="hackathon.submission_extension",
                     hackathon=hackathon,
                     url=reverse("hackathons:submission",
                                 kwargs={"slug": hackathon.slug, "pk": team.pk}),
                     context={"team": team.name, "until": LocalisedDate(until)})
    return sub


def add_file(*, submission: Submission, upload, actor) -> SubmissionFile:
    """Attach a file; type and size are limited (see ``SubmissionFile``)."""
    try:  # type by extension and content, size, images re-encoded: the shared upload gate
        upload = validate_upload(upload, kind="submission",
                                 extensions=SubmissionFile.ALLOWED_EXTENSIONS,
                                 max_bytes=SubmissionFile.MAX_BYTES)
    except ValidationError as exc:
        raise HackathonError(" ".join(exc.messages)) from exc
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    with transaction.atomic():
        sub = _lock_draft(submission, actor, _("Reopen the submission to change its files."))
        _check_open(sub)
        if current_files(sub).count() >= SubmissionFile.MAX_FILES:
            raise HackathonError(_("A submission has at most %(n)s files.")
                                 % {"n": SubmissionFile.MAX_FILES})
        is_image = ext in SubmissionFile.IMAGE_EXTENSIONS
        f = SubmissionFile(submission=sub, name=name, size=upload.size, is_image=is_image,
                           uploaded_by=actor)
        f.file.save(name, upload, save=False)
        f.save()
        record_version(sub, actor)
        audit.record(actor=actor, action="submission.file_added", target=sub,
                     hub=sub.hackathon.hub, data={"file": name, "version": sub.version})
    return f


def remove_file(*, file: SubmissionFile, actor) -> None:
    """Take a file off the submission; a new version records it. The stored file stays while
    an older version lists it (restoring that version brings it back)."""
    with transaction.atomic():
        sub = _lock_draft(file.submission, actor,
                          _("Reopen the submission to change its files."))
        SubmissionFile.objects.filter(pk=file.pk).update(removed_at=now())
        record_version(sub, actor)
        audit.record(actor=actor, action="submission.file_removed", target=sub,
                     hub=sub.hackathon.hub, data={"file": file.name, "version": sub.version})


# --- mentors -----------------------------------------------------------------------------

def assign_mentor(*, team: Team, email: str, actor) -> MentorAssignment:
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise HackathonError(_("No account uses the address %(email)s. Ask the mentor to sign "
                               "up first.") % {"email": email})
    with transaction.atomic():
        team = _lock_team(team)
        if TeamMembership.objects.filter(team=team, user=user).exists():
            raise HackathonError(_("A member of the team cannot be its mentor."))
        try:
            with transaction.atomic():
                assignment = MentorAssignment.objects.create(
                    hackathon=team.hackathon, team=team, mentor=user, assigned_by=actor)
        except IntegrityError as exc:
            raise HackathonError(_("%(name)s already mentors this team.") % {"name": user}) \
                from exc
        audit.record(actor=actor, action="team.mentor_assigned", target=team,
                     hub=team.hackathon.hub, data={"mentor": user.email})
        url = reverse("hackathons:feedback", kwargs={"slug": team.hackathon.slug, "pk": team.pk})
        notify(user=user, kind="hackathon.mentor_assigned", hub=team.hackathon.hub, url=url,
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name})
        notify_users(team_members(team), kind="hackathon.team_mentor", hackathon=team.hackathon,
                     url=url, context={"team": team.name, "mentor": str(user)})
    return assignment


def unassign_mentor(*, assignment: MentorAssignment, actor) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="team.mentor_removed", target=assignment.team,
                     hub=assignment.hackathon.hub, data={"mentor": assignment.mentor.email})
        assignment.delete()


def post_feedback(*, team: Team, body: str, actor, parent: FeedbackMessage | None = None
                  ) -> FeedbackMessage:
    """A mentor opens a thread (or anyone in the conversation replies); the other side is
    told."""
    body = body.strip()
    if not body:
        raise HackathonError(_("Please write a message."))
    is_mentor = MentorAssignment.objects.filter(team=team, mentor=actor).exists()
    is_member = TeamMembership.objects.filter(team=team, user=actor).exists()
    if not (is_mentor or is_member):
        raise HackathonError(_("Only the team and its mentors can write here."))
    if parent is None and not is_mentor:
        raise HackathonError(_("Team members answer in a mentor's thread."))
    if parent is not None and (parent.team_id != team.pk or parent.parent_id is not None):
        raise HackathonError(_("Please answer a thread of this team."))
    hackathon = team.hackathon
    with transaction.atomic():
        msg = FeedbackMessage.objects.create(team=team, parent=parent, author=actor, body=body)
        audit.record(actor=actor, action="team.feedback_posted", target=team,
                     hub=hackathon.hub, data={"reply": parent is not None})
        if is_mentor:
            recipients = team_members(team)
        else:
            recipients = [a.mentor for a in MentorAssignment.objects.filter(team=team)
                          .select_related("mentor")]
        notify_users([u for u in recipients if u.pk != actor.pk],
                     kind="hackathon.feedback_posted", hackathon=hackathon,
                     url=reverse("hackathons:feedback",
                                 kwargs={"slug": hackathon.slug, "pk": team.pk}),
                     context={"team": team.name, "author": str(actor)})
    return msg


def log_mentoring(*, team: Team, minutes: int, note: str, date, actor) -> MentoringLog:
    assignment = MentorAssignment.objects.filter(team=team, mentor=actor).first()
    if assignment is None:
        raise HackathonError(_("Only the team's mentors log mentoring time."))
    if minutes <= 0 or minutes > 24 * 60:
        raise HackathonError(_("Please give a time between 1 minute and 24 hours."))
    with transaction.atomic():
        log = MentoringLog.objects.create(assignment=assignment, minutes=minutes, note=note,
                                          date=date)
        audit.record(actor=actor, action="team.mentoring_logged", target=team,
                     hub=team.hackathon.hub, data={"minutes": minutes})
    return log
