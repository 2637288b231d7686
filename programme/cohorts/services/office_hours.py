"""Mentor office hours: mentors publish slots, the people a hub lets book them book, cancel or
move them up to a cut-off, and the mentor marks them held (a mentoring session in the log)
or missed; the participant may rate a held one.

Race safety: a booking locks its slot row (``select_for_update``) and the booker's account
row, so two people can never hold the same slot (the partial unique constraint
``office_booking_one_active_per_slot`` is the backstop) and one person's parallel requests
cannot pass the weekly limit. Moving a booking locks both slots in id order.

Who may book (``booking_basis``): an active member of one of the hub's cohorts who is
assigned to the mentor, a member of a team the mentor is assigned to (other features answer
through ``office_hours_booker_providers`` in the core registry: programme does not import
hackathons), or, where the hub's policy opens office hours to its cohorts or its hackathons,
anyone taking part in them. Bookings are always resolved within what the person may see.
"""

import uuid
import zoneinfo
from datetime import UTC, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.accounts.timezones import ZonedDate
from creaconnect.core import audit
from creaconnect.core.registry import office_hours_booker_providers
from creaconnect.core.states import IllegalMove, StateMachine

from ..models import (
    BookingStatus,
    CohortMember,
    MemberStatus,
    MentorAssignment,
    MentoringSession,
    OfficeHourBooking,
    OfficeHourSlot,
    OfficeHoursPolicy,
)
from .cohorts import CohortError
from .office_hours_mail import tell

B = BookingStatus

# The one table of a booking's moves; ``move_booking`` is its only writer.
BOOKING = StateMachine(BookingStatus, {
    B.BOOKED: {B.CANCELLED, B.HELD, B.NO_SHOW},
    B.NO_SHOW: {B.HELD},  # the mentor corrects a mistaken no-show
    B.HELD: set(),
    B.CANCELLED: set(),
})

# Cancelling or moving closes this long before the start; booking closes BOOKING_NOTICE before.
CHANGE_CUTOFF = timedelta(hours=12)
BOOKING_NOTICE = timedelta(hours=2)
MAX_WEEKS = 26


class OfficeHoursError(CohortError):
    """An office-hours change the rules refuse; its text is shown to the person."""


# --- Who may book --------------------------------------------------------------------------

def policy_for(hub) -> OfficeHoursPolicy:
    """The hub's policy (the default, closed, when none was saved)."""
    with scopes_disabled():  # read by the hub's id, from within or outside its scope
        return (OfficeHoursPolicy.objects.filter(hub_id=hub.pk).first()
                or OfficeHoursPolicy(hub=hub))


def _active_members(user, hub_id=None):
    qs = CohortMember.objects.filter(user_id=user.pk).exclude(status=MemberStatus.LEFT)
    return qs.filter(cohort__hub_id=hub_id) if hub_id else qs


def membership_for_booking(user, slot) -> CohortMember | None:
    """The membership through which ``user`` may book ``slot``, or ``None``: assigned to the
    slot's mentor first; any membership of the hub where its policy is open."""
    if not user.is_authenticated or user.pk == slot.mentor_id:
        return None
    # Filtered by the person and the slot's hub, which the caller resolved.
    with scopes_disabled():
        members = _active_members(user, slot.hub_id)
        assigned = members.filter(mentor_assignments__mentor_id=slot.mentor_id).first()
        if assigned is not None:
            return assigned
        if policy_for(slot.hub).open_to_cohorts:
            return members.order_by("pk").first()
    return None


def _other_mentor_pairs(user) -> set[tuple[int, int]]:
    """``(hub_id, mentor_id)`` of the mentors other features assign to ``user`` (a team's)."""
    return set().union(*(p.mentor_pairs(user) for p in office_hours_booker_providers))


def _other_participant_hubs(user) -> set[int]:
    return set().union(*(p.participant_hub_ids(user) for p in office_hours_booker_providers))


def booking_basis(user, slot) -> tuple[bool, CohortMember | None]:
    """Whether ``user`` may book ``slot`` and the cohort membership the booking belongs to
    (``None`` for a hackathon team's or participant's booking): assigned to the mentor in a
    cohort or a team first, then the hub's open policy."""
    if not user.is_authenticated or user.pk == slot.mentor_id:
        return False, None
    member = membership_for_booking(user, slot)
    if member is not None:
        return True, member
    if (slot.hub_id, slot.mentor_id) in _other_mentor_pairs(user):
        return True, None
    if policy_for(slot.hub).open_to_hackathons and slot.hub_id in _other_participant_hubs(user):
        return True, None
    return False, None


