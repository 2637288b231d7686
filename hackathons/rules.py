"""Hackathon roles as predicates: host hub staff, team member and captain, assigned mentor,
assigned judge. Roles come from relations; the objects carry their hackathon."""

import rules

from creaconnect.core.predicates import is_programme_admin
from hubs.rules import is_hub_staff


def _hackathon(obj):
    return getattr(obj, "hackathon", obj)


def _team(obj):
    """A team, or the team of a submission."""
    return getattr(obj, "team", obj)


@rules.predicate
def is_host_staff(user, obj):
    """Staff of the hub hosting the hackathon of ``obj`` (a hackathon, team, submission)."""
    hackathon = _hackathon(obj)
    hub = getattr(hackathon, "hub", None)
    return hub is not None and is_hub_staff(user, hub)


@rules.predicate
def is_public_hackathon(user, obj):
    return obj is not None and _hackathon(obj).is_public


@rules.predicate
def is_team_member(user, obj):
    team = _team(obj)
    from .models import TeamMembership

    return (team is not None and user.is_authenticated
            and TeamMembership.objects.filter(team=team, user=user).exists())


@rules.predicate
def is_team_captain(user, obj):
    team = _team(obj)
    return team is not None and user.is_authenticated and team.captain_id == user.pk


@rules.predicate
def is_team_mentor(user, obj):
    team = _team(obj)
    from .models import MentorAssignment

    return (team is not None and user.is_authenticated
            and MentorAssignment.objects.filter(team=team, mentor=user).exists())


@rules.predicate
def is_assigned_judge(user, submission):
    from .models import JudgeAssignment

    return (submission is not None and user.is_authenticated
            and JudgeAssignment.objects.filter(submission=submission, judge=user).exists())


@rules.predicate
def is_panel_judge(user, obj):
    """On the hackathon's judging panel (walks the expo)."""
    from .models import PanelJudge

    return (obj is not None and user.is_authenticated
            and PanelJudge.objects.filter(hackathon=_hackathon(obj), judge=user).exists())


is_organiser = is_host_staff | is_programme_admin

rules.add_perm("hackathons.view_hackathon", is_public_hackathon | is_organiser)
rules.add_perm("hackathons.manage_hackathon", is_organiser)
rules.add_perm("hackathons.view_team", is_public_hackathon | is_organiser)
rules.add_perm("hackathons.manage_team", is_team_captain)
rules.add_perm("hackathons.view_submission", is_team_member | is_team_mentor | is_organiser)
rules.add_perm("hackathons.edit_submission", is_team_member)
rules.add_perm("hackathons.view_feedback", is_team_member | is_team_mentor | is_organiser)
rules.add_perm("hackathons.mentor_team", is_team_mentor)
rules.add_perm("hackathons.score_submission", is_assigned_judge)
rules.add_perm("hackathons.walk_expo", is_panel_judge)
rules.add_perm("hackathons.view_submission_files",
               is_team_member | is_team_mentor | is_organiser | is_assigned_judge)
