"""Factories of the hackathons app: one per model. Dates follow ``at`` (a parameter, now by
default): a hackathon made with ``at=`` some moment has its whole calendar around it."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from creaconnect.accounts.factories import UserFactory
from creaconnect.core.factories import ModelFactory
from hubs.factories import HubFactory

from .models import (
    AssignmentRule,
    Challenge,
    CommunityVote,
    ConflictDeclaration,
    Criterion,
    ExpertInvitation,
    ExpertProfile,
    ExpoJudgement,
    ExpoPair,
    FeedbackMessage,
    Hackathon,
    HackathonStatus,
    JoinRequest,
    JudgeAssignment,
    MentorAssignment,
    MentoringLog,
    PairRule,
    PanelJudge,
    Prize,
    PrizeCategory,
    Registration,
    Score,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    SubmissionVersion,
    Team,
    TeamMembership,
    TeamStatus,
)


class HackathonFactory(ModelFactory):
    """A hackathon starting a day after ``at``: registration open, nothing judged yet."""

    class Meta:
        model = Hackathon

    class Params:
        at = factory.LazyFunction(timezone.now)

    hub = factory.SubFactory(HubFactory)
    title = "Circular Futures"
    slug = factory.Sequence(lambda n: f"hackathon-{n}")
    theme = "Climate and circular design"
    summary = "Design out waste."
    description = "A weekend on circular design."
    place = "Marseille"
    status = HackathonStatus.REGISTRATION
    starts_at = factory.LazyAttribute(lambda o: o.at + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.at + timedelta(days=3))
    registration_opens = factory.LazyAttribute(lambda o: o.at - timedelta(days=10))
    registration_closes = factory.LazyAttribute(lambda o: o.at + timedelta(days=1))
    submission_deadline = factory.LazyAttribute(lambda o: o.at + timedelta(days=3))
    judging_opens = factory.LazyAttribute(lambda o: o.at + timedelta(days=3))
    judging_closes = factory.LazyAttribute(lambda o: o.at + timedelta(days=10))
    capacity = 50
    team_min = 2
    team_max = 4
    judges_per_submission = 3


class ChallengeFactory(ModelFactory):
    class Meta:
        model = Challenge

    hackathon = factory.SubFactory(HackathonFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")


class HackathonCriterionFactory(ModelFactory):
    """A criterion of a hackathon's rubric (``hackathons.Criterion``)."""

    class Meta:
        model = Criterion

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1")


class PrizeFactory(ModelFactory):
    class Meta:
        model = Prize

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Prize {n}")
    category = PrizeCategory.OVERALL


class ExpertProfileFactory(ModelFactory):
    """A judge in the expert pool."""

    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory)
    country = "NL"
    expertise = factory.LazyFunction(lambda: ["design"])


class ExpertInvitationFactory(ModelFactory):
    class Meta:
        model = ExpertInvitation

    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    country = "NL"


class RegistrationFactory(ModelFactory):
    class Meta:
        model = Registration

    hackathon = factory.SubFactory(HackathonFactory)
    user = factory.SubFactory(UserFactory)
    country = "FR"
    motivation = "I care."


class TeamFactory(ModelFactory):
    """A team; its captain is not made a member (``TeamMembershipFactory``)."""

    class Meta:
        model = Team

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    pitch = "We fix it."
    captain = factory.SubFactory(UserFactory)
    status = TeamStatus.FORMING


class TeamMembershipFactory(ModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    hackathon = factory.SelfAttribute("team.hackathon")
    user = factory.SubFactory(UserFactory)


class JoinRequestFactory(ModelFactory):
    class Meta:
        model = JoinRequest

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)


class SubmissionFactory(ModelFactory):
    """A submitted project (``status=SubmissionStatus.DRAFT, submitted_at=None`` for a
    draft)."""

    class Meta:
        model = Submission

    team = factory.SubFactory(TeamFactory)
    hackathon = factory.SelfAttribute("team.hackathon")
    title = factory.LazyAttribute(lambda o: f"Project of {o.team.name}")
    summary = "s"
    description = "d"
    version = 1
    status = SubmissionStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class SubmissionVersionFactory(ModelFactory):
    class Meta:
        model = SubmissionVersion

    submission = factory.SubFactory(SubmissionFactory)
    number = factory.Sequence(lambda n: n + 1)


