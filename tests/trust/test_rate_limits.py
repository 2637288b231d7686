"""Per-user rate limits, counted in the real Redis cache: applying, uploading, expressing
interest in a showcase project while signed in, and scoring (programme reviews and hackathon
judge scores). Past the limit: the translated 429 page with a Retry-After header; another
person is not affected."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from creaconnect.core.ratelimit import RateLimitExceeded, hit, parse_rate
from hackathons.models import HackathonStatus, JudgeAssignment, TeamStatus
from programme.models import ApplicationState
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    UserFactory,
    make_hackathon,
    make_judge,
    make_submission,
    make_team,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    def set_limit(scope, rate):
        settings.USER_RATE_LIMITS = {**settings.USER_RATE_LIMITS, scope: rate}
    return set_limit


def assert_429(response):
    assert response.status_code == 429, response.status_code
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Please slow down" in html
    assert "<main" in html


def test_rates_parse_and_windows_count_in_redis(limits):
    assert parse_rate("20/h") == (20, 3600)
    assert parse_rate("5/10m") == (5, 600)
    limits("apply", "2/m")
    hit("apply", "user:1")
    hit("apply", "user:1")
    with pytest.raises(RateLimitExceeded) as exc:
        hit("apply", "user:1")
    assert 0 < exc.value.retry_after <= 60
    hit("apply", "user:2")  # someone else has their own counter


def test_starting_and_submitting_applications_is_limited(client, hub_a, participant, limits):
    limits("apply", "3/h")
    with scope(hub=hub_a):
        calls = [CallFactory(hub=hub_a) for _ in range(3)]
    client.force_login(participant)
    for call in calls[:2]:
        assert client.post(reverse("programme:apply", kwargs={"slug": call.slug})
                           ).status_code == 302
    review = reverse("programme:apply_review", kwargs={"slug": calls[0].slug})
    assert client.post(review, {"submit": "1"}).status_code == 302  # the third action
    assert_429(client.post(reverse("programme:apply", kwargs={"slug": calls[2].slug})))
    with scopes_disabled():
        assert not calls[2].applications.exists()
    client.force_login(UserFactory())
    assert client.post(reverse("programme:apply", kwargs={"slug": calls[2].slug})
                       ).status_code == 302


def test_any_file_upload_is_limited_per_user(client, hub_a, limits):
    limits("upload", "2/h")
    h = make_hackathon(hub_a, status=HackathonStatus.RUNNING,
                       submission_deadline=timezone.now() + timedelta(days=2))
    team = make_team(h, size=2, status=TeamStatus.LOCKED)
    url = reverse("hackathons:submission", kwargs={"slug": h.slug, "pk": team.pk})
    client.force_login(team.captain)

    def upload(i):
        return client.post(url + "files/",
                           {"file": SimpleUploadedFile(f"p{i}.pdf", b"%PDF-1.4 x")})

    assert upload(1).status_code == 302
    assert client.post(url + "save/", {"title": "No file here"}).status_code == 302
    assert upload(2).status_code == 302
    assert_429(upload(3))
    with scope(hub=hub_a):
        assert team.submission.files.count() == 2
    with scope(hub=hub_a):
        other = team.memberships.exclude(user=team.captain).first().user
    client.force_login(other)
    assert upload(4).status_code == 302


def test_signed_in_interest_is_limited_per_account(client, hub_a, participant, limits,
                                                   make_project):
    limits("interest", "2/h")
    project = make_project(hub_a)
    url = reverse("showcase:interest", kwargs={"slug": project.slug})
    client.force_login(participant)

    def send(i):
        return client.post(url, {"name": "Ana", "email": f"ana{i}@example.org",
                                 "kind": "partnership", "message": "Hello"})

    assert send(1).status_code == 302
    assert send(2).status_code == 302
    assert_429(send(3))


def test_programme_review_scores_are_limited(client, hub_a, staff_a, limits):
    limits("score", "2/h")
    with scope(hub=hub_a):
        application = ApplicationFactory(call=CallFactory(hub=hub_a),
                                         state=ApplicationState.SUBMITTED,
                                         submitted_at=timezone.now())
    url = reverse("programme_console:application_review", kwargs={
        "hub_slug": hub_a.slug, "call_pk": application.call_id, "pk": application.pk})
    client.force_login(staff_a)
    for _ in range(2):
        assert client.post(url, {"comment": "ok"}).status_code < 400
    assert_429(client.post(url, {"comment": "ok"}))


def test_hackathon_judge_scores_are_limited(client, hub_a, limits):
    limits("score", "1/h")
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING,
                       judging_opens=timezone.now() - timedelta(hours=1))
    sub = make_submission(make_team(h, size=2))
    judge = make_judge(h)
    with scope(hub=hub_a):
        JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=judge)
        criteria = list(h.criteria.all())
    url = reverse("hackathons:judge_score", kwargs={"pk": sub.pk})
    client.force_login(judge)
    data = {**{f"c{c.pk}": "3" for c in criteria}, "comment_to_team": "", "private_note": ""}
    assert client.post(url, data).status_code < 400
    assert_429(client.post(url, data))


# --- allauth's limits: the same translated 429 page, never a server error --------------------

def _post_logins(client, n, language="en"):
    with translation.override(language):
        url = reverse("account_login")  # /fr/accounts/login/ for French
    responses = []
    for i in range(n):
        responses.append(client.post(url,
                                     {"login": f"nobody{i}@example.org", "password": "wrong-pw"},
                                     REMOTE_ADDR="198.51.100.7"))
    return responses


@pytest.mark.parametrize(("language", "heading"), [("en", "Please slow down"),
                                                ("fr", "Un peu de patience")])
def test_allauth_login_limit_answers_the_translated_429_with_retry_after(client, language,
                                                                          heading):
    client.raise_request_exception = False  # a server error must show as a 500, not raise
    responses = _post_logins(client, 31, language)
    codes = [r.status_code for r in responses]
    assert 500 not in codes, codes
    assert set(codes) <= {200, 429}, codes
    assert codes[-1] == 429, codes
    last = responses[-1]
    assert 0 < int(last["Retry-After"]) <= 300
    html = last.content.decode()
    assert heading in html, html[:400]
    assert "<main" in html, html[:400]


def test_allauth_signup_and_password_reset_limits_answer_429(client):
    client.raise_request_exception = False
    for name, rounds, data in (
            ("account_signup", 21, lambda i: {"email": f"new{i}@example.org",
                                              "password1": "x", "password2": "y"}),
            ("account_reset_password", 21, lambda i: {"email": f"who{i}@example.org"})):
        codes = [client.post(reverse(name), data(i), REMOTE_ADDR="198.51.100.8").status_code
                 for i in range(rounds)]
        assert 500 not in codes, (name, codes)
        last = client.post(reverse(name), data(99), REMOTE_ADDR="198.51.100.8")
        assert last.status_code == 429, (name, codes)
        assert int(last["Retry-After"]) == 60  # allauth's 20/m/ip window
        assert 'class="error-code" aria-hidden="true">429<' in last.content.decode()


def test_any_429_without_retry_after_gets_one(client, settings):
    """The showcase API's throttle answers 429 on its own; it carries the header too."""
    settings.SHOWCASE_API_RATE = "1/m"
    client.get("/api/v1/projects")
    response = client.get("/api/v1/projects")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
