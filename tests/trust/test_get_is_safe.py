"""No GET creates, changes or deletes anything.

On the demo data, the site is crawled (the XSS sweep's crawler: links and htmx GETs) as an
anonymous visitor, a participant with applications, a mentor, a judge, a hub's staff and a
programme admin (the hub consoles and the consortium console); each signed-in role also reads
its inbox, with a notification made for it (opening one used to mark it read on GET), and its
survey invitations. Around every page PostgreSQL's per-transaction counters
(``pg_stat_xact_user_tables``: rows inserted, updated, deleted in this test's transaction) name
the GET that wrote; around each role's crawl the row count of every table must be unchanged.

The exceptions, with their reasons:
- ``django_session``: signing in creates the session, and reading a page may save it (flash
  messages shown and removed, the session's expiry refreshed); it is the visitor's own state.
- ``core_auditentry``, on the downloads of people's data only (CSV exports, reports): who took
  a copy of personal data is recorded (accountability, GDPR art. 5(2)). Any other GET that
  writes an audit entry fails, and no other table may change.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.helpers import crawl, url_name

User = get_user_model()
EXCEPTIONS = {"django_session": "the visitor's own session (sign-in, messages shown, expiry)"}
ROLES = [  # (role, e-mail or None, start, prefix, page budget)
    ("anonymous", None, "/", "/", 120),
    ("participant", "participant@creaconnect.test", "/dashboard/", "/", 120),
    ("mentor", "mentor@creaconnect.test", "/mentor/", "/", 60),
    ("judge", "judge@creaconnect.test", "/judge/", "/", 60),
    ("staff", "staff.pali-pali@creaconnect.test", "/manage/pali-pali/", "/manage/", 150),
    ("programme admin", "admin@creaconnect.test", "/manage/nova-iskra/", "/manage/", 100),
    ("programme admin", "admin@creaconnect.test", "/consortium/", "/consortium/", 80),
]
# A notification made for each signed-in role before its crawl, so the inbox lists one and
# its page is read (the demo itself sends none to the demo logins).
KIND = "hub.staff_role_changed"
# Pages that once wrote on GET or are only reached through the person's own links.
MUST_REACH = {"notifications:notification", "surveys:answer", "consortium:surveys",
              "consortium:home"}
AUDIT = "core_auditentry"
# Downloads of personal data, which record who took the copy (one audit entry, nothing else).
AUDITED_READS = {"hackathons_console:export", "programme_console:applications",
                 "hub_reports:download", "programme_console:answer_file",
                 "programme_console:cohort_export", "events_console:export",
                 "consortium:audit_export"}
# Leaving the site's pages (files are C1's suite), or not a page (set_language is a POST form).
SKIP = {"set_language", "account_logout", "media"}


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(t for t in connection.introspection.table_names(cursor)
                      if t not in EXCEPTIONS)


def row_counts(tables) -> dict[str, int]:
    """Every table's row count, in one query."""
    quote = connection.ops.quote_name
    select = ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)  # noqa: S608  names from introspection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def writes() -> dict[str, tuple[int, int, int]]:
    """Rows inserted, updated, deleted per table so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del "
                       "FROM pg_stat_xact_user_tables")
        return {name: tuple(rest) for name, *rest in cursor.fetchall()
                if name not in EXCEPTIONS}


def own_pages(user) -> list[str]:
    """The person's own pages outside the role's prefix: the inbox (with one unread
    notification to read) and the survey invitations they hold."""
    from django_scopes import scopes_disabled

    from creaconnect.notifications import services
    from surveys.models import Invitation

    services.notify(user=user, kind=KIND, context={"hub": "Pali Pali", "role": "Staff"},
                    url="/dashboard/")
    with scopes_disabled():
        surveys = [i.get_absolute_url() for i in Invitation.objects.filter(user=user)]
    return ["/notifications/", *surveys]


def apply_urls() -> list[str]:
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from programme.models import Call

    with scopes_disabled():
        return [reverse("programme:apply", kwargs={"slug": c.slug})
                for c in Call.objects.all() if c.is_open]


@pytest.mark.django_db
def test_no_get_request_writes(client, capsys):
    call_command("seed_demo", verbosity=0)
    cache.clear()
    client.raise_request_exception = False
    tables = table_names()
    findings, crawled, reached = [], {}, set()
    for role, email, start, prefix, budget in ROLES:
        client.logout()
        starts = [(start, prefix, budget)]
        if email:
            user = User.objects.get(email=email)
            client.force_login(user)
            starts += [(page, page, 10) for page in own_pages(user)]
        before = row_counts(tables)
        pages = audited = 0
        last = writes()
        visits = (visit for first, under, limit in starts
                  for visit in crawl(client, first, under, limit, skip=SKIP))
        for path, _page, status in visits:
            pages += 1
            reached.add(url_name(path))
            now = writes()
            changed = {t: (tuple(b - a for a, b in zip(last.get(t, (0, 0, 0)), v,
                                                       strict=True)))
                       for t, v in now.items() if v != last.get(t, (0, 0, 0))}
            if url_name(path) in AUDITED_READS and set(changed) <= {AUDIT} and \
                    changed.get(AUDIT, (1, 0, 0))[1:] == (0, 0):
                audited += changed.get(AUDIT, (0,))[0]
            elif changed:
                findings.append(f"{role}: GET {path} ({status}) wrote "
                                f"(inserted, updated, deleted) {changed}")
            last = now
        # The call pages start an application through a POST form; its URL is also fetched
        # directly (a link from another site), for every open call.
        for path in apply_urls():
            client.get(path)
            pages += 1
            now = writes()
            if now != last:
                findings.append(f"{role}: GET {path} wrote")
            last = now
        after = row_counts(tables)
        after[AUDIT] -= audited  # the audited downloads' own entries
        findings += [f"{role}: {t} rows {before[t]} -> {after[t]}" for t in tables
                     if before[t] != after[t]]
        crawled[f"{role} {start}"] = pages
    with capsys.disabled():
        print(f"\n[get is safe] pages crawled per role: {crawled}; {len(tables)} tables "
              f"counted; writes found: {len(findings)}")
    assert all(n >= 15 for n in crawled.values()), crawled
    assert MUST_REACH <= reached, sorted(MUST_REACH - reached)
    assert apply_urls(), "the demo has no open call to try"
    assert findings == [], "\n".join(findings[:40])
