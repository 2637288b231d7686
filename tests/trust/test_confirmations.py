"""Every POST that destroys or withdraws has a confirmation step (issue 15's guard).

The demo data is seeded and the site is crawled as a participant, a team captain, a person
waiting for a captain's answer, hub staff, a programme admin, a mentor and a judge. Every POST
form whose button or action says it destroys or withdraws (``DESTRUCTIVE``) is sent as the page
would send it, without ``confirmed``: the answer must be the shared confirmation page
(``components/confirm.html``, status 200) and the database must not have changed. Then it is
sent again with ``confirmed=1`` (inside a savepoint rolled back afterwards): now the database
changes, or the person is told why not. A new destructive button that skips the step fails
here, wherever it is, without anyone adding it to a list. ``EXPECTED`` makes sure the crawl
still reaches the actions known today.

Two kinds are confirmed otherwise, and checked for it: forms that sit on a page of their own
that already asks the question (``CONFIRMATION_PAGES``), and account deletion, whose form asks
for the password and a ticked box (``CONFIRMED_IN_FORM``).
"""

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from hackathons.models import (
    HackathonStatus,
    JoinRequest,
    JoinRequestStatus,
    SubmissionFile,
    Team,
    TeamMembership,
)
from hackathons.services.submissions import save_draft, submission_for_team
from hubs import services as hub_services
from hubs.models import Hub, HubMembership, HubRole
from programme.models import CohortMember, MentorAssignment
from tests.factories import MembershipFactory
from tests.helpers import crawl, url_name

User = get_user_model()

DESTRUCTIVE = re.compile(
    r"\b(delete|remove|revoke|unpublish|withdraw|leave|cancel|unassign|unmentor|dissolve|"
    r"take (it )?down|hand (it )?over|handover|end the pairing|give .{0,20}back)", re.I)
# Words that match but do not destroy: (url name, action or button) → why not.
NOT_DESTRUCTIVE: dict[tuple[str, str], str] = {
    ("showcase_console:unpresent", ""): "a toggle: the next button puts the project back "
                                              "in the event programme",
}
# Dedicated pages that are the confirmation step themselves (GET asks, POST acts).
CONFIRMATION_PAGES = {
    "programme:withdraw", "programme:decline",
    "programme_console:question_delete", "programme_console:criterion_delete",
}
# A form that is its own confirmation: it refuses without the ticked box.
CONFIRMED_IN_FORM = {"accounts:privacy_delete"}
# Pages that change something on GET, or leave the site's pages.
SKIP = {"programme:apply", "set_language", "account_logout", "media"}
# Tables a request touches whatever it does (the session, rate-limit and cache rows).
VOLATILE_TABLES = {"django_session"}

# What the crawl reaches today (URL name, action), by whichever role: a crawl that stops
# reaching one of them fails, so the guard cannot go blind quietly.
EXPECTED = {
    ("account_email", "action_remove"), ("accounts:privacy_consent_withdraw", ""),
    ("accounts:privacy_delete", ""), ("hackathons:submission_file_remove", ""),
    ("hackathons:team_handover", ""), ("hackathons:team_leave", ""),
    ("hackathons:team_member_remove", ""), ("hackathons:team_request_withdraw", ""),
    ("hackathons:register_cancel", ""), ("hackathons:judge_conflict", ""),
    ("programme:session_leave", ""),
    ("programme:withdraw", ""), ("showcase:consent_withdraw", ""),
    ("programme:office_hours_withdraw", ""),
    ("console:staff_remove", ""), ("console:invitation_revoke", ""),
    ("hackathons_console:challenge_remove", ""),
    ("hackathons_console:criterion_remove", ""),
    ("hackathons_console:prize_remove", ""),
    ("hackathons_console:panel_remove", ""), ("hackathons_console:judge_unassign", ""),
    ("hackathons_console:team_mentor_remove", ""),
    ("programme_console:criterion_delete", ""), ("programme_console:question_delete", ""),
    ("programme_console:mentor_remove", ""), ("programme_console:milestone_delete", ""),
    ("programme_console:session_cancel", ""),
    ("showcase_console:award_remove", ""), ("showcase_console:image_remove", ""),
    ("showcase_console:member_remove", ""), ("showcase_console:withdraw", ""),
    ("consortium:showcase_withdraw", ""),
}


