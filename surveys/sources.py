"""The activities a survey follows, read from the apps that own them: training sessions and
cohorts (``programme.models``, the programme's stable façade) and hackathons (through
``hackathons.queries``). Nothing here writes.

An activity has ended when the session's last minute has passed, the cohort's last day is
over, or the hackathon's results are published. Its participants: the people signed up for
the session who were not marked absent, the cohort's members who did not leave, and the
hackathon's team members.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone
from django_scopes import scopes_disabled

from hackathons import queries as hackathon_queries
from programme.models import Cohort, MemberStatus, SessionSignup, TrainingSession

from .models import ActivityKind

MINUTE = timedelta(minutes=1)


@dataclass
class Activity:
    kind: str
    obj: object
    hub: object
    title: str
    ended_at: datetime
    participant_ids: list[int] = field(default_factory=list)


def _session_end():
    return ExpressionWrapper(F("starts_at") + F("duration_minutes") * MINUTE,
                             output_field=DateTimeField())


def cohort_end(cohort) -> datetime:
    """The end of the cohort's last day, at the platform's time."""
    return timezone.make_aware(datetime.combine(cohort.ends_on + timedelta(days=1), time.min))


def session_participants(session_id) -> list[int]:
    return list(SessionSignup.objects.filter(session_id=session_id)
                .exclude(attended=False).exclude(member__status=MemberStatus.LEFT)
                .values_list("member__user_id", flat=True).distinct())


def cohort_participants(cohort_id) -> list[int]:
    from programme.models import CohortMember

    return list(CohortMember.objects.filter(cohort_id=cohort_id)
                .exclude(status=MemberStatus.LEFT)
                .values_list("user_id", flat=True).distinct())


def ended_activities(*, now, within: timedelta) -> list[Activity]:
    """Every hub's activities that ended in ``(now - within, now]``, with their participants.
    A few queries per activity; ``within`` keeps the window short (the job runs hourly)."""
    since = now - within
    found = []
    # The survey job has no request scope: it looks at every hub's activities by design.
    with scopes_disabled():
        for s in (TrainingSession.objects.annotate(ends=_session_end())
                  .filter(ends__gt=since, ends__lte=now).select_related("cohort__hub")):
            found.append(Activity(ActivityKind.SESSION, s, s.cohort.hub, s.title, s.ends,
                                  session_participants(s.pk)))
        for c in (Cohort.objects.filter(ends_on__gte=(since - timedelta(days=1)).date(),
                                        ends_on__lt=timezone.localdate(now))
                  .select_related("hub")):
            ended = cohort_end(c)
            if since < ended <= now:
                found.append(Activity(ActivityKind.COHORT, c, c.hub, c.name, ended,
                                      cohort_participants(c.pk)))
        for h in hackathon_queries.hackathons_with_results(since=since):
            if h.results_published_at <= now:
                found.append(Activity(ActivityKind.HACKATHON, h, h.hub, h.title,
                                      h.results_published_at,
                                      hackathon_queries.participant_ids(h.pk)))
    return found


def activity_of(survey) -> Activity:
    """The activity ``survey`` follows, with its participants (for sending a prepared one)."""
    with scopes_disabled():  # the job sends for every hub
        if survey.kind == ActivityKind.SESSION:
            s = TrainingSession.objects.annotate(ends=_session_end()).get(pk=survey.session_id)
            return Activity(survey.kind, s, survey.hub, s.title, s.ends,
                            session_participants(s.pk))
        if survey.kind == ActivityKind.COHORT:
            c = Cohort.objects.get(pk=survey.cohort_id)
            return Activity(survey.kind, c, survey.hub, c.name, cohort_end(c),
                            cohort_participants(c.pk))
        h = survey.hackathon
        return Activity(survey.kind, h, survey.hub, h.title, h.results_published_at,
                        hackathon_queries.participant_ids(h.pk))


def upcoming_choices(hub, *, now) -> list[tuple[str, str]]:
    """``hub``'s activities that have not ended yet, as (``kind:id``, label) choices for
    preparing a survey ahead. Three queries."""
    sessions = (TrainingSession.objects.annotate(ends=_session_end())
                .filter(cohort__hub=hub, ends__gt=now).select_related("cohort")
                .order_by("starts_at")[:200])
    cohorts = Cohort.objects.filter(hub=hub, ends_on__gte=timezone.localdate(now))
    hackathons = hackathon_queries.hackathons_without_results(hub)
    return ([(f"{ActivityKind.SESSION}:{s.pk}", f"{s.title} — {s.cohort.name}")
             for s in sessions]
            + [(f"{ActivityKind.COHORT}:{c.pk}", c.name) for c in cohorts]
            + [(f"{ActivityKind.HACKATHON}:{h.pk}", h.title) for h in hackathons])


def activity_for_choice(hub, value: str, *, now) -> Activity | None:
    """The activity a ``kind:id`` choice names, if it is ``hub``'s and has not ended."""
    kind, _sep, raw = value.partition(":")
    if not raw.isdigit():
        return None
    pk = int(raw)
    if kind == ActivityKind.SESSION:
        s = (TrainingSession.objects.annotate(ends=_session_end())
             .filter(cohort__hub=hub, pk=pk, ends__gt=now).first())
        return s and Activity(kind, s, hub, s.title, s.ends)
    if kind == ActivityKind.COHORT:
        c = Cohort.objects.filter(hub=hub, pk=pk, ends_on__gte=timezone.localdate(now)).first()
        return c and Activity(kind, c, hub, c.name, cohort_end(c))
    if kind == ActivityKind.HACKATHON:
        h = hackathon_queries.hackathons_without_results(hub).filter(pk=pk).first()
        return h and Activity(kind, h, hub, h.title, None)
    return None
