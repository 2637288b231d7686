"""Submission versions: every save keeps one (texts and files), the team compares two and
restores one (after confirming; the restore is a new version), mentors and organisers read,
judges see the submitted version, and everyone else gets 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from hackathons.models import (
    HackathonStatus,
    JudgeAssignment,
    SubmissionStatus,
    SubmissionVersion,
    TeamStatus,
)
from hackathons.services import HackathonError, versions
from hackathons.services import submissions as services
from tests.factories import (
    TeamMentorAssignmentFactory,
    UserFactory,
    make_hackathon,
    make_judge,
    make_team,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(hub_a):
    h = make_hackathon(hub_a, slug="versions", status=HackathonStatus.RUNNING)
    return make_team(h, size=2)


def url(team, name="submission_versions", **kwargs):
    return reverse(f"hackathons:{name}",
                   kwargs={"slug": team.hackathon.slug, "pk": team.pk, **kwargs})


def three_versions(team, hub):
    author = team.captain
    with scope(hub=hub):
        services.save_draft(team=team, actor=author, data={
            "title": "Loom", "summary": "Looms from offcuts", "description": "One\nTwo"})
        sub = services.submission_for_team(team)
        services.add_file(submission=sub, actor=author,
                          upload=SimpleUploadedFile("plan.txt", b"The plan."))
        services.save_draft(team=team, actor=author, data={
            "title": "Loom", "summary": "Looms from offcuts", "description": "One\nThree"})
        return services.submission_for_team(team)


def test_every_save_keeps_a_version_with_its_files(team, hub_a):
    sub = three_versions(team, hub_a)
    with scope(hub=hub_a):
        rows = {v.number: v.data for v in SubmissionVersion.objects.filter(submission=sub)}
    assert sorted(rows) == [1, 2, 3]
    assert rows[1]["files"] == []
    assert [f["name"] for f in rows[2]["files"]] == ["plan.txt"]
    assert rows[3]["description"] == "One\nThree"
    assert sub.version == 3


def test_compare_shows_an_accessible_line_diff(client, team, hub_a):
    three_versions(team, hub_a)
    client.force_login(team.captain)
    body = client.get(url(team), {"a": 1, "b": 3}).content.decode()
    assert "Changes from version 1 to version 3" in body
    assert '<del><span class="visually-hidden">Removed: </span>Two</del>' in body
    assert '<ins><span class="visually-hidden">Added: </span>Three</ins>' in body
    assert '<ins><span class="visually-hidden">Added: </span>plan.txt</ins>' in body
    same = client.get(url(team), {"a": 2, "b": 2}).content.decode()
    assert "Please choose two different versions." in same
    assert client.get(url(team), {"a": 1, "b": 99}).status_code == 404
    assert client.get(url(team), {"a": "x", "b": 1}).status_code == 404


def test_comparison_of_texts_and_files(team, hub_a):
    sub = three_versions(team, hub_a)
    with scope(hub=hub_a):
        v = {x.number: x for x in SubmissionVersion.objects.filter(submission=sub)}
    diff = versions.compare_versions(v[3], v[1])  # in any order: older to newer
    assert diff.older.number == 1
    description = next(f for f in diff.fields if f.label == "Description")
    assert description.lines == [("same", "One"), ("removed", "Two"), ("added", "Three")]
    assert diff.files_added == ["plan.txt"]
    assert not next(f for f in diff.fields if f.label == "Title").changed


def test_restore_asks_first_then_makes_a_new_version(client, team, hub_a):
    sub = three_versions(team, hub_a)
    with scope(hub=hub_a):
        services.remove_file(file=sub.files.get(), actor=team.captain)
        assert not services.current_files(sub).exists()
    client.force_login(team.captain)
    restore = url(team, "submission_version_restore", number=2)
    asked = client.post(restore)
    assert asked.status_code == 200
    assert "Restore version 2?" in asked.content.decode()
    with scope(hub=hub_a):
        assert SubmissionVersion.objects.filter(submission=sub).count() == 4
    r = client.post(restore, {"confirmed": "1"}, follow=True)
    assert "Version 2 restored as version 5." in r.content.decode()
    with scope(hub=hub_a):
        sub.refresh_from_db()
        assert sub.version == 5
        assert sub.description == "One\nTwo"
        assert [f.name for f in services.current_files(sub)] == ["plan.txt"]  # back again


def test_restore_refused_once_submitted(team, hub_a):
    sub = three_versions(team, hub_a)
    with scope(hub=hub_a):
        sub.status = SubmissionStatus.SUBMITTED
        sub.save()
        with pytest.raises(HackathonError, match="Reopen the submission"):
            versions.restore_version(submission=sub, number=1, actor=team.captain)


def test_who_reads_and_who_restores(client, team, hub_a, hub_b, staff_a, staff_b):
    three_versions(team, hub_a)
    mentor = TeamMentorAssignmentFactory(team=team).mentor
    pages = [url(team), url(team, "submission_version", number=1)]
    restore = url(team, "submission_version_restore", number=1)
    for reader in (team.captain, mentor, staff_a):
        client.force_login(reader)
        for page in pages:
            assert client.get(page).status_code == 200, (reader, page)
    for outsider in (UserFactory(), staff_b, make_team(team.hackathon, offset=4).captain):
        client.force_login(outsider)
        for page in pages:
            assert client.get(page).status_code == 404, (outsider, page)
    for not_member in (mentor, staff_a, staff_b):
        client.force_login(not_member)
        assert client.post(restore, {"confirmed": "1"}).status_code == 404
    client.force_login(team.captain)
    assert client.get(restore).status_code == 405
    assert client.get(url(team, "submission_version", number=42)).status_code == 404


def test_judges_see_the_submitted_version(client, team, hub_a, staff_a):
    sub = three_versions(team, hub_a)
    with scope(hub=hub_a):
        team.status = TeamStatus.LOCKED
        team.save()
        services.submit_submission(submission=sub, actor=team.captain)
        sub.refresh_from_db()
        assert sub.submitted_version == 3
        judge = make_judge(team.hackathon)
        JudgeAssignment.objects.create(hackathon=team.hackathon, submission=sub, judge=judge)
    client.force_login(judge)
    body = client.get(reverse("hackathons:judge_score", kwargs={"pk": sub.pk})).content.decode()
    assert "version 3, submitted on" in body
    client.force_login(staff_a)
    assert "(submitted)" in client.get(url(team)).content.decode()


def test_versions_page_makes_the_same_queries_at_two_sizes(client, hub_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, slug in ((2, "few-versions"), (7, "many-versions")):
        h = make_hackathon(hub_a, slug=slug, status=HackathonStatus.RUNNING)
        team = make_team(h)
        with scope(hub=hub_a):
            for k in range(n):
                services.save_draft(team=team, actor=team.captain,
                                    data={"title": f"Draft {k}", "description": f"Line {k}"})
        client.force_login(team.captain)
        client.get(url(team))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(team), {"a": 1, "b": n}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
