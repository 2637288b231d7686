"""Role × URL grid: programme admins only; everyone else gets 404; no TOTP → set-up."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from hackathons.models import ExpertProfile
from programme.models import MentorAssignment
from showcase.models import ShowcaseProject
from tests.consortium.conftest import populate
from tests.factories import UserFactory, make_hackathon, make_judge, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(hub_a):
    judge = make_judge()
    populate(hub_a, 1)
    with scopes_disabled():
        project = ShowcaseProject.objects.filter(hub=hub_a).first()
    expert = ExpertProfile.objects.get(user=judge)
    return [
        ("get", reverse("consortium:home")),
        ("get", reverse("consortium:audit")),
        ("get", reverse("consortium:audit_export")),
        ("get", reverse("consortium:experts")),
        ("post", reverse("consortium:expert_invite")),
        ("get", reverse("consortium:expert_edit", kwargs={"pk": expert.pk})),
        ("get", reverse("consortium:showcase")),
        ("post", reverse("consortium:showcase_publish", kwargs={"pk": project.pk})),
        ("post", reverse("consortium:showcase_withdraw", kwargs={"pk": project.pk})),
        ("post", reverse("consortium:showcase_draft", kwargs={"pk": project.pk})),
        ("post", reverse("consortium:showcase_consents", kwargs={"pk": project.pk})),
    ]


def _roles(hub_a, staff_a, participant):
    hackathon = make_hackathon(hub_a)
    team = make_team(hackathon, size=2)
    with scopes_disabled():
        member = team.memberships.first().user
    with scopes_disabled():
        mentor = MentorAssignment.objects.filter(member__cohort__hub=hub_a).first().mentor
    judge = make_judge(hackathon)
    return {"hub staff": staff_a, "participant": participant, "team member": member,
            "mentor": mentor, "judge": judge}


def test_everyone_but_programme_admins_gets_404(client, urls, hub_a, staff_a, participant):
    for role, user in [("anonymous", None), *_roles(hub_a, staff_a, participant).items()]:
        client.logout()
        if user is not None:
            client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url)
            assert response.status_code == 404, (role, method, url, response.status_code)


def test_programme_admin_opens_every_page(client, urls, admin_user):
    client.force_login(admin_user)
    for method, url in urls:
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_without_totp_admin_is_sent_to_activation(client, urls):
    admin = UserFactory(is_programme_admin=True, totp=False)
    client.force_login(admin)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("mfa_activate_totp") in response["Location"]
