"""Registration (with a cap and a waiting list) and team formation.

The team size limit is race-safe: every change of a team's members first locks the team row
(``select_for_update``) and counts under that lock; the database also forbids one person in
two teams of the same hackathon.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised
from creaconnect.core.privacy import FORMER_MEMBER
from creaconnect.core.states import StateMachine
from creaconnect.notifications.services import notify

from ..models import (
    HackathonStatus,
    JoinRequest,
    JoinRequestStatus,
    Registration,
    RegistrationStatus,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from . import HackathonError
from .common import lock_hackathon, notify_users, team_members

TEAM_CHANGE_STATUSES = (HackathonStatus.REGISTRATION, HackathonStatus.RUNNING)
# A team's legal status moves, applied only by :func:`lock_team` (forming → locked, or →
# rules not met) and :func:`reopen_team` (back to forming); the console offers
# ``TEAM.allowed(status)``.
TEAM = StateMachine(TeamStatus, {
    TeamStatus.FORMING: {TeamStatus.LOCKED, TeamStatus.INELIGIBLE},
    TeamStatus.LOCKED: {TeamStatus.FORMING},
    TeamStatus.INELIGIBLE: {TeamStatus.FORMING},
})


def _clean_list(values) -> list[str]:
    seen = []
    for v in values or []:
        v = " ".join(str(v).split()).lower()[:40]
        if v and v not in seen:
            seen.append(v)
    return seen


# --- registration ----------------------------------------------------------------------

def register(*, hackathon, actor, data: dict) -> Registration:
    """Register ``actor``; beyond the cap of places they go on the waiting list."""
    with transaction.atomic():
        locked = lock_hackathon(hackathon)  # serialises the count of places
        if not locked.registration_is_open():
            raise HackathonError(_("Registration for this hackathon is not open."))
        existing = Registration.objects.filter(hackathon=locked, user=actor).first()
        if existing and existing.status != RegistrationStatus.CANCELLED:
            raise HackathonError(_("You are already registered for this hackathon."))
        taken = Registration.objects.filter(hackathon=locked,
                                            status=RegistrationStatus.REGISTERED).count()
        status = (RegistrationStatus.REGISTERED if taken < locked.capacity
                  else RegistrationStatus.WAITLISTED)
        values = {**data, "status": status, "skills": _clean_list(data.get("skills"))}
        if existing:
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save()
            registration = existing
        else:
            registration = Registration.objects.create(hackathon=locked, user=actor, **values)
        audit.record(actor=actor, action="hackathon.registered", target=registration,
                     hub=locked.hub, data={"hackathon": locked.slug, "status": status})
        notify(user=actor, kind="hackathon.registered", hub=locked.hub,
               url=locked.get_absolute_url(),
               context={"hackathon": Localised(locked, "title"),
                        "status": registration.get_status_display(),
                        "waitlisted": status == RegistrationStatus.WAITLISTED})
    return registration


def cancel_registration(*, registration: Registration, actor) -> Registration:
    """Cancel a place; the first person waiting gets it. A captain of a team with other
    members must hand over first."""
    with transaction.atomic():
        locked = lock_hackathon(registration.hackathon)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise HackathonError(_("This registration is already cancelled."))
        if locked.status not in (HackathonStatus.REGISTRATION, HackathonStatus.RUNNING):
            raise HackathonError(_("Registrations can no longer change."))
        membership = TeamMembership.objects.filter(hackathon=locked,
                                                   user=registration.user).first()
        if membership:
            leave_team(team=membership.team, actor=registration.user)
        was_registered = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status"])
        audit.record(actor=actor, action="hackathon.registration_cancelled",
                     target=registration, hub=locked.hub, data={"hackathon": locked.slug})
        if was_registered and locked.status == HackathonStatus.REGISTRATION:
            _promote_from_waitlist(locked, actor=actor)
    return registration


def _promote_from_waitlist(locked, *, actor) -> None:
    """A place of the (locked) hackathon freed up: the first person waiting gets it."""
    nxt = (Registration.objects.select_for_update()
           .filter(hackathon=locked, status=RegistrationStatus.WAITLISTED)
           .order_by("created", "pk").first())
    if nxt:
        nxt.status = RegistrationStatus.REGISTERED
        nxt.save(update_fields=["status"])
        audit.record(actor=actor, action="hackathon.waitlist_promoted", target=nxt,
                     hub=locked.hub, data={"hackathon": locked.slug})
        notify(user=nxt.user, kind="hackathon.waitlist_promoted", hub=locked.hub,
               url=locked.get_absolute_url(),
               context={"hackathon": Localised(locked, "title")})


def _require_registered(hackathon, user):
    reg = Registration.objects.filter(hackathon=hackathon, user=user).first()
    if reg is None or reg.status != RegistrationStatus.REGISTERED:
        raise HackathonError(_("Only registered participants (not on the waiting list) can "
                               "join a team."))
    return reg


def _lock_team(team) -> Team:
    return Team.objects.select_for_update().select_related("hackathon__hub").get(pk=team.pk)


def _require_forming(team):
    if team.hackathon.status not in TEAM_CHANGE_STATUSES:
        raise HackathonError(_("Teams can no longer change in this hackathon."))
    if team.status != TeamStatus.FORMING:
        raise HackathonError(_("This team is locked: its members can no longer change."))


def _add_member(team, user, *, actor, how: str):
    """Add ``user`` to the locked ``team`` after checking the size limit under the lock."""
    _require_forming(team)
    _require_registered(team.hackathon, user)
    size = TeamMembership.objects.filter(team=team).count()
    if size >= team.hackathon.team_max:
        raise HackathonError(_("This team is full (%(n)s members).") % {"n": size})
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, hackathon=team.hackathon,
                                                       user=user)
    except IntegrityError as exc:
        raise HackathonError(_("%(name)s is already in a team of this hackathon.")
                             % {"name": user}) from exc
    if size + 1 >= team.hackathon.team_max and team.looking_for_members:
        team.looking_for_members = False
        team.save(update_fields=["looking_for_members"])
    Registration.objects.filter(hackathon=team.hackathon, user=user).update(
        looking_for_team=False)
    JoinRequest.objects.filter(team__hackathon=team.hackathon, user=user,
                               status=JoinRequestStatus.PENDING).exclude(team=team).update(
        status=JoinRequestStatus.WITHDRAWN, decided_at=timezone.now())
    audit.record(actor=actor, action="team.member_joined", target=team,
                 hub=team.hackathon.hub, data={"user": user.email, "how": how})
    if user.pk != team.captain_id:
        notify(user=team.captain, kind="hackathon.team_member_joined", hub=team.hackathon.hub,
               url=team.get_absolute_url(),
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "member": str(user)})
    return membership


def create_team(*, hackathon, actor, name: str, pitch: str, challenge=None,
                wanted_skills=None) -> Team:
    """A registered participant without a team creates one and becomes its captain."""
    with transaction.atomic():
        locked = lock_hackathon(hackathon)
        if locked.status not in TEAM_CHANGE_STATUSES:
            raise HackathonError(_("Teams can no longer be created in this hackathon."))
        _require_registered(locked, actor)
        if TeamMembership.objects.filter(hackathon=locked, user=actor).exists():
            raise HackathonError(_("You are already in a team of this hackathon."))
        if challenge is not None and challenge.hackathon_id != locked.pk:
            raise HackathonError(_("Please choose one of this hackathon's challenges."))
        try:
            with transaction.atomic():
                team = Team.objects.create(hackathon=locked, name=name.strip(), pitch=pitch,
                                           challenge=challenge, captain=actor,
                                           wanted_skills=_clean_list(wanted_skills))
        except IntegrityError as exc:
            raise HackathonError(_("A team called “%(name)s” already exists.")
                                 % {"name": name}) from exc
        audit.record(actor=actor, action="team.created", target=team, hub=locked.hub,
                     data={"hackathon": locked.slug})
        team = _lock_team(team)
        _add_member(team, actor, actor=actor, how="created")
    return team


def update_team(*, team: Team, actor, **fields) -> Team:
    """The captain edits the name, pitch, challenge, wanted skills or 'looking' flag."""
    with transaction.atomic():
        team = _lock_team(team)
        if team.hackathon.status not in TEAM_CHANGE_STATUSES:
            raise HackathonError(_("Teams can no longer change in this hackathon."))
        if "wanted_skills" in fields:
            fields["wanted_skills"] = _clean_list(fields["wanted_skills"])
        for key, value in fields.items():
            setattr(team, key, value)
        try:
            with transaction.atomic():
                team.save(update_fields=list(fields))
        except IntegrityError as exc:
            raise HackathonError(_("A team with this name already exists.")) from exc
        audit.record(actor=actor, action="team.edited", target=team, hub=team.hackathon.hub,
                     data={"fields": list(fields)})
    return team


def request_to_join(*, team: Team, actor, message: str = "") -> JoinRequest:
    with transaction.atomic():
        team = _lock_team(team)
        _require_forming(team)
        _require_registered(team.hackathon, actor)
        if TeamMembership.objects.filter(hackathon=team.hackathon, user=actor).exists():
            raise HackathonError(_("You are already in a team of this hackathon."))
        if TeamMembership.objects.filter(team=team).count() >= team.hackathon.team_max:
            raise HackathonError(_("This team is full."))
        try:
            with transaction.atomic():
                req = JoinRequest.objects.create(team=team, user=actor, message=message)
        except IntegrityError as exc:
            raise HackathonError(_("You already asked to join this team.")) from exc
        audit.record(actor=actor, action="team.join_requested", target=team,
                     hub=team.hackathon.hub)
        notify(user=team.captain, kind="hackathon.team_join_request", hub=team.hackathon.hub,
               url=team.get_absolute_url(),
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "person": str(actor), "message": message})
    return req


def decide_join_request(*, join_request: JoinRequest, accept: bool, actor) -> JoinRequest:
    """The captain accepts (size checked under the team lock) or declines a request."""
    with transaction.atomic():
        team = _lock_team(join_request.team)
        req = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if team.captain_id != actor.pk:
            raise HackathonError(_("Only the captain can answer join requests."))
        if req.status != JoinRequestStatus.PENDING:
            raise HackathonError(_("This request has already been answered."))
        if accept:
            _add_member(team, req.user, actor=actor, how="request")
        req.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
        req.decided_at = timezone.now()
        req.save(update_fields=["status", "decided_at"])
        audit.record(actor=actor, action="team.join_decided", target=team,
                     hub=team.hackathon.hub, data={"user": req.user.email, "accepted": accept})
        notify(user=req.user, kind="hackathon.team_join_decided", hub=team.hackathon.hub,
               url=team.get_absolute_url(),
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "accepted": accept})
    return req


def withdraw_join_request(*, join_request: JoinRequest, actor) -> None:
    with transaction.atomic():
        req = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if req.user_id != actor.pk or req.status != JoinRequestStatus.PENDING:
            raise HackathonError(_("This request can no longer be withdrawn."))
        req.status, req.decided_at = JoinRequestStatus.WITHDRAWN, timezone.now()
        req.save(update_fields=["status", "decided_at"])


def join_with_code(*, hackathon, code: str, actor) -> Team:
    """Join directly with the team's invite code (a link the captain shared)."""
    with transaction.atomic():
        team = Team.objects.filter(hackathon=hackathon, invite_code=code).first()
        if team is None:
            raise HackathonError(_("This invitation code is not valid."))
        team = _lock_team(team)
        if TeamMembership.objects.filter(hackathon=team.hackathon, user=actor).exists():
            raise HackathonError(_("You are already in a team of this hackathon."))
        _add_member(team, actor, actor=actor, how="code")
    return team