def bookable_slots_q(user) -> Q:
    """The slots ``user`` may book, as a filter: their mentors' slots in each hub (cohort
    and team mentors), and every slot of a hub whose office hours are open to its cohorts
    or hackathons where the person takes part."""
    with scopes_disabled():  # the person's own memberships, across hubs
        pairs = set(MentorAssignment.objects.filter(member__user_id=user.pk)
                    .exclude(member__status=MemberStatus.LEFT)
                    .values_list("member__cohort__hub_id", "mentor_id"))
        pairs |= _other_mentor_pairs(user)
        hub_ids = set(_active_members(user).values_list("cohort__hub_id", flat=True))
        other_hub_ids = _other_participant_hubs(user)
        open_hubs = set(OfficeHoursPolicy.objects
                        .filter(Q(hub_id__in=hub_ids, open_to_cohorts=True)
                                | Q(hub_id__in=other_hub_ids, open_to_hackathons=True))
                        .values_list("hub_id", flat=True))
    q = Q(pk__in=[])
    for hub_id, mentor_id in pairs:
        q |= Q(hub_id=hub_id, mentor_id=mentor_id)
    if open_hubs:
        q |= Q(hub_id__in=open_hubs)
    return q & ~Q(mentor_id=user.pk)


def free_slots_for_user(user, *, now=None, mentor_id=None):
    """Future slots ``user`` may book that nobody holds, earliest first (one query)."""
    now = now or timezone.now()
    # Across the hubs the person takes part in; bookable_slots_q limits to what is theirs.
    with scopes_disabled():
        qs = (OfficeHourSlot.objects.filter(bookable_slots_q(user))
              .filter(withdrawn_at__isnull=True, starts_at__gt=now + BOOKING_NOTICE)
              .exclude(bookings__status__in=OfficeHourBooking.ACTIVE)
              .select_related("mentor", "hub").order_by("starts_at", "pk"))
        if mentor_id is not None:
            qs = qs.filter(mentor_id=mentor_id)
        return list(qs)


def mentor_hubs(user):
    """The hubs where ``user`` mentors someone in a cohort or a team: where they may offer
    office hours."""
    from hubs.models import Hub

    if not user.is_authenticated:
        return Hub.objects.none()
    with scopes_disabled():  # the mentor's own pairings, across hubs
        hub_ids = set(MentorAssignment.objects.filter(mentor_id=user.pk)
                      .exclude(member__status=MemberStatus.LEFT)
                      .values_list("member__cohort__hub_id", flat=True))
    for provider in office_hours_booker_providers:
        hub_ids |= provider.mentor_hub_ids(user)
    return Hub.objects.filter(pk__in=hub_ids).order_by("name")


# --- Publishing --------------------------------------------------------------------------

def publish_slots(*, actor, hub, first_start, duration_minutes, time_zone, weeks=1,
                  online_url="", place="", note="", weekly_limit=1,
                  translations=None) -> list[OfficeHourSlot]:
    """Offer one slot, or the same slot weekly for ``weeks`` weeks (same local time in
    ``time_zone``, across clock changes). Refuses a slot overlapping one of the mentor's own.
    Writes an audit entry; nobody is notified (people see free slots on their page)."""
    if not mentor_hubs(actor).filter(pk=hub.pk).exists():
        raise OfficeHoursError(_("You can offer office hours only at a hub where you mentor "
                                 "someone."))
    if not (online_url or place):
        raise OfficeHoursError(_("Give an online link or a place."))
    if not 1 <= weeks <= MAX_WEEKS:
        raise OfficeHoursError(_("Repeat for 1 to %(n)s weeks.") % {"n": MAX_WEEKS})
    if not OfficeHourSlot.MIN_MINUTES <= duration_minutes <= OfficeHourSlot.MAX_MINUTES:
        raise OfficeHoursError(_("An office hour lasts %(min)s to %(max)s minutes.") % {
            "min": OfficeHourSlot.MIN_MINUTES, "max": OfficeHourSlot.MAX_MINUTES})
    zone = zoneinfo.ZoneInfo(time_zone)
    local = timezone.localtime(first_start, zone).replace(tzinfo=None)
    starts = [(local + timedelta(weeks=n)).replace(tzinfo=zone) for n in range(weeks)]
    if starts[0] <= timezone.now():
        raise OfficeHoursError(_("The first office hour must be in the future."))
    series = uuid.uuid4() if weeks > 1 else None
    with transaction.atomic():
        # The mentor's row serialises their own publishing, so overlaps cannot slip in.
        get_user_model().objects.select_for_update().get(pk=actor.pk)
        length = timedelta(minutes=duration_minutes)
        for start in starts:
            _refuse_overlap(actor, start, start + length)
        slots = OfficeHourSlot.objects.bulk_create([OfficeHourSlot(
            hub=hub, mentor=actor, starts_at=start.astimezone(UTC),
            duration_minutes=duration_minutes, time_zone=time_zone, online_url=online_url,
            place=place, note=note, weekly_limit=weekly_limit, series=series,
            translations=translations or {})
            for start in starts])
        audit.record(actor=actor, action="office_hours.published", hub=hub,
                     data={"slots": len(slots), "first": starts[0].isoformat()})
    return slots


