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
from .review_rounds import CallReviewer, CallReviewPolicy, RankFigure, ReviewConflict, ReviewRound

__all__ = [
    "Answer", "Application", "ApplicationState", "CoApplicant", "Review", "ReviewAssignment",
    "ReviewScore", "Call", "CallStatus", "Criterion", "Question", "QuestionKind",
    "CallReviewer", "CallReviewPolicy", "RankFigure", "ReviewConflict", "ReviewRound",
]