class Forms(HTMLParser):
    """Every POST form: its action, its fixed fields and its submit buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.current, self.button = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"method": (a.get("method") or "get").lower(),
                            "action": a.get("action") or a.get("hx-post"),
                            "fields": [], "buttons": []}
        elif self.current is None:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "submit":
                self.current["buttons"].append([a.get("name"), a.get("value", ""),
                                                a.get("value", "")])
            elif a.get("name") and a.get("name") != "csrfmiddlewaretoken" and (
                    kind == "hidden" or (kind in ("checkbox", "radio") and "checked" in a)):
                self.current["fields"].append((a["name"], a.get("value", "on")))
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self.button = [a.get("name"), a.get("value", ""), ""]
            self.current["buttons"].append(self.button)

    def handle_data(self, data):
        if self.button is not None:
            self.button[2] += data

    def handle_endtag(self, tag):
        if tag == "button":
            self.button = None
        elif tag == "form" and self.current is not None:
            if self.current["method"] == "post" or self.current["action"] and \
                    "hx-post" in str(self.current):
                self.forms.append(self.current)
            self.current = None


def destructive_forms(page: str, path: str):
    """(action URL, data, label) of each destructive submission on ``page``."""
    parser = Forms()
    parser.feed(page)
    found = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        action = (form["action"] or path).replace("&amp;", "&")
        if not action.startswith("/"):
            continue
        for name, value, text in form["buttons"] or [[None, "", ""]]:
            data = dict(form["fields"])
            if name:
                data[name] = value
            label = " ".join(text.split())
            said = " ".join([data.get("action", ""), label, action])
            if DESTRUCTIVE.search(said.replace("_", " ")):
                found.append((action, data, data.get("action") or name or ""))
    return found


def snapshot() -> dict[str, str]:
    """A checksum of every table's rows: one query per table, computed by PostgreSQL."""
    sums = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in VOLATILE_TABLES:
                continue
            quoted = connection.ops.quote_name(table)  # a name from the catalogue, not input
            sql = f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t"  # noqa: E501, S608  (a quoted catalogue name)
            cursor.execute(sql)
            sums[table] = cursor.fetchone()[0]
    return sums


def changed(before, after) -> list[str]:
    return sorted(t for t in before if before[t] != after.get(t))


def prepare():
    """Give each role something to destroy that the demo data lacks; returns the roles as
    (role, user, start pages, prefix, page budget)."""
    demo = {e.split("@")[0]: User.objects.get(email=e) for e in (
        "participant@creaconnect.test", "staff.pali-pali@creaconnect.test",
        "admin@creaconnect.test", "mentor@creaconnect.test", "judge@creaconnect.test")}
    with scopes_disabled():
        # A captain in a hackathon that is still open, and their team's submission a file.
        team = (Team.objects.filter(hackathon__status=HackathonStatus.REGISTRATION)
                .order_by("pk").first())
        captain = team.captain
        # Someone waiting for this captain's answer: a registered person without a team.
        members = TeamMembership.objects.filter(hackathon=team.hackathon).values("user")
        asker = (User.objects.filter(hackathon_registrations__hackathon=team.hackathon)
                 .exclude(pk__in=members).order_by("pk").first())
        JoinRequest.objects.get_or_create(team=team, user=asker,
                                          defaults={"status": JoinRequestStatus.PENDING})
        running = TeamMembership.objects.get(
            user=demo["participant"], hackathon__status=HackathonStatus.RUNNING).team
        submission = (submission_for_team(running)
                      or save_draft(team=running, actor=demo["participant"], data={}))
        SubmissionFile.objects.create(submission=submission, name="notes.txt", size=5,
                                      file=ContentFile(b"notes", name="notes.txt"),
                                      uploaded_by=demo["participant"])
        # An open staff invitation, and a mentoring pairing without logged sessions.
        hub = Hub.objects.get(slug="pali-pali")
        hub_services.invite_staff(hub=hub, email="new.colleague@example.org", role="staff",
                                  actor=demo["staff.pali-pali"])
        member = CohortMember.objects.filter(cohort__hub=hub).order_by("pk").first()
        MentorAssignment.objects.create(member=member, mentor=demo["judge"])
        pins = pinned_pages()
    return [
        ("programme admin", demo["admin"], pins, "/manage/", 1),
        ("participant", demo["participant"],
         ["/dashboard/", running.get_absolute_url(), "/account/privacy/",
          "/showcase/consents/"], "/", 110),  # + the vote and submission versions pages
        ("team captain", captain, [team.get_absolute_url()], "/", 20),
        ("person asking to join", asker, [team.get_absolute_url()], "/hackathons/", 5),
        ("hub staff", demo["staff.pali-pali"], ["/manage/pali-pali/"], "/manage/pali-pali/",
         160),
        ("programme admin", demo["admin"], ["/manage/nova-iskra/"], "/manage/", 90),
        ("programme admin", demo["admin"], ["/consortium/"], "/consortium/", 40),
        ("mentor", demo["mentor"], ["/mentor/"], "/", 30),
        ("judge", demo["judge"], ["/judge/"], "/", 30),
    ]


def pinned_pages() -> list[str]:
    """Pages the breadth-first crawl may or may not reach within its budget, visited by the
    programme admin by name so that the actions on them are always checked."""
    from programme.models import Criterion, Question
    from showcase.models import ProjectState, ShowcaseProject

    # One no reviewer scored yet: a scored one's page says why it stays, with no form.
    criterion = (Criterion.objects.select_related("call__hub").filter(scores__isnull=True)
                 .order_by("pk").first())
    question = Question.objects.select_related("call__hub").order_by("pk").first()
    pages = [reverse("programme_console:criterion_delete", kwargs={
                 "hub_slug": criterion.call.hub.slug, "call_pk": criterion.call_id,
                 "c_pk": criterion.pk}),
             reverse("programme_console:question_delete", kwargs={
                 "hub_slug": question.call.hub.slug, "call_pk": question.call_id,
                 "q_pk": question.pk})]
    for project in (
            ShowcaseProject.objects.filter(state=ProjectState.PUBLISHED, awards__isnull=False,
                                           images__isnull=False).order_by("pk").first(),
            ShowcaseProject.objects.filter(state=ProjectState.AWAITING_CONSENT,
                                           members__isnull=False).order_by("pk").first()):
        if project is not None:
            pages.append(project.get_console_url())
    return pages