def _refuse_overlap(mentor, start, end) -> None:
    with scopes_disabled():  # the mentor's own slots, in every hub
        clash = (OfficeHourSlot.objects.filter(mentor_id=mentor.pk, withdrawn_at__isnull=True,
                                               starts_at__lt=end)
                 .filter(starts_at__gte=start - timedelta(minutes=OfficeHourSlot.MAX_MINUTES))
                 .order_by("starts_at"))
        for slot in clash:
            if slot.ends_at > start:
                raise OfficeHoursError(_("You already offer an office hour at %(when)s.") % {
                    "when": _local_text(slot.starts_at, slot.time_zone)})


def _local_text(moment, zone) -> str:
    return ZonedDate(moment, zone).resolve(get_language())


def withdraw_slot(*, slot, actor) -> OfficeHourSlot:
    """Take back a future slot; a booking of it is cancelled and its holder told."""
    with transaction.atomic(), scopes_disabled():  # the mentor's own slot, checked below
        slot = (OfficeHourSlot.objects.select_for_update(of=("self",))
                .select_related("hub", "mentor").get(pk=slot.pk))
        if actor.pk != slot.mentor_id:
            raise OfficeHoursError(_("Only the mentor who offers this office hour can "
                                     "withdraw it."))
        if slot.withdrawn_at is not None:
            raise OfficeHoursError(_("This office hour was already withdrawn."))
        if slot.starts_at <= timezone.now():
            raise OfficeHoursError(_("This office hour has already started."))
        booking = (slot.bookings.filter(status=B.BOOKED).select_related("person").first())
        if booking is not None:
            move_booking(booking, to=B.CANCELLED, actor=actor)
            tell(booking, kind="programme.office_hours.cancelled", to_mentor=False,
                  by=str(actor))
        slot.withdrawn_at = timezone.now()
        slot.save(update_fields=["withdrawn_at"])
        audit.record(actor=actor, action="office_hours.withdrawn", target=slot, hub=slot.hub)
    return slot


# --- The booking's state machine ------------------------------------------------------------

def move_booking(booking, *, to, actor) -> OfficeHourBooking:
    """The one writer of ``OfficeHourBooking.status``: checks the move, saves, audits.
    Call inside a transaction with the booking locked."""
    try:
        BOOKING.check(booking.status, to)
    except IllegalMove as exc:
        raise OfficeHoursError(str(exc)) from exc
    booking.status = to
    booking.save(update_fields=["status", "changed"])
    audit.record(actor=actor, action=f"office_hours.{to}", target=booking,
                 hub=booking.slot.hub, data={"slot": booking.slot_id})
    return booking


def _locked_booking(pk) -> OfficeHourBooking:
    return (OfficeHourBooking.objects.select_for_update(of=("self",))
            .select_related("slot__hub", "slot__mentor", "person", "member").get(pk=pk))


def _check_can_take(slot, person, *, now, ignore=None) -> CohortMember | None:
    """Refuse unless ``person`` may book the locked ``slot`` now; the cohort membership (or
    ``None``, booked as a team member or hackathon participant) otherwise."""
    if slot.withdrawn_at is not None:
        raise OfficeHoursError(_("This office hour was withdrawn."))
    if slot.starts_at <= now + BOOKING_NOTICE:
        raise OfficeHoursError(_("This office hour starts too soon to be booked."))
    allowed, member = booking_basis(person, slot)
    if not allowed:
        raise OfficeHoursError(_("You cannot book this mentor's office hours."))
    taken = slot.bookings.filter(status__in=OfficeHourBooking.ACTIVE)
    if taken.exists():
        raise OfficeHoursError(_("Someone has just booked this office hour. Please choose "
                                 "another."))
    zone = zoneinfo.ZoneInfo(slot.time_zone)
    local = timezone.localtime(slot.starts_at, zone)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0,
                                                               microsecond=0)
    same_week = (OfficeHourBooking.objects
                 .filter(person_id=person.pk, slot__mentor_id=slot.mentor_id,
                         status__in=OfficeHourBooking.ACTIVE,
                         slot__starts_at__gte=monday, slot__starts_at__lt=monday
                         + timedelta(weeks=1)))
    if ignore is not None:
        same_week = same_week.exclude(pk=ignore.pk)
    if same_week.count() >= slot.weekly_limit:
        raise OfficeHoursError(_("You have already booked as many office hours with this "
                                 "mentor this week as they offer to one person."))
    return member


