"""Public hackathon pages and registration."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from creaconnect.core.cache import cache_public_page

from ..forms import RegistrationForm
from ..models import HackathonStatus, RegistrationStatus, TeamStatus
from ..queries import (
    decorate_teams,
    hackathon_people,
    membership_for,
    public_hackathons,
    ranked_submissions,
    registration_for,
    teams_with_members,
    winners,
)
from ..services import HackathonError
from ..services import teams as team_services
from ..services import vote as vote_services
from ..services.expo import expo_ranking
from .base import HackathonActionView, HackathonView


@cache_public_page("hackathons", "hubs")
def hackathon_list(request):
    hackathons = public_hackathons()
    groups = {"upcoming": [], "running": [], "past": []}
    for h in hackathons:
        groups[h.phase].append(h)
    groups["past"].reverse()
    return render(request, "hackathons/list.html", {
        "groups": [(_("Open for registration"), groups["upcoming"]),
                   (_("Running now"), groups["running"]),
                   (_("Past hackathons"), groups["past"])],
        "any": bool(hackathons),
    })


@method_decorator(cache_public_page("hackathons", "hubs", "accounts"), name="get")
class DetailView(HackathonView):
    def get(self, request, **kwargs):
        h = self.hackathon
        mentors, judges = hackathon_people(h)
        teams = decorate_teams(h, list(teams_with_members(
            h.teams.filter(status__in=[TeamStatus.LOCKED, TeamStatus.FORMING]))))
        registration = registration_for(h, request.user)
        return render(request, "hackathons/detail.html", {
            "hackathon": h,
            "hub": h.hub,
            "challenges": list(h.challenges.all()),
            "criteria": list(h.criteria.all()),
            "prizes": list(h.prizes.select_related("winner", "challenge")),
            "mentors": mentors,
            "judges": judges,
            "teams": teams,
            "next_deadline": h.next_deadline(),
            "finished": h.is_finished(),
            "registration": registration,
            "membership": membership_for(h, request.user),
            "places_left": max(0, h.capacity - h.registrations.filter(
                status=RegistrationStatus.REGISTERED).count()),
            "winners": winners(h) if h.results_public else [],
            "ranking": ranked_submissions(h) if h.results_public else [],
            "expo": expo_ranking(h) if h.results_public and h.has_expo else None,
            "vote_results": vote_services.vote_results(h),
            "vote_open": vote_services.vote_open(h),
            "can_manage": request.user.has_perm("hackathons.manage_hackathon", h),
            "now": timezone.now(),
        })


class RegisterView(HackathonView):
    login_required = True

    def render_page(self, form, status=200):
        return render(self.request, "hackathons/register.html", {
            "hackathon": self.hackathon, "form": form,
            "registration": registration_for(self.hackathon, self.request.user)}, status=status)

    def get(self, request, **kwargs):
        profile = getattr(request.user, "profile", None)
        initial = {}
        if profile is not None:
            initial = {"country": profile.country, "disciplines": profile.disciplines,
                       "skills": profile.skills, "languages": profile.languages,
                       "organisation": profile.organisation}
        return self.render_page(RegistrationForm(initial=initial))

    def post(self, request, **kwargs):
        form = RegistrationForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=422)
        try:
            reg = team_services.register(hackathon=self.hackathon, actor=request.user,
                                         data=form.cleaned_data)
        except HackathonError as exc:
            form.add_error(None, str(exc))
            return self.render_page(form, status=422)
        if reg.status == RegistrationStatus.WAITLISTED:
            messages.info(request, _("All places are taken: you are on the waiting list."))
        else:
            messages.success(request, _("You are registered. Now find or create a team."))
        return redirect("hackathons:teams", slug=self.hackathon.slug)


class CancelRegistrationView(HackathonActionView):
    """The person gives their place back (and leaves their team), after confirming."""

    def act(self, request, **kwargs):
        registration = registration_for(self.hackathon, request.user)
        if registration is None:
            raise HackathonError(_("You are not registered."))
        confirm = self.confirm(
            title=_("Cancel your registration?"), thing=self.hackathon.title,
            consequence=_("You give your place back, and you leave your team if you are in "
                          "one."),
            undo=_("You can register again while registration is open; when every place is "
                   "taken, you join the waiting list."),
            confirm_label=_("Yes, cancel my registration"))
        if confirm:
            return confirm
        team_services.cancel_registration(registration=registration, actor=request.user)
        self.done(_("Your registration is cancelled."))
        return None


STATUS_TONES = {
    HackathonStatus.DRAFT: "neutral", HackathonStatus.REGISTRATION: "info",
    HackathonStatus.RUNNING: "ok", HackathonStatus.JUDGING: "warn",
    HackathonStatus.RESULTS_PUBLISHED: "ok", HackathonStatus.ARCHIVED: "neutral",
}
