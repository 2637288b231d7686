"""Read-side queries of the surveys: lists with their response figures, one survey's
results, and the figures the consortium's pages and indicators read. Aggregated in the
database; a list costs the same number of queries whatever its length."""

from collections import defaultdict

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django_scopes import scopes_disabled

from creaconnect.core.periods import period_q

from .models import (
    LIKERT_LABELS,
    MIN_RESPONSES,
    ActivityKind,
    Answer,
    Invitation,
    QuestionKind,
    Response,
    Survey,
    SurveyState,
)


def _count(model, **filters):
    return Coalesce(Subquery(
        model.objects.filter(survey=OuterRef("pk"), **filters).order_by()
        .values("survey").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField()), 0)


def with_figures(qs):
    """``qs`` of surveys with ``invited``, ``responded`` and ``overall_mean`` (the overall
    rating; None under MIN_RESPONSES is the caller's business) as subqueries: no join fans
    out, one query for the whole page."""
    overall = (Answer.objects.filter(response__survey=OuterRef("pk"), question__key="overall")
               .order_by().values("response__survey").annotate(m=Avg("score")).values("m"))
    return qs.annotate(invited=_count(Invitation), responded=_count(Response),
                       overall_mean=Subquery(overall))


def surveys_for_hub(hub):
    return with_figures(Survey.objects.filter(hub=hub)).order_by("-created")


def surveys_for_programme(*, hub_id=None, kind=""):
    """Every hub's sent surveys (the programme console), newest activity first."""
    with scopes_disabled():  # programme-wide by design: the consortium's page
        qs = Survey.objects.exclude(state=SurveyState.DRAFT).select_related("hub")
        if hub_id:
            qs = qs.filter(hub_id=hub_id)
        if kind:
            qs = qs.filter(kind=kind)
        return with_figures(qs).order_by("-sent_at", "-pk")


def rate(responded: int, invited: int) -> int | None:
    return round(100 * responded / invited) if invited else None


def results(survey) -> dict:
    """One survey's results: ``invited``, ``responded``, ``rate``, ``shown`` (enough
    responses to show more), and per question its ``label``, ``kind``, ``n``, ``mean``,
    ``distribution`` (label, count, percent from 1 to 5) or ``texts``. Four queries."""
    questions = list(survey.questions.all())
    invited = Invitation.objects.filter(survey=survey).count()
    responded = Response.objects.filter(survey=survey).count()
    shown = responded >= MIN_RESPONSES
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    texts: dict[int, list[str]] = defaultdict(list)
    if shown:
        for row in (Answer.objects.filter(question__survey=survey, score__isnull=False)
                    .values("question_id", "score").annotate(n=Count("pk")).order_by()):
            counts[row["question_id"]][row["score"]] = row["n"]
        for qid, text in (Answer.objects.filter(question__survey=survey,
                                                question__kind=QuestionKind.TEXT)
                          .exclude(text="").order_by("?").values_list("question_id", "text")):
            texts[qid].append(text)
    rows = []
    for q in questions:
        row = {"label": q.label, "kind": q.kind, "is_default": q.is_default, "pk": q.pk}
        if q.kind == QuestionKind.LIKERT:
            by_score = counts.get(q.pk, {})
            n = sum(by_score.values())
            row.update(n=n, mean=(sum(s * c for s, c in by_score.items()) / n) if n else None,
                       distribution=[{"score": s, "label": label, "count": by_score.get(s, 0),
                                      "percent": round(100 * by_score.get(s, 0) / n) if n
                                      else 0} for s, label in LIKERT_LABELS])
        else:
            row.update(texts=texts.get(q.pk, []))
        rows.append(row)
    return {"invited": invited, "responded": responded, "rate": rate(responded, invited),
            "shown": shown, "questions": rows, "min_responses": MIN_RESPONSES}


def open_invitations_for(user):
    """``user``'s surveys waiting for an answer (the dashboard)."""
    from django.utils import timezone

    with scopes_disabled():  # a person's own invitations, in every hub
        return list(Invitation.objects.filter(
            user=user, answered_at__isnull=True, survey__state=SurveyState.OPEN,
            survey__closes_at__gt=timezone.now()).select_related("survey__hub")
            .order_by("survey__closes_at"))


def indicator_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}`` for the funder's indicators, over surveys whose activity
    ended in ``[start, end]``: ``surveys_sent``, ``surveys_invited``, ``surveys_responded``,
    and per activity kind ``satisfaction_<kind>_n`` (responses rating the activity overall)
    and ``satisfaction_<kind>_sum`` (their total). Three queries."""
    figures: dict[int, dict] = defaultdict(dict)
    period = period_q("activity_ended_at__date", start, end)
    # Programme-wide figures for the consortium: they cross hubs by design.
    with scopes_disabled():
        sent = Survey.objects.exclude(state=SurveyState.DRAFT).filter(period)
        for row in sent.values("hub_id").annotate(n=Count("pk")).order_by():
            figures[row["hub_id"]]["surveys_sent"] = row["n"]
        for row in (Invitation.objects.filter(survey__in=sent).values("survey__hub_id")
                    .annotate(invited=Count("pk"),
                              responded=Count("pk", filter=Q(answered_at__isnull=False)))
                    .order_by()):
            figures[row["survey__hub_id"]].update(surveys_invited=row["invited"],
                                                  surveys_responded=row["responded"])
        for row in (Answer.objects.filter(question__survey__in=sent, question__key="overall",
                                          score__isnull=False)
                    .values("question__survey__hub_id", "question__survey__kind")
                    .annotate(n=Count("pk"), total=Sum("score")).order_by()):
            kind = row["question__survey__kind"]
            figures[row["question__survey__hub_id"]].update(
                {f"satisfaction_{kind}_n": row["n"], f"satisfaction_{kind}_sum": row["total"]})
    return dict(figures)


# For the apps that read the surveys (the consortium): the activity kinds.
ACTIVITY_KINDS = ActivityKind.choices
__all__ = ["ACTIVITY_KINDS", "MIN_RESPONSES", "indicator_figures", "rate", "results",
           "surveys_for_hub", "surveys_for_programme"]
