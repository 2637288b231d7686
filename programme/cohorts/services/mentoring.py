"""Mentoring: staff assign mentors to cohort members; mentors log their sessions.

Private notes are for the mentor and hub staff only: the queries that feed participant pages
(``shared_sessions_for_member``) never select them.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core import audit
from creaconnect.core.i18n_content import LocalisedDate
from creaconnect.notifications.services import notify

from ..models import MemberStatus, MentorAssignment, MentoringSession
from .cohorts import CohortError
from .training import cohort_page_url


class MentoringError(CohortError):
    """A mentoring change the rules refuse."""


def find_person(email: str):
    """The account with this e-mail address, or ``MentoringError``."""
    user = get_user_model().objects.filter(email__iexact=(email or "").strip(),
                                           is_active=True).first()
    if user is None:
        raise MentoringError(_("Nobody has an account with the address %(email)s yet. Ask "
                               "them to create one first.") % {"email": email})
    return user


def assign_mentor(*, member, mentor, actor) -> MentorAssignment:
    """Pair ``mentor`` (any person) with ``member``; tells both."""
    if mentor.pk == member.user_id:
        raise MentoringError(_("A participant cannot mentor themselves."))
    if member.status == MemberStatus.LEFT:
        raise MentoringError(_("This person has left the cohort."))
    hub = member.cohort.hub
    with transaction.atomic():
        assignment, created = MentorAssignment.objects.get_or_create(member=member,
                                                                     mentor=mentor)
        if not created:
            raise MentoringError(_("%(mentor)s already mentors %(member)s.")
                                 % {"mentor": mentor, "member": member.user})
        audit.record(actor=actor, action="mentor.assigned", target=assignment, hub=hub,
                     data={"mentor": mentor.email, "member": member.pk})
        context = {"mentor": str(mentor), "participant": str(member.user),
                   "cohort": member.cohort.name}
        notify(user=mentor, kind="programme.mentor.assigned", hub=hub,
               url=reverse("programme:mentee", kwargs={"pk": member.pk}), context=context)
        notify(user=member.user, kind="programme.mentor.introduced", hub=hub,
               url=cohort_page_url(member.cohort), context=context)
    return assignment


def unassign_mentor(*, assignment, actor) -> None:
    """End a pairing. Logged sessions go with it, so only pairings without any can end."""
    with transaction.atomic():
        if assignment.sessions.exists():
            raise MentoringError(_("Sessions were logged for this pairing: it stays on "
                                   "record."))
        audit.record(actor=actor, action="mentor.unassigned", target=assignment,
                     hub=assignment.member.cohort.hub,
                     data={"mentor": assignment.mentor.email, "member": assignment.member_id})
        assignment.delete()


def log_session(*, assignment, actor, date, duration_minutes, topics, private_notes="",
                shared_notes="") -> MentoringSession:
    """Record a mentoring session. Only the pair's mentor logs; shared notes are sent to the
    participant (``programme.mentor.session_logged``)."""
    if actor.pk != assignment.mentor_id:
        raise MentoringError(_("Only the mentor of this participant can log a session."))
    if duration_minutes < 5:
        raise MentoringError(_("A session lasts at least five minutes."))
    member = assignment.member
    with transaction.atomic():
        session = MentoringSession.objects.create(
            assignment=assignment, date=date, duration_minutes=duration_minutes, topics=topics,
            private_notes=private_notes, shared_notes=shared_notes)
        audit.record(actor=actor, action="mentor.session_logged", target=session,
                     hub=member.cohort.hub,
                     data={"member": member.pk, "minutes": duration_minutes})
        notify(user=member.user, kind="programme.mentor.session_logged", hub=member.cohort.hub,
               url=cohort_page_url(member.cohort),
               context={"mentor": str(actor), "topics": topics, "date": LocalisedDate(date),
                        "has_notes": bool(shared_notes)})
    return session


# --- Queries ------------------------------------------------------------------------------

def assignments_for_mentor(user):
    """The mentor's pairings across hubs, with member, user, cohort and hub (one query)."""
    if not user.is_authenticated:
        return []
    # A mentor may work with several hubs: the mentor filter is explicit.
    with scopes_disabled():
        rows = list(MentorAssignment.objects.filter(mentor=user)
                    .exclude(member__status=MemberStatus.LEFT)
                    .select_related("member__user", "member__cohort__hub")
                    .annotate(n_sessions=Count("sessions"),
                              minutes=Sum("sessions__duration_minutes"))
                    .order_by("member__cohort__hub__name", "member__user__display_name"))
    for row in rows:
        row.hours = round((row.minutes or 0) / 60, 1)
    return rows


def assignment_for_mentor(user, member_pk):
    """The pairing of ``user`` with member ``member_pk``, or ``None`` (not theirs)."""
    if not user.is_authenticated:
        return None
    with scopes_disabled():  # filtered by the mentor; the page then enters the hub's scope
        return (MentorAssignment.objects.filter(mentor=user, member_id=member_pk)
                .select_related("member__user", "member__cohort__hub").first())


def mentors_of(member):
    return list(MentorAssignment.objects.filter(member=member).select_related("mentor"))


def shared_sessions_for_member(member) -> list[dict]:
    """What the participant may see of their mentoring: never the private notes."""
    return list(MentoringSession.objects.filter(assignment__member=member)
                .values("date", "duration_minutes", "topics", "shared_notes",
                        "assignment__mentor__display_name", "assignment__mentor__email"))


def sessions_for_assignment(assignment):
    """The whole log of a pairing, private notes included: for its mentor and hub staff."""
    return MentoringSession.objects.filter(assignment=assignment)


def sessions_for_cohort(cohort):
    return (MentoringSession.objects.filter(assignment__member__cohort=cohort)
            .select_related("assignment__mentor", "assignment__member__user"))
