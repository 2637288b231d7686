"""The hackathons' part of a personal data export and of an account erasure."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from creaconnect.core import registry

from .models import (
    CommunityVote,
    ConflictDeclaration,
    ExpertProfile,
    ExpoJudgement,
    FeedbackMessage,
    JoinRequest,
    JudgeAssignment,
    MentoringLog,
    Registration,
    Score,
    Submission,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMembership,
)
from .services.teams import release_erased_member


class HackathonPrivacy:
    key = "hackathons"
    order = 30
    label = _("Hackathons")

    def _team_ids(self, user):
        return TeamMembership.objects.filter(user=user).values("team_id")

    @scopes_disabled()  # the person's own rows, in whichever hub they are
    def export(self, user):
        submissions = (Submission.objects.filter(team_id__in=self._team_ids(user))
                       .select_related("hackathon", "team").prefetch_related("files"))
        expert = ExpertProfile.objects.filter(user=user).first()
        return {
            "registrations": [{
                "hackathon": r.hackathon.title, "status": r.status, "country": str(r.country),
                "disciplines": r.disciplines, "skills": r.skills, "languages": r.languages,
                "organisation": r.organisation, "motivation": r.motivation,
                "dietary_needs": r.dietary_needs, "access_needs": r.access_needs,
                "looking_for_team": r.looking_for_team, "created": r.created,
            } for r in Registration.objects.filter(user=user).select_related("hackathon")],
            "teams": [{
                "team": m.team.name, "hackathon": m.team.hackathon.title,
                "captain": m.team.captain_id == user.pk, "joined": m.joined,
            } for m in TeamMembership.objects.filter(user=user)
                .select_related("team__hackathon")],
            "join_requests": list(JoinRequest.objects.filter(user=user).values(
                "team__name", "message", "status", "created")),
            "submissions": [{
                "team": s.team.name, "hackathon": s.hackathon.title, "title": s.title,
                "summary": s.summary, "description": s.description,
                "repository": s.repository_url, "video": s.video_url, "demo": s.demo_url,
                "status": s.status, "submitted_at": s.submitted_at, "rank": s.rank,
                "files": [f.name for f in s.files.all()],
            } for s in submissions],
            "feedback_written": list(FeedbackMessage.objects.filter(author=user).values(
                "team__name", "body", "created")),
            "mentoring_logged": list(MentoringLog.objects.filter(
                assignment__mentor=user).values("assignment__team__name", "date", "minutes",
                                                "note")),
            "judging": [{
                "submission": a.submission.title, "hackathon": a.hackathon.title,
                "comment_to_team": a.comment_to_team, "private_note": a.private_note,
                "scored_at": a.scored_at,
            } for a in JudgeAssignment.objects.filter(judge=user)
                .select_related("submission", "hackathon")],
            "scores_given": list(Score.objects.filter(judge=user).values(
                "submission__title", "criterion__name", "value", "updated")),
            "conflicts_declared": list(ConflictDeclaration.objects.filter(judge=user).values(
                "team__name", "reason", "created")),
            "expo_comparisons": list(ExpoJudgement.objects.filter(judge=user).values(
                "hackathon__title", "winner__title", "loser__title", "criterion__name",
                "created")),
            "community_votes": list(CommunityVote.objects.filter(voter=user).values(
                "hackathon__title", "submission__title", "created")),
            "expert_profile": None if expert is None else {
                "country": str(expert.country), "organisation": expert.organisation,
                "expertise": expert.expertise, "bio": expert.bio, "in_pool": expert.is_active,
            },
        }

    @scopes_disabled()
    def files(self, user):
        return [f.file for f in SubmissionFile.objects.filter(
            Q(submission__team_id__in=self._team_ids(user)) | Q(uploaded_by=user))]

    @scopes_disabled()
    def anonymise(self, user, identity):
        # Out of every team first, so that each team keeps working (a new captain, rules
        # counted without them); registrations stay for the records, their own words go.
        release_erased_member(user=user)
        Registration.objects.filter(user=user).update(
            organisation="", motivation="", dietary_needs="", access_needs="", skills=[])
        JoinRequest.objects.filter(user=user).update(message="")
        FeedbackMessage.objects.filter(author=user).update(body="")
        uploaded = SubmissionFile.objects.filter(uploaded_by=user)
        for upload in uploaded:
            identity.discard(upload.file)
        uploaded.delete()
        # Scores, expo comparisons and votes stay (results do not change); a judge's private
        # words go.
        JudgeAssignment.objects.filter(judge=user).update(private_note="")
        ConflictDeclaration.objects.filter(judge=user).update(reason="")
        ExpertProfile.objects.filter(user=user).update(
            organisation="", bio="", expertise=[], is_active=False)
        # Other people's text that names them.
        self._scrub(Team, identity, "name", "pitch")
        self._scrub(Submission, identity, "title", "summary", "description")
        self._scrub(FeedbackMessage, identity, "body")
        self._scrub(JudgeAssignment, identity, "comment_to_team", "private_note")
        self._scrub(MentoringLog, identity, "note")
        versions = (SubmissionVersion.objects.annotate(data_text=Cast("data", TextField()))
                    .filter(identity.q("data_text")))
        for version in versions:
            version.data = identity.scrub(version.data)
            version.save(update_fields=["data"])

    @staticmethod
    def _scrub(model, identity, *fields):
        for row in model.objects.filter(identity.q(*fields)):
            for name in fields:
                limit = model._meta.get_field(name).max_length
                value = identity.scrub(getattr(row, name))
                setattr(row, name, value[:limit] if limit else value)
            row.save(update_fields=list(fields))


registry.privacy_providers.append(HackathonPrivacy())