def invite_by_email(*, team: Team, email: str, actor) -> None:
    """E-mail the team's invitation link (the person registers, then joins with the code)."""
    email = email.strip().lower()
    with transaction.atomic():
        team = _lock_team(team)
        _require_forming(team)
        if team.captain_id != actor.pk:
            raise HackathonError(_("Only the captain can invite people."))
        audit.record(actor=actor, action="team.invited", target=team, hub=team.hackathon.hub,
                     data={"email": email})
        url = reverse("hackathons:join_code",
                      kwargs={"slug": team.hackathon.slug, "code": team.invite_code})
        user = get_user_model().objects.filter(email__iexact=email).first()
        notify(user=user, email="" if user else email, kind="hackathon.team_invitation",
               hub=team.hackathon.hub, url=url,
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "captain": str(actor)},
               dedup_key=f"hackathon.team_invitation:{team.pk}:{email}")


def invite_person(*, team: Team, user, actor) -> None:
    """Invite someone registered for the same hackathon, picked in the team finder: the
    platform sends them the team's invitation (in the app, and by e-mail if they want it)
    through :func:`invite_by_email`; the captain never sees their address. Only the captain
    of a forming team invites; the person must be registered and without a team."""
    hackathon = team.hackathon
    if not Registration.objects.filter(hackathon=hackathon, user=user,
                                       status=RegistrationStatus.REGISTERED).exists():
        raise HackathonError(_("This person is not registered for this hackathon."))
    if TeamMembership.objects.filter(hackathon=hackathon, user=user).exists():
        raise HackathonError(_("This person is already in a team."))
    invite_by_email(team=team, email=user.email, actor=actor)


