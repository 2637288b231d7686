"""Team finder, team creation, the team page with its captain and member actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from creaconnect.accounts.choices import Discipline, SpokenLanguage

from ..forms import InviteForm, JoinRequestForm, TeamForm
from ..models import (
    JoinRequest,
    JoinRequestStatus,
    MentorAssignment,
    Registration,
    RegistrationStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from ..queries import (
    decorate_teams,
    membership_for,
    registration_for,
    registrations_by_user,
    suggestions,
    team_finder,
    teams_with_members,
)
from ..services import HackathonError
from ..services import teams as services
from ..services.submissions import submission_for_team
from .base import HackathonActionView, HackathonView

PAGE_SIZE = 20


class FinderView(HackathonView):
    """Teams looking for members, people looking for a team, and suggested matches."""

    def get(self, request, **kwargs):
        h = self.hackathon
        filters = {k: request.GET.get(k, "").strip()[:40]
                   for k in ("skill", "discipline", "language", "country")}
        if filters["discipline"] not in Discipline.values:
            filters["discipline"] = ""
        if filters["language"] not in SpokenLanguage.values:
            filters["language"] = ""
        if filters["country"] and filters["country"] not in dict(countries):
            filters["country"] = ""
        teams_qs, people_qs = team_finder(h, **filters)
        team_page = Paginator(teams_qs, PAGE_SIZE).get_page(request.GET.get("page"))
        people = list(people_qs[:60])
        regs = registrations_by_user(h)
        teams = decorate_teams(h, list(team_page.object_list), regs)
        membership = membership_for(h, request.user)
        my_team = None
        if membership is not None:
            membership.team.hackathon = h
            my_team = decorate_teams(h, list(teams_with_members(
                h.teams.filter(pk=membership.team_id))), regs)[0]
        registration = regs.get(request.user.pk) if request.user.is_authenticated else None
        can_invite = (my_team is not None and my_team.captain_id == request.user.pk
                      and my_team.status == TeamStatus.FORMING)
        return render(request, "hackathons/teams.html", {
            "can_invite": can_invite,
            "hackathon": h, "teams": teams, "page": team_page, "people": people,
            "filters": filters, "disciplines": Discipline.choices,
            "languages": SpokenLanguage.choices, "countries": list(countries),
            "my_team": my_team, "registration": registration,
            "suggested": suggestions(teams=teams, people=people, my_team=my_team,
                                     my_registration=registration if my_team is None else None),
        })


class CreateTeamView(HackathonView):
    login_required = True

    def render_page(self, form, status=200):
        return render(self.request, "hackathons/team_form.html",
                      {"hackathon": self.hackathon, "form": form}, status=status)

    def get(self, request, **kwargs):
        return self.render_page(TeamForm(hackathon=self.hackathon))

    def post(self, request, **kwargs):
        form = TeamForm(request.POST, hackathon=self.hackathon)
        if not form.is_valid():
            return self.render_page(form, status=422)
        try:
            team = services.create_team(hackathon=self.hackathon, actor=request.user,
                                        name=form.cleaned_data["name"],
                                        pitch=form.cleaned_data["pitch"],
                                        challenge=form.cleaned_data["challenge"],
                                        wanted_skills=form.cleaned_data["wanted_skills"])
        except HackathonError as exc:
            form.add_error(None, str(exc))
            return self.render_page(form, status=422)
        if not form.cleaned_data["looking_for_members"]:
            services.update_team(team=team, actor=request.user, looking_for_members=False)
        messages.success(request, _("Your team is created. Invite people or wait for requests."))
        return redirect(team.get_absolute_url())


class TeamView(HackathonView):
    permission_required = "hackathons.view_team"
    team_view = True

    def get(self, request, **kwargs):
        return self.render_page()

    def render_page(self, form=None, status=200):
        h, team = self.hackathon, self.team
        team = decorate_teams(h, list(teams_with_members(h.teams.filter(pk=team.pk))))[0]
        user = self.request.user
        member_ids = [m.user_id for m in team.member_list]
        is_member = user.is_authenticated and user.pk in member_ids
        is_captain = user.is_authenticated and team.captain_id == user.pk
        pending = []
        my_request = None
        if is_captain:
            pending = list(JoinRequest.objects.filter(team=team,
                                                      status=JoinRequestStatus.PENDING)
                           .select_related("user"))
        elif user.is_authenticated:
            my_request = JoinRequest.objects.filter(team=team, user=user,
                                                    status=JoinRequestStatus.PENDING).first()
        context = {
            "hackathon": h, "team": team, "is_member": is_member, "is_captain": is_captain,
            "pending": pending, "my_request": my_request,
            "registration": registration_for(h, user),
            "my_membership": membership_for(h, user) if not is_member else None,
            "mentors": [a.mentor for a in MentorAssignment.objects.filter(team=team)
                        .select_related("mentor")],
            "submission": submission_for_team(team) if is_member else None,
            "join_form": form if isinstance(form, JoinRequestForm) else JoinRequestForm(),
            "invite_form": form if isinstance(form, InviteForm) else InviteForm(),
            "edit_form": (form if isinstance(form, TeamForm) else
                          TeamForm(hackathon=h, initial={
                              "name": team.name, "pitch": team.pitch,
                              "challenge": team.challenge_id,
                              "wanted_skills": team.wanted_skills,
                              "looking_for_members": team.looking_for_members})
                          ) if is_captain else None,
            "can_view_feedback": self.request.user.has_perm("hackathons.view_feedback", team),
        }
        return render(self.request, "hackathons/team.html", context, status=status)



class TeamActionView(HackathonActionView, TeamView):
    """One change on a team's page (POST only); the team is the URL's ``pk``, of this
    hackathon (another hackathon's team is not found)."""

    page = "hackathons:team"


class CaptainActionView(TeamActionView):
    """A change only the team's captain may make; anyone else is told so."""

    def check(self, request) -> None:
        if not request.user.has_perm("hackathons.manage_team", self.team):
            raise HackathonError(_("Only the captain can do this."))

    def member(self) -> TeamMembership:
        return get_object_or_404(TeamMembership.objects.select_related("user"), team=self.team,
                                 user_id=self.kwargs["user_id"])

    def join_request(self) -> JoinRequest:
        return get_object_or_404(JoinRequest, team=self.team, pk=self.kwargs["item"])


class RequestToJoinView(TeamActionView):
    def act(self, request, **kwargs):
        form = JoinRequestForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=422)
        services.request_to_join(team=self.team, actor=request.user,
                                 message=form.cleaned_data["message"])
        self.done(_("Your request was sent to the captain."))
        return None


