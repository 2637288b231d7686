"""Read-side queries of the programme app for the funder's indicators report (consortium).

Every function returns querysets or aggregates computed in the database; nothing loops over
people in Python. They cross hubs by design: the report is programme-wide.
"""

from django.db.models import CharField, Count, F, Value
from django.db.models.functions import TruncDate
from django_scopes import scopes_disabled

from creaconnect.core.periods import period_q

from .models import (
    Application,
    Certificate,
    CohortMember,
    MentorAssignment,
    MentoringSession,
)


def participations():
    """One queryset per kind of taking part: ``p_hub, p_user, p_role, p_country`` (the host
    hub's country) and ``p_at`` (the date it happened). Unfiltered by period: the consortium
    needs earlier rows to tell newcomers from returning people."""
    with scopes_disabled():
        return [
            Application.objects.filter(submitted_at__isnull=False).values(
                p_hub=F("call__hub_id"), p_user=F("applicant_id"),
                p_role=Value("applicant", output_field=CharField()),
                p_country=F("call__hub__country"), p_at=TruncDate("submitted_at")),
            CohortMember.objects.values(
                p_hub=F("cohort__hub_id"), p_user=F("user_id"),
                p_role=Value("participant", output_field=CharField()),
                p_country=F("cohort__hub__country"), p_at=TruncDate("joined_at")),
            MentorAssignment.objects.values(
                p_hub=F("member__cohort__hub_id"), p_user=F("mentor_id"),
                p_role=Value("mentor", output_field=CharField()),
                p_country=F("member__cohort__hub__country"), p_at=TruncDate("created")),
        ]


def indicator_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}``: mentoring sessions and certificates issued in the
    period. Two queries."""
    figures: dict[int, dict] = {}
    with scopes_disabled():
        for row in (MentoringSession.objects.filter(period_q("date", start, end))
                    .values("assignment__member__cohort__hub_id")
                    .annotate(mentoring_sessions=Count("id")).order_by()):
            figures.setdefault(row.pop("assignment__member__cohort__hub_id"), {}).update(row)
        for row in (Certificate.objects.filter(period_q("issued_at__date", start, end))
                    .values("member__cohort__hub_id")
                    .annotate(certificates=Count("member__user_id", distinct=True))
                    .order_by()):
            figures.setdefault(row.pop("member__cohort__hub_id"), {}).update(row)
    return figures


