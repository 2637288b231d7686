"""Call review on the shared review engine (issue 17 §1): rounds, experts of the pool as
reviewers, conflicts and replacement, automatic assignment, the table per round with
normalised / median / disagreement, the ranking figure, feedback to applicants, reminders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.accounts.models import Profile
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import render
from creaconnect.review import pool
from creaconnect.review.conflicts import ConflictReason
from programme.calls.services import review_engine
from programme.calls.services import review_results as results
from programme.calls.services import review_rounds as svc
from programme.calls.services import reviews as review_svc
from programme.calls.services.applications import decide_application
from programme.factories import CallReviewerFactory, ReviewConflictFactory, ReviewRoundFactory
from programme.models import (
    Application,
    CallReviewer,
    Review,
    ReviewAssignment,
    ReviewConflict,
)
from programme.models import ApplicationState as S
from tests.conftest import wait_for
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CoApplicantFactory,
    CriterionFactory,
    MembershipFactory,
    UserFactory,
    make_judge,
)


def expert(*, hub=None, organisation="", tags=("design",)):
    user = make_judge(hub=hub, organisation=organisation)
    with scopes_disabled():
        user.expert_profile.expertise = list(tags)
        user.expert_profile.save(update_fields=["expertise"])
    return user


def submitted(call, n=1, **fields):
    with scope(hub=call.hub):
        return [ApplicationFactory(call=call, state=S.SUBMITTED,
                                   submitted_at=timezone.now(), **fields) for _ in range(n)]


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, title="Creative Futures")
        CriterionFactory(call=call, name="Eligible", weight=1, scale_max=1)
        CriterionFactory(call=call, name="Quality", weight=1, scale_max=10)
    return call


def crit(call):
    with scopes_disabled():
        return {c.name: c for c in call.criteria.all()}


@pytest.fixture
def expert_round(call):
    with scope(hub=call.hub):
        r = ReviewRoundFactory(call=call, name="Expert scoring", per_application=2)
        r.criteria.set([crit(call)["Quality"]])
    return r


def on_call(call, *users):
    with scope(hub=call.hub):
        for u in users:
            CallReviewerFactory(call=call, user=u)


def console(name, call, **kw):
    return reverse(f"programme_console:{name}", kwargs={"hub_slug": call.hub.slug,
                                                       "call_pk": call.pk, **kw})


# --- Rounds, the pool, external reviewers ---------------------------------------------

@pytest.mark.django_db
def test_staff_add_rounds_with_deadline_and_criteria(client, call, staff_a):
    client.force_login(staff_a)
    c = crit(call)
    deadline = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(console("review_rounds", call), {
        "name": "Eligibility", "deadline": deadline, "per_application": "1",
        "criteria": [c["Eligible"].pk]})
    assert response.status_code == 302
    response = client.post(console("review_rounds", call), {
        "name": "", "deadline": deadline, "per_application": "99"})
    assert response.status_code == 422  # a clear message, not a 500
    with scope(hub=call.hub):
        (eligibility,) = call.review_rounds.all()
        assert eligibility.per_application == 1
        assert svc.round_criteria(eligibility) == [c["Eligible"]]
    page = client.get(console("review_rounds", call)).content.decode()
    assert "Eligibility" in page


@pytest.mark.django_db
def test_experts_come_from_the_pool_through_the_engine(client, call, staff_a):
    ada = expert(organisation="Studio Ada")
    outsider = UserFactory()
    assert ada.pk in pool.experts()
    assert outsider.pk not in pool.experts()
    client.force_login(staff_a)
    page = client.get(console("review_rounds", call)).content.decode()
    assert str(ada) in page  # offered from the pool
    client.post(console("review_reviewer_add", call), {"user": ada.pk})
    response = client.post(console("review_reviewer_add", call), {"user": outsider.pk},
                           follow=True)
    assert "not in the expert pool" in response.content.decode()
    with scope(hub=call.hub):
        assert list(CallReviewer.objects.values_list("user_id", flat=True)) == [ada.pk]
        assert ada.pk in review_engine.reviewer_ids(call)
        row = CallReviewer.objects.get()
    remove = console("review_reviewer_remove", call, row_pk=row.pk)
    assert "Take this expert off" in client.post(remove).content.decode()  # asks first
    client.post(remove, {"confirmed": "1"})
    with scope(hub=call.hub):
        assert not CallReviewer.objects.exists()


# --- Conflicts ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_conflicts_same_hub_organisation_declared_and_co_applicant(call, hub_b):
    same_hub = expert(hub=hub_b)
    same_org = expert(organisation="Atelier Nord")
    declared = expert()
    co = expert()
    free = expert()
    with scopes_disabled():
        applicant_staff_of_b = MembershipFactory(hub=hub_b).user
    (by_b,) = submitted(call, applicant=applicant_staff_of_b)
    (by_org,) = submitted(call)
    with scopes_disabled():
        Profile.objects.update_or_create(user=by_org.applicant,
                                         defaults={"organisation": "atelier  NORD."})
    (joint,) = submitted(call)
    with scope(hub=call.hub):
        CoApplicantFactory(application=joint, email=co.email, user=co,
                           accepted_at=timezone.now())
        ReviewConflictFactory(application=by_org, reviewer=declared)
    ids = [same_hub.pk, same_org.pk, declared.pk, co.pk, free.pk]
    with scope(hub=call.hub):
        reasons = review_engine.conflict_reasons(call, ids, [by_b, by_org, joint])
    assert reasons[(same_hub.pk, by_b.pk)] == ConflictReason.SAME_HUB
    assert reasons[(same_org.pk, by_org.pk)] == ConflictReason.SAME_ORGANISATION
    assert reasons[(declared.pk, by_org.pk)] == ConflictReason.DECLARED
    assert reasons[(co.pk, joint.pk)] == ConflictReason.MEMBER
    assert not any(r == free.pk for r, _i in reasons)


@pytest.mark.django_db
def test_automatic_assignment_k_per_application_cap_and_no_conflict(call, expert_round,
                                                                    staff_a, hub_b):
    textiles = expert(tags=("textiles", "weaving"))
    sound = expert(tags=("sound", "music"))
    conflicted = expert(hub=hub_b, tags=("textiles",))
    on_call(call, textiles, sound, conflicted)
    with scopes_disabled():
        staff_b_applicant = MembershipFactory(hub=hub_b).user
    apps = submitted(call, 5)
    (loom,) = submitted(call, project_title="Solar textiles weaving loom",
                        applicant=staff_b_applicant)
    apps.append(loom)
    with scope(hub=call.hub):
        created = svc.assign_round(review_round=expert_round, actor=staff_a)
        rows = list(ReviewAssignment.objects.filter(round=expert_round))
    assert created == len(rows) == 12  # 6 applications × 2 reviewers
    per_app = {a.pk: 0 for a in apps}
    loads = {}
    for row in rows:
        per_app[row.application_id] += 1
        loads[row.reviewer_id] = loads.get(row.reviewer_id, 0) + 1
    assert set(per_app.values()) == {2}
    assert max(loads.values()) <= 3  # ceil(2 × 6 / 4 reviewers)
    assert (conflicted.pk, loom.pk) not in {(r.reviewer_id, r.application_id) for r in rows}
    assert (textiles.pk, loom.pk) in {(r.reviewer_id, r.application_id) for r in rows}
    with scope(hub=call.hub):  # a re-run keeps what it made
        assert svc.assign_round(review_round=expert_round, actor=staff_a) == 0
        assert ReviewAssignment.objects.filter(round=expert_round).count() == 12


@pytest.mark.django_db
def test_declared_conflict_replaces_the_reviewer_with_the_next_best(client, call,
                                                                     expert_round, staff_a):
    first = expert(tags=("ceramics",))
    best_spare = expert(tags=("ceramics", "glass"))
    weak_spare = expert(tags=("finance",))
    on_call(call, first, best_spare, weak_spare)
    (app,) = submitted(call, project_title="Ceramics and glass studio")
    with scope(hub=call.hub):
        mine = ReviewAssignment.objects.create(round=expert_round, application=app,
                                               reviewer=first, automatic=True)
        ReviewAssignment.objects.create(round=expert_round, application=app, reviewer=staff_a)
    client.force_login(first)
    url = reverse("programme:review_conflict", kwargs={"pk": mine.pk})
    assert "Declare a conflict" in client.post(url).content.decode()  # asks first
    response = client.post(url, {"confirmed": "1", "reason": "My cousin's studio"})
    assert response.status_code == 302
    with scope(hub=call.hub):
        assert ReviewConflict.objects.filter(application=app, reviewer=first).exists()
        on_it = set(ReviewAssignment.objects.filter(round=expert_round, application=app)
                    .values_list("reviewer_id", flat=True))
    assert on_it == {staff_a.pk, best_spare.pk}
    # Their old page is gone, and a re-run never puts them back.
    assert client.get(reverse("programme:review_assignment",
                              kwargs={"pk": mine.pk})).status_code == 404
    with scope(hub=call.hub):
        svc.assign_round(review_round=expert_round, actor=staff_a)
        assert not ReviewAssignment.objects.filter(application=app, reviewer=first).exists()
    assert Notification.objects.filter(kind="programme.review.assigned",
                                       recipient=best_spare).exists()


@pytest.mark.django_db
def test_replacement_respects_the_load_cap(call, expert_round, staff_a):
    first, full = expert(), expert(tags=("design", "ceramics"))
    on_call(call, first, full)
    apps = submitted(call, 2)
    with scope(hub=call.hub):
        expert_round.per_application = 1
        expert_round.save()
        mine = ReviewAssignment.objects.create(round=expert_round, application=apps[0],
                                               reviewer=first, automatic=True)
        ReviewAssignment.objects.create(round=expert_round, application=apps[1], reviewer=full)
        # 2 applications × 1 reviewer over 3 reviewers (staff_a too): cap 1 each.
        replaced = svc.declare_conflict(assignment=mine, actor=first)
    assert [r.reviewer_id for r in replaced] == [staff_a.pk]  # ``full`` is at its cap


@pytest.mark.django_db
def test_staff_forbid_a_pair_and_the_engine_replaces_it(client, call, expert_round, staff_a):
    first, spare = expert(), expert(tags=("design", "ceramics"))
    on_call(call, first, spare)
    (app,) = submitted(call, project_title="Ceramics studio")
    with scope(hub=call.hub):
        ReviewAssignment.objects.create(round=expert_round, application=app, reviewer=first,
                                        automatic=True)
        ReviewAssignment.objects.create(round=expert_round, application=app, reviewer=staff_a)
    client.force_login(staff_a)
    url = console("review_round_forbid", call, round_pk=expert_round.pk)
    data = {"reviewer": first.pk, "application": app.pk}
    assert "Forbid this reviewer" in client.post(url, data).content.decode()  # asks first
    client.post(url, {**data, "confirmed": "1"})
    with scope(hub=call.hub):
        assert ReviewConflict.objects.filter(application=app, reviewer=first).exists()
        on_it = set(ReviewAssignment.objects.filter(application=app)
                    .values_list("reviewer_id", flat=True))
        assert on_it == {staff_a.pk, spare.pk}
        results_ = svc.assign_round(review_round=expert_round, actor=staff_a)
        assert results_ == 0
        assert not ReviewAssignment.objects.filter(application=app, reviewer=first).exists()
    page = client.get(console("review_round", call, round_pk=expert_round.pk)).content.decode()
    assert "1</td>" in page  # the conflict is counted in the table


# --- The reviewer's own pages --------------------------------------------------------------

@pytest.mark.django_db
def test_expert_sees_and_scores_only_assigned_applications(client, call, expert_round,
                                                            hub_b):
    ada, bob = expert(), expert()
    on_call(call, ada, bob)
    mine, other = submitted(call, 2)
    other_call = CallFactory(hub=hub_b)
    (elsewhere,) = submitted(other_call)
    with scope(hub=call.hub):
        a = ReviewAssignment.objects.create(round=expert_round, application=mine, reviewer=ada)
        b = ReviewAssignment.objects.create(round=expert_round, application=other, reviewer=bob)
    with scope(hub=hub_b):
        other_round = ReviewRoundFactory(call=other_call)
        c = ReviewAssignment.objects.create(round=other_round, application=elsewhere,
                                            reviewer=bob)
    client.force_login(ada)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "1 of 1 assigned applications still to review." in dashboard
    listing = client.get(reverse("programme:my_reviews")).content.decode()
    assert mine.project_title in listing
    assert other.project_title not in listing
    assert client.get(reverse("programme:review_assignment", kwargs={"pk": a.pk})
                      ).status_code == 200
    for pk in (b.pk, c.pk, 999999):  # another reviewer's, another hub's, none
        for name in ("review_assignment", "review_score", "review_conflict"):
            url = reverse(f"programme:{name}", kwargs={"pk": pk})
            response = client.post(url) if name != "review_assignment" else client.get(url)
            assert response.status_code == 404, (name, pk)
    quality = crit(call)["Quality"]
    response = client.post(reverse("programme:review_score", kwargs={"pk": a.pk}),
                           {f"c{quality.pk}": "8", "comment": "Clear plan."})
    assert response.status_code == 302
    with scope(hub=call.hub):
        review = Review.objects.get(reviewer=ada)
    assert review.round == expert_round
    assert review.total == Decimal("80.000")
    # Staff's console stays closed to the expert.
    assert client.get(console("applications", call)).status_code in (302, 403, 404)


@pytest.mark.django_db
def test_scoring_outside_an_assignment_is_refused(call, expert_round):
    ada = expert()
    (app,) = submitted(call)
    quality = crit(call)["Quality"]
    with scope(hub=call.hub), pytest.raises(review_svc.ReviewError):
        review_svc.submit_review(application=app, reviewer=ada, scores={quality.pk: 5},
                                 comment="", review_round=expert_round)


# --- The table per round and the ranking figure ---------------------------------------------

def score(call, review_round, app, reviewer, value, comment=""):
    quality = crit(call)["Quality"]
    with scope(hub=call.hub):
        ReviewAssignment.objects.get_or_create(round=review_round, application=app,
                                               reviewer=reviewer)
        review_svc.submit_review(application=app, reviewer=reviewer, scores={quality.pk: value},
                                 comment=comment, review_round=review_round)


@pytest.mark.django_db
def test_table_ranks_by_the_chosen_figure_and_flags_disagreement(client, call, expert_round,
                                                                  staff_a):
    harsh, lenient, third = expert(), expert(), expert()
    on_call(call, harsh, lenient, third)
    a, b, c = submitted(call, 3)
    # The harsh reviewer scores a and b low; the lenient one scores b and c high.
    score(call, expert_round, a, harsh, 4)
    score(call, expert_round, b, harsh, 2)
    score(call, expert_round, b, lenient, 9)
    score(call, expert_round, c, lenient, 7)
    score(call, expert_round, c, third, 6)
    score(call, expert_round, a, third, 6)
    with scope(hub=call.hub):
        table = results.round_table(expert_round)
        rows = {r.application.pk: r for r in table.rows}
        assert rows[b.pk].summary.mean == pytest.approx(55.0)
        assert rows[b.pk].summary.median == pytest.approx(55.0)
        assert rows[b.pk].summary.disagreement  # 20 vs 90: 70 points apart
        assert not rows[c.pk].summary.disagreement
        by_normalised = [r.application.pk for r in table.rows]
        results.set_rank_figure(call=call, rank_by="mean", actor=staff_a)
        by_mean = [r.application.pk for r in results.round_table(expert_round).rows]
        results.set_rank_figure(call=call, rank_by="median", actor=staff_a)
        by_median = [r.application.pk for r in results.round_table(expert_round).rows]
    # Means: a 50, b 55, c 65. Normalised: a is its harsh reviewer's best, so it rises.
    assert by_mean == [c.pk, b.pk, a.pk]
    assert by_median == [c.pk, b.pk, a.pk]
    assert by_normalised[0] == a.pk
    client.force_login(staff_a)
    client.post(console("review_rank_figure", call), {"rank_by": "normalised"})
    page = client.get(console("review_round", call, round_pk=expert_round.pk)).content.decode()
    assert "Disagreement" in page
    assert "55.0" in page
    response = client.post(console("review_rank_figure", call), {"rank_by": "bogus"},
                           follow=True)
    assert "Choose one of the figures offered" in response.content.decode()


@pytest.mark.django_db
def test_round_table_query_count_is_flat(client, call, expert_round, staff_a):
    experts_ = [expert(tags=(f"t{i}",)) for i in range(3)]
    on_call(call, *experts_)
    client.force_login(staff_a)
    url = console("review_round", call, round_pk=expert_round.pk)
    for app in submitted(call, 2):
        score(call, expert_round, app, experts_[0], 5, "ok")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n, app in enumerate(submitted(call, 12)):
        score(call, expert_round, app, experts_[n % 3], n % 10, "fine")
        score(call, expert_round, app, experts_[(n + 1) % 3], (n * 3) % 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large), (len(small), len(large))


# --- Feedback to applicants --------------------------------------------------------------

@pytest.mark.django_db
def test_ticked_comments_go_out_anonymised_with_the_decision(client, call, expert_round,
                                                             staff_a):
    ada, bob = expert(), expert()
    on_call(call, ada, bob)
    (app,) = submitted(call)
    score(call, expert_round, app, ada, 7, "The budget <b>needs</b> detail.")
    score(call, expert_round, app, bob, 8, "Internal: I know them a bit.")
    with scope(hub=call.hub):
        shared = Review.objects.get(reviewer=ada)
    client.force_login(staff_a)
    feedback_page = console("review_feedback", call, pk=app.pk)
    assert "Internal: I know them" in client.get(feedback_page).content.decode()
    client.post(console("review_share", call, pk=app.pk, review_pk=shared.pk))
    with scope(hub=call.hub):
        decide_application(application=Application.objects.get(pk=app.pk),
                           decision=S.REJECTED, message="Thank you.", actor=staff_a)
    note = Notification.objects.get(kind="programme.application.rejected")
    _subject, text, html = render(note)
    assert "Reviewer 1: The budget <b>needs</b> detail." in text
    assert "Reviewer 1" in html
    assert "The budget &lt;b&gt;needs&lt;/b&gt; detail." in html  # escaped once
    for body in (text, html):
        assert "Internal: I know them" not in body
        assert str(ada) not in body
    client.force_login(app.applicant)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Reviewer 1" in dashboard
    assert "The budget &lt;b&gt;needs&lt;/b&gt; detail." in dashboard
    assert "Internal: I know them" not in dashboard


@pytest.mark.django_db
def test_a_review_without_comment_cannot_be_shared(call, expert_round, staff_a):
    ada = expert()
    (app,) = submitted(call)
    score(call, expert_round, app, ada, 7, "")
    with scope(hub=call.hub):
        review = Review.objects.get()
        with pytest.raises(review_svc.ReviewError):
            results.share_review(review=review, shared=True, actor=staff_a)


# --- Reminders ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_round_reminder_goes_once_to_reviewers_with_unfinished_work(call, expert_round):
    lazy, done = expert(), expert()
    (app,) = submitted(call)
    with scope(hub=call.hub):
        expert_round.deadline = timezone.now() + timedelta(hours=20)
        expert_round.save()
        ReviewAssignment.objects.create(round=expert_round, application=app, reviewer=lazy)
    score(call, expert_round, app, done, 5)
    assert results.remind_review_rounds() == 1
    assert results.remind_review_rounds() == 0
    note = Notification.objects.get(kind="programme.review.round_due")
    assert note.recipient == lazy
    subject, text, html = render(note)
    assert "Creative Futures" in subject
    assert "Expert scoring" in text
    assert "1 application still waits" in text
    assert "Expert scoring" in html


def test_beat_schedule_runs_the_round_reminders():
    from django.conf import settings

    names = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "programme.calls.tasks.task_remind_review_rounds" in names


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_round_reminder(celery_worker_process, hub_a):
    from programme.tasks import task_remind_review_rounds

    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, title="Worker call")
        review_round = ReviewRoundFactory(call=call, name="Late round",
                                          deadline=timezone.now() + timedelta(hours=3))
        lazy = UserFactory()
        app = ApplicationFactory(call=call, state=S.SUBMITTED, submitted_at=timezone.now())
        ReviewAssignment.objects.create(round=review_round, application=app, reviewer=lazy)
    with transaction.atomic():
        transaction.on_commit(task_remind_review_rounds.delay)
    assert wait_for(lambda: Notification.objects.filter(kind="programme.review.round_due",
                                                        recipient=lazy).exists(),
                    timeout=60), celery_worker_process.log_path.read_text()[-3000:]


@pytest.mark.django_db
def test_other_hubs_staff_get_404_on_every_review_url(client, call, expert_round, staff_b):
    ada = expert()
    on_call(call, ada)
    (app,) = submitted(call)
    score(call, expert_round, app, ada, 6, "Nice")
    with scope(hub=call.hub):
        review = Review.objects.get()
        row = CallReviewer.objects.get()
    client.force_login(staff_b)
    on_round = {"round_pk": expert_round.pk}
    on_app = {"pk": app.pk}
    for name, kw in [("review_rounds", {}), ("review_rank_figure", {}),
                     ("review_reviewer_add", {}), ("review_reviewer_remove", {"row_pk": row.pk}),
                     ("review_round", on_round), ("review_round_assign", on_round),
                     ("review_round_pin", on_round), ("review_feedback", on_app),
                     ("review_share", {**on_app, "review_pk": review.pk}),
                     ("review_withhold", {**on_app, "review_pk": review.pk})]:
        for hub_slug in ("hub-b", call.hub.slug):
            url = reverse(f"programme_console:{name}",
                          kwargs={"hub_slug": hub_slug, "call_pk": call.pk, **kw})
            if name in {"review_rounds", "review_round", "review_feedback"}:  # pages
                assert client.get(url).status_code == 404, (name, hub_slug)
                continue
            response = client.post(url, {"user": ada.pk, "rank_by": "mean", "confirmed": "1",
                                         "reviewer": ada.pk, "application": app.pk})
            assert response.status_code == 404, (name, hub_slug)
            # An empty or invalid form answers 404 too: the object is checked first.
            assert client.post(url).status_code == 404, (name, hub_slug, "empty")
    with scope(hub=call.hub):
        assert not Review.objects.get().shared_with_applicant
        assert CallReviewer.objects.exists()


@pytest.mark.django_db
def test_an_impossible_assignment_is_a_clear_message(client, call, expert_round, staff_a):
    submitted(call, applicant=staff_a, project_title="Own project")  # staff_a's only reviewer
    client.force_login(staff_a)
    response = client.post(console("review_round_assign", call, round_pk=expert_round.pk),
                           follow=True)
    assert response.status_code == 200
    assert "Not enough reviewers without a conflict of interest for “Own project”" in \
        response.content.decode()
    with scope(hub=call.hub):
        assert not ReviewAssignment.objects.exists()


@pytest.mark.django_db
def test_my_reviews_query_count_is_flat(client, call, expert_round, hub_b):
    ada = expert()
    client.force_login(ada)
    url = reverse("programme:my_reviews")

    def give(n, target_call, review_round):
        for app in submitted(target_call, n):
            with scope(hub=target_call.hub):
                ReviewAssignment.objects.create(round=review_round, application=app,
                                                reviewer=ada)

    give(1, call, expert_round)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    other_call = CallFactory(hub=hub_b)
    with scope(hub=hub_b):
        other_round = ReviewRoundFactory(call=other_call)
    give(4, call, expert_round)
    give(4, other_call, other_round)
    with scopes_disabled():
        first = Application.objects.filter(call=call).order_by("pk").first()
    score(call, expert_round, first, ada, 5)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.content.decode().count("programme/reviews/") >= 9
    assert len(small) == len(large), (len(small), len(large))
