"""Hub console: a call's review rounds, its external reviewers, automatic assignment, the
table per round, the ranking figure and the comments that go to applicants."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from creaconnect.core.actions import ActionView
from creaconnect.core.http import int_or_404

from ..forms_review import RankFigureForm, RoundForm
from ..models import Application, CallReviewer, Review, ReviewRound
from ..models import ApplicationState as S
from ..services import review_results as results
from ..services import review_rounds as svc
from ..services.reviews import ReviewError
from .console_calls import HubCallMixin


class RoundsView(HubCallMixin, View):
    """The call's rounds (and a form to add one), its reviewers and its ranking figure."""

    def page(self, call, form=None, status=200):
        return render(self.request, "programme/console/review_rounds.html", {
            "call": call, "hub": self.request.hub,
            "rounds": list(ReviewRound.objects.filter(call=call).prefetch_related("criteria")),
            "form": form or RoundForm(call=call),
            "rank_form": RankFigureForm(initial={"rank_by": results.rank_figure(call)}),
            "external": svc.external_reviewers(call), "pool": svc.pool_choices(call),
        }, status=status)

    def get(self, request, **kwargs):
        return self.page(self.get_call())

    def post(self, request, **kwargs):
        call = self.get_call()
        form = RoundForm(request.POST, call=call)
        if not form.is_valid():
            return self.page(call, form, status=422)
        try:
            svc.add_round(call=call, name=form.cleaned_data["name"],
                          deadline=form.cleaned_data["deadline"],
                          criteria=form.cleaned_data["criteria"],
                          per_application=form.cleaned_data["per_application"],
                          actor=request.user)
        except ReviewError as exc:
            form.add_error(None, str(exc))
            return self.page(call, form, status=422)
        messages.success(request, _("The round is added."))
        return redirect(request.path)


class ReviewActionView(HubCallMixin, ActionView):
    """A move of call review (POST only), back to the rounds page."""

    errors = (ReviewError,)

    def check(self, request) -> None:
        self.get_call()  # another hub's call: 404 before the form is read

    def back_url(self) -> str:
        return reverse("programme_console:review_rounds", kwargs={
            "hub_slug": self.request.hub.slug, "call_pk": self.kwargs["call_pk"]})


class RankFigureView(ReviewActionView):
    def act(self, request, **kwargs):
        call = self.get_call()
        form = RankFigureForm(request.POST)
        if not form.is_valid():
            raise ReviewError(_("Choose one of the figures offered."))
        results.set_rank_figure(call=call, rank_by=form.cleaned_data["rank_by"], actor=request.user)
        self.done(_("The ranking figure is saved."))


class ReviewerAddView(ReviewActionView):
    def act(self, request, **kwargs):
        row = svc.add_external_reviewer(call=self.get_call(),
                                        user_id=int_or_404(request.POST.get("user", "")),
                                        actor=request.user)
        self.done(_("%(name)s now reviews this call.") % {"name": row.user})


class ReviewerRemoveView(ReviewActionView):
    def act(self, request, **kwargs):
        row = get_object_or_404(CallReviewer.objects.select_related("user", "call"),
                                call=self.get_call(), pk=kwargs["row_pk"])
        asked = self.confirm(
            title=_("Take this expert off the call?"), thing=str(row.user),
            consequence=_("Their unfinished assignments go; the reviews they wrote stay."),
            confirm_label=_("Yes, take them off"))
        if asked:
            return asked
        svc.remove_external_reviewer(row=row, actor=request.user)
        self.done(_("%(name)s no longer reviews this call.") % {"name": row.user})
        return None


class RoundMixin(HubCallMixin):
    def get_round(self) -> ReviewRound:
        """The URL's round of the hub's call, looked up once per request (``check`` and
        ``act`` both ask)."""
        if not hasattr(self, "_round"):
            self._round = get_object_or_404(ReviewRound.objects.select_related("call__hub"),
                                            call=self.get_call(), pk=self.kwargs["round_pk"])
        return self._round


