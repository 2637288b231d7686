"""The consent workflow and the project state machine, through the services and the
member's own consent page."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from creaconnect.core.models import AuditEntry
from creaconnect.notifications.models import Notification
from showcase import services
from showcase.models import (
    CONSENT_TEXT_VERSION,
    ConsentRecord,
    ConsentState,
    CreditedMember,
    ProjectState,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(hub_a, staff_a, make_project):
    alice, bob = UserFactory(display_name="Alice"), UserFactory(display_name="Bob")
    project = make_project(hub_a, state=ProjectState.DRAFT, members=0, title="Draft")
    with scope(hub=hub_a):
        services.add_member(project=project, user=alice, actor=staff_a)
        services.add_member(project=project, user=bob, display_name="Bob B.", role="Maker",
                            actor=staff_a)
    project.created_by = staff_a
    with scopes_disabled():
        project.save()
    return project


def members(project):
    with scopes_disabled():
        return {m.user.display_name: m for m in CreditedMember.objects.filter(
            project=project).select_related("user")}


def answer(client, member, action):
    client.force_login(member.user)
    return client.post(reverse(f"showcase:consent_{action}", kwargs={"pk": member.pk}),
                       {"confirmed": "1"})


def test_full_consent_round_then_publish(client, draft, hub_a, staff_a):
    with scope(hub=hub_a):
        assert services.request_consents(project=draft, actor=staff_a) == 2
    draft.refresh_from_db()
    assert draft.state == ProjectState.AWAITING_CONSENT
    team = members(draft)
    # Each credited member receives a request that links to their consent page.
    for m in team.values():
        n = Notification.objects.get(recipient=m.user, kind="showcase.consent_requested")
        assert n.url == m.get_consent_url()
        assert m.consent == ConsentState.PENDING
    # The consent page shows the project and the consent text version.
    client.force_login(team["Alice"].user)
    page = client.get(team["Alice"].get_consent_url())
    assert page.status_code == 200
    assert CONSENT_TEXT_VERSION in page.content.decode()
    assert answer(client, team["Alice"], "approve").status_code == 302
    with scope(hub=hub_a), pytest.raises(services.ShowcaseError):
        services.publish_project(project=draft, actor=staff_a)  # Bob has not answered
    answer(client, team["Bob"], "approve")
    # Staff hear that the project is ready.
    assert Notification.objects.filter(recipient=staff_a, kind="showcase.consent_update",
                                       context__ready=True).exists()
    with scope(hub=hub_a):
        services.publish_project(project=draft, actor=staff_a)
    draft.refresh_from_db()
    assert draft.state == ProjectState.PUBLISHED
    assert draft.published_at
    for m in team.values():  # every member hears that the project went public
        assert Notification.objects.filter(recipient=m.user, kind="showcase.published").exists()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200
    with scopes_disabled():
        records = list(ConsentRecord.objects.filter(member__project=draft))
    assert len(records) == 2
    assert all(r.text_version == CONSENT_TEXT_VERSION and r.created for r in records)
    actions = list(AuditEntry.objects.filter(hub_id=hub_a.pk).values_list("action", flat=True))
    for action in ("showcase.consents_requested", "showcase.consent_answered",
                   "showcase.project_published", "showcase.member_added"):
        assert action in actions


def test_declined_consent_blocks_publication(client, draft, hub_a, staff_a):
    with scope(hub=hub_a):
        services.request_consents(project=draft, actor=staff_a)
    team = members(draft)
    answer(client, team["Alice"], "approve")
    answer(client, team["Bob"], "decline")
    with scope(hub=hub_a), pytest.raises(services.ShowcaseError):
        services.publish_project(project=draft, actor=staff_a)
    assert Notification.objects.filter(recipient=staff_a, kind="showcase.consent_update",
                                       context__decision="Declined").exists()


def test_withdrawal_takes_down_and_a_new_round_is_needed(client, draft, hub_a, staff_a):
    with scope(hub=hub_a):
        services.request_consents(project=draft, actor=staff_a)
    team = members(draft)
    answer(client, team["Alice"], "approve")
    answer(client, team["Bob"], "approve")
    with scope(hub=hub_a):
        services.publish_project(project=draft, actor=staff_a)
    answer(client, team["Bob"], "withdraw")
    draft.refresh_from_db()
    assert draft.state == ProjectState.WITHDRAWN
    entry = AuditEntry.objects.filter(action="showcase.project_withdrawn").get()
    assert entry.data["reason"] == "consent_withdrawn"
    # Re-approving alone does not re-publish: staff must ask again.
    response = answer(client, team["Bob"], "approve")
    draft.refresh_from_db()
    assert draft.state == ProjectState.WITHDRAWN
    with scope(hub=hub_a):
        services.request_consents(project=draft, actor=staff_a)
    assert all(m.consent == ConsentState.PENDING for m in members(draft).values())
    assert response.status_code == 302


def test_illegal_moves_are_refused(draft, hub_a, staff_a, make_project):
    with scope(hub=hub_a):
        with pytest.raises(services.ShowcaseError):
            services.publish_project(project=draft, actor=staff_a)  # draft → published
        with pytest.raises(services.ShowcaseError):
            services.withdraw_project(project=draft, actor=staff_a)  # draft → withdrawn
        empty = make_project(hub_a, state=ProjectState.DRAFT, members=0)
        with pytest.raises(services.ShowcaseError):
            services.request_consents(project=empty, actor=staff_a)  # nobody to ask
        published = make_project(hub_a)
        with pytest.raises(services.ShowcaseError):
            services.request_consents(project=published, actor=staff_a)
        with pytest.raises(services.ShowcaseError):
            services.add_member(project=published, user=UserFactory(), actor=staff_a)
        with pytest.raises(services.ShowcaseError):
            services.add_member(project=draft, user=members(draft)["Alice"].user,
                                actor=staff_a)  # already credited
    draft.refresh_from_db()
    assert draft.state == ProjectState.DRAFT


def test_consent_answers_only_by_the_member_and_only_when_asked(client, draft, hub_a,
                                                                staff_a):
    team = members(draft)
    # Not asked yet: no answer possible.
    with pytest.raises(services.ShowcaseError):
        services.answer_consent(member=team["Alice"], decision=ConsentState.APPROVED,
                                actor=team["Alice"].user)
    with scope(hub=hub_a):
        services.request_consents(project=draft, actor=staff_a)
    with pytest.raises(services.ShowcaseError):
        services.answer_consent(member=team["Alice"], decision=ConsentState.APPROVED,
                                actor=team["Bob"].user)
    with pytest.raises(services.ShowcaseError):
        services.answer_consent(member=team["Alice"], decision=ConsentState.WITHDRAWN,
                                actor=team["Alice"].user)  # nothing to withdraw yet
    # Another person (or staff) cannot open a member's consent page: 404.
    for user in (team["Bob"].user, staff_a, UserFactory()):
        client.force_login(user)
        url = reverse("showcase:consent", kwargs={"pk": team["Alice"].pk})
        assert client.get(url).status_code == 404
        approve = reverse("showcase:consent_approve", kwargs={"pk": team["Alice"].pk})
        assert client.post(approve).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert "/accounts/login/" in client.post(approve)["Location"]
    assert members(draft)["Alice"].consent == ConsentState.PENDING


def test_member_can_hide_their_name(client, hub_a, make_project):
    project = make_project(hub_a, members=2)
    with scopes_disabled():
        first, second = project.members.all()
    answer(client, first, "hide")
    html = client.get(project.get_absolute_url()).content.decode()
    assert first.display_name not in html
    assert second.display_name in html
    api = client.get(f"/api/v1/projects/{project.slug}").json()
    assert api["team"] == [second.display_name]
    answer(client, first, "show")
    assert first.display_name in client.get(project.get_absolute_url()).content.decode()


def test_consent_list_and_dashboard_section(client, draft, hub_a, staff_a):
    with scope(hub=hub_a):
        services.request_consents(project=draft, actor=staff_a)
    alice = members(draft)["Alice"]
    client.force_login(alice.user)
    assert "Draft" in client.get(reverse("showcase:consents")).content.decode()
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert alice.get_consent_url() in dashboard


def test_published_projects_need_a_date(hub_a, make_project):
    from django.db import IntegrityError

    project = make_project(hub_a)
    with scopes_disabled(), pytest.raises(IntegrityError):
        type(project).objects.filter(pk=project.pk).update(published_at=None)


def test_return_to_draft_resets_consents(draft, hub_a, staff_a):
    with scope(hub=hub_a):
        services.request_consents(project=draft, actor=staff_a)
        services.return_to_draft(project=draft, actor=staff_a)
    assert all(m.consent == ConsentState.NOT_ASKED for m in members(draft).values())
