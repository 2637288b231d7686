"""The hub scope fails closed, and another hub's console answers 404 on every URL."""

import uuid

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django_scopes import ScopeError, scope, scopes_disabled

from creaconnect.reports.models import Report
from hubs.models import HubMembership


def test_query_on_scoped_model_without_scope_raises(staff_a):
    with pytest.raises(ScopeError):
        list(HubMembership.objects.all())


def test_scope_limits_rows_to_the_hub(staff_a, staff_b, hub_a):
    with scope(hub=hub_a):
        users = {m.user for m in HubMembership.objects.all()}
    assert users == {staff_a}


def console_urls() -> dict[str, dict]:
    """Every URL under a ``hub_slug``, discovered from the URL conf: its name → the
    converters of its other arguments."""
    found = {}

    def walk(patterns, namespace, converters):
        for p in patterns:
            here = {**converters, **getattr(p.pattern, "converters", {})}
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, ns, here)
            elif "hub_slug" in here:
                assert p.name, f"a console URL without a name: {p.pattern}"
                name = f"{namespace}:{p.name}" if namespace else p.name
                found[name] = {k: c for k, c in here.items() if k != "hub_slug"}

    walk(get_resolver().url_patterns, "", {})
    return dict(sorted(found.items()))


def console_url(name, converters, hub_slug, object_id):
    """The URL of ``name`` in the hub ``hub_slug``: ``object_id`` for every id argument,
    a slug or a UUID of the right shape for the others."""
    def sample(converter):
        if isinstance(converter, IntConverter):
            return object_id
        if isinstance(converter, UUIDConverter):
            return uuid.UUID(int=object_id)
        return "x"

    return reverse(name, kwargs={"hub_slug": hub_slug,
                                 **{k: sample(c) for k, c in converters.items()}})


def test_console_urls_are_discovered():
    names = console_urls()
    assert "console:home" in names
    assert "console:staff" in names
    assert "hub_reports:download" in names
    assert len(names) >= 40, sorted(names)


@pytest.mark.django_db
def test_staff_of_hub_a_gets_404_on_every_hub_b_console_url(client, staff_a, hub_b, staff_b):
    """Every console URL, none skipped: whatever arguments it takes beyond the hub."""
    with scopes_disabled():
        report = Report.objects.create(kind="hub_overview", hub_id=hub_b.pk, requested_by=staff_b)
    client.force_login(staff_a)
    checked = set()
    urls = console_urls()
    for name, converters in urls.items():
        url = console_url(name, converters, hub_b.slug, report.pk)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (name, method, response.status_code)
        checked.add(name)
    assert checked == set(urls)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_unknown_hub_is_404(client, staff_a, hub_a):
    response = client.get(reverse("console:home", kwargs={"hub_slug": hub_a.slug}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(staff_a)
    assert client.get("/manage/no-such-hub/").status_code == 404


@pytest.mark.django_db
def test_own_console_and_programme_admin(client, staff_a, hub_a, hub_b, admin_user):
    client.force_login(staff_a)
    response = client.get(reverse("console:home", kwargs={"hub_slug": hub_a.slug}))
    assert response.status_code == 200
    assert "Hub Alpha" in response.content.decode()
    client.force_login(admin_user)
    for hub in (hub_a, hub_b):
        url = reverse("console:staff", kwargs={"hub_slug": hub.slug})
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_hub_a_report_id_under_hub_a_slug_is_404_for_hub_b_report(client, staff_a, hub_a, hub_b):
    """An object of hub B addressed through hub A's console is not found either."""
    with scopes_disabled():
        report = Report.objects.create(kind="hub_overview", hub_id=hub_b.pk, state="done")
    client.force_login(staff_a)
    for name in ("hub_reports:status", "hub_reports:download"):
        url = reverse(name, kwargs={"hub_slug": hub_a.slug, "pk": report.pk})
        assert client.get(url).status_code == 404
