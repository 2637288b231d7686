"""Pages: permissions (denied → 404), tenancy of the console, judges' view of scores,
query counts that do not grow with the number of teams, and the whole journey."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from django_scopes import scope

from creaconnect.notifications.models import Notification
from hackathons.models import (
    Criterion,
    HackathonStatus,
    JudgeAssignment,
    MentorAssignment,
    Registration,
    Score,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from hackathons.urls import console_urlpatterns
from tests.factories import (
    UserFactory,
    make_hackathon,
    make_judge,
    make_submission,
    make_team,
    registered,
)

pytestmark = pytest.mark.django_db


# --- public pages --------------------------------------------------------------------------

def test_public_pages_and_draft_hidden(client, hub_a, hackathon):
    draft = make_hackathon(hub_a, status=HackathonStatus.DRAFT, slug="secret")
    make_team(hackathon, size=2, name="Blue")
    body = client.get(reverse("hackathons:list")).content.decode()
    assert "Circular Futures" in body
    assert "secret" not in body
    assert client.get(reverse("hackathons:detail", kwargs={"slug": "circular"})).status_code == 200
    assert client.get(reverse("hackathons:detail", kwargs={"slug": draft.slug})).status_code == 404
    r = client.get(reverse("hackathons:teams", kwargs={"slug": "circular"}))
    assert r.status_code == 200
    assert "Blue" in r.content.decode()
    assert client.get("/hackathons/nope/").status_code == 404


def test_register_with_bad_input_shows_form_errors(client, hackathon):
    client.force_login(UserFactory())
    url = reverse("hackathons:register", kwargs={"slug": hackathon.slug})
    r = client.post(url, {"country": "XX", "motivation": ""})
    assert r.status_code == 422
    assert "field-invalid" in r.content.decode()


def test_non_member_gets_404_on_submission_and_feedback(client, hackathon):
    team = make_team(hackathon, size=2)
    client.force_login(UserFactory())
    for name in ("hackathons:submission", "hackathons:feedback"):
        url = reverse(name, kwargs={"slug": hackathon.slug, "pk": team.pk})
        assert client.get(url).status_code == 404
    for name in ("submission_save", "submission_upload", "submission_submit",
                 "submission_reopen", "feedback_post", "feedback_log"):
        url = reverse(f"hackathons:{name}", kwargs={"slug": hackathon.slug, "pk": team.pk})
        assert client.post(url, {"title": "x", "body": "x"}).status_code == 404, name


def test_team_of_another_hackathon_is_404(client, hub_a, hackathon):
    other = make_hackathon(hub_a, slug="other")
    team = make_team(other, size=2)
    client.force_login(team.captain)
    url = reverse("hackathons:team", kwargs={"slug": hackathon.slug, "pk": team.pk})
    assert client.get(url).status_code == 404


def test_submission_file_needs_permission(client, hub_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hackathons.services import submissions

    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING)
    team = make_team(h, size=2, status=TeamStatus.LOCKED)
    with scope(hub=hub_a):
        sub = submissions.save_draft(team=team, actor=team.captain, data={"title": "x"})
        f = submissions.add_file(submission=sub, actor=team.captain,
                                 upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"))
        from hackathons.services import HackathonError

        with pytest.raises(HackathonError):
            submissions.add_file(submission=sub, actor=team.captain,
                                 upload=SimpleUploadedFile("run.exe", b"MZ"))
    url = reverse("hackathons:file", kwargs={"pk": f.pk})
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(team.captain)
    response = client.get(url)
    assert response.status_code == 200
    response.close()


# --- judges ------------------------------------------------------------------------------

def _judging_setup(hub):
    h = make_hackathon(hub, status=HackathonStatus.JUDGING, slug="judged")
    sub = make_submission(make_team(h, size=2))
    me, other = make_judge(h), make_judge(h)
    with scope(hub=hub):
        JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=me)
        a_other = JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=other,
                                                 scored_at=timezone.now())
        crit = list(Criterion.objects.filter(hackathon=h))
        for c in crit:
            Score.objects.create(hackathon=h, submission=sub, judge=other, criterion=c, value=9)
    return h, sub, me, other, crit, a_other


def test_judge_sees_other_scores_only_after_scoring(client, hub_a):
    h, sub, me, other, crit, _a = _judging_setup(hub_a)
    client.force_login(me)
    url = reverse("hackathons:judge_score", kwargs={"pk": sub.pk})
    body = client.get(url).content.decode()
    assert other.name not in body
    assert "Other judges" not in body
    r = client.post(url, {f"c{crit[0].pk}": 3, f"c{crit[1].pk}": 4,
                          "comment_to_team": "Nice", "private_note": ""})
    assert r.status_code == 302
    body = client.get(url).content.decode()
    assert other.name in body
    assert "Other judges" in body


def test_bad_scores_give_a_form_message(client, hub_a):
    h, sub, me, *_rest = _judging_setup(hub_a)
    client.force_login(me)
    url = reverse("hackathons:judge_score", kwargs={"pk": sub.pk})
    r = client.post(url, {"c0": "x"})
    assert r.status_code == 422
    assert "field-invalid" in r.content.decode()


def test_unassigned_submission_is_404_for_a_judge(client, hub_a):
    h, sub, me, *_rest = _judging_setup(hub_a)
    other_sub = make_submission(make_team(h, size=2, offset=6))
    client.force_login(me)
    assert client.get(reverse("hackathons:judge_score", kwargs={"pk": other_sub.pk})
                      ).status_code == 404
    assert client.post(reverse("hackathons:judge_score", kwargs={"pk": other_sub.pk})
                       ).status_code == 404
    r = client.get(reverse("hackathons:judge_queue"))
    assert r.status_code == 200
    assert sub.title in r.content.decode()


# --- console tenancy ---------------------------------------------------------------------

def console_urls(hub, hackathon):
    urls = []
    for p in console_urlpatterns:
        kwargs = {"hub_slug": hub.slug}
        if "<slug:slug>" in str(p.pattern):
            kwargs["slug"] = hackathon.slug
        if "<str:what>" in str(p.pattern):
            kwargs["what"] = "teams"
        # Action URLs: any id or status; the hackathon is found (or not) first.
        for name, value in (("pk", 1), ("item", 1), ("to", HackathonStatus.RUNNING)):
            if f":{name}>" in str(p.pattern):
                kwargs[name] = value
        if "<str:kind>" in str(p.pattern):  # a text to translate: the hackathon's own
            kwargs["kind"], kwargs["pk"] = "hackathon", hackathon.pk
        urls.append(reverse(f"hackathons_console:{p.name}", kwargs=kwargs))
    return urls


def test_other_hubs_hackathon_is_404_on_every_console_url(client, hub_a, hub_b, staff_a,
                                                          staff_b):
    theirs = make_hackathon(hub_b, slug="theirs")
    client.force_login(staff_a)
    checked = 0
    # Hub B's hackathon under hub A's console (the scope and the explicit filter) ...
    for url in console_urls(hub_a, theirs):
        if "theirs" not in url:
            continue
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 404, (url, method)
            checked += 1
    # ... and hub B's console itself.
    for url in console_urls(hub_b, theirs):
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 404, (url, method)
            checked += 1
    assert checked >= 30
    client.force_login(staff_b)
    for url in console_urls(hub_b, theirs):
        page = resolve(url).func.view_class.http_method_names != ["post"]
        assert client.get(url).status_code == (200 if page else 405), url  # GET never acts


def test_participant_is_not_staff(client, hub_a, hackathon):
    client.force_login(UserFactory())
    for url in console_urls(hub_a, hackathon):
        assert client.get(url).status_code == 404


def test_console_forms_reject_bad_input(client, hub_a, staff_a, hackathon):
    client.force_login(staff_a)
    r = client.post(reverse("hackathons_console:create", kwargs={"hub_slug": hub_a.slug}),
                    {"title": ""})
    assert r.status_code == 422
    url = reverse("hackathons_console:detail", kwargs={"hub_slug": hub_a.slug,
                                                       "slug": hackathon.slug})
    r = client.post(url + "criteria/add/", {"criterion-name": "X",
                          "criterion-weight": "-1", "criterion-scale_max": "10",
                          "criterion-order": "0"})
    assert r.status_code == 422
    r = client.post(url + "move/archived/", follow=True)
    assert "cannot go from" in r.content.decode()
    r = client.get(reverse("hackathons_console:export", kwargs={
        "hub_slug": hub_a.slug, "slug": hackathon.slug, "what": "nope"}))
    assert r.status_code == 404


def test_csv_export_neutralises_formulas(client, hub_a, staff_a, hackathon):
    registered(hackathon, organisation="=HYPERLINK(1)")
    client.force_login(staff_a)
    r = client.get(reverse("hackathons_console:export", kwargs={
        "hub_slug": hub_a.slug, "slug": hackathon.slug, "what": "registrations"}))
    assert r.status_code == 200
    assert "'=HYPERLINK" in r.content.decode()


# --- query counts ------------------------------------------------------------------------

def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["hackathons:teams", "hackathons:detail"])
def test_team_pages_query_count_does_not_grow(client, hub_a, hackathon, name):
    viewer = registered(hackathon, i=99, skills=["video"])
    client.force_login(viewer)
    url = reverse(name, kwargs={"slug": hackathon.slug})
    for i in range(2):
        make_team(hackathon, size=3, offset=10 + i * 3, wanted_skills=["video"])
    for i in range(2):
        registered(hackathon, i=50 + i)
    small = count_queries(client, url)
    for i in range(2, 10):
        make_team(hackathon, size=3, offset=10 + i * 3, wanted_skills=["video"])
    for i in range(2, 12):
        registered(hackathon, i=50 + i)
    large = count_queries(client, url)
    assert large == small, (small, large)
    print(f"{name}: {small} queries with 2 teams, {large} with 10")


def test_team_page_query_count_does_not_grow(client, hub_a, hackathon):
    team = make_team(hackathon, size=2)
    client.force_login(team.captain)
    url = reverse("hackathons:team", kwargs={"slug": hackathon.slug, "pk": team.pk})
    small = count_queries(client, url)
    for i in range(10):
        make_team(hackathon, size=2, offset=20 + i * 2)
    for i in range(2):
        with scope(hub=hub_a):
            TeamMembership.objects.create(team=team, hackathon=hackathon,
                                          user=registered(hackathon, i=70 + i))
    large = count_queries(client, url)
    assert large == small, (small, large)


def test_console_teams_query_count_does_not_grow(client, hub_a, staff_a, hackathon):
    client.force_login(staff_a)
    url = reverse("hackathons_console:teams", kwargs={"hub_slug": hub_a.slug,
                                                      "slug": hackathon.slug})
    make_team(hackathon, size=2)
    small = count_queries(client, url)
    for i in range(8):
        make_team(hackathon, size=3, offset=10 + i * 3)
    assert count_queries(client, url) == small


# --- the whole journey in the browser's shoes ------------------------------------------------

def test_participant_to_published_feedback(client, hub_a, staff_a):
    h = make_hackathon(hub_a, slug="journey", team_min=2, judges_per_submission=1)
    alice, bruno = UserFactory(), UserFactory()
    reg = reverse("hackathons:register", kwargs={"slug": h.slug})
    for user, country, disc in ((alice, "FR", "design"), (bruno, "IT", "digital")):
        client.force_login(user)
        r = client.post(reg, {"country": country, "disciplines": [disc], "skills": "video",
                              "languages": ["en"], "motivation": "Yes", "looking_for_team": "on"})
        assert r.status_code == 302, r.content.decode()[:2000]
    client.force_login(alice)
    r = client.post(reverse("hackathons:team_create", kwargs={"slug": h.slug}),
                    {"name": "Atlas", "pitch": "Maps of waste", "wanted_skills": "coding",
                     "looking_for_members": "on"})
    assert r.status_code == 302
    with scope(hub=hub_a):
        team = Team.objects.get(name="Atlas")
    team_url = team.get_absolute_url()
    client.force_login(bruno)
    assert client.post(team_url + "request/", {"message": "me!"}).status_code == 302
    client.force_login(alice)
    with scope(hub=hub_a):
        req = team.join_requests.get()
    assert client.post(team_url + f"requests/{req.pk}/accept/").status_code == 302
    console = lambda name: reverse(f"hackathons_console:{name}",  # noqa: E731  a one-line URL helper for this test
                                   kwargs={"hub_slug": hub_a.slug, "slug": h.slug})
    client.force_login(staff_a)
    assert client.post(console("detail") + "move/running/").status_code == 302
    with scope(hub=hub_a):
        team.refresh_from_db()
        assert team.status == TeamStatus.LOCKED
    mentor = UserFactory()
    client.post(console("teams") + f"{team.pk}/mentors/add/", {"email": mentor.email})
    sub_url = reverse("hackathons:submission", kwargs={"slug": h.slug, "pk": team.pk})
    client.force_login(bruno)
    r = client.post(sub_url + "save/", {"title": "Atlas", "summary": "S",
                              "description": "D", "repository_url": "https://example.org/r"})
    assert r.status_code == 302
    client.force_login(mentor)
    fb_url = reverse("hackathons:feedback", kwargs={"slug": h.slug, "pk": team.pk})
    assert client.post(fb_url + "post/", {"body": "Show the data sources."}).status_code == 302
    assert client.post(fb_url + "log/", {"date": "2026-11-20", "minutes": 45,
                                "note": "call"}).status_code == 302
    client.force_login(alice)
    assert client.post(sub_url + "submit/").status_code == 302
    with scope(hub=hub_a):
        assert Submission.objects.get(team=team).status == SubmissionStatus.SUBMITTED
    judge = make_judge(h)
    client.force_login(staff_a)
    client.post(console("detail") + "move/judging/")
    assert client.post(console("judging") + "auto/").status_code == 302
    client.force_login(judge)
    with scope(hub=hub_a):
        sub = Submission.objects.get(team=team)
        crit = list(Criterion.objects.filter(hackathon=h))
    client.post(reverse("hackathons:judge_score", kwargs={"pk": sub.pk}),
                {f"c{crit[0].pk}": 8, f"c{crit[1].pk}": 6, "comment_to_team": "Strong maps."})
    client.force_login(staff_a)
    assert client.get(console("results")).status_code == 200
    client.post(console("detail") + "move/results_published/")
    client.force_login(bruno)
    body = client.get(fb_url).content.decode()
    assert "Strong maps." in body
    assert "Show the data sources." in body
    assert "Rank 1" in body
    public = client.get(h.get_absolute_url()).content.decode()
    assert "Atlas" in public
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"hackathon.registered", "hackathon.team_join_request", "hackathon.team_join_decided",
            "hackathon.team_locked", "hackathon.mentor_assigned", "hackathon.feedback_posted",
            "hackathon.submission_submitted", "hackathon.judge_assigned",
            "hackathon.results_published"} <= kinds
    with scope(hub=hub_a):
        assert MentorAssignment.objects.get(team=team).logs.get().minutes == 45
        assert Registration.objects.filter(hackathon=h).count() == 2


def test_mentor_reads_the_draft_but_cannot_edit_it(client, hub_a):
    from tests.factories import UserFactory as Users

    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING, slug="mentored")
    team = make_team(h, size=2, status=TeamStatus.LOCKED)
    mentor = Users()
    with scope(hub=hub_a):
        MentorAssignment.objects.create(hackathon=h, team=team, mentor=mentor)
    make_submission(team, submitted=False, title="Draft idea")
    client.force_login(mentor)
    url = reverse("hackathons:submission", kwargs={"slug": h.slug, "pk": team.pk})
    r = client.get(url)
    assert r.status_code == 200
    assert "Draft idea" in r.content.decode()
    assert client.post(url + "save/", {"title": "Hijack"}).status_code == 404
