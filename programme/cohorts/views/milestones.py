"""The cohort's milestones in the hub console: the list and its form, editing and deleting
one, and the review queue of evidence waiting for staff (each piece reviewed on its own URL)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from creaconnect.core.confirm import confirmation_required

from ..forms import MilestoneForm, ReviewForm
from ..models import Milestone, MilestoneState, MilestoneSubmission
from ..services import milestones as milestone_services
from .cohorts import ConsoleActionView, ConsoleView
from .milestone_review import review_from_post


class MilestonesView(ConsoleView):
    def get(self, request, pk, form=None, status=200, **kwargs):
        cohort = self.get_cohort(pk)
        milestones = Milestone.objects.filter(cohort=cohort).annotate(
            n_approved=Count("submissions", filter=Q(submissions__state=MilestoneState.APPROVED)),
            n_waiting=Count("submissions", filter=Q(submissions__state=MilestoneState.SUBMITTED))
        ).order_by("order", "due_on", "pk")
        return render(request, "programme/cohorts/console_milestones.html", {
            "hub": request.hub, "cohort": cohort, "milestones": milestones,
            "form": form or MilestoneForm(),
        }, status=status)

    def post(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        form = MilestoneForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form=form, status=422)
        milestone_services.create_milestone(cohort=cohort, actor=request.user,
                                            **form.cleaned_data)
        messages.success(request, _("Milestone added."))
        return redirect("programme_console:milestones", hub_slug=request.hub.slug, pk=cohort.pk)


class MilestoneEditView(ConsoleView):
    def get_milestone(self, pk):
        return get_object_or_404(Milestone.objects.select_related("cohort__hub"),
                                 cohort__hub=self.request.hub, pk=pk)

    def get(self, request, pk, form=None, status=200, **kwargs):
        milestone = self.get_milestone(pk)
        return render(request, "programme/cohorts/console_milestone_form.html", {
            "hub": request.hub, "cohort": milestone.cohort, "milestone": milestone,
            "form": form or MilestoneForm(instance=milestone)}, status=status)

    def post(self, request, pk, **kwargs):
        milestone = self.get_milestone(pk)
        form = MilestoneForm(request.POST, instance=self.get_milestone(pk))
        if not form.is_valid():
            return self.get(request, pk, form=form, status=422)
        milestone_services.update_milestone(milestone=milestone, actor=request.user,
                                            **form.cleaned_data)
        messages.success(request, _("Milestone saved."))
        return redirect("programme_console:milestones", hub_slug=request.hub.slug,
                        pk=milestone.cohort_id)


class MilestoneDeleteView(ConsoleActionView):
    """Delete a milestone, after confirmation."""

    def act(self, request, pk, **kwargs):
        milestone = self.milestone = get_object_or_404(
            Milestone.objects.select_related("cohort__hub"), cohort__hub=request.hub, pk=pk)
        confirm = confirmation_required(
            request, title=_("Delete this milestone?"), thing=milestone.title,
            consequence=_("Participants no longer see it or hand in evidence for it."),
            confirm_label=_("Yes, delete the milestone"),
            cancel_url=reverse("programme_console:milestone_edit",
                               kwargs={"hub_slug": request.hub.slug, "pk": milestone.pk}))
        if confirm:
            return confirm
        milestone_services.delete_milestone(milestone=milestone, actor=request.user)
        self.done(_("Milestone deleted."))
        return None

    def back_url(self) -> str:
        return reverse("programme_console:milestones",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": self.milestone.cohort_id})


class ReviewQueueView(ConsoleView):
    """Evidence waiting for review; one form per item (sign off or ask for changes)."""

    def get(self, request, pk, bound=None, status=200, **kwargs):
        cohort = self.get_cohort(pk)
        items = [{"submission": s, "form": bound[1] if bound and bound[0] == s.pk else
                  ReviewForm(prefix=f"s{s.pk}")}
                 for s in milestone_services.review_queue_for_cohort(cohort)]
        return render(request, "programme/cohorts/console_reviews.html", {
            "hub": request.hub, "cohort": cohort, "items": items}, status=status)



class EvidenceReviewView(ReviewQueueView):
    """Sign off one piece of evidence of the cohort, or ask for changes (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk, submission, **kwargs):
        cohort = self.get_cohort(pk)
        submission = get_object_or_404(MilestoneSubmission, milestone__cohort=cohort,
                                       pk=submission)
        invalid = review_from_post(request, submission)
        if invalid is not None:
            return self.get(request, pk, bound=(submission.pk, invalid), status=422)
        return redirect("programme_console:reviews", hub_slug=request.hub.slug, pk=cohort.pk)