class SubmissionFileFactory(ModelFactory):
    class Meta:
        model = SubmissionFile

    submission = factory.SubFactory(SubmissionFactory)
    file = factory.django.FileField(filename="notes.txt", data=b"Notes of the team.")
    name = "notes.txt"
    size = 18


class PanelJudgeFactory(ModelFactory):
    class Meta:
        model = PanelJudge

    hackathon = factory.SubFactory(HackathonFactory)
    judge = factory.SubFactory(UserFactory)


class JudgeAssignmentFactory(ModelFactory):
    class Meta:
        model = JudgeAssignment

    submission = factory.SubFactory(SubmissionFactory)
    hackathon = factory.SelfAttribute("submission.hackathon")
    judge = factory.SubFactory(UserFactory)


class AssignmentRuleFactory(ModelFactory):
    """Staff forbid (or pin) a judge–submission pair."""

    class Meta:
        model = AssignmentRule

    submission = factory.SubFactory(SubmissionFactory)
    hackathon = factory.SelfAttribute("submission.hackathon")
    judge = factory.SubFactory(UserFactory)
    rule = PairRule.FORBID


class ConflictDeclarationFactory(ModelFactory):
    class Meta:
        model = ConflictDeclaration

    team = factory.SubFactory(TeamFactory)
    hackathon = factory.SelfAttribute("team.hackathon")
    judge = factory.SubFactory(UserFactory)


class ScoreFactory(ModelFactory):
    class Meta:
        model = Score

    submission = factory.SubFactory(SubmissionFactory)
    hackathon = factory.SelfAttribute("submission.hackathon")
    judge = factory.SubFactory(UserFactory)
    criterion = factory.SubFactory(HackathonCriterionFactory,
                                   hackathon=factory.SelfAttribute("..hackathon"))
    value = 5


class TeamMentorAssignmentFactory(ModelFactory):
    """A mentor assigned to a hackathon team (``hackathons.MentorAssignment``)."""

    class Meta:
        model = MentorAssignment

    team = factory.SubFactory(TeamFactory)
    hackathon = factory.SelfAttribute("team.hackathon")
    mentor = factory.SubFactory(UserFactory)


class FeedbackMessageFactory(ModelFactory):
    class Meta:
        model = FeedbackMessage

    team = factory.SubFactory(TeamFactory)
    author = factory.SubFactory(UserFactory)
    body = "Good start."


class MentoringLogFactory(ModelFactory):
    class Meta:
        model = MentoringLog

    assignment = factory.SubFactory(TeamMentorAssignmentFactory)
    minutes = 30


class ExpoPairFactory(ModelFactory):
    """A pair shown to a judge at the expo (open: not decided yet)."""

    class Meta:
        model = ExpoPair

    first = factory.SubFactory(SubmissionFactory)
    second = factory.SubFactory(SubmissionFactory,
                                team__hackathon=factory.SelfAttribute("...first.hackathon"))
    hackathon = factory.SelfAttribute("first.hackathon")
    judge = factory.SubFactory(UserFactory)


class ExpoJudgementFactory(ModelFactory):
    """"``winner`` is better than ``loser``" (overall), on a decided pair of its own."""

    class Meta:
        model = ExpoJudgement

    pair = factory.SubFactory(
        ExpoPairFactory, first=factory.SelfAttribute("..winner"),
        second=factory.SelfAttribute("..loser"), judge=factory.SelfAttribute("..judge"),
        decided_at=factory.LazyFunction(timezone.now))
    winner = factory.SubFactory(SubmissionFactory)
    loser = factory.SubFactory(SubmissionFactory,
                               team__hackathon=factory.SelfAttribute("...winner.hackathon"))
    hackathon = factory.SelfAttribute("winner.hackathon")
    judge = factory.SubFactory(UserFactory)


class CommunityVoteFactory(ModelFactory):
    class Meta:
        model = CommunityVote

    submission = factory.SubFactory(SubmissionFactory)
    hackathon = factory.SelfAttribute("submission.hackathon")
    voter = factory.SubFactory(UserFactory)
