"""The hub console's showcase: permissions (404 for other hubs and non-staff), creating and
editing projects, team, images, awards, and the publication actions."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from showcase.models import (
    Award,
    ConsentState,
    CreditedMember,
    GalleryImage,
    ProjectState,
    ShowcaseProject,
)
from tests.factories import UserFactory

from .conftest import png_upload

pytestmark = pytest.mark.django_db


def console_urls(hub, project):
    kw = {"hub_slug": hub.slug}
    return [reverse("showcase_console:list", kwargs=kw),
            reverse("showcase_console:create", kwargs=kw),
            reverse("showcase_console:detail", kwargs={**kw, "pk": project.pk}),
            reverse("showcase_console:edit", kwargs={**kw, "pk": project.pk})]


def act(hub, project, name, **kwargs):
    """The URL of one action on a project in the hub console."""
    return reverse(f"showcase_console:{name}",
                   kwargs={"hub_slug": hub.slug, "pk": project.pk, **kwargs})


ACTIONS = ("member_add", "image_add", "award_add", "request_consents", "publish", "withdraw",
           "draft", "present", "unpresent")
ITEM_ACTIONS = ("member_remove", "image_remove", "award_remove")


def valid_form(**overrides):
    data = {"title": "New thing", "slug": "new-thing", "tagline": "A tagline",
            "story": "First paragraph.\n\nSecond <script>x</script>", "theme": "urban",
            "stage": "prototype", "countries": ["FR", "RS"], "disciplines": ["design"],
            "looking_for": ["venues"], "video_url": "", "website": "",
            "cover_alt": "", "source_label": ""}
    data.update(overrides)
    return data


def test_permission_grid(client, hub_a, hub_b, staff_a, staff_b, admin_user, participant,
                         make_project):
    project_a = make_project(hub_a, state=ProjectState.DRAFT)
    project_b = make_project(hub_b, state=ProjectState.DRAFT)
    for url in console_urls(hub_a, project_a):
        client.logout()
        assert client.get(url).status_code == 302  # anonymous: login
        for user, expected in ((staff_a, 200), (admin_user, 200), (staff_b, 404),
                               (participant, 404)):
            client.force_login(user)
            assert client.get(url).status_code == expected, (url, user)
    # Hub A's staff asking for hub B's project through hub A's console: 404 on every URL.
    client.force_login(staff_a)
    for url in console_urls(hub_a, project_b)[2:]:
        assert client.get(url).status_code == 404
    with scopes_disabled():
        member_b = CreditedMember.objects.filter(project=project_b).first()
    actions = [act(hub_a, project_b, name) for name in ACTIONS] + [
        act(hub_a, project_b, name, item=member_b.pk) for name in ITEM_ACTIONS]
    for url in actions:
        assert client.post(url, {"confirmed": "1"}).status_code == 404, url
    for url in console_urls(hub_b, project_b):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    # Plain participants get 404 on the actions of a project of their hub too.
    client.force_login(participant)
    assert client.post(act(hub_a, project_a, "publish")).status_code == 404
    project_b.refresh_from_db()
    assert project_b.state == ProjectState.DRAFT


def test_every_permission_name_used_exists():
    import rules

    for name in ("showcase.manage_projects", "showcase.answer_consent"):
        assert rules.perm_exists(name)


def test_create_edit_and_run_the_workflow(client, hub_a, staff_a):
    client.force_login(staff_a)
    base = {"hub_slug": hub_a.slug}
    response = client.post(reverse("showcase_console:create", kwargs=base),
                           {**valid_form(), "cover_upload": png_upload()})
    assert response.status_code == 302
    with scope(hub=hub_a):
        project = ShowcaseProject.objects.get(slug="new-thing")
    assert project.state == ProjectState.DRAFT
    assert project.created_by == staff_a
    assert "<script>" not in project.story
    assert project.story.startswith("<p>First")
    assert project.cover.name.startswith("showcase/covers/")
    assert project.cover_card.width <= 640
    assert project.cover.width <= 1600
    detail = reverse("showcase_console:detail", kwargs={**base, "pk": project.pk})
    member_user = UserFactory(email="maker@example.org", display_name="Maker")
    assert client.post(act(hub_a, project, "member_add"), {"email": "MAKER@example.org",
                                "display_name": "", "role": "Lead"}).status_code == 302
    assert client.post(act(hub_a, project, "image_add"), {"image": png_upload("g.png"),
                                "alt": "Workshop"}).status_code == 302
    assert client.post(act(hub_a, project, "award_add"), {"title": "Prize", "given_by": "Jury",
                                "year": "2026"}).status_code == 302
    assert client.post(act(hub_a, project, "publish")).status_code == 302  # refused: draft
    assert client.post(act(hub_a, project, "request_consents")).status_code == 302
    with scope(hub=hub_a):
        member = CreditedMember.objects.get(project=project)
        assert member.display_name == "Maker"
        assert member.consent == ConsentState.PENDING
        assert GalleryImage.objects.filter(project=project).count() == 1
        assert Award.objects.filter(project=project).count() == 1
    page = client.get(detail).content.decode()
    assert "Waiting for an answer" in page
    assert "Maker" in page
    client.force_login(member_user)
    client.post(reverse("showcase:consent_approve", kwargs={"pk": member.pk}))
    client.force_login(staff_a)
    assert client.post(act(hub_a, project, "publish")).status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.PUBLISHED
    client.logout()
    public = client.get(project.get_absolute_url()).content.decode()
    assert "Workshop" in public
    assert "Prize" in public
    assert "Maker" in public
    client.force_login(staff_a)
    edit = reverse("showcase_console:edit", kwargs={**base, "pk": project.pk})
    assert client.get(edit).status_code == 200
    assert client.post(edit, valid_form(title="Renamed")).status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"
    assert client.post(act(hub_a, project, "withdraw"), {"confirmed": "1"}).status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.WITHDRAWN


def test_bad_input_gives_form_messages_not_500(client, hub_a, hub_b, staff_a, make_project):
    other = make_project(hub_b, slug="taken-elsewhere")
    client.force_login(staff_a)
    create = reverse("showcase_console:create", kwargs={"hub_slug": hub_a.slug})
    cases = [
        ({"title": "", "theme": "nope"}, "This field is required."),
        ({"slug": "event"}, "reserved"),
        ({"slug": other.slug}, "Another project already uses this address."),
        ({"from_submission": "999999"}, "Select a valid choice"),
        ({"cover_upload": png_upload()}, None),  # valid control case below
    ]
    for overrides, message in cases[:-1]:
        response = client.post(create, valid_form(**overrides))
        assert response.status_code == 422, overrides
        assert message in response.content.decode(), overrides
    fake = png_upload()
    fake.file.write(b"")
    from django.core.files.uploadedfile import SimpleUploadedFile
    not_image = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = client.post(create, {**valid_form(), "cover_upload": not_image})
    assert response.status_code == 422
    project = make_project(hub_a, state=ProjectState.DRAFT)
    response = client.post(act(hub_a, project, "member_add"), {"email": "nobody@example.org"})
    assert response.status_code == 422
    assert "No active account" in response.content.decode()
    response = client.post(act(hub_a, project, "image_add"), {"image": not_image})
    assert response.status_code == 422
    response = client.post(act(hub_a, project, "award_add"), {"year": "abc"})
    assert response.status_code == 422
    for name in ITEM_ACTIONS:  # no such member, image or award on this project
        assert client.post(act(hub_a, project, name, item=999999)).status_code == 404
    assert client.get(act(hub_a, project, "publish")).status_code == 405  # GET changes nothing
    with scopes_disabled():
        assert ShowcaseProject.objects.filter(hub=hub_a).count() == 1


def test_console_list_shows_consent_counts_without_n_plus_one(
        client, hub_a, staff_a, make_project, django_assert_max_num_queries):
    for _ in range(3):
        make_project(hub_a, members=2, state=ProjectState.AWAITING_CONSENT, consented=False)
    client.force_login(staff_a)
    url = reverse("showcase_console:list", kwargs={"hub_slug": hub_a.slug})
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    for _ in range(20):
        make_project(hub_a, members=2)
    with django_assert_max_num_queries(15) as large:
        html = client.get(url).content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)
    assert "0 of 2 approved" in html
    assert "2 of 2 approved" in html


def test_new_project_can_carry_fields_over_from_its_source(client, hub_a, staff_a,
                                                           monkeypatch):
    from showcase import sources

    def loader(hub, source_id):
        if source_id != 7:
            return None
        return {"title": "From the hackathon", "theme": "heritage",
                "source_label": f"Submission #{source_id} at {hub.name}"}

    # setitem puts the real loader back afterwards (deleting it broke later tests).
    monkeypatch.setitem(sources.SOURCE_LOADERS, "hackathon_submission", loader)
    client.force_login(staff_a)
    url = reverse("showcase_console:create", kwargs={"hub_slug": hub_a.slug})
    html = client.get(url, {"source_kind": "hackathon_submission",
                            "source_id": "7"}).content.decode()
    assert 'value="From the hackathon"' in html
    assert "Submission #7" in html
    html = client.get(url, {"source_kind": "hackathon_submission",
                            "source_id": "x"}).content.decode()
    assert "From the hackathon" not in html


def test_console_home_shows_showcase_figures(client, hub_a, staff_a, make_project):
    make_project(hub_a)
    make_project(hub_a, state=ProjectState.AWAITING_CONSENT, consented=False)
    client.force_login(staff_a)
    response = client.get(reverse("console:home", kwargs={"hub_slug": hub_a.slug}))
    figures = dict(response.context["figures"])
    assert figures["Projects in the showcase"] == 1
    assert figures["Showcase projects awaiting consent"] == 1


def test_programme_admin_puts_projects_on_the_event(client, hub_a, staff_a, admin_user,
                                                    make_project):
    from datetime import timedelta

    from django.utils import timezone

    from showcase.models import ShowcaseEvent

    start = timezone.now() + timedelta(days=10)
    event = ShowcaseEvent.objects.create(title="Final", slug="final", starts_at=start,
                                         ends_at=start + timedelta(hours=5), venue="Hall",
                                         city="Marseille", description="Day")
    published = make_project(hub_a, title="Ready for stage")
    draft = make_project(hub_a, state=ProjectState.DRAFT)

    def url(p):
        return reverse("showcase_console:detail", kwargs={"hub_slug": hub_a.slug, "pk": p.pk})

    client.force_login(staff_a)
    assert "Present at the event" not in client.get(url(published)).content.decode()
    assert client.post(act(hub_a, published, "present")).status_code == 404
    client.force_login(admin_user)
    assert client.post(act(hub_a, published, "present")).status_code == 302
    client.post(act(hub_a, draft, "present"))  # refused with a message
    with scopes_disabled():
        assert list(event.projects.all()) == [published]
    assert "Ready for stage" in client.get("/showcase/event/").content.decode()
    client.post(act(hub_a, published, "unpresent"))
    with scopes_disabled():
        assert not event.projects.exists()
