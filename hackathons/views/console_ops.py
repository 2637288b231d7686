"""Hub console: registrations, teams, submissions, judging, results, CSV exports."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.http import int_or_404
from creaconnect.reports.services import request_report

from ..forms import ExtensionForm, MentorForm
from ..models import (
    ExpertProfile,
    JudgeAssignment,
    MentorAssignment,
    PanelJudge,
    Prize,
    Registration,
    Submission,
    SubmissionStatus,
    Team,
)
from ..queries import decorate_teams, judge_loads, judging_progress, teams_with_members
from ..services import HackathonError
from ..services import judging as judging_services
from ..services import results as results_services
from ..services import submissions as submission_services
from ..services import teams as team_services
from .base import ConsoleActionView, ConsoleView


class RegistrationsView(ConsoleView):
    def get(self, request, **kwargs):
        regs = list(Registration.objects.filter(hackathon=self.hackathon)
                    .select_related("user", "home_hub").order_by("status", "created"))
        return render(request, "hackathons/console/registrations.html",
                      {"hub": request.hub, "hackathon": self.hackathon, "registrations": regs})


class TeamsView(ConsoleView):
    def get(self, request, **kwargs):
        h = self.hackathon
        teams = decorate_teams(h, list(teams_with_members(Team.objects.filter(hackathon=h))
                                       .prefetch_related("mentor_assignments__mentor")))
        subs = {s.team_id: s for s in Submission.objects.filter(hackathon=h)}
        for t in teams:
            t.sub = subs.get(t.pk)
            t.moves = team_services.TEAM.allowed(t.status)
        return render(request, "hackathons/console/teams.html", {
            "hub": request.hub, "hackathon": h, "teams": teams,
            "mentor_form": MentorForm(), "extension_form": ExtensionForm()})


class TeamActionView(ConsoleActionView):
    """One organiser's change to one of this hackathon's teams (the URL's ``pk``)."""

    page = "teams"

    @cached_property
    def team(self) -> Team:
        team = get_object_or_404(Team, hackathon=self.hackathon, pk=self.kwargs["pk"])
        team.hackathon = self.hackathon
        return team


class LockTeamView(TeamActionView):
    def act(self, request, **kwargs):
        team_services.lock_team(team=self.team, actor=request.user)
        self.done(_("%(team)s is locked.") % {"team": self.team})


class ReopenTeamView(TeamActionView):
    def act(self, request, **kwargs):
        team_services.reopen_team(team=self.team, actor=request.user)
        self.done(_("%(team)s can change its members again.") % {"team": self.team})


class AssignMentorView(TeamActionView):
    def act(self, request, **kwargs):
        form = MentorForm(request.POST)
        if not form.is_valid():
            raise HackathonError(_("Please give a valid e-mail address."))
        submission_services.assign_mentor(team=self.team, email=form.cleaned_data["email"],
                                          actor=request.user)
        self.done(_("Mentor assigned."))


class UnassignMentorView(TeamActionView):
    def act(self, request, item, **kwargs):
        a = get_object_or_404(MentorAssignment.objects.select_related("mentor"),
                              team=self.team, pk=item)
        confirm = self.confirm(
            title=_("Remove this mentor from the team?"), thing=f"{a.mentor} · {self.team}",
            consequence=_("The mentor no longer sees the team or its submission."),
            undo=_("You can assign them again by their e-mail address."),
            confirm_label=_("Yes, remove the mentor"))
        if confirm:
            return confirm
        submission_services.unassign_mentor(assignment=a, actor=request.user)
        self.done(_("Mentor removed."))
        return None


class GrantExtensionView(TeamActionView):
    def act(self, request, **kwargs):
        form = ExtensionForm(request.POST)
        if not form.is_valid():
            raise HackathonError(_("Please give a valid date and time."))
        submission_services.grant_extension(team=self.team, until=form.cleaned_data["until"],
                                            actor=request.user)
        self.done(_("Extension granted."))


class SubmissionsView(ConsoleView):
    def get(self, request, **kwargs):
        h = self.hackathon
        subs = list(Submission.objects.filter(hackathon=h).select_related("team", "challenge")
                    .order_by("status", "title"))
        per, _done, _total = judging_progress(h)
        for s in subs:
            s.progress = per.get(s.pk, (0, 0))
        return render(request, "hackathons/console/submissions.html",
                      {"hub": request.hub, "hackathon": h, "submissions": subs})


class JudgingView(ConsoleView):
    """Panel, automatic and manual assignment, progress per judge and per submission."""

    def get(self, request, **kwargs):
        h = self.hackathon
        panel = list(PanelJudge.objects.filter(hackathon=h)
                     .select_related("judge__expert_profile__hub"))
        loads = judge_loads(h)
        for p in panel:
            p.load, p.done = loads.get(p.judge_id, (0, 0))
        on_panel = [p.judge_id for p in panel]
        pool = list(ExpertProfile.objects.filter(is_active=True).exclude(user_id__in=on_panel)
                    .select_related("user", "hub"))
        subs = list(Submission.objects.filter(hackathon=h, status=SubmissionStatus.SUBMITTED)
                    .select_related("team"))
        assignments = list(JudgeAssignment.objects.filter(hackathon=h).select_related("judge"))
        by_sub = {}
        for a in assignments:
            by_sub.setdefault(a.submission_id, []).append(a)
        conflicts = judging_services.conflicts_for(h, on_panel)
        for s in subs:
            s.assignment_list = by_sub.get(s.pk, [])
            taken = {a.judge_id for a in s.assignment_list}
            s.candidates = [p.judge for p in panel if p.judge_id not in taken
                            and (p.judge_id, s.team_id) not in conflicts]
        _per, done, total = judging_progress(h)
        return render(request, "hackathons/console/judging.html", {
            "hub": request.hub, "hackathon": h, "panel": panel, "pool": pool,
            "submissions": subs, "done": done, "total": total,
            "percent": round(100 * done / total) if total else 0,
        })


class JudgingActionView(ConsoleActionView):
    page = "judging"


class AutoAssignView(JudgingActionView):
    def act(self, request, **kwargs):
        n = judging_services.assign_judges(hackathon=self.hackathon, actor=request.user)
        self.done(_("%(n)s assignments created.") % {"n": n})


class AddPanelJudgeView(JudgingActionView):
    def act(self, request, **kwargs):
        expert = get_object_or_404(ExpertProfile.objects.select_related("user"), is_active=True,
                                   user_id=int_or_404(request.POST.get("judge")))
        judging_services.add_panel_judge(hackathon=self.hackathon, judge=expert.user,
                                         actor=request.user)
        self.done(_("Judge added to the panel."))


class RemovePanelJudgeView(JudgingActionView):
    def act(self, request, pk, **kwargs):
        panel = get_object_or_404(PanelJudge.objects.select_related("judge"),
                                  hackathon=self.hackathon, pk=pk)
        confirm = self.confirm(
            title=_("Remove this judge from the panel?"), thing=str(panel.judge),
            consequence=_("They leave this hackathon's panel and get no more submissions to "
                          "score."),
            undo=_("You can add them to the panel again from the pool."),
            confirm_label=_("Yes, remove the judge"))
        if confirm:
            return confirm
        judging_services.remove_panel_judge(panel=panel, actor=request.user)
        self.done(_("Judge removed from the panel."))
        return None


class AssignJudgeView(JudgingActionView):
    def act(self, request, pk, **kwargs):
        sub = get_object_or_404(Submission, hackathon=self.hackathon, pk=pk)
        # Only this hackathon's panel: any other id is a 404 that names nobody.
        panel = get_object_or_404(PanelJudge.objects.select_related("judge"),
                                  hackathon=self.hackathon,
                                  judge_id=int_or_404(request.POST.get("judge")))
        judging_services.assign_judge(submission=sub, judge=panel.judge, actor=request.user)
        self.done(_("Judge assigned."))


class UnassignJudgeView(JudgingActionView):
    def act(self, request, pk, **kwargs):
        a = get_object_or_404(JudgeAssignment.objects.select_related("judge", "submission"),
                              hackathon=self.hackathon, pk=pk)
        confirm = self.confirm(
            title=_("Remove this assignment?"), thing=f"{a.judge} · {a.submission}",
            consequence=_("The judge no longer scores this submission; any score they gave it "
                          "is deleted."),
            undo=_("You can assign the judge again, but a deleted score is not restored."),
            confirm_label=_("Yes, remove the assignment"))
        if confirm:
            return confirm
        judging_services.unassign_judge(assignment=a, actor=request.user)
        self.done(_("Assignment removed."))
        return None


class ResultsView(ConsoleView):
    def get(self, request, **kwargs):
        h = self.hackathon
        results = results_services.compute_results(h)
        teams = list(Team.objects.filter(hackathon=h).order_by("name"))
        return render(request, "hackathons/console/results.html", {
            "hub": request.hub, "hackathon": h, "results": results,
            "prizes": list(h.prizes.select_related("challenge", "winner")), "teams": teams,
            "tie_break": results_services.TIE_BREAK,
            "outlier_points": results_services.OUTLIER_POINTS,
        })


class AwardPrizeView(ConsoleActionView):
    """Give a prize to one of this hackathon's teams (no team: the prize is not awarded)."""

    page = "results"

    def act(self, request, pk, **kwargs):
        prize = get_object_or_404(Prize, hackathon=self.hackathon, pk=pk)
        team = None
        if request.POST.get("team"):
            team = get_object_or_404(Team, hackathon=self.hackathon,
                                     pk=int_or_404(request.POST.get("team")))
        results_services.award_prize(prize=prize, team=team, actor=request.user)
        self.done(_("Prize saved."))


class ResultsReportView(ConsoleActionView):
    """Queue the results report; it is downloaded from the Reports tab."""

    page = "results"

    def act(self, request, **kwargs):
        h = self.hackathon
        request_report(kind="hackathon_results", hub=request.hub,
                       params={"hackathon": h.pk, "slug": h.slug}, actor=request.user)
        self.done(_("The results report is being prepared. Download it from the Reports tab."))
        return redirect(reverse("hub_reports:list", kwargs={"hub_slug": request.hub.slug}))


EXPORTS = ("registrations", "teams", "submissions", "scores")


class ExportView(ConsoleView):
    """CSV exports; cells that a spreadsheet would run as formulas are neutralised."""

    def get(self, request, what, **kwargs):
        if what not in EXPORTS:
            raise Http404
        h = self.hackathon
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{h.slug}-{what}.csv"'
        response["Cache-Control"] = "private, no-store"  # people's personal data
        writer = csv.writer(response)
        for row in getattr(self, f"rows_{what}")(h):
            writer.writerow([_safe_cell(v) for v in row])
        audit.record(actor=request.user, action="hackathon.exported", target=h, hub=h.hub,
                     data={"export": what})
        return response

    def rows_registrations(self, h):
        yield ["name", "email", "status", "country", "disciplines", "skills", "languages",
               "organisation", "hub", "dietary_needs", "access_needs", "registered"]
        for r in Registration.objects.filter(hackathon=h).select_related("user", "home_hub"):
            yield [r.user.name, r.user.email, r.status, str(r.country),
                   ";".join(r.disciplines), ";".join(r.skills), ";".join(r.languages),
                   r.organisation, r.home_hub.name if r.home_hub else "", r.dietary_needs,
                   r.access_needs, r.created.isoformat()]

    def rows_teams(self, h):
        yield ["team", "status", "challenge", "captain", "members", "countries",
               "disciplines", "rule_problems"]
        teams = decorate_teams(h, list(teams_with_members(Team.objects.filter(hackathon=h))))
        for t in teams:
            yield [t.name, t.status, t.challenge.title if t.challenge else "", t.captain.email,
                   ";".join(m.user.email for m in t.member_list), ";".join(t.countries),
                   ";".join(t.disciplines), " ".join(str(p) for p in t.problems)]

    def rows_submissions(self, h):
        yield ["team", "title", "status", "version", "submitted_at", "extension_until",
               "repository", "video", "demo", "rank", "raw_score", "normalised_score"]
        for s in Submission.objects.filter(hackathon=h).select_related("team"):
            yield [s.team.name, s.title, s.status, s.version,
                   s.submitted_at.isoformat() if s.submitted_at else "",
                   s.extension_until.isoformat() if s.extension_until else "",
                   s.repository_url, s.video_url, s.demo_url, s.rank or "",
                   "" if s.raw_score is None else f"{s.raw_score:.2f}",
                   "" if s.normalised_score is None else f"{s.normalised_score:.4f}"]

    def rows_scores(self, h):
        from ..models import Score

        yield ["team", "submission", "judge", "criterion", "score"]
        for s in Score.objects.filter(hackathon=h).select_related("submission__team", "judge",
                                                                   "criterion"):
            yield [s.submission.team.name, s.submission.title, s.judge.email, s.criterion.name,
                   s.value]


def _safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
