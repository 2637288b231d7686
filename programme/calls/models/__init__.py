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

__all__ = [
    "Answer", "Application", "ApplicationState", "CoApplicant", "Review", "ReviewAssignment",
    "ReviewScore", "Call", "CallStatus", "Criterion", "Question", "QuestionKind",
]
