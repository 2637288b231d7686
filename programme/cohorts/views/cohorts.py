"""Cohort pages: the participant's own cohort page, and the hub console's cohort pages
(list, at-a-glance detail, edit, milestones, review queue, mentor assignment, report)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from creaconnect.core.actions import ActionView
from creaconnect.core.http import attachment
from creaconnect.core.permissions import PermissionRequiredMixin
from creaconnect.reports.services import request_report
from hubs.models import Hub

from ..forms import AssignMentorForm, CohortForm, EvidenceForm
from ..models import (
    Cohort,
    CohortMember,
    MentorAssignment,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    SessionSignup,
    TrainingSession,
)
from ..services import cohorts as cohort_services
from ..services import mentoring as mentoring_services
from ..services import milestones as milestone_services
from ..services.certificates import certificate_report
from ..services.cohorts import CohortError
from ..services.training import calendar_url

# --- Participant ----------------------------------------------------------------------------

def member_view(func):
    """Resolve ``<hub>/<cohort>`` from the URL, enter the hub's scope and pass the signed-in
    person's membership; anyone who is not a member of that cohort gets 404."""

    @login_required
    @wraps(func)
    def wrapper(request, hub, cohort, **kwargs):
        hub_obj = get_object_or_404(Hub, slug=hub)
        with scope(hub=hub_obj):
            cohort_obj = get_object_or_404(Cohort.objects.select_related("hub"), hub=hub_obj,
                                           slug=cohort)
            member = cohort_services.membership_for_user(cohort_obj, request.user)
            if member is None or not request.user.has_perm("programme.take_part", member):
                raise Http404
            return func(request, member=member, **kwargs)

    return wrapper


def sessions_for_member(member):
    """The cohort's sessions with places taken and the member's own sign-up (one query)."""
    mine = SessionSignup.objects.filter(session=OuterRef("pk"), member=member)
    return (TrainingSession.objects.filter(cohort_id=member.cohort_id)
            .annotate(n_signed=Count("signups"), signed_up=Exists(mine),
                      attended=Exists(mine.filter(attended=True)),
                      missed=Exists(mine.filter(attended=False)))
            .order_by("starts_at", "pk"))


def participant_page_context(member, *, evidence_forms=None) -> dict:
    cohort = member.cohort
    submissions = milestone_services.submissions_for_member(member)
    milestones = []
    for milestone in Milestone.objects.filter(cohort=cohort):
        submission = submissions.get(milestone.pk)
        form = (evidence_forms or {}).get(milestone.pk)
        can_submit = submission is None or milestone_services.EVIDENCE.can(
            submission.state, MilestoneState.SUBMITTED)
        if form is None and can_submit:
            form = EvidenceForm(prefix=f"m{milestone.pk}", initial={
                "text": submission.text if submission else "",
                "link": submission.link if submission else ""})
        milestones.append({"milestone": milestone, "submission": submission, "form": form})
    progress = cohort_services.progress_for_member(member)
    certificate = progress.certificate
    return {
        "hub": cohort.hub,
        "cohort": cohort,
        "member": member,
        "sessions": sessions_for_member(member),
        "now": timezone.now(),
        "progress": progress,
        "mentors": mentoring_services.mentors_of(member),
        "mentoring": mentoring_services.shared_sessions_for_member(member),
        "milestones": milestones,
        "calendar_url": calendar_url(member.user),
        "certificate": certificate,
        "certificate_report": certificate_report(certificate) if certificate else None,
    }


@member_view
def cohort_page(request, member):
    return render(request, "programme/cohorts/participant.html",
                  participant_page_context(member))


@require_POST
@member_view
def submit_evidence(request, member, milestone):
    milestone = get_object_or_404(Milestone, cohort=member.cohort, pk=milestone)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"m{milestone.pk}")
    if form.is_valid():
        try:
            milestone_services.submit_evidence(milestone=milestone, member=member,
                                               actor=request.user, **form.cleaned_data)
        except CohortError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your evidence for “%(m)s” was sent for review.")
                             % {"m": milestone.title})
            return redirect(f"{cohort_url(member.cohort)}#milestone-{milestone.pk}")
    context = participant_page_context(member, evidence_forms={milestone.pk: form})
    return render(request, "programme/cohorts/participant.html", context, status=422)


