"""The mentor space ``/mentor/``: the mentor's own participants, their evidence waiting for
review and the session log. Anything not theirs answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from creaconnect.core.registry import mentor_section_providers

from ..forms import MentoringSessionForm, ReviewForm
from ..models import Milestone, MilestoneState, MilestoneSubmission
from ..services import cohorts as cohort_services
from ..services import mentoring as mentoring_services
from ..services import milestones as milestone_services
from ..services.cohorts import CohortError
from .milestone_review import review_from_post


@login_required
def mentor_space(request):
    assignments = mentoring_services.assignments_for_mentor(request.user)
    member_ids = [a.member_id for a in assignments]
    # The mentor's mentees may sit in several hubs: filtered by the mentees' ids.
    with scopes_disabled():
        waiting = list(MilestoneSubmission.objects
                       .filter(member_id__in=member_ids, state=MilestoneState.SUBMITTED)
                       .select_related("milestone", "member__user", "member__cohort__hub")
                       .order_by("submitted_at"))
        log = list(mentoring_services.MentoringSession.objects
                   .filter(assignment__in=[a.pk for a in assignments])
                   .select_related("assignment__member__user")[:20])
    sections = []
    for provider in mentor_section_providers:
        sections.extend(provider(request))
    return render(request, "programme/mentor/space.html", {
        "assignments": assignments, "waiting": waiting, "log": log, "sections": sections,
    })


class _Mentee:
    """The mentor's pairing with member ``pk`` resolved inside the member's hub scope."""

    def __init__(self, request, pk):
        self.assignment = mentoring_services.assignment_for_mentor(request.user, pk)
        if self.assignment is None:
            raise Http404
        self.member = self.assignment.member
        self.hub = self.member.cohort.hub


def _mentee_page(request, mentee, *, session_form=None, bound_review=None, status=200):
    member = mentee.member
    submissions = milestone_services.submissions_for_member(member)
    milestones = []
    for milestone in Milestone.objects.filter(cohort=member.cohort):
        submission = submissions.get(milestone.pk)
        form = None
        if submission is not None and milestone_services.EVIDENCE.can(
                submission.state, MilestoneState.APPROVED):
            form = (bound_review[1] if bound_review and bound_review[0] == submission.pk
                    else ReviewForm(prefix=f"s{submission.pk}"))
        milestones.append({"milestone": milestone, "submission": submission, "form": form})
    return render(request, "programme/mentor/mentee.html", {
        "hub": mentee.hub, "member": member, "cohort": member.cohort,
        "assignment": mentee.assignment,
        "progress": cohort_services.progress_for_member(member),
        "milestones": milestones,
        "log": mentoring_services.sessions_for_assignment(mentee.assignment),
        "form": session_form or MentoringSessionForm(initial={"date": timezone.localdate(),
                                                              "duration_minutes": 60}),
    }, status=status)


@login_required
def mentee(request, pk):
    """One participant of the mentor: progress, milestones to review, the log; POST logs a
    session."""
    m = _Mentee(request, pk)
    with scope(hub=m.hub):
        if request.method != "POST":
            return _mentee_page(request, m)
        form = MentoringSessionForm(request.POST)
        if not form.is_valid():
            return _mentee_page(request, m, session_form=form, status=422)
        try:
            mentoring_services.log_session(assignment=m.assignment, actor=request.user,
                                           **form.cleaned_data)
        except CohortError as exc:
            form.add_error(None, str(exc))
            return _mentee_page(request, m, session_form=form, status=422)
        messages.success(request, _("Session logged."))
        return redirect("programme:mentee", pk=m.member.pk)


@login_required
@require_POST
def mentee_review(request, pk, submission):
    """Sign off one piece of the mentee's evidence, or ask for changes."""
    m = _Mentee(request, pk)
    with scope(hub=m.hub):
        submission = get_object_or_404(MilestoneSubmission, member=m.member, pk=submission)
        invalid = review_from_post(request, submission)
        if invalid is not None:
            return _mentee_page(request, m, bound_review=(submission.pk, invalid), status=422)
        return redirect("programme:mentee", pk=m.member.pk)
