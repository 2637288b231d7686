"""Every programme model, for Django (the app's models module) and for other apps' seeders
and migrations. Code inside ``programme`` imports from its own sub-package instead
(``programme.calls.models``, ``programme.cohorts.models``), so the calls side never reaches
the cohorts side through this module."""

from .calls.models import (
    Answer,
    Application,
    ApplicationState,
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
    BookingStatus,
    Certificate,
    Cohort,
    CohortMember,
    MemberStatus,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    OfficeHourBooking,
    OfficeHourSlot,
    OfficeHoursPolicy,
    SessionSignup,
    TrainingSession,
)

__all__ = [
    "Answer", "Application", "ApplicationState", "CoApplicant", "Review", "ReviewAssignment",
    "ReviewScore", "ReviewRound", "CallReviewer", "CallReviewPolicy", "ReviewConflict",
    "Call", "CallStatus",
    "Criterion", "Question", "QuestionKind", "Certificate",
    "Cohort", "CohortMember", "MemberStatus", "MentorAssignment", "MentoringSession", "Milestone",
    "MilestoneState", "MilestoneSubmission", "SessionSignup", "TrainingSession",
    "BookingStatus", "OfficeHourBooking", "OfficeHoursPolicy", "OfficeHourSlot",
]
