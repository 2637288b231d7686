"""The expo: a judge's pair page and its answers, the staff ranking, the community vote.

The judge's page is ``/judge/expo/<slug>/``: only judges of the hackathon's panel find it
(anyone else gets 404). It shows the pair in front of the judge; each answer is its own POST
URL (``…/start/``, ``…/pairs/<pk>/``, ``…/pairs/<pk>/skip/``) and GET changes nothing.
"""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from creaconnect.core.ratelimit import enforce

from ..models import Criterion, ExpoPair, Submission, SubmissionStatus
from ..services import expo as services
from ..services import vote as vote_services
from ..services.expo import FIRST, SECOND
from .base import ConsoleView, HackathonActionView, HackathonView


class ExpoView(HackathonView):
    permission_required = "hackathons.walk_expo"
    login_required = True

    def render_page(self, status=200):
        h, user = self.hackathon, self.request.user
        pair = services.open_pair(h, user)
        judged = ExpoPair.objects.filter(hackathon=h, judge=user, decided_at__isnull=False,
                                         skipped=False).count()
        started = pair is not None or ExpoPair.objects.filter(hackathon=h, judge=user).exists()
        criteria = list(Criterion.objects.filter(hackathon=h)) if h.expo_per_criterion else []
        return render(self.request, "hackathons/expo.html", {
            "hackathon": h, "pair": pair, "judged": judged, "started": started,
            "open": services.expo_open(h), "criteria": criteria,
            "FIRST": FIRST, "SECOND": SECOND,
            "available": len(services.candidates_for(h, user)) if h.has_expo else 0,
        }, status=status)

    def get(self, request, **kwargs):
        return self.render_page()


class ExpoActionView(HackathonActionView, ExpoView):
    page = "hackathons:expo"

    def check(self, request):
        enforce(request, "score")

    def pair(self) -> ExpoPair:
        return get_object_or_404(ExpoPair.objects.select_related("hackathon__hub"),
                                 hackathon=self.hackathon, judge=self.request.user,
                                 pk=self.kwargs["pair"])

    def after(self, following):
        if following is None:
            self.done(_("Thank you: you have seen every project you may judge."))


class StartWalkView(ExpoActionView):
    def act(self, request, **kwargs):
        if services.start_walk(hackathon=self.hackathon, actor=request.user) is None:
            self.done(_("Thank you: you have seen every project you may judge."))


class JudgePairView(ExpoActionView):
    """The judge's answer: ``overall`` (or ``c<criterion id>`` per criterion) is ``first`` or
    ``second``."""

    def act(self, request, **kwargs):
        answers = {None: request.POST.get("overall")}
        for key, value in request.POST.items():
            if key.startswith("c") and key[1:].isdigit():
                answers[int(key[1:])] = value
        following = services.judge_pair(pair=self.pair(), answers=answers, actor=request.user)
        self.done(_("Answer recorded."))
        self.after(following)


class SkipPairView(ExpoActionView):
    def act(self, request, **kwargs):
        self.after(services.skip_pair(pair=self.pair(), actor=request.user))


class ExpoRankingView(ConsoleView):
    """Staff: the expo ranking with its uncertainty, near-ties and judges against the crowd."""

    def get(self, request, **kwargs):
        h = self.hackathon
        return render(request, "hackathons/console/expo.html", {
            "hub": request.hub, "hackathon": h, "ranking": services.expo_ranking(h),
            "votes": vote_services.vote_total(h),
        })


class VoteView(HackathonView):
    """The community-choice vote: the submitted projects, one vote per verified person."""

    def get(self, request, **kwargs):
        h = self.hackathon
        projects = list(Submission.objects.filter(hackathon=h, status=SubmissionStatus.SUBMITTED)
                        .select_related("team").order_by("title"))
        return render(request, "hackathons/vote.html", {
            "hackathon": h, "projects": projects, "open": vote_services.vote_open(h),
            "mine": vote_services.vote_of(h, request.user),
            "results": vote_services.vote_results(h),
        })


class CastVoteView(HackathonActionView):
    page = "hackathons:vote"

    def check(self, request):
        enforce(request, "vote")

    def act(self, request, **kwargs):
        submission = get_object_or_404(Submission.objects.select_related("team"),
                                       hackathon=self.hackathon, pk=kwargs["pk"],
                                       status=SubmissionStatus.SUBMITTED)
        confirm = self.confirm(
            title=_("Vote for this project?"), thing=submission.title,
            consequence=_("You have one vote in this hackathon's community choice."),
            undo=_("A vote cannot be changed."), confirm_label=_("Yes, vote"))
        if confirm:
            return confirm
        vote_services.cast_vote(hackathon=self.hackathon, submission=submission,
                                actor=request.user)
        self.done(_("Thank you for voting."))
