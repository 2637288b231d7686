"""Factories of the programme app, both halves: calls, applications and reviews; cohorts,
training, mentoring, milestones and certificates. One module for the app (the calls half
never imports the cohorts half; factories build rows of both)."""

from datetime import timedelta

import factory
from django.utils import timezone

from creaconnect.accounts.factories import UserFactory
from creaconnect.core.factories import ModelFactory
from hubs.factories import HubFactory

from .calls.models import (
    Answer,
    Application,
    Call,
    CallReviewer,
    CallReviewPolicy,
    CallStatus,
    CoApplicant,
    Criterion,
    Question,
    QuestionKind,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewRound,
    ReviewScore,
)
from .cohorts.models import (
    Certificate,
    Cohort,
    CohortMember,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneSubmission,
    OfficeHourBooking,
    OfficeHourSlot,
    OfficeHoursPolicy,
    SessionSignup,
    TrainingSession,
)

# --- Cohorts -----------------------------------------------------------------------------------


class CohortFactory(ModelFactory):
    """A cohort that started a month ago and runs four more months."""

    class Meta:
        model = Cohort

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))


class CohortMemberFactory(ModelFactory):
    class Meta:
        model = CohortMember

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)


class TrainingSessionFactory(ModelFactory):
    """A session a week from now (``starts_at=`` another moment)."""

    class Meta:
        model = TrainingSession

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SessionSignupFactory(ModelFactory):
    class Meta:
        model = SessionSignup

    session = factory.SubFactory(TrainingSessionFactory)
    member = factory.SubFactory(CohortMemberFactory,
                                cohort=factory.SelfAttribute("..session.cohort"))


class MentorAssignmentFactory(ModelFactory):
    """A mentor paired with a cohort member (``programme.MentorAssignment``)."""

    class Meta:
        model = MentorAssignment

    member = factory.SubFactory(CohortMemberFactory)
    mentor = factory.SubFactory(UserFactory)


class MentoringSessionFactory(ModelFactory):
    class Meta:
        model = MentoringSession

    assignment = factory.SubFactory(MentorAssignmentFactory)
    date = factory.LazyFunction(timezone.localdate)
    duration_minutes = 60
    topics = "Budget"


class MilestoneFactory(ModelFactory):
    """A milestone due in ten days."""

    class Meta:
        model = Milestone

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))


class MilestoneSubmissionFactory(ModelFactory):
    class Meta:
        model = MilestoneSubmission

    milestone = factory.SubFactory(MilestoneFactory)
    member = factory.SubFactory(CohortMemberFactory,
                                cohort=factory.SelfAttribute("..milestone.cohort"))


class CertificateFactory(ModelFactory):
    """A certificate row (``issue_certificate`` is how the product issues one, with its
    PDF)."""

    class Meta:
        model = Certificate

    member = factory.SubFactory(CohortMemberFactory)


class OfficeHoursPolicyFactory(ModelFactory):
    class Meta:
        model = OfficeHoursPolicy
        django_get_or_create = ["hub"]

    hub = factory.SubFactory(HubFactory)


class OfficeHourSlotFactory(ModelFactory):
    """A mentor's half-hour slot of a hub, two days from now."""

    class Meta:
        model = OfficeHourSlot

    hub = factory.SubFactory(HubFactory)
    mentor = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class OfficeHourBookingFactory(ModelFactory):
    class Meta:
        model = OfficeHourBooking

    slot = factory.SubFactory(OfficeHourSlotFactory)
    person = factory.SubFactory(UserFactory)
    topic = "Pricing the workshops"


# --- Calls -------------------------------------------------------------------------------------


class CallFactory(ModelFactory):
    """A published call, open since ten days and for ten more, selecting for a cohort of the
    same hub."""

    class Meta:
        model = Call

    hub = factory.SubFactory(HubFactory)
    cohort = factory.SubFactory(CohortFactory, hub=factory.SelfAttribute("..hub"))
    title = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    summary = "Support for creative projects."
    description = "A call for creative projects."
    eligibility = "Anyone over 18."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    status = CallStatus.PUBLISHED


class QuestionFactory(ModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    kind = QuestionKind.SHORT_TEXT
    label = factory.Sequence(lambda n: f"Question {n}")
    required = True


class CriterionFactory(ModelFactory):
    """A criterion of a call's review grid (``programme.Criterion``)."""

    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    scale_max = 5


class ApplicationFactory(ModelFactory):
    """A draft application (``state=`` and ``submitted_at=`` for a further one)."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    project_title = factory.Sequence(lambda n: f"Project {n}")


class AnswerFactory(ModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(QuestionFactory,
                                  call=factory.SelfAttribute("..application.call"))
    value = "An answer."


class CoApplicantFactory(ModelFactory):
    class Meta:
        model = CoApplicant

    application = factory.SubFactory(ApplicationFactory)
    email = factory.Sequence(lambda n: f"co-applicant{n}@example.org")


class ReviewAssignmentFactory(ModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)


class ReviewFactory(ModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)


class ReviewScoreFactory(ModelFactory):
    class Meta:
        model = ReviewScore

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory,
                                   call=factory.SelfAttribute("..review.application.call"))
    score = 3


class ReviewRoundFactory(ModelFactory):
    """A review round of a call, due in a week."""

    class Meta:
        model = ReviewRound

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    per_application = 2


class CallReviewerFactory(ModelFactory):
    """An expert of the pool reviewing a call (give ``user`` an expert profile)."""

    class Meta:
        model = CallReviewer

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)


class CallReviewPolicyFactory(ModelFactory):
    class Meta:
        model = CallReviewPolicy

    call = factory.SubFactory(CallFactory)


class ReviewConflictFactory(ModelFactory):
    class Meta:
        model = ReviewConflict

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