def leave_team(*, team: Team, actor) -> None:
    """Leave a forming team. A captain leaves only when alone (the team then dissolves)
    or after handing over."""
    with transaction.atomic():
        team = _lock_team(team)
        _require_forming(team)
        membership = TeamMembership.objects.filter(team=team, user=actor).first()
        if membership is None:
            raise HackathonError(_("You are not a member of this team."))
        others = TeamMembership.objects.filter(team=team).exclude(user=actor).count()
        if team.captain_id == actor.pk and others:
            raise HackathonError(_("Hand the captaincy over to another member before leaving."))
        membership.delete()
        Registration.objects.filter(hackathon=team.hackathon, user=actor).update(
            looking_for_team=True)
        audit.record(actor=actor, action="team.member_left", target=team,
                     hub=team.hackathon.hub, data={"user": actor.email})
        if not others:
            audit.record(actor=actor, action="team.dissolved", target=team,
                         hub=team.hackathon.hub)
            team.delete()
            return
        notify(user=team.captain, kind="hackathon.team_member_left", hub=team.hackathon.hub,
               url=team.get_absolute_url(),
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "member": str(actor)})


def remove_member(*, team: Team, user, actor) -> None:
    """The captain removes another member of a forming team."""
    with transaction.atomic():
        team = _lock_team(team)
        _require_forming(team)
        if team.captain_id != actor.pk or user.pk == actor.pk:
            raise HackathonError(_("Only the captain can remove another member."))
        deleted, _rows = TeamMembership.objects.filter(team=team, user=user).delete()
        if not deleted:
            raise HackathonError(_("This person is not in the team."))
        Registration.objects.filter(hackathon=team.hackathon, user=user).update(
            looking_for_team=True)
        audit.record(actor=actor, action="team.member_removed", target=team,
                     hub=team.hackathon.hub, data={"user": user.email})
        notify(user=user, kind="hackathon.team_member_left", hub=team.hackathon.hub,
               url=team.hackathon.get_absolute_url(),
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "member": str(user)})


