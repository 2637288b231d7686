"""Staff review: weighted scores, hidden until scored, even assignment, table, decisions."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from programme.calls.services import reviews as review_svc
from programme.models import Application, CallStatus, ReviewAssignment
from programme.models import ApplicationState as S
from tests.factories import ApplicationFactory, CallFactory, CriterionFactory, MembershipFactory


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        CriterionFactory(call=call, name="Innovation", weight=2, scale_max=5)
        CriterionFactory(call=call, name="Feasibility", weight=1, scale_max=10)
        return call


def url(name, call, **kw):
    return reverse(f"programme_console:{name}", kwargs={"hub_slug": call.hub.slug,
                                                       "call_pk": call.pk, **kw})


def crit(call):
    with scopes_disabled():
        return {c.name: c for c in call.criteria.all()}


@pytest.mark.django_db
def test_weighted_total_matches_hand_computation(call, staff_a):
    c = crit(call)
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
        review = review_svc.submit_review(
            application=application, reviewer=staff_a, comment="",
            scores={c["Innovation"].pk: 4, c["Feasibility"].pk: 5})
    # (2 × 4/5 + 1 × 5/10) / 3 × 100 = (1.6 + 0.5) / 3 × 100 = 70
    assert review.total == Decimal("70.000")


@pytest.mark.django_db
def test_out_of_range_or_missing_scores_are_refused(call, staff_a):
    c = crit(call)
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
        with pytest.raises(review_svc.ReviewError):
            review_svc.submit_review(application=application, reviewer=staff_a, comment="",
                                     scores={c["Innovation"].pk: 6, c["Feasibility"].pk: 1})
        with pytest.raises(review_svc.ReviewError):
            review_svc.submit_review(application=application, reviewer=staff_a, comment="",
                                     scores={c["Innovation"].pk: 3})
        draft = ApplicationFactory(call=call)
        with pytest.raises(review_svc.ReviewError):
            review_svc.submit_review(application=draft, reviewer=staff_a, comment="",
                                     scores={c["Innovation"].pk: 3, c["Feasibility"].pk: 3})


@pytest.mark.django_db
def test_reviewers_cannot_see_others_scores_before_scoring(client, call, staff_a):
    c = crit(call)
    with scopes_disabled():
        colleague = MembershipFactory(hub=call.hub).user
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
        review_svc.submit_review(application=application, reviewer=colleague,
                                 comment="Brilliant but risky",
                                 scores={c["Innovation"].pk: 5, c["Feasibility"].pk: 2})
    page = url("application", call, pk=application.pk)
    client.force_login(staff_a)
    html = client.get(page).content.decode()
    assert "Brilliant but risky" not in html
    table = client.get(url("applications", call)).content.decode()
    assert "76.7" not in table  # colleague's score hidden in the table too
    client.post(url("application_review", call, pk=application.pk),
                {f"c{c['Innovation'].pk}": "3", f"c{c['Feasibility'].pk}": "8",
                 "comment": "Solid"})
    html = client.get(page).content.decode()
    assert "Brilliant but risky" in html
    assert "Solid" in html


@pytest.mark.django_db
def test_even_assignment_spreads_load_within_one(call, staff_a):
    with scopes_disabled():
        reviewers = [staff_a] + [MembershipFactory(hub=call.hub).user for _ in range(2)]
    with scope(hub=call.hub):
        for _ in range(7):
            ApplicationFactory(call=call, state=S.SUBMITTED)
        ApplicationFactory(call=call)  # drafts are not reviewed
        created = review_svc.assign_evenly(call=call, reviewers=reviewers, per_application=2,
                                           actor=staff_a)
        assert created == 14
        loads = [ReviewAssignment.objects.filter(reviewer=r).count() for r in reviewers]
        assert max(loads) - min(loads) <= 1
        per_app = {a.pk: a.review_assignments.count()
                   for a in Application.objects.exclude(state=S.DRAFT)}
        assert set(per_app.values()) == {2}
        # Running it again adds nothing.
        assert review_svc.assign_evenly(call=call, reviewers=reviewers, per_application=2,
                                        actor=staff_a) == 0


@pytest.mark.django_db
def test_table_filters_search_sort_and_csv(client, call, staff_a):
    with scope(hub=call.hub):
        a = ApplicationFactory(call=call, state=S.SUBMITTED, project_title="Solar looms")
        ApplicationFactory(call=call, state=S.REJECTED, project_title="Paper boats")
        ApplicationFactory(call=call, state=S.SUBMITTED,
                           project_title="=HYPERLINK(\"http://evil\")")
    client.force_login(staff_a)
    html = client.get(url("applications", call), {"q": "solar"}).content.decode()
    assert "Solar looms" in html
    assert "Paper boats" not in html
    html = client.get(url("applications", call), {"state": "rejected"}).content.decode()
    assert "Paper boats" in html
    assert "Solar looms" not in html
    response = client.get(url("applications", call), {"format": "csv", "sort": "title"})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Solar looms" in body
    assert "'=HYPERLINK" in body
    assert str(a.pk) in body


@pytest.mark.django_db
def test_table_query_count_is_flat(client, call, staff_a):
    client.force_login(staff_a)
    with scope(hub=call.hub):
        for _ in range(3):
            ApplicationFactory(call=call, state=S.SUBMITTED)
    with CaptureQueriesContext(connection) as small:
        client.get(url("applications", call))
    with scope(hub=call.hub):
        for _ in range(30):
            ApplicationFactory(call=call, state=S.SUBMITTED)
    with CaptureQueriesContext(connection) as large:
        client.get(url("applications", call))
    assert len(small) == len(large)


@pytest.mark.django_db
def test_bulk_decision_previews_then_sends(client, call, staff_a):
    with scope(hub=call.hub):
        apps = [ApplicationFactory(call=call, state=S.SUBMITTED) for _ in range(2)]
    client.force_login(staff_a)
    data = {"ids": [a.pk for a in apps], "decision": "rejected",
            "message": "Dear {name}, thank you for {project}."}
    preview = client.post(url("applications", call), data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert any(f"Dear {a.applicant}, thank you for {a.project_title}." in html for a in apps)
    assert "Not selected" in html
    with scopes_disabled():
        assert Application.objects.filter(state=S.REJECTED).count() == 0  # nothing sent yet
    client.post(url("applications", call), {**data, "confirm": "1"})
    with scopes_disabled():
        assert Application.objects.filter(state=S.REJECTED).count() == 2
    assert Notification.objects.filter(kind="programme.application.rejected").count() == 2


@pytest.mark.django_db
def test_other_hubs_staff_get_404_on_every_call_and_application_url(client, call, staff_b):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
    client.force_login(staff_b)
    post_only = {"assign", "call_publish", "call_close", "application_review",
                 "application_assign", "application_decide"}
    on_application = {"pk": application.pk}
    for name, kw in [("call_edit", {}), ("form_builder", {}), ("criteria", {}),
                     ("applications", {}), ("assign", {}), ("call_publish", {}),
                     ("call_close", {}), ("application", on_application),
                     ("application_review", on_application),
                     ("application_assign", on_application),
                     ("application_decide", on_application)]:
        # Through the other hub's own console, and through this hub's console.
        own = reverse(f"programme_console:{name}", kwargs={"hub_slug": "hub-b",
                                                          "call_pk": call.pk, **kw})
        theirs = reverse(f"programme_console:{name}", kwargs={"hub_slug": call.hub.slug,
                                                             "call_pk": call.pk, **kw})
        for target in (own, theirs):
            if name not in post_only:  # POST-only: a GET is 405 whatever the id
                assert client.get(target).status_code == 404, target
            response = client.post(target, {"reviewer": staff_b.pk, "decision": S.ACCEPTED,
                                            "confirm": "1"})
            # The application page is GET-only (each action has its URL): 405 comes before
            # any lookup and reveals nothing.
            allowed = {404, 405} if name == "application" else {404}
            assert response.status_code in allowed, target


@pytest.mark.django_db
def test_participant_and_anonymous_cannot_reach_the_console(client, call, participant):
    target = url("applications", call)
    assert client.get(target).status_code == 302
    client.force_login(participant)
    assert client.get(target).status_code == 404


@pytest.mark.django_db
def test_staff_create_publish_and_close_a_call(client, hub_a, staff_a):
    client.force_login(staff_a)
    new = reverse("programme_console:call_new", kwargs={"hub_slug": hub_a.slug})
    bad = client.post(new, {"title": "T", "slug": "t", "summary": "s", "description": "d",
                            "eligibility": "e", "opens_at": "2030-01-10T10:00",
                            "closes_at": "2030-01-01T10:00", "max_places": "10"})
    assert bad.status_code == 422
    assert "must close after it opens" in bad.content.decode()
    response = client.post(new, {"title": "Makers 2030", "slug": "makers-2030", "summary": "s",
                                 "description": "d", "eligibility": "e",
                                 "opens_at": "2029-01-01T10:00", "closes_at": "2030-01-01T10:00",
                                 "max_places": "10"})
    assert response.status_code == 302
    with scope(hub=hub_a):
        from programme.models import Call

        call = Call.objects.get(slug="makers-2030")
    edit = reverse("programme_console:call_edit", kwargs={"hub_slug": hub_a.slug,
                                                         "call_pk": call.pk})
    publish = reverse("programme_console:call_publish", kwargs={"hub_slug": hub_a.slug,
                                                               "call_pk": call.pk})
    close = reverse("programme_console:call_close", kwargs={"hub_slug": hub_a.slug,
                                                           "call_pk": call.pk})
    assert client.get(publish).status_code == 405  # nothing changes on GET
    page = client.post(publish, follow=True).content.decode()
    assert "Add at least one question" in page
    builder = reverse("programme_console:form_builder", kwargs={"hub_slug": hub_a.slug,
                                                               "call_pk": call.pk})
    assert client.post(builder, {"label": "Pick one", "kind": "single_choice", "step": "1",
                                 "choices": "Only one", "max_file_mb": "10"}).status_code == 422
    client.post(builder, {"label": "Your project", "kind": "short_text", "step": "1",
                          "required": "on", "max_file_mb": "10"})
    assert client.post(publish)["Location"] == edit
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    client.post(close)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


@pytest.mark.django_db
def test_call_moves_the_table_refuses_are_messages(client, call, staff_a):
    """A draft call cannot be closed, a closed one not published again; the console offers
    only the moves the table allows."""
    client.force_login(staff_a)
    edit = url("call_edit", call)
    with scope(hub=call.hub):
        call.status = CallStatus.DRAFT
        call.save(update_fields=["status"])
    html = client.get(edit).content.decode()
    assert url("call_publish", call) in html
    assert url("call_close", call) not in html
    page = client.post(url("call_close", call), follow=True).content.decode()
    assert "Only a published call can be closed." in page
    with scope(hub=call.hub):
        call.status = CallStatus.CLOSED
        call.save(update_fields=["status"])
    html = client.get(edit).content.decode()
    assert url("call_publish", call) not in html
    assert url("call_close", call) not in html
    page = client.post(url("call_publish", call), follow=True).content.decode()
    assert "Only a draft call can be published." in page
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


@pytest.mark.django_db
def test_one_decision_is_previewed_then_sent_from_its_own_url(client, call, staff_a):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
    page = url("application", call, pk=application.pk)
    decide = url("application_decide", call, pk=application.pk)
    client.force_login(staff_a)
    assert f'action="{decide}"' in client.get(page).content.decode()
    assert client.get(decide).status_code == 405
    data = {"decision": S.WAITLISTED, "message": "Dear {name}, you are on the list."}
    preview = client.post(decide, data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Check before sending" in html
    assert f'href="{page}"' in html  # "Back" returns to the application
    application.refresh_from_db()
    assert application.state == S.SUBMITTED  # nothing sent yet
    response = client.post(decide, {**data, "confirm": "1"})
    assert (response.status_code, response["Location"]) == (302, page)
    application.refresh_from_db()
    assert application.state == S.WAITLISTED
    # A second decision the table refuses is a message on the page, not an error page.
    response = client.post(decide, {"decision": S.WAITLISTED, "message": "x", "confirm": "1"},
                           follow=True)
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()


@pytest.mark.django_db
def test_staff_assign_a_reviewer_by_hand(client, call, staff_a, staff_b):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
    assign = url("application_assign", call, pk=application.pk)
    client.force_login(staff_a)
    client.post(assign, {"reviewer": staff_a.pk})
    assert client.post(assign, {"reviewer": staff_b.pk}).status_code == 404  # not this hub's
    with scope(hub=call.hub):
        assert [a.reviewer for a in application.review_assignments.all()] == [staff_a]
    with pytest.raises(review_svc.ReviewError):
        with scope(hub=call.hub):
            review_svc.assign_reviewer(application=application, reviewer=application.applicant,
                                       actor=staff_a)


@pytest.mark.django_db
def test_a_criterion_added_after_reviews_is_refused_and_one_added_before_is_audited(
        call, staff_a):
    from creaconnect.core.models import AuditEntry
    from programme.calls.services import calls as call_svc
    from programme.models import Criterion

    c = crit(call)
    with scope(hub=call.hub):
        call_svc.add_criterion(criterion=Criterion(call=call, name="Reach", weight=1,
                                                   scale_max=5), actor=staff_a)
        assert AuditEntry.objects.filter(action="call.criterion_added").count() == 1
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
        review_svc.submit_review(application=application, reviewer=staff_a, comment="",
                                 scores={c["Innovation"].pk: 4, c["Feasibility"].pk: 5,
                                         call.criteria.get(name="Reach").pk: 3})
        with pytest.raises(call_svc.CallError):
            call_svc.add_criterion(criterion=Criterion(call=call, name="Late", weight=1,
                                                       scale_max=5), actor=staff_a)
        assert not call.criteria.filter(name="Late").exists()
