"""Business rules of the hackathons app. Every move of a state machine is one function here
that checks the move, writes an audit entry and queues notifications in one transaction.

Services take keyword-only arguments and the acting user as ``actor``; they raise
:class:`HackathonError` (message shown to the user) when a rule forbids the change.
"""


class HackathonError(Exception):
    """A change the rules do not allow; the message is shown to the user."""