def hand_over_captaincy(*, team: Team, new_captain, actor) -> Team:
    with transaction.atomic():
        team = _lock_team(team)
        if team.captain_id != actor.pk:
            raise HackathonError(_("Only the captain can hand the captaincy over."))
        if team.hackathon.status not in TEAM_CHANGE_STATUSES + (HackathonStatus.JUDGING,):
            raise HackathonError(_("Teams can no longer change in this hackathon."))
        if not new_captain.is_active or not TeamMembership.objects.filter(
                team=team, user=new_captain).exists():
            raise HackathonError(_("The new captain must be a member of the team."))
        team.captain = new_captain
        team.save(update_fields=["captain"])
        audit.record(actor=actor, action="team.captain_changed", target=team,
                     hub=team.hackathon.hub, data={"to": new_captain.email})
        notify(user=new_captain, kind="hackathon.team_captain", hub=team.hackathon.hub,
               url=team.get_absolute_url(),
               context={"hackathon": Localised(team.hackathon, "title"), "team": team.name,
                        "previous": str(actor)})
    return team


def release_erased_member(*, user) -> None:
    """Take a person whose account is being erased out of every hackathon team, leaving each
    team working (called by the hackathons' erasure provider, inside its transaction).

    The membership goes, so the person no longer counts towards the size and composition
    rules. A captain's role passes to the longest-standing remaining member (who is told).
    A team left empty is dissolved, unless it already submitted work or its hackathon is past
    the running phase: then it stays as a record of the results, without members. A place in
    a hackathon still taking registrations is freed for the waiting list.
    Side effects: audit entries (no actor), a notification to each new captain.
    """
    with transaction.atomic():
        memberships = (TeamMembership.objects.filter(user=user)
                       .select_related("team__hackathon__hub"))
        for membership in list(memberships):
            team = _lock_team(membership.team)
            TeamMembership.objects.filter(pk=membership.pk).delete()
            audit.record(actor=None, action="team.member_erased", target=team,
                         hub=team.hackathon.hub)
            remaining = (TeamMembership.objects.filter(team=team, user__is_active=True)
                         .exclude(user=user).select_related("user").order_by("joined", "pk"))
            successor = remaining.first()
            if team.captain_id == user.pk and successor is not None:
                team.captain = successor.user
                team.save(update_fields=["captain"])
                audit.record(actor=None, action="team.captain_changed", target=team,
                             hub=team.hackathon.hub, data={"to": successor.user.email})
                notify(user=successor.user, kind="hackathon.team_captain",
                       hub=team.hackathon.hub, url=team.get_absolute_url(),
                       context={"hackathon": Localised(team.hackathon, "title"),
                                "team": team.name, "previous": FORMER_MEMBER})
            elif successor is None and _may_dissolve(team):
                audit.record(actor=None, action="team.dissolved", target=team,
                             hub=team.hackathon.hub)
                team.delete()
        for registration in (Registration.objects.filter(user=user)
                             .exclude(status=RegistrationStatus.CANCELLED)
                             .select_related("hackathon")):
            registration.looking_for_team = False
            fields = ["looking_for_team"]
            if registration.hackathon.status == HackathonStatus.REGISTRATION:
                locked = lock_hackathon(registration.hackathon)
                was_registered = registration.status == RegistrationStatus.REGISTERED
                registration.status = RegistrationStatus.CANCELLED
                fields.append("status")
                registration.save(update_fields=fields)
                if was_registered:
                    _promote_from_waitlist(locked, actor=None)
            else:
                registration.save(update_fields=fields)