class WithdrawRequestView(TeamActionView):
    def act(self, request, **kwargs):
        req = get_object_or_404(JoinRequest, team=self.team, user=request.user,
                                status=JoinRequestStatus.PENDING)
        confirm = self.confirm(
            title=_("Withdraw your request?"), thing=self.team.name,
            consequence=_("The captain no longer sees your request to join."),
            undo=_("You can ask to join again while the team is looking for members."),
            confirm_label=_("Yes, withdraw my request"))
        if confirm:
            return confirm
        services.withdraw_join_request(join_request=req, actor=request.user)
        self.done(_("Your request is withdrawn."))
        return None


class LeaveTeamView(TeamActionView):
    def act(self, request, **kwargs):
        confirm = self.confirm(
            title=_("Leave this team?"), thing=self.team.name,
            consequence=_("You are no longer a member and lose access to the team's "
                          "submission."),
            undo=_("To come back, you need a new invitation or the captain's yes."),
            confirm_label=_("Yes, leave the team"))
        if confirm:
            return confirm
        services.leave_team(team=self.team, actor=request.user)
        self.done(_("You left the team."))
        return redirect("hackathons:teams", slug=self.hackathon.slug)


class AcceptRequestView(CaptainActionView):
    def act(self, request, **kwargs):
        services.decide_join_request(join_request=self.join_request(), accept=True,
                                     actor=request.user)
        self.done(_("Request accepted."))


