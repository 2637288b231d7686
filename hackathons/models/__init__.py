"""Hackathons: events, teams, submissions, mentoring, judging. Split by concern."""

from .event import (
    EXPO_MODES,
    Challenge,
    Criterion,
    Hackathon,
    HackathonStatus,
    JudgingMode,
    Prize,
    PrizeCategory,
)
from .experts import Availability, ExpertInvitation, ExpertProfile
from .expo import CommunityVote, ExpoJudgement, ExpoPair
from .judging import (
    AssignmentRule,
    ConflictDeclaration,
    JudgeAssignment,
    PairRule,
    PanelJudge,
    Score,
)
from .teams import (
    JoinRequest,
    JoinRequestStatus,
    Registration,
    RegistrationStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from .work import (
    FeedbackMessage,
    MentorAssignment,
    MentoringLog,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    SubmissionVersion,
)

__all__ = [
    "EXPO_MODES", "AssignmentRule", "Availability", "Challenge", "CommunityVote",
    "ConflictDeclaration", "Criterion", "ExpertInvitation", "ExpertProfile", "ExpoJudgement",
    "ExpoPair",
    "FeedbackMessage", "Hackathon", "HackathonStatus", "JoinRequest", "JoinRequestStatus",
    "JudgeAssignment", "JudgingMode", "MentorAssignment", "MentoringLog", "PairRule",
    "PanelJudge", "Prize", "PrizeCategory", "Registration", "RegistrationStatus", "Score",
    "Submission", "SubmissionFile", "SubmissionStatus", "SubmissionVersion", "Team",
    "TeamMembership", "TeamStatus",
]