def _may_dissolve(team) -> bool:
    """An empty team can go unless its work is part of the hackathon's record."""
    if team.hackathon.status not in TEAM_CHANGE_STATUSES:
        return False
    submission = Submission.objects.filter(team=team).first()
    return submission is None or submission.status == SubmissionStatus.DRAFT


# --- composition rules and locking -----------------------------------------------------

def rule_problems(team: Team, registrations: dict | None = None,
                  member_ids: list[int] | None = None) -> list[str]:
    """Composition rules not met, in words. ``registrations`` ({user_id: Registration}) and
    ``member_ids`` may be passed in by list pages that loaded them in bulk."""
    hackathon = team.hackathon
    if member_ids is None:
        # An erased account (inactive) never counts, even in a team it was left in.
        member_ids = list(TeamMembership.objects.filter(team=team, user__is_active=True)
                          .values_list("user_id", flat=True))
    if registrations is None:
        registrations = {r.user_id: r for r in Registration.objects.filter(
            hackathon=hackathon, user_id__in=member_ids)}
    regs = [registrations[i] for i in member_ids if i in registrations]
    countries = {str(r.country) for r in regs if r.country}
    disciplines = {d for r in regs for d in r.disciplines}
    problems = []
    size = len(member_ids)
    if size < hackathon.team_min:
        problems.append(_("At least %(n)s members are needed (now %(size)s).")
                        % {"n": hackathon.team_min, "size": size})
    if size > hackathon.team_max:
        problems.append(_("At most %(n)s members are allowed.") % {"n": hackathon.team_max})
    if len(countries) < hackathon.min_countries:
        problems.append(_("Members must come from at least %(n)s countries (now %(have)s).")
                        % {"n": hackathon.min_countries, "have": len(countries)})
    if len(disciplines) < hackathon.min_disciplines:
        problems.append(_("Members must bring at least %(n)s disciplines (now %(have)s).")
                        % {"n": hackathon.min_disciplines, "have": len(disciplines)})
    return problems


def lock_team(*, team: Team, actor, strict: bool = True) -> Team:
    """forming → locked when the composition rules are met, else → rules not met
    (``strict`` raises instead). Members are told either way."""
    with transaction.atomic():
        team = _lock_team(team)
        if not TEAM.can(team.status, TeamStatus.LOCKED):
            raise HackathonError(_("Only a forming team can be locked."))
        problems = [str(p) for p in rule_problems(team)]
        if problems and strict:
            raise HackathonError(_("The team cannot be locked: %(problems)s")
                                 % {"problems": " ".join(problems)})
        team.status = TeamStatus.INELIGIBLE if problems else TeamStatus.LOCKED
        team.rule_problems = problems
        team.looking_for_members = False
        team.save(update_fields=["status", "rule_problems", "looking_for_members"])
        JoinRequest.objects.filter(team=team, status=JoinRequestStatus.PENDING).update(
            status=JoinRequestStatus.DECLINED, decided_at=timezone.now())
        audit.record(actor=actor, action=f"team.{team.status}", target=team,
                     hub=team.hackathon.hub, data={"problems": problems})
        notify_users(team_members(team), kind="hackathon.team_locked",
                     hackathon=team.hackathon, url=team.get_absolute_url(),
                     context={"team": team.name, "problems": problems})
    return team


def reopen_team(*, team: Team, actor) -> Team:
    """Staff: a locked (or rules-not-met) team goes back to forming to fix its members."""
    with transaction.atomic():
        team = _lock_team(team)
        if not TEAM.can(team.status, TeamStatus.FORMING):
            raise HackathonError(_("This team is already forming."))
        if team.hackathon.status not in TEAM_CHANGE_STATUSES:
            raise HackathonError(_("Teams can no longer change in this hackathon."))
        team.status, team.rule_problems = TeamStatus.FORMING, []
        team.save(update_fields=["status", "rule_problems"])
        audit.record(actor=actor, action="team.reopened", target=team, hub=team.hackathon.hub)
    return team