def book_slot(*, slot_id, actor, topic, time_zone) -> OfficeHourBooking:
    """Book a free slot for ``actor``. Both sides get an e-mail with a calendar entry in
    their own language and time zone. Raises ``OfficeHoursError`` when the slot is taken,
    gone, too soon, not theirs to book or over the weekly limit."""
    now = timezone.now()
    try:
        with transaction.atomic():
            get_user_model().objects.select_for_update().get(pk=actor.pk)
            # Scoped by the booking rules below, not by a hub: the caller may have none.
            with scopes_disabled():
                slot = (OfficeHourSlot.objects.select_for_update(of=("self",))
                        .select_related("hub", "mentor").filter(pk=slot_id).first())
                if slot is None:
                    raise OfficeHoursError(_("This office hour does not exist any more."))
                member = _check_can_take(slot, actor, now=now)
                booking = OfficeHourBooking.objects.create(
                    slot=slot, person=actor, member=member, topic=topic, time_zone=time_zone)
            audit.record(actor=actor, action="office_hours.booked", target=booking,
                         hub=slot.hub, data={"slot": slot.pk})
            tell(booking, kind="programme.office_hours.booked", to_mentor=False)
            tell(booking, kind="programme.office_hours.booked_mentor", to_mentor=True)
    except IntegrityError as exc:  # the constraint caught a race the lock did not see
        raise OfficeHoursError(_("Someone has just booked this office hour. Please choose "
                                 "another.")) from exc
    return booking


