import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_programme_reports_page_points_admins_to_the_indicators_report(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("reports:programme"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{reverse("consortium:indicators")}"' in page
    assert "No report is available here yet." not in page


def test_hub_reports_page_has_no_programme_link(client, hub_a, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("hub_reports:list", kwargs={"hub_slug": hub_a.slug}))
    assert response.status_code == 200
    assert "Prepare a report" in response.content.decode()
    assert reverse("consortium:indicators") not in response.content.decode()