def cohort_url(cohort) -> str:
    return reverse("programme:cohort", kwargs={"hub": cohort.hub.slug, "cohort": cohort.slug})


@login_required
def evidence_file(request, pk):
    """Download an evidence file: the participant, their mentors and the hub's staff."""
    # Looked up by id across hubs, then checked against the submission's own hub and people.
    with scopes_disabled():
        submission = get_object_or_404(MilestoneSubmission.objects.select_related(
            "member__cohort__hub", "member__user"), pk=pk)
        if not submission.file or not request.user.has_perm("programme.view_evidence",
                                                            submission):
            raise Http404
    return attachment(submission.file)


# --- Console ----------------------------------------------------------------------------------

class ConsoleView(PermissionRequiredMixin, View):
    permission_required = "programme.manage_cohort"

    def get_cohort(self, pk) -> Cohort:
        return get_object_or_404(Cohort.objects.select_related("hub"), hub=self.request.hub,
                                 pk=pk)


class ConsoleActionView(PermissionRequiredMixin, ActionView):
    """One console move of the cohorts side (POST only): the hub's staff and programme
    admins; another hub's object is not found (404); a refused move is an error message."""

    permission_required = "programme.manage_cohort"
    errors = (CohortError,)


class CohortListView(ConsoleView):
    def get(self, request, form=None, status=200, **kwargs):
        return render(request, "programme/cohorts/console_list.html", {
            "hub": request.hub, "cohorts": cohort_services.cohorts_for_hub(request.hub),
            "form": form or CohortForm(),
        }, status=status)

    def post(self, request, **kwargs):
        form = CohortForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form, status=422)
        try:
            cohort = cohort_services.create_cohort(hub=request.hub, actor=request.user,
                                                   **form.cleaned_data)
        except CohortError as exc:
            form.add_error("slug", str(exc))
            return self.get(request, form=form, status=422)
        messages.success(request, _("The cohort “%(name)s” is created.") % {"name": cohort})
        return redirect("programme_console:cohort", hub_slug=request.hub.slug, pk=cohort.pk)


