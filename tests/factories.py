"""The factories the tests use: every app's model factories (``<app>/factories.py``, which
the demo and scale seeders use too), re-exported in one place, and a few shorthands that
build a common shape of rows with them (a hackathon with its rubric, a registered person, a
team with its members, a training session some days away, a milestone, attendance)."""

import time
from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.accounts.factories import (  # noqa: F401  re-exported for the tests
    PASSWORD,
    TOTP_SECRET,
    ConsentRecordFactory,
    DataExportFactory,
    ProfileFactory,
    UserFactory,
    UserSessionFactory,
    give_totp,
)
from creaconnect.core.factories import AuditEntryFactory, SaveMarkFactory  # noqa: F401  re-exported
from creaconnect.notifications.factories import (  # noqa: F401  re-exported for the tests
    NotificationFactory,
    PreferenceFactory,
)
from creaconnect.reports.factories import ReportFactory  # noqa: F401  re-exported
from events.factories import (  # noqa: F401  re-exported for the tests
    EventFactory,
    EventRegistrationFactory,
)
from hackathons.factories import (  # noqa: F401  re-exported for the tests
    AssignmentRuleFactory,
    ChallengeFactory,
    CommunityVoteFactory,
    ConflictDeclarationFactory,
    ExpertInvitationFactory,
    ExpertProfileFactory,
    ExpoJudgementFactory,
    ExpoPairFactory,
    FeedbackMessageFactory,
    HackathonCriterionFactory,
    HackathonFactory,
    JoinRequestFactory,
    JudgeAssignmentFactory,
    MentoringLogFactory,
    PanelJudgeFactory,
    PrizeFactory,
    RegistrationFactory,
    ScoreFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    SubmissionVersionFactory,
    TeamFactory,
    TeamMembershipFactory,
    TeamMentorAssignmentFactory,
)
from hackathons.models import HackathonStatus, SubmissionStatus, Team, TeamStatus
from hubs.factories import (  # noqa: F401  re-exported for the tests
    HubFactory,
    HubInvitationFactory,
    HubMembershipFactory,
    MembershipFactory,
)
from programme.factories import (  # noqa: F401  re-exported for the tests
    AnswerFactory,
    ApplicationFactory,
    CallFactory,
    CallReviewerFactory,
    CallReviewPolicyFactory,
    CertificateFactory,
    CoApplicantFactory,
    CohortFactory,
    CohortMemberFactory,
    CriterionFactory,
    MentorAssignmentFactory,
    MentoringSessionFactory,
    MilestoneFactory,
    MilestoneSubmissionFactory,
    OfficeHourBookingFactory,
    OfficeHourSlotFactory,
    OfficeHoursPolicyFactory,
    QuestionFactory,
    ReviewAssignmentFactory,
    ReviewConflictFactory,
    ReviewFactory,
    ReviewRoundFactory,
    ReviewScoreFactory,
    SessionSignupFactory,
    TrainingSessionFactory,
)
from showcase.factories import (  # noqa: F401  re-exported for the tests
    AgendaItemFactory,
    AwardFactory,
    CreditedMemberFactory,
    GalleryImageFactory,
    InterestMessageFactory,
    ShowcaseConsentFactory,
    ShowcaseEventFactory,
    ShowcaseProjectFactory,
)
from surveys.factories import AnswerFactory as SurveyAnswerFactory  # noqa: F401  re-exported
from surveys.factories import (  # noqa: F401  re-exported for the tests
    InvitationFactory,
    ResponseFactory,
    SurveyFactory,
)
from surveys.factories import QuestionFactory as SurveyQuestionFactory  # noqa: F401  re-exported


def totp_code(user, offset=0) -> str:
    """The user's current six-digit TOTP code (``offset`` periods later or earlier)."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    auth = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(decrypt(auth.data["secret"]), counter))


# --- Hackathons: shorthands over the factories ------------------------------------------------

COUNTRIES = ["FR", "IT", "ES", "RS", "BE", "DE"]
DISCIPLINES = ["design", "digital", "social", "business", "heritage", "environment"]


def make_hackathon(hub, *, status=HackathonStatus.REGISTRATION, **fields):
    """A hackathon of ``hub`` (``HackathonFactory``) with one challenge and a two-criterion
    rubric (Innovation ×2, Impact ×1)."""
    hackathon = HackathonFactory(hub=hub, status=status, **fields)
    ChallengeFactory(hackathon=hackathon, title="Zero-waste festival")
    HackathonCriterionFactory(hackathon=hackathon, name="Innovation", weight=2, order=1)
    HackathonCriterionFactory(hackathon=hackathon, name="Impact", weight=1, order=2)
    return hackathon


def registered(hackathon, user=None, *, i=0, **fields):
    """``user`` (a new person by default) registered for ``hackathon``; ``i`` varies the
    country, discipline and skills. Returns the user."""
    user = user or UserFactory()
    values = {"country": COUNTRIES[i % len(COUNTRIES)],
              "disciplines": [DISCIPLINES[i % len(DISCIPLINES)]],
              "skills": ["prototyping"] if i % 2 else ["video"], "languages": ["en"]}
    RegistrationFactory(hackathon=hackathon, user=user, **{**values, **fields})
    return user


def make_team(hackathon, *, size=2, name=None, status=TeamStatus.FORMING, offset=0,
              wanted_skills=None):
    """A team of ``size`` registered people from different countries and disciplines (the
    first one captains)."""
    users = [registered(hackathon, i=offset + k) for k in range(size)]
    if name is None:
        with scopes_disabled():  # a name unique in the hub: count its teams
            name = f"Team {Team.objects.filter(hackathon__hub=hackathon.hub).count()}-{offset}"
    team = TeamFactory(hackathon=hackathon, name=name, captain=users[0], status=status,
                       wanted_skills=wanted_skills or [])
    for user in users:
        TeamMembershipFactory(team=team, user=user)
    return team


def make_submission(team, *, submitted=True, title=None):
    """The team's submission, submitted now (or a draft)."""
    return SubmissionFactory(
        team=team, **({"title": title} if title else {}),
        status=SubmissionStatus.SUBMITTED if submitted else SubmissionStatus.DRAFT,
        **({} if submitted else {"submitted_at": None}))


def make_judge(hackathon=None, *, hub=None, organisation="", country="NL"):
    """A person in the expert pool, on ``hackathon``'s panel if given. Returns the user."""
    user = ExpertProfileFactory(hub=hub, organisation=organisation, country=country).user
    if hackathon is not None:
        PanelJudgeFactory(hackathon=hackathon, judge=user)
    return user


# --- Cohorts: shorthands over the factories ---------------------------------------------------


def make_session(cohort, *, days=7, capacity=20, **fields):
    """A training session of ``cohort`` ``days`` days from now (negative: in the past)."""
    fields.setdefault("title", f"Session in {days} days")
    return TrainingSessionFactory(cohort=cohort, capacity=capacity,
                                  starts_at=timezone.now() + timedelta(days=days), **fields)


def make_milestone(cohort, *, due_in=10, title="Business model", order=0):
    """A milestone of ``cohort`` due ``due_in`` days from today (the server's date)."""
    return MilestoneFactory(cohort=cohort, title=title, order=order,
                            due_on=timezone.localdate() + timedelta(days=due_in))


def attend(session, member, attended=True):
    """``member`` signed up for ``session`` (and came, or not)."""
    return SessionSignupFactory(session=session, member=member, attended=attended)
