from .applications import (
    Answer,
    Application,
    ApplicationState,
    CoApplicant,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from .calls import Call, CallStatus, Criterion, Question, QuestionKind
from .cohorts import (
    Certificate,
    Cohort,
    CohortMember,
    MemberStatus,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    SessionSignup,
    TrainingSession,
)

__all__ = [
    "Answer", "Application", "ApplicationState", "CoApplicant", "Review", "ReviewAssignment",
    "ReviewScore", "Call", "CallStatus", "Criterion", "Question", "QuestionKind", "Certificate",
    "Cohort", "CohortMember", "MemberStatus", "MentorAssignment", "MentoringSession", "Milestone",
    "MilestoneState", "MilestoneSubmission", "SessionSignup", "TrainingSession",
]