class CohortDetailView(ConsoleView):
    """The whole cohort at a glance: progress of every member, who is behind."""

    def get(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        progress = cohort_services.progress_for_members(
            cohort, cohort_services.members_of(cohort), with_mentors=True)
        return render(request, "programme/cohorts/console_detail.html", {
            "hub": request.hub, "cohort": cohort, "rows": progress,
            "behind": sum(p.is_behind for p in progress),
            "eligible": sum(p.can_get_certificate for p in progress),
            "waiting": milestone_services.review_queue_for_cohort(cohort).count(),
            "sessions": TrainingSession.objects.filter(cohort=cohort).annotate(
                n_signed=Count("signups"),
                n_attended=Count("signups", filter=Q(signups__attended=True)))
            .order_by("starts_at", "pk"),
        })


class CohortEditView(ConsoleView):
    def get(self, request, pk, form=None, status=200, **kwargs):
        cohort = self.get_cohort(pk)
        return render(request, "programme/cohorts/console_form.html", {
            "hub": request.hub, "cohort": cohort, "form": form or CohortForm(instance=cohort),
        }, status=status)

    def post(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        form = CohortForm(request.POST, instance=self.get_cohort(pk))
        if not form.is_valid():
            return self.get(request, pk, form=form, status=422)
        try:
            cohort_services.update_cohort(cohort=cohort, actor=request.user, **form.cleaned_data)
        except CohortError as exc:
            form.add_error(None, str(exc))
            return self.get(request, pk, form=form, status=422)
        messages.success(request, _("The cohort is saved."))
        return redirect("programme_console:cohort", hub_slug=request.hub.slug, pk=cohort.pk)


class CohortReportView(ConsoleView):
    """Queue the cohort report PDF, then show it on the hub's reports page."""

    def post(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        request_report(kind=cohort_services.COHORT_REPORT, hub=request.hub,
                       params={"cohort": cohort.pk}, actor=request.user)
        messages.success(request, _("The cohort report is being prepared. It appears below "
                                    "when ready."))
        return redirect("hub_reports:list", hub_slug=request.hub.slug)

    def get(self, request, pk, **kwargs):
        self.get_cohort(pk)
        return redirect("programme_console:cohort", hub_slug=request.hub.slug, pk=pk)


class MentorsView(ConsoleView):
    def get(self, request, pk, form=None, status=200, **kwargs):
        cohort = self.get_cohort(pk)
        members = cohort_services.members_of(cohort)
        return render(request, "programme/cohorts/console_mentors.html", {
            "hub": request.hub, "cohort": cohort,
            "assignments": MentorAssignment.objects.filter(member__cohort=cohort)
            .select_related("mentor", "member__user")
            .annotate(n_sessions=Count("sessions"))
            .order_by("member__user__display_name", "mentor__display_name"),
            "form": form or AssignMentorForm(members=members),
        }, status=status)

    def post(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        form = AssignMentorForm(request.POST, members=cohort_services.members_of(cohort))
        if not form.is_valid():
            return self.get(request, pk, form=form, status=422)
        try:
            mentor = mentoring_services.find_person(form.cleaned_data["email"])
            mentoring_services.assign_mentor(member=form.cleaned_data["member"], mentor=mentor,
                                             actor=request.user)
        except CohortError as exc:
            form.add_error(None, str(exc))
            return self.get(request, pk, form=form, status=422)
        messages.success(request, _("%(mentor)s now mentors %(member)s.") % {
            "mentor": mentor, "member": form.cleaned_data["member"].user})
        return redirect("programme_console:mentors", hub_slug=request.hub.slug, pk=cohort.pk)


class MentorRemoveView(ConsoleActionView):
    """End a mentoring pairing of the cohort, after confirmation."""

    def back_url(self) -> str:
        return reverse("programme_console:mentors",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": self.kwargs["pk"]})

    def act(self, request, pk, assignment, **kwargs):
        assignment = get_object_or_404(
            MentorAssignment.objects.select_related("mentor", "member__user"),
            member__cohort__hub=request.hub, member__cohort_id=pk, pk=assignment)
        confirm = self.confirm(
            title=_("End this mentoring pairing?"),
            thing=f"{assignment.mentor} · {assignment.member.user}",
            consequence=_("The mentor no longer follows this participant."),
            undo=_("You can pair them again."), confirm_label=_("Yes, end the pairing"))
        if confirm:
            return confirm
        mentoring_services.unassign_mentor(assignment=assignment, actor=request.user)
        self.done(_("The pairing has ended."))
        return None


class MemberDetailView(ConsoleView):
    """One participant for hub staff: progress, evidence, pairings and the whole mentoring
    log, private notes included (staff and the mentor only)."""

    def get(self, request, pk, **kwargs):
        member = get_object_or_404(CohortMember.objects.select_related("user", "cohort__hub"),
                                   cohort__hub=request.hub, pk=pk)
        submissions = milestone_services.submissions_for_member(member)
        return render(request, "programme/cohorts/console_member.html", {
            "hub": request.hub, "cohort": member.cohort, "member": member,
            "progress": cohort_services.progress_for_member(member),
            "milestones": [{"milestone": m, "submission": submissions.get(m.pk)}
                           for m in Milestone.objects.filter(cohort=member.cohort)],
            "signups": SessionSignup.objects.filter(member=member).select_related("session")
            .order_by("session__starts_at"),
            "log": mentoring_services.sessions_for_cohort(member.cohort)
            .filter(assignment__member=member),
            "mentors": mentoring_services.mentors_of(member),
        })
