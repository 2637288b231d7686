"""Judges assigned by the review engine: by expertise, pins and forbidden pairs obeyed on a
re-run, a declared conflict handed to the best-fitting judge, the assignment page explains
each pair and its actions are POST-only, tenant-safe and never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from creaconnect.core.models import AuditEntry
from hackathons.models import (
    AssignmentRule,
    HackathonStatus,
    JudgeAssignment,
    PairRule,
    Submission,
)
from hackathons.services import HackathonError, judging
from tests.factories import make_hackathon, make_judge, make_submission, make_team

pytestmark = pytest.mark.django_db


def expert(hackathon, tags, bio=""):
    user = make_judge(hackathon)
    user.expert_profile.expertise = tags
    user.expert_profile.bio = bio
    user.expert_profile.save()
    return user


def submission(hackathon, title, description, offset):
    sub = make_submission(make_team(hackathon, size=1, offset=offset, name=title), title=title)
    with scope(hub=hackathon.hub):
        Submission.objects.filter(pk=sub.pk).update(description=description, challenge=None)
    return sub


def pairs(hackathon):
    with scope(hub=hackathon.hub):
        return set(JudgeAssignment.objects.filter(hackathon=hackathon).values_list(
            "judge_id", "submission_id"))


@pytest.fixture
def expo(hub_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, judges_per_submission=1)
    music = submission(h, "Street sound map", "Music production and field recording", 0)
    food = submission(h, "Zero waste kitchen", "Food waste, composting and cooking", 2)
    musician = expert(h, ["Music production", "sound"], "Producer and sound designer")
    cook = expert(h, ["food", "Cuisine"], "Chef working on composting and food waste")
    return h, music, food, musician, cook


def test_each_submission_goes_to_the_judge_whose_expertise_fits(expo, staff_a):
    h, music, food, musician, cook = expo
    with scope(hub=h.hub):
        assert judging.assign_judges(hackathon=h, actor=staff_a) == 2
        entry = AuditEntry.objects.filter(action="judging.assigned").latest("pk")
    assert pairs(h) == {(musician.pk, music.pk), (cook.pk, food.pk)}
    assert entry.data["method"] == "lp"


def test_pins_and_forbidden_pairs_are_obeyed_when_run_again(expo, staff_a):
    h, music, food, musician, cook = expo
    with scope(hub=h.hub):
        judging.assign_judges(hackathon=h, actor=staff_a)
        judging.set_pair_rule(submission=music, judge=musician, rule=PairRule.FORBID,
                              actor=staff_a)
        judging.assign_judges(hackathon=h, actor=staff_a)
        assert pairs(h) == {(cook.pk, music.pk), (musician.pk, food.pk)}
        rule = judging.set_pair_rule(submission=music, judge=musician, rule=PairRule.PIN,
                                     actor=staff_a)  # replaces the forbidding rule
        assert AssignmentRule.objects.filter(hackathon=h).count() == 1
        judging.assign_judges(hackathon=h, actor=staff_a)
        assert (musician.pk, music.pk) in pairs(h)
        judging.clear_pair_rule(rule=rule, actor=staff_a)
        actions = set(AuditEntry.objects.filter(hub_id=h.hub_id).values_list("action",
                                                                              flat=True))
    assert {"judging.pair_pinned", "judging.pair_forbidden", "judging.pair_rule_cleared"} \
        <= actions


def test_a_pin_on_a_conflict_and_forbidding_a_scored_pair_are_refused(expo, staff_a):
    h, music, _food, musician, _cook = expo
    from hackathons.models import ConflictDeclaration

    with scope(hub=h.hub):
        ConflictDeclaration.objects.create(hackathon=h, judge=musician, team=music.team)
        with pytest.raises(HackathonError, match="conflict of interest"):
            judging.set_pair_rule(submission=music, judge=musician, rule=PairRule.PIN,
                                  actor=staff_a)
        judging.assign_judges(hackathon=h, actor=staff_a)
        a = JudgeAssignment.objects.get(submission=music)
        assert a.judge_id != musician.pk
        JudgeAssignment.objects.filter(pk=a.pk).update(scored_at=h.judging_closes)
        with pytest.raises(HackathonError, match="already scored"):
            judging.set_pair_rule(submission=music, judge=a.judge, rule=PairRule.FORBID,
                                  actor=staff_a)


def test_a_declared_conflict_goes_to_the_best_fitting_judge_not_the_first(expo, staff_a):
    h, music, food, musician, cook = expo
    generalist = expert(h, ["architecture"], "Buildings")
    second_musician = expert(h, ["music production"], "Sound engineer, music production")
    with scope(hub=h.hub):
        a = JudgeAssignment.objects.create(hackathon=h, submission=music, judge=musician)
        new = judging.declare_conflict(assignment=a, reason="my cousin", actor=musician)
    # Equal loads: the old rule took the lowest id (the cook); the fit decides now.
    assert cook.pk < generalist.pk < second_musician.pk
    assert new.judge_id == second_musician.pk


def test_too_few_judges_without_a_conflict_names_the_submission(expo, staff_a):
    h, music, _food, musician, cook = expo
    from hackathons.models import ConflictDeclaration

    with scope(hub=h.hub):
        ConflictDeclaration.objects.create(hackathon=h, judge=musician, team=music.team)
        ConflictDeclaration.objects.create(hackathon=h, judge=cook, team=music.team)
        with pytest.raises(HackathonError, match="Street sound map"):
            judging.assign_judges(hackathon=h, actor=staff_a)


def url(h, name, **kw):
    return reverse(f"hackathons_console:{name}", kwargs={"hub_slug": h.hub.slug,
                                                         "slug": h.slug, **kw})


def test_the_page_explains_each_pair_and_its_actions_work(client, expo, staff_a):
    h, music, _food, musician, cook = expo
    client.force_login(staff_a)
    with scope(hub=h.hub):
        judging.assign_judges(hackathon=h, actor=staff_a)
    page = client.get(url(h, "judging_assignment"))
    assert page.status_code == 200
    html = page.content.decode()
    assert musician.name in html
    assert "tags 0.00 · text 0." in html  # why: the fit's two parts (no challenge tags here)
    assert "of at most 1" in html
    assert client.get(url(h, "judging_pin", pk=music.pk)).status_code == 405  # GET never acts
    response = client.post(url(h, "judging_forbid", pk=music.pk), {"judge": musician.pk},
                           follow=True)
    assert "will not judge" in response.content.decode()
    response = client.post(url(h, "judging_assignment_run"), {"fairness": "1"}, follow=True)
    assert response.status_code == 200
    assert (cook.pk, music.pk) in pairs(h)
    with scope(hub=h.hub):
        rule = AssignmentRule.objects.get(hackathon=h)
    response = client.post(url(h, "judging_rule_clear", pk=rule.pk), follow=True)
    assert "is cleared" in response.content.decode()
    # A refused move is a message on the page, not a 500.
    with scope(hub=h.hub):
        from hackathons.models import ConflictDeclaration

        ConflictDeclaration.objects.create(hackathon=h, judge=musician, team=music.team)
    response = client.post(url(h, "judging_pin", pk=music.pk), {"judge": musician.pk},
                           follow=True)
    assert response.status_code == 200
    assert "conflict of interest" in response.content.decode()
    assert client.post(url(h, "judging_pin", pk=music.pk), {"judge": "x"}).status_code == 404


def test_another_hubs_rule_and_submission_are_not_found(client, hub_a, hub_b, staff_b, expo,
                                                        staff_a):
    h, music, _food, musician, _cook = expo
    with scope(hub=h.hub):
        rule = judging.set_pair_rule(submission=music, judge=musician, rule=PairRule.PIN,
                                     actor=staff_a)
    theirs = make_hackathon(hub_b, slug="theirs", status=HackathonStatus.JUDGING)
    client.force_login(staff_b)
    for name, kw in (("judging_rule_clear", {"pk": rule.pk}), ("judging_pin", {"pk": music.pk})):
        target = reverse(f"hackathons_console:{name}",
                         kwargs={"hub_slug": hub_b.slug, "slug": theirs.slug, **kw})
        assert client.post(target, {"judge": musician.pk}).status_code == 404


def test_the_page_query_count_does_not_grow_with_submissions(client, hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, judges_per_submission=1)
    for i in range(2):
        expert(h, [f"topic{i}"])

    def count():
        client.force_login(staff_a)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(h, "judging_assignment")).status_code == 200
        return len(ctx.captured_queries)

    submission(h, "One", "first", 0)
    small = count()
    for i in range(4):
        submission(h, f"More {i}", "more text", 10 + i * 2)
    with scope(hub=h.hub):
        judging.assign_judges(hackathon=h, actor=staff_a)
    assert count() == small