class RoundTableView(RoundMixin, View):
    """One round: each application's reviewers (with affinity), mean, median, spread,
    normalised figure and disagreement, ranked by the call's figure; each reviewer's load."""

    def get(self, request, **kwargs):
        review_round = self.get_round()
        return render(request, "programme/console/review_round.html", {
            "call": review_round.call, "hub": request.hub, "round": review_round,
            "table": results.round_table(review_round),
        })


class RoundActionView(RoundMixin, ActionView):
    errors = (ReviewError,)

    def check(self, request) -> None:
        self.get_round()  # another hub's round: 404 before the form is read

    def back_url(self) -> str:
        return reverse("programme_console:review_round", kwargs={
            "hub_slug": self.request.hub.slug, "call_pk": self.kwargs["call_pk"],
            "round_pk": self.kwargs["round_pk"]})

    def posted_application(self, review_round) -> Application:
        """The posted ``application`` of the round's call (else 404)."""
        return get_object_or_404(Application, call=review_round.call,
                                 pk=int_or_404(self.request.POST.get("application", "")))


class RoundAssignView(RoundActionView):
    def act(self, request, **kwargs):
        n = svc.assign_round(review_round=self.get_round(), actor=request.user,
                             fairness=request.POST.get("fairness") == "1")
        self.done(ngettext("%(n)s review assignment made.", "%(n)s review assignments made.", n)
                  % {"n": n})


class RoundPinView(RoundActionView):
    """Staff pin one reviewer to one application in the round (kept by re-runs)."""

    def act(self, request, **kwargs):
        review_round = self.get_round()
        application = self.posted_application(review_round)
        svc.assign_by_hand(review_round=review_round, application=application,
                           reviewer_id=int_or_404(request.POST.get("reviewer", "")),
                           actor=request.user)
        self.done(_("The reviewer is assigned."))


class RoundForbidView(RoundActionView):
    """Staff forbid one reviewer from one application (every round): someone else takes it."""

    def act(self, request, **kwargs):
        application = self.posted_application(self.get_round())
        asked = self.confirm(
            title=_("Forbid this reviewer for this application?"), thing=str(application),
            consequence=_("It is recorded as a conflict of interest: the reviewer leaves the "
                          "application in every round where they have not reviewed it, and "
                          "the next best reviewer takes over."),
            confirm_label=_("Yes, forbid the pair"))
        if asked:
            return asked
        svc.forbid_pair(application=application,
                        reviewer_id=int_or_404(request.POST.get("reviewer", "")),
                        actor=request.user)
        self.done(_("The pair is forbidden."))
        return None


class FeedbackMixin(HubCallMixin):
    def get_application(self) -> Application:
        application = get_object_or_404(Application.objects.select_related("call__hub"),
                                        call=self.get_call(), pk=self.kwargs["pk"])
        if application.state == S.DRAFT:
            raise Http404
        return application


class FeedbackView(FeedbackMixin, View):
    """Every review of an application, each comment with "send to the applicant" or not."""

    def get(self, request, **kwargs):
        application = self.get_application()
        reviews = list(Review.objects.filter(application=application)
                       .select_related("reviewer", "round").order_by("created", "pk"))
        return render(request, "programme/console/review_feedback.html", {
            "call": application.call, "hub": request.hub, "application": application,
            "reviews": reviews, "shared": results.feedback_for(application)})


class FeedbackActionView(FeedbackMixin, ActionView):
    errors = (ReviewError,)
    shared = True

    def check(self, request) -> None:
        self.get_application()  # another hub's application: 404 first

    def back_url(self) -> str:
        return reverse("programme_console:review_feedback", kwargs={
            "hub_slug": self.request.hub.slug, "call_pk": self.kwargs["call_pk"],
            "pk": self.kwargs["pk"]})

    def act(self, request, **kwargs):
        review = get_object_or_404(Review.objects.select_related("application__call__hub"),
                                   application=self.get_application(),
                                   pk=kwargs["review_pk"])
        results.share_review(review=review, shared=self.shared, actor=request.user)
        self.done(_("The comment goes to the applicant with the decision.") if self.shared
                  else _("The comment stays with the hub team."))
