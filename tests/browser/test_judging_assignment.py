"""The judge assignment page in a browser: readable by axe-core, every action by keyboard-
reachable buttons, and a forbidden pair taken away on the next run."""

import pytest
from django_scopes import scope

from hackathons.models import HackathonStatus, JudgeAssignment
from hackathons.services import judging
from tests.factories import PASSWORD, make_hackathon, make_judge, make_submission, make_team


def flash(page) -> str:
    return " ".join(page.locator(".messages, [role=status], [role=alert]").all_inner_texts())


@pytest.mark.django_db(transaction=True)
def test_staff_see_why_and_forbid_a_pair_then_run_again(new_visitor, hub_a, staff_a):
    h = make_hackathon(hub_a, slug="fit", status=HackathonStatus.JUDGING,
                       judges_per_submission=1)
    sub = make_submission(make_team(h, name="Loom Lab"), title="Offcut looms")
    first, second = make_judge(h), make_judge(h)
    for judge, tags in ((first, ["textiles"]), (second, ["ceramics"])):
        judge.expert_profile.expertise = tags
        judge.expert_profile.save()
    with scope(hub=hub_a):
        judging.assign_judges(hackathon=h, actor=staff_a)
        assigned = JudgeAssignment.objects.get(submission=sub).judge

    staff = new_visitor()
    staff.login(staff_a.email, PASSWORD)
    page = staff.go(f"/manage/{hub_a.slug}/hackathons/fit/judging/assignment/")
    staff.check()
    assert page.get_by_role("table", name="Judges of Offcut looms").is_visible()
    page.get_by_role("button", name=f"Forbid {assigned.name}").click()
    staff.check()
    assert "will not judge" in flash(page)
    page.get_by_role("button", name="Run the assignment again").click()
    staff.check()
    assert "Assignment run again" in flash(page)
    with scope(hub=hub_a):
        assert JudgeAssignment.objects.get(submission=sub).judge != assigned