def _check_changeable(booking, actor, *, now) -> None:
    if actor.pk != booking.person_id:
        raise OfficeHoursError(_("Only the person who booked can change this booking."))
    if booking.status != B.BOOKED:
        raise OfficeHoursError(_("This booking can no longer be changed."))
    if booking.slot.starts_at - now < CHANGE_CUTOFF:
        raise OfficeHoursError(_("Bookings can be cancelled or moved up to %(h)s hours "
                                 "before they start. Please write to your mentor.")
                               % {"h": int(CHANGE_CUTOFF.total_seconds() // 3600)})


def cancel_booking(*, booking, actor) -> OfficeHourBooking:
    """The participant cancels up to the cut-off; the slot is free again; the mentor is
    told (with a calendar cancellation)."""
    with transaction.atomic(), scopes_disabled():  # the booking was resolved for its person
        booking = _locked_booking(booking.pk)
        _check_changeable(booking, actor, now=timezone.now())
        move_booking(booking, to=B.CANCELLED, actor=actor)
        tell(booking, kind="programme.office_hours.cancelled", to_mentor=True, by=str(actor))
    return booking


def reschedule_booking(*, booking, slot_id, actor) -> OfficeHourBooking:
    """Move a booking to another free slot of the same mentor, up to the cut-off: the old one
    is cancelled and a new one made in one transaction; both sides get the new entry."""
    now = timezone.now()
    try:
        with transaction.atomic(), scopes_disabled():  # the person's own booking and mentor
            get_user_model().objects.select_for_update().get(pk=actor.pk)
            old = (OfficeHourBooking.objects.select_related("slot").get(pk=booking.pk))
            ids = sorted({old.slot_id, int(slot_id)})
            slots = {s.pk: s for s in OfficeHourSlot.objects.select_for_update(of=("self",))
                     .select_related("hub", "mentor").filter(pk__in=ids).order_by("pk")}
            booking = _locked_booking(old.pk)
            _check_changeable(booking, actor, now=now)
            new_slot = slots.get(int(slot_id))
            if new_slot is None or new_slot.pk == booking.slot_id or (
                    new_slot.mentor_id != booking.slot.mentor_id):
                raise OfficeHoursError(_("Choose another free office hour of the same "
                                       "mentor."))
            member = _check_can_take(new_slot, actor, now=now, ignore=booking)
            move_booking(booking, to=B.CANCELLED, actor=actor)
            moved = OfficeHourBooking.objects.create(
                slot=new_slot, person=actor, member=member, topic=booking.topic,
                time_zone=booking.time_zone)
            audit.record(actor=actor, action="office_hours.moved", target=moved,
                         hub=new_slot.hub, data={"from": booking.slot_id, "to": new_slot.pk})
            for to_mentor in (False, True):
                tell(moved, kind="programme.office_hours.moved", to_mentor=to_mentor,
                      previous=booking.slot)
    except IntegrityError as exc:
        raise OfficeHoursError(_("Someone has just booked this office hour. Please choose "
                                 "another.")) from exc
    return moved


# --- After the office hour ------------------------------------------------------------------

def _check_mentor_after_start(booking, actor) -> None:
    if actor.pk != booking.slot.mentor_id:
        raise OfficeHoursError(_("Only the mentor can say whether the office hour took "
                                 "place."))
    if booking.slot.starts_at > timezone.now():
        raise OfficeHoursError(_("This office hour has not started yet."))


def mark_held(*, booking, actor) -> OfficeHourBooking:
    """The mentor says it took place. Where the person is assigned to the mentor, the booking
    becomes one mentoring session in the log: an unlinked session the mentor already logged
    for that pairing on that day is linked, otherwise one is created. The one-to-one link
    keeps the hours counted once."""
    with transaction.atomic(), scopes_disabled():  # the mentor's own booking
        booking = _locked_booking(booking.pk)
        _check_mentor_after_start(booking, actor)
        move_booking(booking, to=B.HELD, actor=actor)
        assignment = (MentorAssignment.objects
                      .filter(mentor_id=actor.pk, member_id=booking.member_id).first()
                      if booking.member_id else None)
        if assignment is not None and booking.session_id is None:
            day = timezone.localtime(booking.slot.starts_at,
                                     zoneinfo.ZoneInfo(booking.slot.time_zone)).date()
            session = (MentoringSession.objects.select_for_update(of=("self",))
                       .filter(assignment=assignment, date=day,
                               office_hour_booking__isnull=True).order_by("pk").first())
            if session is None:
                session = MentoringSession.objects.create(
                    assignment=assignment, date=day,
                    duration_minutes=booking.slot.duration_minutes,
                    topics=booking.topic[:300])
            booking.session = session
            booking.save(update_fields=["session", "changed"])
    return booking


def mark_no_show(*, booking, actor) -> OfficeHourBooking:
    """The mentor says the person did not come."""
    with transaction.atomic(), scopes_disabled():  # the mentor's own booking
        booking = _locked_booking(booking.pk)
        _check_mentor_after_start(booking, actor)
        return move_booking(booking, to=B.NO_SHOW, actor=actor)


def rate_booking(*, booking, actor, rating, comment="") -> OfficeHourBooking:
    """The participant rates a held office hour once (1–5, a short comment); the rating feeds
    the satisfaction figures (``programme.queries.office_hour_ratings``)."""
    if not 1 <= int(rating) <= 5:
        raise OfficeHoursError(_("Choose a rating from 1 to 5."))
    with transaction.atomic(), scopes_disabled():  # the person's own booking
        booking = _locked_booking(booking.pk)
        if actor.pk != booking.person_id:
            raise OfficeHoursError(_("Only the person who booked can rate this office hour."))
        if booking.status != B.HELD:
            raise OfficeHoursError(_("Only an office hour that took place can be rated."))
        if booking.rating is not None:
            raise OfficeHoursError(_("You have already rated this office hour."))
        booking.rating, booking.rating_comment = int(rating), comment.strip()
        booking.rated_at = timezone.now()
        booking.save(update_fields=["rating", "rating_comment", "rated_at", "changed"])
        audit.record(actor=actor, action="office_hours.rated", target=booking,
                     hub=booking.slot.hub, data={"rating": booking.rating})
    return booking


def set_policy(*, hub, open_to_cohorts: bool, actor,
               open_to_hackathons: bool | None = None) -> OfficeHoursPolicy:
    """Staff choose who may book the hub's office hours (``open_to_hackathons=None`` leaves
    that choice as it is)."""
    with transaction.atomic():
        policy, _created = OfficeHoursPolicy.objects.select_for_update().get_or_create(hub=hub)
        policy.open_to_cohorts = bool(open_to_cohorts)
        if open_to_hackathons is not None:
            policy.open_to_hackathons = bool(open_to_hackathons)
        policy.save(update_fields=["open_to_cohorts", "open_to_hackathons"])
        audit.record(actor=actor, action="office_hours.policy_changed", target=policy, hub=hub,
                     data={"open_to_cohorts": policy.open_to_cohorts,
                           "open_to_hackathons": policy.open_to_hackathons})
    return policy
