"""The judging assignment page: why each judge got each submission, pins, forbidden pairs.

One page (GET, read-only) and one POST-only URL per action: re-run the assignment, pin a
judge to a submission, forbid a pair, clear a pin or a forbidden pair. Same permission as the
other judging actions of the console (``hackathons.manage_hackathon``); another hub's
hackathon, submission or rule is not found (404). A refused move shows the service's
message on the page, never a 500.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from creaconnect.core.http import int_or_404

from ..models import AssignmentRule, PairRule, PanelJudge, Submission, SubmissionStatus
from ..services import HackathonError
from ..services import judging as judging_services
from ..services.assignment import assignment_overview
from .base import ConsoleView


class AssignmentView(ConsoleView):
    """Each submission's judges with their affinity (tags and text) and each judge's load."""

    def get(self, request, **kwargs):
        return render(request, "hackathons/console/assignment.html", {
            "hub": request.hub, "hackathon": self.hackathon,
            "overview": assignment_overview(self.hackathon), "PairRule": PairRule,
        })


class _PairAction(ConsoleView):
    """POST only; goes back to the assignment page with a message."""

    http_method_names = ["post"]

    def page(self):
        return reverse("hackathons_console:judging_assignment",
                       kwargs={"hub_slug": self.request.hub.slug, "slug": self.hackathon.slug})

    def post(self, request, **kwargs):
        try:
            message = self.act(request, **kwargs)
        except HackathonError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, message)
        return redirect(self.page())

    def submission(self, pk):
        return get_object_or_404(Submission.objects.select_related("team", "hackathon__hub"),
                                 hackathon=self.hackathon, status=SubmissionStatus.SUBMITTED,
                                 pk=pk)

    def panel_judge(self, request):
        panel = get_object_or_404(PanelJudge.objects.select_related("judge"),
                                  hackathon=self.hackathon,
                                  judge_id=int_or_404(request.POST.get("judge")))
        return panel.judge


class RerunAssignmentView(_PairAction):
    def act(self, request, **kwargs):
        fair = request.POST.get("fairness") == "1"
        n = judging_services.assign_judges(hackathon=self.hackathon, actor=request.user,
                                           fairness=fair)
        return _("Assignment run again: %(n)s new assignments.") % {"n": n}


class PinPairView(_PairAction):
    def act(self, request, pk, **kwargs):
        sub, judge = self.submission(pk), self.panel_judge(request)
        judging_services.set_pair_rule(submission=sub, judge=judge, rule=PairRule.PIN,
                                       actor=request.user)
        return _("%(name)s is pinned to “%(title)s”. Run the assignment again to apply it.") % {
            "name": judge, "title": sub.title}


class ForbidPairView(_PairAction):
    def act(self, request, pk, **kwargs):
        sub, judge = self.submission(pk), self.panel_judge(request)
        judging_services.set_pair_rule(submission=sub, judge=judge, rule=PairRule.FORBID,
                                       actor=request.user)
        return _("%(name)s will not judge “%(title)s”. Run the assignment again to apply "
                 "it.") % {"name": judge, "title": sub.title}


class ClearPairRuleView(_PairAction):
    def act(self, request, pk, **kwargs):
        rule = get_object_or_404(
            AssignmentRule.objects.select_related("submission", "hackathon__hub", "judge"),
            hackathon=self.hackathon, pk=pk)
        judge = rule.judge
        judging_services.clear_pair_rule(rule=rule, actor=request.user)
        return _("The rule for %(name)s on “%(title)s” is cleared.") % {
            "name": judge, "title": rule.submission.title}
