"""Cohorts in the console: pages, the other hub's 404 on every cohort URL, the cohort at a
glance in a constant number of queries, progress, and the cohort report PDF."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from creaconnect.accounts.models import ConsentRecord, Profile
from creaconnect.reports import services as report_services
from creaconnect.reports.models import Report
from programme.cohorts.services import cohorts
from programme.cohorts.services.cohorts import CohortError
from programme.cohorts.urls import console_urlpatterns
from programme.models import (
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    TrainingSession,
)
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortMemberFactory,
    UserFactory,
    attend,
    make_milestone,
    make_session,
)

# Shared fixtures of the cohorts half, made visible to pytest in this module.


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_create_and_update_cohort(in_hub_a, hub_a, staff_a):
    c = cohorts.create_cohort(hub=hub_a, actor=staff_a, name="Spring", slug="spring",
                              starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30))
    with pytest.raises(CohortError):
        cohorts.create_cohort(hub=hub_a, actor=staff_a, name="Again", slug="spring",
                              starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30))
    with pytest.raises(CohortError):
        cohorts.update_cohort(cohort=c, actor=staff_a, ends_on=date(2026, 1, 1))
    c = cohorts.update_cohort(cohort=c, actor=staff_a, min_attendance_percent=60)
    assert c.min_attendance_percent == 60


def test_progress_and_who_is_behind(in_hub_a, cohort_a):
    a, b = CohortMemberFactory(cohort=cohort_a), CohortMemberFactory(cohort=cohort_a)
    s1, s2 = make_session(cohort_a, days=-10), make_session(cohort_a, days=-3)
    make_session(cohort_a, days=5)  # future sessions do not count
    attend(s1, a)
    attend(s2, a)
    attend(s1, b)
    overdue = make_milestone(cohort_a, due_in=-2, title="Canvas")
    make_milestone(cohort_a, due_in=20, title="Pitch")
    MilestoneSubmission.objects.create(milestone=overdue, member=a,
                                       state=MilestoneState.APPROVED)
    rows = {p.member.pk: p for p in cohorts.progress_for_members(cohort_a, [a, b])}
    assert (rows[a.pk].attendance_percent, rows[b.pk].attendance_percent) == (100, 50)
    assert (rows[a.pk].approved, rows[a.pk].milestones_total) == (1, 2)
    assert not rows[a.pk].is_behind
    assert rows[b.pk].is_behind
    assert rows[b.pk].overdue == 1
    assert not rows[a.pk].meets_completion_rule  # the pitch is still to come


def test_console_pages_for_own_staff(client, staff_a, cohort_a, member_a):
    client.force_login(staff_a)
    session = make_session(cohort_a, days=-1)
    milestone = make_milestone(cohort_a)
    for name, pk in [("cohorts", None), ("cohort", cohort_a.pk), ("cohort_edit", cohort_a.pk),
                     ("sessions", cohort_a.pk), ("milestones", cohort_a.pk),
                     ("reviews", cohort_a.pk), ("mentors", cohort_a.pk),
                     ("session_edit", session.pk), ("attendance", session.pk),
                     ("milestone_edit", milestone.pk)]:
        kwargs = {"hub_slug": "hub-a"} | ({"pk": pk} if pk else {})
        response = client.get(reverse(f"programme_console:{name}", kwargs=kwargs))
        assert response.status_code == 200, name
    nav = client.get(reverse("console:home", kwargs={"hub_slug": "hub-a"})).content.decode()
    assert reverse("programme_console:cohorts", kwargs={"hub_slug": "hub-a"}) in nav


def test_console_actions_ask_first_then_act_each_on_its_own_url(client, staff_a, cohort_a,
                                                                member_a, mentor):
    """Cancelling a session, deleting a milestone and ending a pairing: POST only, a
    confirmation page first (nothing changes), then the move and back to the page."""
    session = make_session(cohort_a)
    milestone = make_milestone(cohort_a)
    with scopes_disabled():
        pairing = MentorAssignment.objects.create(member=member_a, mentor=mentor)
    hub = {"hub_slug": "hub-a"}
    moves = [
        (reverse("programme_console:session_cancel", kwargs=hub | {"pk": session.pk}),
         TrainingSession, session.pk,
         reverse("programme_console:sessions", kwargs=hub | {"pk": cohort_a.pk})),
        (reverse("programme_console:milestone_delete", kwargs=hub | {"pk": milestone.pk}),
         Milestone, milestone.pk,
         reverse("programme_console:milestones", kwargs=hub | {"pk": cohort_a.pk})),
        (reverse("programme_console:mentor_remove", kwargs=hub | {
            "pk": cohort_a.pk, "assignment": pairing.pk}),
         MentorAssignment, pairing.pk,
         reverse("programme_console:mentors", kwargs=hub | {"pk": cohort_a.pk})),
    ]
    client.force_login(staff_a)
    for url, model, pk, back in moves:
        assert client.get(url).status_code == 405, url
        asked = client.post(url)
        assert asked.status_code == 200
        assert "data-confirmation" in asked.content.decode()
        with scopes_disabled():
            assert model.objects.filter(pk=pk).exists(), url
        done = client.post(url, {"confirmed": "1"})
        assert (done.status_code, done["Location"]) == (302, back)
        with scopes_disabled():
            assert not model.objects.filter(pk=pk).exists(), url


def test_console_reviews_evidence_on_its_own_url(client, staff_a, cohort_a, member_a):
    milestone = make_milestone(cohort_a)
    with scopes_disabled():
        sub = MilestoneSubmission.objects.create(milestone=milestone, member=member_a, text="x")
    client.force_login(staff_a)
    queue = reverse("programme_console:reviews", kwargs={"hub_slug": "hub-a", "pk": cohort_a.pk})
    review = reverse("programme_console:evidence_review", kwargs={
        "hub_slug": "hub-a", "pk": cohort_a.pk, "submission": sub.pk})
    assert f'action="{review}"' in client.get(queue).content.decode()
    # Asking for changes needs feedback: the queue again, with the form's error.
    assert client.post(review, {f"s{sub.pk}-decision": "changes"}).status_code == 422
    response = client.post(review, {f"s{sub.pk}-decision": "approve"})
    assert (response.status_code, response["Location"]) == (302, queue)
    with scopes_disabled():
        sub.refresh_from_db()
    assert sub.state == MilestoneState.APPROVED


def test_create_cohort_from_the_console(client, staff_a):
    client.force_login(staff_a)
    url = reverse("programme_console:cohorts", kwargs={"hub_slug": "hub-a"})
    data = {"name": "Autumn", "slug": "autumn", "starts_on": "2026-09-01",
            "ends_on": "2026-12-15", "min_attendance_percent": 70}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 422  # same address twice
    assert client.post(url, data | {"slug": "x", "ends_on": "2026-01-01"}).status_code == 422


def test_other_hubs_staff_get_404_on_every_cohort_url(client, staff_a, cohort_b, member_b):
    """Every console URL of the cohorts half, with hub B's objects, for hub A's staff: both
    through hub B's slug and through hub A's own slug."""
    session = make_session(cohort_b, days=-1)
    milestone = make_milestone(cohort_b)
    with scopes_disabled():
        submission = MilestoneSubmission.objects.create(milestone=milestone, member=member_b,
                                                        text="x")
        pairing = MentorAssignment.objects.create(member=member_b, mentor=UserFactory())
        report = Report.objects.create(kind="cohort_report", hub_id=cohort_b.hub_id,
                                       params={"cohort": cohort_b.pk}, state="done")
    objects = {"cohort": cohort_b.pk, "cohort_edit": cohort_b.pk, "cohort_report": cohort_b.pk,
               "sessions": cohort_b.pk, "milestones": cohort_b.pk, "reviews": cohort_b.pk,
               "mentors": cohort_b.pk, "cohort_translations": cohort_b.pk,
               "session_edit": session.pk, "attendance": session.pk,
               "session_cancel": session.pk, "milestone_edit": milestone.pk,
               "milestone_delete": milestone.pk, "issue_certificate": member_b.pk,
               "member": member_b.pk}
    more = {"evidence_review": {"pk": cohort_b.pk, "submission": submission.pk},
            "mentor_remove": {"pk": cohort_b.pk, "assignment": pairing.pk},
            "cohort_translate": {"pk": cohort_b.pk, "kind": "milestone",
                                 "item": milestone.pk}}
    post_only = {"session_cancel", "milestone_delete", "evidence_review", "mentor_remove",
                 "issue_certificate"}
    client.force_login(staff_a)
    checked = 0
    for pattern in console_urlpatterns:
        name = pattern.name
        for slug in ("hub-b", "hub-a"):
            kwargs = {"hub_slug": slug}
            if name in objects:
                kwargs["pk"] = objects[name]
            elif name in more:
                kwargs |= more[name]
            elif slug == "hub-a":
                continue  # the list of hub A's own cohorts is fine
            url = reverse(f"programme_console:{name}", kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"confirmed": "1"} if method == "post"
                                                   else {})
                # 405 (a GET-only page, a POST-only action) is answered before any lookup:
                # it reveals nothing.
                answers_405 = (name in post_only) == (method == "get")
                allowed = {404, 405} if answers_405 and slug == "hub-a" else {404}
                assert response.status_code in allowed, (name, slug, method,
                                                          response.status_code)
                checked += 1
    for name in ("hub_reports:status", "hub_reports:download"):
        url = reverse(name, kwargs={"hub_slug": "hub-b", "pk": report.pk})
        assert client.get(url).status_code == 404
    assert checked >= 50
    with scopes_disabled():
        assert list(MentorAssignment.objects.all()) == [pairing]
        assert MilestoneSubmission.objects.get().state == MilestoneState.SUBMITTED
        assert TrainingSession.objects.filter(pk=session.pk).exists()
        assert Milestone.objects.filter(pk=milestone.pk).exists()


def _glance_queries(client, staff, cohort, n):
    with scopes_disabled():
        members = [CohortMemberFactory(cohort=cohort) for _ in range(n)]
        sessions = [make_session(cohort, days=-d) for d in (1, 2, 3)]
        milestone = make_milestone(cohort)
        mentor = UserFactory()
        for i, m in enumerate(members):
            attend(sessions[i % 3], m)
            a = MentorAssignment.objects.create(member=m, mentor=mentor)
            MentoringSession.objects.create(assignment=a, date=timezone.localdate(),
                                            duration_minutes=60, topics="t")
            if i % 2:
                MilestoneSubmission.objects.create(milestone=milestone, member=m, text="x")
    client.force_login(staff)
    url = reverse("programme_console:cohort", kwargs={"hub_slug": cohort.hub.slug,
                                                      "pk": cohort.pk})
    client.get(url)  # warm caches (sessions, permissions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == n
    return len(ctx.captured_queries)


def test_cohort_at_a_glance_query_count_is_constant(client, hub_a, staff_a):
    from tests.factories import CohortFactory

    with scopes_disabled():
        small, large = CohortFactory(hub=hub_a), CohortFactory(hub=hub_a)
    q5 = _glance_queries(client, staff_a, small, 5)
    q50 = _glance_queries(client, staff_a, large, 50)
    assert q5 == q50, (q5, q50)
    assert q5 <= 25


@pytest.mark.django_db
def test_cohort_report_pdf_with_charts_and_consented_demographics(hub_a, staff_a, cohort_a):
    with scopes_disabled():
        call = CallFactory(hub=hub_a, cohort=cohort_a)
        for state in ("submitted", "accepted", "rejected", "confirmed", "confirmed"):
            ApplicationFactory(call=call, state=state)
        sharing = CohortMemberFactory(cohort=cohort_a, user=UserFactory(display_name="Ana"))
        private = CohortMemberFactory(cohort=cohort_a, user=UserFactory(display_name="Bo"))
    Profile.objects.create(user=sharing.user, country="PT", gender="woman",
                           disciplines=["design"])
    Profile.objects.create(user=private.user, country="NO", gender="man",
                           disciplines=["music"])
    ConsentRecord.objects.create(user=sharing.user, kind="demographics", version="1")
    ConsentRecord.objects.create(user=private.user, kind="demographics", version="1",
                                 withdrawn_at=timezone.now() - timedelta(days=1))
    past = make_session(cohort_a, days=-2, title="Storytelling")
    attend(past, sharing)
    make_milestone(cohort_a, title="Prototype")
    with scope(hub=hub_a):
        report = report_services.request_report(kind="cohort_report", hub=hub_a,
                                                 params={"cohort": cohort_a.pk}, actor=staff_a)
    assert report_services.run_report(report.pk) == "done"
    report.refresh_from_db()
    with report.file.open("rb") as f:
        text = pdf_text(f.read())
    assert "Alpha 2026" in text
    assert "Storytelling" in text
    assert "Prototype" in text
    assert "Portugal" in text
    assert "Design" in text
    assert "Norway" not in text
    assert "Music" not in text
    assert "Place confirmed" in text  # the funnel table


def test_cohort_report_is_requested_from_the_cohort_page(client, staff_a, cohort_a):
    client.force_login(staff_a)
    url = reverse("programme_console:cohort_report", kwargs={"hub_slug": "hub-a",
                                                             "pk": cohort_a.pk})
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("hub_reports:list",
                                                 kwargs={"hub_slug": "hub-a"}))
    with scopes_disabled():
        assert Report.objects.get().params == {"cohort": cohort_a.pk}


def test_dashboard_shows_my_cohort(client, member_a):
    client.force_login(member_a.user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Alpha 2026" in body
    assert reverse("programme:cohort", kwargs={"hub": "hub-a", "cohort": "alpha-2026"}) in body