def collect(client):
    """role → (url name, action) → (page, action URL, data, user), by crawling."""
    found = defaultdict(dict)
    for role, user, starts, prefix, budget in prepare():
        client.force_login(user)
        for start in starts:
            for path, page, _status in crawl(client, start, prefix, budget, skip=SKIP,
                                             per_name_limit=2 if budget > 1 else 9):
                if page is None:
                    continue
                for action, data, label in destructive_forms(page, path):
                    key = (url_name(action), label)
                    if key[0] in CONFIRMATION_PAGES or key[0] in CONFIRMED_IN_FORM:
                        key = (key[0], "")
                    if key not in NOT_DESTRUCTIVE:
                        found[role].setdefault(key, (path, action, data, user))
    return found


def error_shown(client, response) -> bool:
    """The answer (or the page it redirects to) tells the person why nothing happened, or
    asks for their password first (allauth's reauthentication)."""
    if response.status_code in (302, 303):
        if "/reauthenticate/" in response["Location"]:
            return True
        response = client.get(response["Location"])
    return 'class="alert alert-error"' in response.content.decode() or \
        "toast-error" in response.content.decode() or response.status_code >= 400


@pytest.mark.django_db
def test_every_destructive_post_asks_first_and_changes_nothing_until_confirmed(client, capsys):
    call_command("seed_demo", verbosity=0)
    cache.clear()
    client.raise_request_exception = False
    found = collect(client)
    problems, checked, done, refused = [], set(), 0, []
    for role, keys in found.items():
        for key, (page, action, data, user) in keys.items():
            name, label = key
            checked.add((role, name, label))
            client.force_login(user)
            if name in CONFIRMATION_PAGES:
                continue  # the page the form is on asks the question (GET changes nothing)
            before = snapshot()
            response = client.post(action, data, HTTP_REFERER=page)
            body = response.content.decode() if not response.streaming else ""
            if name in CONFIRMED_IN_FORM:
                if response.status_code != 400 or changed(before, snapshot()):
                    problems.append(f"{role} {key}: acted without its ticked box")
                continue
            if response.status_code != 200 or "data-confirmation" not in body:
                problems.append(f"{role} {key}: no confirmation ({response.status_code})")
            if diff := changed(before, snapshot()):
                problems.append(f"{role} {key}: changed {diff} before confirmation")
            with transaction.atomic():
                response = client.post(action, {**data, "confirmed": "1"}, HTTP_REFERER=page)
                body = response.content.decode() if not response.streaming else ""
                if "data-confirmation" in body:
                    problems.append(f"{role} {key}: asked again after confirmation")
                elif changed(before, snapshot()):
                    done += 1
                elif error_shown(client, response):
                    refused.append(f"{role} {key}")
                else:
                    problems.append(f"{role} {key}: confirmed, nothing changed, nothing said")
                transaction.set_rollback(True)
    missing = EXPECTED - {k[1:] for k in checked}
    with capsys.disabled():
        print(f"\n[confirm] destructive actions x roles: {len(checked)} "
              f"({len({k[1:] for k in checked})} actions); confirmed then done: {done}, "
              f"refused by a rule with a message: {len(refused)}; on their own page: "
              f"{sum(1 for k in checked if k[1] in CONFIRMATION_PAGES)}")
        for item in sorted(checked):
            print("  ", item)
    assert problems == [], "\n".join(problems)
    assert missing == set(), f"the crawl no longer reaches: {sorted(missing)}"


@pytest.mark.django_db
def test_the_confirmation_page_reposts_the_fields_and_cancels_only_to_this_site(
        client, hub_a, staff_a):
    with scopes_disabled():
        other = MembershipFactory(hub=hub_a, role=HubRole.STAFF)
    client.force_login(staff_a)
    url = reverse("console:staff", kwargs={"hub_slug": hub_a.slug})
    action = reverse("console:staff_remove", kwargs={"hub_slug": hub_a.slug, "pk": other.pk})
    response = client.post(action, {"note": "kept"},
                           HTTP_REFERER="https://evil.example/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-confirmation" in page
    assert response["HX-Retarget"] == "body"  # an htmx button gets the whole page
    assert 'name="note" value="kept"' in page
    assert f'action="{action}"' in page
    assert 'name="confirmed" value="1"' in page
    assert "evil.example" not in page
    assert f'href="{url}"' in page
    assert "Yes, remove from the staff" in page
    assert str(other.user) in page
    assert 'class="console-bar' in page  # inside the console's own layout
    with scopes_disabled():
        assert HubMembership.objects.filter(pk=other.pk).exists()
