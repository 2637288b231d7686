import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from creaconnect.core.models import AuditEntry
from creaconnect.notifications.models import Notification
from hubs import services
from hubs.models import HubInvitation, HubMembership, HubRole
from tests.factories import MembershipFactory, UserFactory


def staff_url(hub, action="", **kwargs):
    name = f"console:{action}" if action else "console:staff"
    return reverse(name, kwargs={"hub_slug": hub.slug, **kwargs})


@pytest.mark.django_db
def test_manager_invites_and_invitee_accepts(client, staff_a, hub_a):
    client.force_login(staff_a)
    response = client.post(staff_url(hub_a, "staff_invite"), {"email": "New@Example.org",
                                              "role": "staff"})
    assert response.status_code == 302
    with scope(hub=hub_a):
        invitation = HubInvitation.objects.get()
    assert invitation.email == "new@example.org"
    note = Notification.objects.get(kind="hub.staff_invited")
    assert note.email == "new@example.org"
    assert note.url.endswith(f"/invitations/{invitation.token}/")
    assert AuditEntry.objects.filter(action="hub.staff_invited", hub_id=hub_a.pk).exists()

    invitee = UserFactory(email="new@example.org")
    client.force_login(invitee)
    response = client.post(reverse("hubs:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 302
    with scope(hub=hub_a):
        assert HubMembership.objects.get(user=invitee).role == HubRole.STAFF


@pytest.mark.django_db
def test_invitation_for_someone_else_is_refused(client, staff_a, hub_a):
    with scope(hub=hub_a):
        invitation = services.invite_staff(hub=hub_a, email="a@example.org", role="staff",
                                           actor=staff_a)
    intruder = UserFactory(email="b@example.org")
    client.force_login(intruder)
    client.post(reverse("hubs:invitation", kwargs={"token": invitation.token}))
    with scopes_disabled():
        assert not HubMembership.objects.filter(user=intruder).exists()


@pytest.mark.django_db
def test_invalid_invite_shows_form_error_and_keeps_nothing(client, staff_a, hub_a):
    client.force_login(staff_a)
    response = client.post(staff_url(hub_a, "staff_invite"), {"email": "not-an-email",
                                              "role": "staff"})
    assert response.status_code == 422
    assert "Enter a valid email address" in response.content.decode()
    with scope(hub=hub_a):
        assert not HubInvitation.objects.exists()


@pytest.mark.django_db
def test_last_manager_cannot_be_demoted_or_removed(staff_a, hub_a):
    with scope(hub=hub_a):
        membership = HubMembership.objects.get(user=staff_a)
        with pytest.raises(services.StaffError):
            services.change_role(membership=membership, role=HubRole.STAFF, actor=staff_a)
        with pytest.raises(services.StaffError):
            services.remove_staff(membership=membership, actor=staff_a)
        assert HubMembership.objects.get(user=staff_a).role == HubRole.MANAGER


@pytest.mark.django_db
def test_plain_staff_cannot_change_the_staff_list(client, hub_a, staff_a):
    with scopes_disabled():
        plain = MembershipFactory(hub=hub_a, role=HubRole.STAFF).user
    client.force_login(plain)
    assert client.get(staff_url(hub_a)).status_code == 200
    response = client.post(staff_url(hub_a, "staff_invite"), {"email": "x@example.org",
                                              "role": "manager"})
    assert response.status_code == 404
    with scope(hub=hub_a):
        assert not HubInvitation.objects.exists()


@pytest.mark.django_db
def test_manager_changes_role_and_removes_staff(client, hub_a, staff_a):
    with scopes_disabled():
        other = MembershipFactory(hub=hub_a, role=HubRole.STAFF)
    client.force_login(staff_a)
    client.post(staff_url(hub_a, "staff_role", pk=other.pk), {"role": "manager"})
    with scope(hub=hub_a):
        assert HubMembership.objects.get(pk=other.pk).role == HubRole.MANAGER
    asked = client.post(staff_url(hub_a, "staff_remove", pk=other.pk))
    assert asked.status_code == 200
    assert b"data-confirmation" in asked.content
    with scope(hub=hub_a):
        assert HubMembership.objects.filter(pk=other.pk).exists()  # nothing yet
    client.post(staff_url(hub_a, "staff_remove", pk=other.pk), {"confirmed": "1"})
    with scope(hub=hub_a):
        assert not HubMembership.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.filter(action="hub.staff_removed").count() == 1


@pytest.mark.django_db
def test_another_hubs_membership_or_invitation_is_not_found(client, hub_a, staff_a, hub_b,
                                                            staff_b):
    with scope(hub=hub_b):
        theirs = HubMembership.objects.get(user=staff_b)
        invitation = services.invite_staff(hub=hub_b, email="c@example.org", role="staff",
                                           actor=staff_b)
    client.force_login(staff_a)
    for name, pk in (("staff_role", theirs.pk), ("staff_remove", theirs.pk),
                     ("invitation_revoke", invitation.pk)):
        response = client.post(staff_url(hub_a, name, pk=pk),
                               {"role": "staff", "confirmed": "1"})
        assert response.status_code == 404, name
    with scope(hub=hub_b):
        assert HubMembership.objects.get(pk=theirs.pk).role == HubRole.MANAGER
        assert HubInvitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.django_db
def test_an_action_url_changes_nothing_on_get_and_revoking_asks_first(client, hub_a, staff_a):
    with scope(hub=hub_a):
        invitation = services.invite_staff(hub=hub_a, email="d@example.org", role="staff",
                                           actor=staff_a)
    client.force_login(staff_a)
    url = staff_url(hub_a, "invitation_revoke", pk=invitation.pk)
    assert client.get(url).status_code == 405
    asked = client.post(url)
    assert b"data-confirmation" in asked.content
    assert f'href="{staff_url(hub_a)}"'.encode() in asked.content  # cancel goes to the page
    with scope(hub=hub_a):
        assert HubInvitation.objects.filter(pk=invitation.pk).exists()
    response = client.post(url, {"confirmed": "1"})
    assert response["Location"] == staff_url(hub_a)
    with scope(hub=hub_a):
        assert not HubInvitation.objects.filter(pk=invitation.pk).exists()
