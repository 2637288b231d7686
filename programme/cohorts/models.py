"""Cohorts and what happens in them: training, mentoring, milestones, certificates."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Cohort(models.Model):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"), default=75)
    require_all_milestones = models.BooleanField(_("all milestones must be approved"),
                                                 default=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(fields=["hub", "slug"], name="cohort_slug_per_hub"),
                       models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="cohort_ends_after_start")]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.name


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left")


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="cohort_memberships")
    application = models.OneToOneField("programme.Application", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="membership")
    status = models.CharField(_("status"), max_length=12, choices=MemberStatus.choices,
                              default=MemberStatus.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = ScopedManager(hub="cohort__hub")

    class Meta:
        ordering = ["user__display_name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"],
                                               name="one_membership_per_cohort")]
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")

    def __str__(self):
        return f"{self.user} · {self.cohort}"


class TrainingSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=20)
    trainer = models.CharField(_("trainer"), max_length=160, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("title", "description")

    objects = ScopedManager(hub="cohort__hub")

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=models.Q(capacity__gte=1),
                                              name="session_capacity_positive")]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return self.title


class SessionSignup(models.Model):
    """A member's place in a session; ``attended`` is set by staff when taking attendance."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="signups")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="signups")
    created = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = ScopedManager(hub="session__cohort__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"],
                                               name="one_signup_per_session")]
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")

    def __str__(self):
        return f"{self.member} → {self.session}"


class MentorAssignment(models.Model):
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE,
                               related_name="mentor_assignments")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="programme_mentees")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="member__cohort__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "mentor"],
                                               name="one_assignment_per_pair")]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")

    def __str__(self):
        return f"{self.mentor} ↔ {self.member}"


class MentoringSession(models.Model):
    assignment = models.ForeignKey(MentorAssignment, on_delete=models.CASCADE,
                                   related_name="sessions")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    topics = models.CharField(_("topics"), max_length=300)
    private_notes = models.TextField(_("private notes"), blank=True,
                                     help_text=_("Only you and hub staff see these."))
    shared_notes = models.TextField(_("notes for the participant"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="assignment__member__cohort__hub")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(duration_minutes__gte=5),
                                              name="mentoring_min_duration")]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self):
        return f"{self.assignment} {self.date}"


class Milestone(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATABLE_FIELDS = ("title", "description")

    objects = ScopedManager(hub="cohort__hub")

    class Meta:
        ordering = ["order", "due_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class MilestoneState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    CHANGES = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Signed off")


def evidence_path(instance, filename):
    return f"milestones/{instance.milestone_id}/{instance.member_id}/{filename}"


class MilestoneSubmission(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE,
                                  related_name="submissions")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE,
                               related_name="milestone_submissions")
    text = models.TextField(_("what you did"), blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=MilestoneState.choices,
                             default=MilestoneState.SUBMITTED)
    feedback = models.TextField(_("feedback"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(hub="milestone__cohort__hub")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["milestone", "member"],
                                               name="one_submission_per_milestone")]
        verbose_name = _("milestone evidence")
        verbose_name_plural = _("milestone evidence")

    def __str__(self):
        return f"{self.member} · {self.milestone}"


