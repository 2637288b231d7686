"""A showcase project's lineage: foreign keys to the hackathon team/submission or the cohort
membership it grew from (filled from the old kind/id pair by a data migration), shown on its
public page and in the console."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from hackathons.models import HackathonStatus, Prize
from programme.models import ApplicationState
from showcase.models import ShowcaseProject
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortMemberFactory,
    make_hackathon,
    make_submission,
    make_team,
)

pytestmark = pytest.mark.django_db


def test_data_migration_fills_the_links_from_the_old_pair(hub_a, make_project):
    team = make_team(make_hackathon(hub_a, slug="fill"))
    submission = make_submission(team)
    with scopes_disabled():
        application = ApplicationFactory(call=CallFactory(hub=hub_a),
                                         state=ApplicationState.CONFIRMED)
        member = CohortMemberFactory(cohort__hub=hub_a, user=application.applicant,
                                     application=application)
    hack, prog, gone, blank = (make_project(hub_a) for _ in range(4))
    # The schema as it was between the two migrations: the pair back beside the new keys.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER
        cursor.execute("ALTER TABLE showcase_showcaseproject ADD COLUMN source_kind "
                       "varchar(30) NOT NULL DEFAULT '', ADD COLUMN source_id bigint NULL")
        for project, kind, pk in ((hack, "hackathon_submission", submission.pk),
                                  (prog, "programme_project", application.pk),
                                  (gone, "hackathon_submission", 987654)):
            cursor.execute("UPDATE showcase_showcaseproject SET source_kind = %s, "
                           "source_id = %s WHERE id = %s", [kind, pk, project.pk])
    state_apps = MigrationLoader(connection).project_state(
        ("showcase", "0007_fill_lineage")).apps
    migration = importlib.import_module("showcase.migrations.0007_fill_lineage")
    migration.fill(state_apps, None)
    with scopes_disabled():
        rows = {p.pk: p for p in ShowcaseProject.objects.filter(pk__in=[
            hack.pk, prog.pk, gone.pk, blank.pk])}
    assert rows[hack.pk].from_submission_id == submission.pk
    assert rows[hack.pk].from_team_id == team.pk
    assert rows[prog.pk].from_cohort_member_id == member.pk
    assert rows[prog.pk].from_team_id is None
    for pk in (gone.pk, blank.pk):
        assert rows[pk].from_team_id is None
        assert rows[pk].from_submission_id is None
        assert rows[pk].from_cohort_member_id is None


@pytest.fixture
def grown(hub_a, hub_b, make_project):
    """A published hub-B project grown from a prize-winning team at a hub-A hackathon and from
    a hub-B cohort membership."""
    hackathon = make_hackathon(hub_a, slug="loom-jam", title="Loom Jam",
                               status=HackathonStatus.RESULTS_PUBLISHED,
                               results_published_at=timezone.now())
    team = make_team(hackathon, name="Warp and Weft")
    with scopes_disabled():
        Prize.objects.create(hackathon=hackathon, name="Audience prize", winner=team)
        member = CohortMemberFactory(cohort__hub=hub_b, cohort__name="Spring makers")
    return make_project(hub_b, title="Loomworks", from_team=team, from_cohort_member=member)


def test_public_page_shows_the_lineage(client, grown):
    html = client.get(grown.get_absolute_url()).content.decode()
    assert "Where it grew from" in html
    for text in ("Loom Jam", "Warp and Weft", "Audience prize", "Spring makers",
                 "cohort of Hub Beta"):
        assert text in html, text


def test_a_project_without_lineage_shows_none(client, hub_a, make_project):
    html = client.get(make_project(hub_a).get_absolute_url()).content.decode()
    assert "Where it grew from" not in html


def test_console_shows_the_lineage_and_links_only_the_hubs_own_rows(client, grown, hub_a,
                                                                    staff_a, staff_b):
    client.force_login(staff_b)
    detail = reverse("showcase_console:detail", kwargs={"hub_slug": "hub-b", "pk": grown.pk})
    html = client.get(detail).content.decode()
    assert "Warp and Weft" in html
    assert "Spring makers" in html
    # The console form offers the hub's own submissions only.
    submission = make_submission(make_team(make_hackathon(hub_a, slug="other"), name="Only A"))
    form_b = client.get(reverse("showcase_console:create", kwargs={"hub_slug": "hub-b"}))
    assert "Only A" not in form_b.content.decode()
    client.force_login(staff_a)
    form_a = client.get(reverse("showcase_console:create", kwargs={"hub_slug": "hub-a"}),
                        {"source_kind": "hackathon_submission", "source_id": submission.pk})
    assert f'<option value="{submission.pk}" selected>' in form_a.content.decode()
