"""Demo office hours: the demo mentor offers a weekly online hour at the hub of the demo
participant (so that the README's participant login sees them and holds the booking), with
a past one held (in the mentoring log, rated), a past one missed and an upcoming one booked.
Idempotent: nothing is added once the mentor has office hours."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from hubs.demo import ensure_user

from .models import MentorAssignment, OfficeHourBooking, OfficeHourSlot
from .services import office_hours

ZONE = "Europe/Brussels"
DEMO_PARTICIPANT = "participant@creaconnect.test"


def _past_slot(hub, mentor, days_ago: int) -> OfficeHourSlot:
    start = (timezone.now() - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0,
                                                                microsecond=0)
    return OfficeHourSlot.objects.create(hub=hub, mentor=mentor, starts_at=start,
                                         duration_minutes=45, time_zone=ZONE,
                                         online_url="https://meet.example.org/office-hours")


def seed(log):
    mentor = ensure_user("mentor@creaconnect.test", "Marco Bellini")
    with scopes_disabled():  # a seeder: every hub at once
        if OfficeHourSlot.objects.filter(mentor=mentor).exists():
            return
        pairs = list(MentorAssignment.objects.filter(mentor=mentor)
                     .select_related("member__user", "member__cohort__hub")
                     .order_by("member__cohort__hub__name", "pk"))
        if not pairs:
            return
        # The demo participant's pair first (a stable sort keeps the hub-name order else).
        pairs.sort(key=lambda pair: pair.member.user.email != DEMO_PARTICIPANT)
        hub = pairs[0].member.cohort.hub
        mentees = [p.member for p in pairs if p.member.cohort.hub_id == hub.pk]
        # At 10:00 in Brussels in winter (09:00 UTC), not at whatever hour the seed runs.
        first = (timezone.now() + timedelta(days=3)).replace(hour=9, minute=0, second=0,
                                                             microsecond=0)
        slots = office_hours.publish_slots(
            actor=mentor, hub=hub, first_start=first, duration_minutes=45, time_zone=ZONE,
            weeks=4, online_url="https://meet.example.org/office-hours", weekly_limit=1,
            note="Bring one question about your plan or your pitch.")
        # Rows, not the booking service: the demo sends no e-mails (like the other seeders).
        OfficeHourBooking.objects.create(slot=slots[0], person=mentees[0].user,
                                         member=mentees[0], topic="Pricing the first workshops",
                                         time_zone=ZONE)
        held = OfficeHourBooking.objects.create(
            slot=_past_slot(hub, mentor, 9), person=mentees[0].user, member=mentees[0],
            topic="Finding a first venue partner", time_zone=ZONE)
        office_hours.mark_held(booking=held, actor=mentor)
        office_hours.rate_booking(booking=held, actor=mentees[0].user, rating=5,
                                  comment="Clear next steps.")
        missed = OfficeHourBooking.objects.create(
            slot=_past_slot(hub, mentor, 16), person=mentees[-1].user, member=mentees[-1],
            topic="Budget for the pilot", time_zone=ZONE)
        office_hours.mark_no_show(booking=missed, actor=mentor)
    log(f"office hours at {hub}: {len(slots)} weekly slots, one booked, one held, one missed")