def new_certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"CC-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    member = models.OneToOneField(CohortMember, on_delete=models.CASCADE,
                                  related_name="certificate")
    code = models.CharField(_("verification code"), max_length=20, unique=True,
                            default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    report_id = models.BigIntegerField(null=True, blank=True)

    objects = ScopedManager(hub="member__cohort__hub")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("programme:certificate", kwargs={"code": self.code})


# --- Office hours: slots a mentor offers, booked by the people the hub lets book -------------

# The time zones a mentor or a participant may read office hours in (the hubs' and UTC).
OFFICE_HOURS_TIME_ZONES = [
    ("Europe/Brussels", "Europe/Brussels"),
    ("Europe/Paris", "Europe/Paris"),
    ("Europe/Madrid", "Europe/Madrid"),
    ("Europe/Rome", "Europe/Rome"),
    ("Europe/Belgrade", "Europe/Belgrade"),
    ("Europe/Lisbon", "Europe/Lisbon"),
    ("Europe/London", "Europe/London"),
    ("UTC", "UTC"),
]


class OfficeHoursPolicy(models.Model):
    """Who may book a hub's office hours: only the people and teams assigned to the mentor
    (the default), or also anyone taking part in one of the hub's cohorts or hackathons."""

    hub = models.OneToOneField("hubs.Hub", on_delete=models.CASCADE,
                               related_name="office_hours_policy")
    open_to_cohorts = models.BooleanField(
        _("anyone in the hub's cohorts may book"), default=False,
        help_text=_("Otherwise only the people assigned to a mentor can book that mentor."))
    open_to_hackathons = models.BooleanField(
        _("anyone taking part in the hub's hackathons may book"), default=False,
        help_text=_("Registered participants and team members of the hub's hackathons; a "
                    "team's own mentor is always bookable by the team."))

    objects = ScopedManager(hub="hub")

    class Meta:
        verbose_name = _("office hours policy")
        verbose_name_plural = _("office hours policies")

    def __str__(self):
        return f"{self.hub}"


class OfficeHourSlot(models.Model):
    """A time a mentor offers at a hub. At most one active booking (see the booking's
    constraint); a withdrawn slot stays on record for the use figures."""

    MIN_MINUTES = 10
    MAX_MINUTES = 240

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="office_hours")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="office_hour_slots")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    time_zone = models.CharField(_("time zone"), max_length=40,
                                 choices=OFFICE_HOURS_TIME_ZONES, default=settings.TIME_ZONE)
    online_url = models.URLField(_("online link"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.CharField(_("what to bring or ask"), max_length=300, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    TRANSLATABLE_FIELDS = ("note",)
    weekly_limit = models.PositiveSmallIntegerField(
        _("bookings per person per week"), default=1,
        help_text=_("How many of your office hours one person may book in the same week."))
    # The weekly slots published together share it.
    series = models.UUIDField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["mentor", "starts_at"], name="office_slot_mentor_start"),
                   models.Index(fields=["hub", "starts_at"], name="office_slot_hub_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=10,
                                                      duration_minutes__lte=240),
                                   name="office_slot_length"),
            models.CheckConstraint(condition=models.Q(weekly_limit__gte=1),
                                   name="office_slot_weekly_limit_positive"),
            models.UniqueConstraint(fields=["mentor", "starts_at"],
                                    condition=models.Q(withdrawn_at__isnull=True),
                                    name="office_slot_one_per_mentor_start"),
        ]
        verbose_name = _("office hour")
        verbose_name_plural = _("office hours")

    def __str__(self):
        return f"{self.mentor} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class OfficeHourBooking(models.Model):
    """One person's booking of a slot. ``session`` is the mentoring log entry the booking
    became when the mentor marked it held (one session per booking, one booking per
    session: the hours count once)."""

    ACTIVE = (BookingStatus.BOOKED, BookingStatus.HELD, BookingStatus.NO_SHOW)

    slot = models.ForeignKey(OfficeHourSlot, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="office_hour_bookings")
    member = models.ForeignKey(CohortMember, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="office_hour_bookings")
    topic = models.CharField(_("what you would like to talk about"), max_length=300)
    time_zone = models.CharField(_("your time zone"), max_length=40,
                                 choices=OFFICE_HOURS_TIME_ZONES, default=settings.TIME_ZONE)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.BOOKED)
    session = models.OneToOneField(MentoringSession, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="office_hour_booking")
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    changed = models.DateTimeField(auto_now=True)

    objects = ScopedManager(hub="slot__hub")

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot"],
                                    condition=~models.Q(status=BookingStatus.CANCELLED),
                                    name="office_booking_one_active_per_slot"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True)
                                   | models.Q(rating__gte=1, rating__lte=5),
                                   name="office_booking_rating_1_to_5"),
        ]
        verbose_name = _("office hour booking")
        verbose_name_plural = _("office hour bookings")

    def __str__(self):
        return f"{self.person} → {self.slot}"
