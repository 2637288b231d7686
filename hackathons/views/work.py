"""Submission editing and submitting, attached files, the team's feedback page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from creaconnect.core.http import attachment, int_or_404

from ..forms import FeedbackForm, FileForm, MentoringLogForm, SubmissionForm
from ..models import (
    FeedbackMessage,
    JudgeAssignment,
    MentorAssignment,
    MentoringLog,
    Score,
    SubmissionFile,
    SubmissionStatus,
)
from ..services import submissions as services
from .base import HackathonActionView, HackathonView


class SubmissionView(HackathonView):
    """Team members edit; the team's mentors and the organisers read."""

    permission_required = "hackathons.view_submission"
    login_required = True
    team_view = True

    def render_page(self, form=None, file_form=None, status=200):
        sub = services.submission_for_team(self.team)
        return render(self.request, "hackathons/submission.html", {
            "hackathon": self.hackathon, "team": self.team, "submission": sub,
            "form": form or SubmissionForm(
                instance=sub, hackathon=self.hackathon,
                initial={"challenge": sub.challenge_id if sub else self.team.challenge_id}),
            "file_form": file_form or FileForm(),
            "files": list(services.current_files(sub)) if sub else [],
            "versions": list(sub.versions.select_related("author")[:10]) if sub else [],
            "is_captain": self.team.captain_id == self.request.user.pk,
            "deadline": sub.deadline() if sub else self.hackathon.submission_deadline,
            "is_open": (sub.is_open() if sub else
                        timezone.now() < self.hackathon.submission_deadline),
            "editable": self.is_member and (sub is None or sub.status == SubmissionStatus.DRAFT),
            "is_member": self.is_member,
        }, status=status)

    @property
    def is_member(self) -> bool:
        return self.request.user.has_perm("hackathons.edit_submission", self.team)

    def get(self, request, **kwargs):
        return self.render_page()



class SubmissionActionView(HackathonActionView, SubmissionView):
    """One change to the team's submission (POST only): team members only (anyone else,
    the team's mentors and the organisers included, gets 404)."""

    permission_required = "hackathons.edit_submission"
    page = "hackathons:submission"

    def submission(self):
        sub = services.submission_for_team(self.team)
        if sub is None:
            raise Http404
        return sub


class SaveDraftView(SubmissionActionView):
    def act(self, request, **kwargs):
        form = SubmissionForm(request.POST, instance=services.submission_for_team(self.team),
                              hackathon=self.hackathon)
        if not form.is_valid():
            return self.render_page(form=form, status=422)
        services.save_draft(team=self.team, actor=request.user, data=form.cleaned_data)
        self.done(_("Draft saved."))
        return None


class UploadFileView(SubmissionActionView):
    def act(self, request, **kwargs):
        form = FileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(file_form=form, status=422)
        sub = (services.submission_for_team(self.team)
               or services.save_draft(team=self.team, actor=request.user, data={}))
        services.add_file(submission=sub, upload=form.cleaned_data["file"], actor=request.user)
        self.done(_("File attached."))
        return None


class RemoveFileView(SubmissionActionView):
    def act(self, request, **kwargs):
        f = get_object_or_404(SubmissionFile, submission=self.submission(), pk=kwargs["item"],
                              removed_at__isnull=True)
        confirm = self.confirm(
            title=_("Remove this file?"), thing=f.name,
            consequence=_("The file is deleted from the submission."),
            undo=_("To get it back, attach it again."),
            confirm_label=_("Yes, remove the file"))
        if confirm:
            return confirm
        services.remove_file(file=f, actor=request.user)
        self.done(_("File removed."))
        return None


class SubmitView(SubmissionActionView):
    def act(self, request, **kwargs):
        services.submit_submission(submission=self.submission(), actor=request.user)
        self.done(_("Submitted. Good luck!"))


class ReopenView(SubmissionActionView):
    def act(self, request, **kwargs):
        services.reopen_submission(submission=self.submission(), actor=request.user)
        self.done(_("The submission is a draft again. Submit it again before the deadline."))


def submission_file(request, pk):
    """Download an attached file: team, mentors, assigned judges and organisers only."""
    if not request.user.is_authenticated:
        raise Http404
    with scopes_disabled():  # resolve the file's hackathon, then check within its hub
        f = SubmissionFile.objects.select_related("submission__hackathon__hub",
                                                  "submission__team").filter(pk=pk).first()
    if f is None:
        raise Http404
    with scope(hub=f.submission.hackathon.hub):
        if not request.user.has_perm("hackathons.view_submission_files", f.submission):
            raise Http404
    return attachment(f.file, filename=f.name)


class FeedbackView(HackathonView):
    """Mentor feedback threads on the draft; after publication, the judges' scores per
    criterion and their comments to the team."""

    permission_required = "hackathons.view_feedback"
    login_required = True
    team_view = True

    def render_page(self, form=None, log_form=None, status=200):
        team, h, user = self.team, self.hackathon, self.request.user
        messages_ = list(FeedbackMessage.objects.filter(team=team).select_related("author"))
        threads = [m for m in messages_ if m.parent_id is None]
        replies = {}
        for m in messages_:
            if m.parent_id:
                replies.setdefault(m.parent_id, []).append(m)
        for t in threads:
            t.reply_list = replies.get(t.pk, [])
        mentor_assignment = MentorAssignment.objects.filter(team=team, mentor=user).first()
        sub = services.submission_for_team(team)
        results = None
        if h.results_public and sub is not None and sub.status == SubmissionStatus.SUBMITTED:
            criteria = list(h.criteria.all())
            scores = {}
            for s in Score.objects.filter(submission=sub):
                scores.setdefault(s.criterion_id, []).append(s.value)
            results = {
                "rank": sub.rank, "raw": sub.raw_score, "normalised": sub.normalised_score,
                "criteria": [(c, (sum(scores.get(c.pk, [])) / len(scores[c.pk]))
                              if scores.get(c.pk) else None) for c in criteria],
                "comments": [a.comment_to_team for a in JudgeAssignment.objects.filter(
                    submission=sub).exclude(comment_to_team="")],
            }
        return render(self.request, "hackathons/feedback.html", {
            "hackathon": h, "team": team, "threads": threads, "submission": sub,
            "is_mentor": mentor_assignment is not None,
            "form": form or FeedbackForm(),
            "log_form": log_form or MentoringLogForm(initial={"date": timezone.localdate()}),
            "logs": list(MentoringLog.objects.filter(assignment=mentor_assignment))
            if mentor_assignment else [],
            "results": results,
        }, status=status)

    def get(self, request, **kwargs):
        return self.render_page()


class FeedbackActionView(HackathonActionView, FeedbackView):
    """A message on the team's feedback page, or a mentor's logged time (POST only)."""

    page = "hackathons:feedback"


class PostFeedbackView(FeedbackActionView):
    def act(self, request, **kwargs):
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form, status=422)
        parent = None
        if request.POST.get("parent"):
            parent = get_object_or_404(FeedbackMessage, team=self.team,
                                       pk=int_or_404(request.POST.get("parent")))
        services.post_feedback(team=self.team, body=form.cleaned_data["body"], parent=parent,
                               actor=request.user)
        self.done(_("Message posted."))
        return None


class LogMentoringView(FeedbackActionView):
    def act(self, request, **kwargs):
        form = MentoringLogForm(request.POST)
        if not form.is_valid():
            return self.render_page(log_form=form, status=422)
        services.log_mentoring(team=self.team, actor=request.user, **form.cleaned_data)
        self.done(_("Mentoring time logged."))
        return None