class DeclineRequestView(CaptainActionView):
    def act(self, request, **kwargs):
        services.decide_join_request(join_request=self.join_request(), accept=False,
                                     actor=request.user)
        self.done(_("Request declined."))


class InviteByEmailView(CaptainActionView):
    def act(self, request, **kwargs):
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=422)
        services.invite_by_email(team=self.team, email=form.cleaned_data["email"],
                                 actor=request.user)
        self.done(_("Invitation sent."))
        return None


class HandOverView(CaptainActionView):
    def act(self, request, **kwargs):
        member = self.member()
        confirm = self.confirm(
            title=_("Hand over the captaincy?"), thing=str(member.user),
            consequence=_("They become the captain and you an ordinary member: only they can "
                          "then manage the team."),
            undo=_("Only the new captain can hand it back."),
            confirm_label=_("Yes, make them captain"))
        if confirm:
            return confirm
        services.hand_over_captaincy(team=self.team, new_captain=member.user,
                                     actor=request.user)
        self.done(_("%(name)s is now the captain.") % {"name": member.user})
        return None


class RemoveMemberView(CaptainActionView):
    def act(self, request, **kwargs):
        member = self.member()
        confirm = self.confirm(
            title=_("Remove this member from the team?"), thing=str(member.user),
            consequence=_("They are no longer a member and lose access to the team's "
                          "submission."),
            undo=_("You can invite them again."),
            confirm_label=_("Yes, remove from the team"))
        if confirm:
            return confirm
        services.remove_member(team=self.team, user=member.user, actor=request.user)
        self.done(_("%(name)s was removed from the team.") % {"name": member.user})
        return None


class EditTeamView(CaptainActionView):
    def act(self, request, **kwargs):
        form = TeamForm(request.POST, hackathon=self.hackathon)
        if not form.is_valid():
            return self.render_page(form, status=422)
        services.update_team(team=self.team, actor=request.user, **form.cleaned_data)
        self.done(_("The team is saved."))
        return None


class InvitePersonView(HackathonView):
    """POST: the captain invites a person from the team finder (``user_id``: someone
    registered for this hackathon). Not a captain here, or not a registered person → 404."""

    login_required = True

    def post(self, request, slug, user_id):
        membership = membership_for(self.hackathon, request.user)
        if membership is None or membership.team.captain_id != request.user.pk:
            raise Http404
        registration = get_object_or_404(
            Registration.objects.select_related("user"), hackathon=self.hackathon,
            user_id=user_id, status=RegistrationStatus.REGISTERED)
        team = membership.team
        team.hackathon = self.hackathon
        try:
            services.invite_person(team=team, user=registration.user, actor=request.user)
        except HackathonError as exc:
            return self.fail(exc, reverse("hackathons:teams", kwargs={"slug": slug}))
        messages.success(request, _("%(name)s is invited to %(team)s: the platform told "
                                    "them, with a link to join.")
                         % {"name": registration.user, "team": team.name})
        return redirect("hackathons:teams", slug=slug)


class JoinCodeView(HackathonView):
    """The invitation link: confirm, then join the team directly."""

    login_required = True

    def get(self, request, slug, code):
        team = Team.objects.filter(hackathon=self.hackathon, invite_code=code).first()
        return render(request, "hackathons/join_code.html", {
            "hackathon": self.hackathon, "team": team, "code": code,
            "registration": registration_for(self.hackathon, request.user)})

    def post(self, request, slug, code):
        try:
            team = services.join_with_code(hackathon=self.hackathon, code=code, actor=request.user)
        except HackathonError as exc:
            return self.fail(exc)
        messages.success(request, _("Welcome to %(team)s!") % {"team": team.name})
        return redirect(team.get_absolute_url())

