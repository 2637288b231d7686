"""The expo and the versions pages in a browser, on a phone's width: readable by axe-core,
every answer a button, nothing wider than the screen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from hackathons.models import ExpoJudgement, HackathonStatus, JudgingMode
from hackathons.services import submissions
from tests.factories import PASSWORD, make_hackathon, make_judge, make_submission, make_team

PHONE = 390


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_a_judge_walks_the_expo_on_a_phone(new_visitor, hub_a):
    h = make_hackathon(hub_a, slug="walk", status=HackathonStatus.JUDGING,
                       judging_mode=JudgingMode.PAIRWISE)
    for k in range(3):
        make_submission(make_team(h, offset=2 * k),
                        title=f"A rather long project title number {k} about courtyards")
    judge = make_judge(h)
    v = new_visitor(width=PHONE)
    v.login(judge.email, PASSWORD)
    page = v.go("/judge/")
    page.get_by_role("link", name="Walk the expo").click()
    v.check()
    page.get_by_role("button", name="Start the expo").click()
    v.check()
    assert fits(page)
    v.screenshot("expo-pair")
    page.get_by_role("button", name="A is better").click()
    v.check()
    assert "Answer recorded" in page.content()
    page.get_by_role("button", name="Skip this pair").click()
    v.check()
    assert fits(page)
    with scope(hub=hub_a):
        assert ExpoJudgement.objects.filter(judge=judge).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_team_compares_and_restores_versions_on_a_phone(new_visitor, hub_a):
    h = make_hackathon(hub_a, slug="drafts", status=HackathonStatus.RUNNING)
    team = make_team(h)
    with scope(hub=hub_a):
        for text in ("First idea", "First idea\nWith a budget"):
            submissions.save_draft(team=team, actor=team.captain,
                                   data={"title": "Courtyards", "description": text})
        sub = submissions.submission_for_team(team)
        submissions.add_file(submission=sub, actor=team.captain,
                             upload=SimpleUploadedFile("budget.txt", b"300 euros"))
    v = new_visitor(width=PHONE)
    v.login(team.captain.email, PASSWORD)
    page = v.go(f"/hackathons/drafts/teams/{team.pk}/submission/")
    page.get_by_role("link", name="All versions: compare and restore").click()
    v.check()
    page.get_by_label("Older").select_option("1")
    page.get_by_label("Newer").select_option("3")
    page.get_by_role("button", name="Compare").click()
    v.check()
    assert "Changes from version 1 to version 3" in page.content()
    assert fits(page)
    v.screenshot("submission-versions-compared")
    page.get_by_role("link", name="Version 1", exact=True).first.click()
    v.check()
    page.get_by_role("button", name="Restore this version").click()
    v.check()  # the confirmation page
    page.get_by_role("button", name="Yes, restore this version").click()
    v.check()
    assert "Version 1 restored as version 4." in page.content()
