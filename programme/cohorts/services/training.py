"""Training sessions: scheduling, sign-up with capacity, attendance, reminders.

Sign-up locks the session row (``select_for_update``) before counting the places taken, so
two people racing for the last place are served one after the other and the capacity holds.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.notifications.services import notify

from ..models import CohortMember, MemberStatus, SessionSignup, TrainingSession
from .cohorts import CohortError

SESSION_FIELDS = ("title", "description", "starts_at", "duration_minutes", "place",
                  "online_url", "capacity", "trainer", "translations")
# Changes to these fields are worth telling the people signed up.
NOTIFIED_FIELDS = ("starts_at", "duration_minutes", "place", "online_url")
REMINDER_AHEAD = timedelta(hours=24)


class TrainingError(CohortError):
    """A sign-up, cancellation or attendance move the rules refuse."""


def cohort_page_url(cohort) -> str:
    return reverse("programme:cohort", kwargs={"hub": cohort.hub.slug, "cohort": cohort.slug})


def _when(session) -> LocalisedDate:
    """In each recipient's own language and date style, at the place's (platform's) time."""
    return LocalisedDate(session.starts_at, local=True)


def _session_context(session) -> dict:
    return {"session": Localised(session, "title"), "cohort": session.cohort.name,
            "when": _when(session), "place": session.place, "online_url": session.online_url}


def create_session(*, cohort, actor, notify_members=True, **fields) -> TrainingSession:
    """Schedule a session; tells the cohort's active members (``programme.session.scheduled``)."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        session = TrainingSession.objects.create(cohort=cohort, **fields)
        audit.record(actor=actor, action="session.created", target=session, hub=cohort.hub,
                     data={"cohort": cohort.pk, "starts_at": session.starts_at.isoformat()})
        if notify_members and session.starts_at > timezone.now():
            for member in (CohortMember.objects.filter(cohort=cohort, status=MemberStatus.ACTIVE)
                           .select_related("user")):
                notify(user=member.user, kind="programme.session.scheduled", hub=cohort.hub,
                       url=cohort_page_url(cohort), context=_session_context(session))
    return session


def update_session(*, session, actor, **changes) -> TrainingSession:
    """Edit a session. A change of time or place notifies everyone signed up; capacity
    cannot drop below the places already taken."""
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        session = (TrainingSession.objects.select_for_update().select_related("cohort__hub")
                   .get(pk=session.pk))
        taken = session.signups.count()
        if "capacity" in changes and changes["capacity"] < taken:
            raise TrainingError(_("%(n)s people are signed up: the capacity cannot be lower.")
                                % {"n": taken})
        changed = {k: str(v) for k, v in changes.items() if getattr(session, k) != v}
        for key, value in changes.items():
            setattr(session, key, value)
        session.save()
        if changed:
            audit.record(actor=actor, action="session.updated", target=session,
                         hub=session.cohort.hub, data=changed)
        if set(changed) & set(NOTIFIED_FIELDS):
            for signup in session.signups.select_related("member__user"):
                notify(user=signup.member.user, kind="programme.session.changed",
                       hub=session.cohort.hub, url=cohort_page_url(session.cohort),
                       context=_session_context(session))
    return session


def cancel_session(*, session, actor) -> None:
    """Delete a session; the people signed up are told it is cancelled."""
    with transaction.atomic():
        session = (TrainingSession.objects.select_for_update().select_related("cohort__hub")
                   .get(pk=session.pk))
        if session.signups.filter(attended=True).exists():
            raise TrainingError(_("Attendance was taken for this session: it cannot be "
                                  "cancelled any more."))
        hub = session.cohort.hub
        if session.starts_at > timezone.now():
            for signup in session.signups.select_related("member__user"):
                notify(user=signup.member.user, kind="programme.session.cancelled", hub=hub,
                       url=cohort_page_url(session.cohort), context=_session_context(session))
        audit.record(actor=actor, action="session.cancelled", target=session, hub=hub,
                     data={"title": session.title, "starts_at": session.starts_at.isoformat()})
        session.delete()


def sign_up(*, session, member, actor) -> SessionSignup:
    """Give ``member`` a place in ``session``. Race-safe: the session row is locked while
    the places are counted, so the capacity is never exceeded."""
    with transaction.atomic():
        session = (TrainingSession.objects.select_for_update().select_related("cohort__hub")
                   .get(pk=session.pk))
        if member.cohort_id != session.cohort_id or member.status != MemberStatus.ACTIVE:
            raise TrainingError(_("Only active members of this cohort can sign up."))
        if session.starts_at <= timezone.now():
            raise TrainingError(_("This session has already started."))
        if SessionSignup.objects.filter(session=session, member=member).exists():
            raise TrainingError(_("You are already signed up for this session."))
        if SessionSignup.objects.filter(session=session).count() >= session.capacity:
            raise TrainingError(_("This session is full."))
        try:
            with transaction.atomic():
                signup = SessionSignup.objects.create(session=session, member=member)
        except IntegrityError as exc:  # the same person twice, from two tabs
            raise TrainingError(_("You are already signed up for this session.")) from exc
        audit.record(actor=actor, action="session.signed_up", target=signup,
                     hub=session.cohort.hub, data={"session": session.pk, "member": member.pk})
    return signup


def cancel_signup(*, session, member, actor) -> None:
    """Give the place back, until the session starts."""
    with transaction.atomic():
        session = (TrainingSession.objects.select_for_update().select_related("cohort__hub")
                   .get(pk=session.pk))
        signup = SessionSignup.objects.filter(session=session, member=member).first()
        if signup is None:
            raise TrainingError(_("You are not signed up for this session."))
        if session.starts_at <= timezone.now():
            raise TrainingError(_("This session has already started: the sign-up cannot be "
                                  "cancelled any more."))
        audit.record(actor=actor, action="session.signup_cancelled", target=signup,
                     hub=session.cohort.hub, data={"session": session.pk, "member": member.pk})
        signup.delete()


def take_attendance(*, session, present_member_ids, actor) -> dict:
    """Mark who came: signed-up members in ``present_member_ids`` attended, the others did
    not. Only once the session has started. Returns ``{"present": n, "absent": n}``."""
    present = {int(pk) for pk in present_member_ids}
    with transaction.atomic():
        session = (TrainingSession.objects.select_for_update().select_related("cohort__hub")
                   .get(pk=session.pk))
        if session.starts_at > timezone.now():
            raise TrainingError(_("Attendance can be taken once the session has started."))
        signups = SessionSignup.objects.filter(session=session)
        unknown = present - set(signups.values_list("member_id", flat=True))
        if unknown:
            raise TrainingError(_("Some of the people marked present are not signed up for "
                                  "this session."))
        n_present = signups.filter(member_id__in=present).update(attended=True)
        n_absent = signups.exclude(member_id__in=present).update(attended=False)
        audit.record(actor=actor, action="session.attendance_taken", target=session,
                     hub=session.cohort.hub, data={"present": n_present, "absent": n_absent})
    return {"present": n_present, "absent": n_absent}


def signups_for_member(member):
    return SessionSignup.objects.filter(member=member).select_related("session")


def send_session_reminders(*, now=None) -> int:
    """Remind everyone signed up for a session starting within ``REMINDER_AHEAD``; once per
    person and session (dedup key). Call inside a hub scope or ``scopes_disabled``."""
    now = now or timezone.now()
    count = 0
    signups = (SessionSignup.objects
               .filter(session__starts_at__gt=now, session__starts_at__lte=now + REMINDER_AHEAD)
               .select_related("session__cohort__hub", "member__user"))
    with transaction.atomic():
        for signup in signups:
            session = signup.session
            sent = notify(user=signup.member.user, kind="programme.session.reminder",
                          hub=session.cohort.hub, url=cohort_page_url(session.cohort),
                          context=_session_context(session),
                          dedup_key=f"programme.session.reminder:{session.pk}:{signup.member_id}"
                                    f":{session.starts_at:%Y%m%d%H%M}")
            count += sent is not None
    return count


# --- the personal calendar feed (.ics): a secret URL per person --------------------------------

def calendar_token(user) -> str:
    digest = salted_hmac("programme.calendar", f"{user.pk}:{user.email}").hexdigest()[:32]
    return f"{user.pk}-{digest}"


def calendar_url(user) -> str:
    return reverse("programme:calendar", kwargs={"token": calendar_token(user)})
