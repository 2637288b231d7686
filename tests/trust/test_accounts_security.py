"""Accounts and sessions (issue 7 "Trust"): second factor for every console, login throttling,
sessions that really end, production cookies, audit trail of sign-ins, no secret in the logs.

Everything runs against the real PostgreSQL (DB sessions) and the real Redis (rate limits).
"""

import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from creaconnect.accounts.middleware import LAST_SEEN_SESSION_KEY
from creaconnect.accounts.models import UserSession
from creaconnect.core.models import AuditEntry
from devstack import db_url_from_settings
from tests.factories import PASSWORD, MembershipFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def login_with_password(client, user, password=PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# --- 1. Second factor --------------------------------------------------------------------


@pytest.fixture
def staff_no_totp(hub_a):
    with scopes_disabled():
        return MembershipFactory(hub=hub_a, totp=False).user


def console_urls(hub):
    return [f"/manage/{hub.slug}/", f"/fr/manage/{hub.slug}/", f"/manage/{hub.slug}/staff/"]


def test_staff_without_totp_is_sent_to_totp_activation_from_every_console(
        client, hub_a, staff_no_totp):
    client.force_login(staff_no_totp)
    activate = reverse("mfa_activate_totp")
    for url in console_urls(hub_a):
        response = client.get(url)
        assert response.status_code == 302, url
        target = urlsplit(response["Location"])
        assert target.path.endswith(activate)
        assert parse_qs(target.query)["next"] == [url]
    page = client.get(activate, follow=True)  # via allauth's password re-entry page
    assert page.status_code == 200
    assert "must turn on two-factor authentication" in page.content.decode()
    # Pages outside the consoles stay open: MFA is required for consoles, not to exist.
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("flags", [{"is_programme_admin": True}, {"is_superuser": True,
                                                                  "is_staff": True}])
def test_admins_without_totp_reach_no_programme_page_nor_django_admin(client, flags):
    admin = UserFactory(totp=False, **flags)
    client.force_login(admin)
    for url in ["/outbox/", "/reports/", "/admin/", "/admin/accounts/user/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response["Location"]).path == reverse("mfa_activate_totp"), url


def test_staff_with_totp_reaches_the_console_and_a_participant_is_not_asked(
        client, hub_a, staff_a, participant):
    assert Authenticator.objects.filter(user=staff_a, type="totp").exists()
    client.force_login(staff_a)
    assert client.get(f"/manage/{hub_a.slug}/").status_code == 200
    client.force_login(participant)
    assert client.get(f"/manage/{hub_a.slug}/").status_code == 404  # not redirected to MFA
    assert client.get("/dashboard/").status_code == 200


def test_htmx_console_request_without_totp_gets_a_client_redirect(client, hub_a, staff_no_totp):
    client.force_login(staff_no_totp)
    response = client.get(f"/manage/{hub_a.slug}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("mfa_activate_totp"))


def test_activation_then_back_to_the_console(client, hub_a, staff_no_totp,
                                             django_capture_on_commit_callbacks):
    # A fresh password login (allauth only lets a recently authenticated user add a factor).
    assert login_with_password(client, staff_no_totp).status_code == 302
    console = f"/manage/{hub_a.slug}/"
    response = client.get(console)
    assert response.status_code == 302
    # allauth asks for the password again before a factor is added (reauthentication).
    response = client.get(response["Location"])
    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert urlsplit(response["Location"]).path == reverse("mfa_activate_totp")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "must turn on two-factor authentication" in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    body = codes_page.content.decode()
    assert f'href="{console}"' in body  # "Continue" back to where the person was going
    assert client.get(console).status_code == 200
    assert AuditEntry.objects.filter(action="account.mfa_activated",
                                     actor=staff_no_totp).exists()


def test_login_with_totp_asks_for_the_code_before_signing_in(client, hub_a, staff_a):
    response = login_with_password(client, staff_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session  # not signed in after the password alone
    assert client.get(f"/manage/{hub_a.slug}/").status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff_a)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(staff_a.pk)
    assert client.get(f"/manage/{hub_a.slug}/").status_code == 200


def test_a_recovery_code_signs_in_once(client, hub_a, staff_a):
    codes = RecoveryCodes.activate(staff_a).generate_codes()
    login_with_password(client, staff_a)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(staff_a.pk)
    other = Client()
    login_with_password(other, staff_a)
    other.post(reverse("mfa_authenticate"), {"code": codes[0]})  # already used
    assert SESSION_KEY not in other.session


def test_mfa_is_optional_for_participants_and_linked_from_the_profile(client, participant):
    client.force_login(participant)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in body
    assert client.get(reverse("mfa_index")).status_code == 200


# --- 2. Throttling and the Django admin login ---------------------------------------------

TOO_MANY = "Too many failed login attempts"


def test_login_failures_are_throttled_per_account(client, participant, settings):
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    pages = []
    for i in range(6):  # a different address each time: only the per-account limit applies
        pages.append(client.post(LOGIN, {"login": participant.email, "password": "wrong"},
                                 REMOTE_ADDR=f"127.0.1.{i}").content.decode())
    assert all(TOO_MANY not in p for p in pages[:5])
    assert TOO_MANY in pages[5]
    # Even the right password, from yet another address, is refused while the limit holds.
    page = client.post(LOGIN, {"login": participant.email, "password": PASSWORD},
                       REMOTE_ADDR="127.0.2.1").content.decode()
    assert TOO_MANY in page
    assert SESSION_KEY not in client.session


def test_login_failures_are_throttled_per_address(client, participant):
    pages = [client.post(LOGIN, {"login": f"nobody{i}@example.org", "password": "wrong"},
                         REMOTE_ADDR="127.0.3.1").content.decode() for i in range(11)]
    assert all(TOO_MANY not in p for p in pages[:10])
    assert TOO_MANY in pages[10]
    # The same address is refused for a real account too; another address is not.
    page = client.post(LOGIN, {"login": participant.email, "password": PASSWORD},
                       REMOTE_ADDR="127.0.3.1").content.decode()
    assert TOO_MANY in page
    assert SESSION_KEY not in client.session
    response = client.post(LOGIN, {"login": participant.email, "password": PASSWORD},
                           REMOTE_ADDR="127.0.3.2")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(participant.pk)


def test_django_admin_login_is_our_login(client):
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == LOGIN
    response = client.get("/admin/login/")
    assert urlsplit(response["Location"]).path == LOGIN
    # Posting to admin's own login form does not sign anybody in.
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert SESSION_KEY not in client.session


# --- 3. Sessions ------------------------------------------------------------------------


def signed_in_client(user):
    c = Client()
    response = login_with_password(c, user)
    if response["Location"] == reverse("mfa_authenticate"):
        c.post(reverse("mfa_authenticate"), {"code": totp_code(user)})
    assert c.session[SESSION_KEY] == str(user.pk)
    return c


def test_login_gives_a_new_session_key(client, participant):
    session = client.session
    session["before"] = "anonymous visit"
    session.save()
    before = session.session_key
    login_with_password(client, participant)
    after = client.session.session_key
    assert after
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert UserSession.objects.filter(user=participant, session_key=after).exists()


def test_logout_ends_every_session_of_the_user(participant):
    phone, laptop = signed_in_client(participant), signed_in_client(participant)
    other = signed_in_client(UserFactory())
    assert UserSession.objects.filter(user=participant).count() == 2
    assert laptop.get("/dashboard/").status_code == 200
    phone.post("/accounts/logout/")
    response = laptop.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not UserSession.objects.filter(user=participant).exists()
    assert other.get("/dashboard/").status_code == 200  # somebody else stays signed in


@pytest.mark.parametrize("how", ["service", "save"])
def test_deactivating_a_user_ends_their_sessions(participant, admin_user, how):
    from creaconnect.accounts.services import deactivate_user

    phone, laptop = signed_in_client(participant), signed_in_client(participant)
    if how == "service":
        deactivate_user(user=participant, actor=admin_user)
        assert AuditEntry.objects.filter(action="account.deactivated").exists()
    else:  # what Django admin's change form does
        participant.is_active = False
        participant.save()
    for c in (phone, laptop):
        assert c.get("/dashboard/").status_code == 302
    assert not UserSession.objects.filter(user=participant).exists()


def _age_authentication(client, seconds):
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= seconds
    session["account_authentication_methods"] = records
    session.save()


def test_adding_an_email_asks_for_the_password_again_when_the_last_auth_is_old(
        client, participant, settings):
    from allauth.account.models import EmailAddress

    assert settings.ACCOUNT_REAUTHENTICATION_REQUIRED is True
    login_with_password(client, participant)
    response = client.post(reverse("account_email"),
                           {"action_add": "", "email": "new@example.org"})
    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    assert not EmailAddress.objects.filter(email="new@example.org").exists()
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302  # the suspended request runs after reauthentication
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert EmailAddress.objects.filter(user=participant, email="new@example.org").exists()

    _age_authentication(client, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1)
    response = client.post(reverse("account_email"),
                           {"action_add": "", "email": "newer@example.org"})
    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    assert not EmailAddress.objects.filter(email="newer@example.org").exists()


def test_changing_the_password_needs_the_current_one(client, participant):
    client.force_login(participant)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": "not-my-password", "password1": "An0ther-long-pass!",
        "password2": "An0ther-long-pass!"})
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.check_password(PASSWORD)


def test_staff_idle_session_is_signed_out_with_a_message(hub_a, staff_a, participant, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    console = f"/manage/{hub_a.slug}/"
    staff, staff_phone, person = Client(), Client(), Client()
    staff.force_login(staff_a)
    staff_phone.force_login(staff_a)
    person.force_login(participant)
    assert staff.get(console).status_code == 200
    assert person.get("/dashboard/").status_code == 200
    for c in (staff, person):
        session = c.session
        session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS - 5
        session.save()
    response = staff.get(console)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == LOGIN
    assert parse_qs(target.query)["next"] == [console]
    assert SESSION_KEY not in staff.session
    page = staff.get(response["Location"])
    assert "signed out after 30 minutes without activity" in page.content.decode()
    assert AuditEntry.objects.filter(action="account.idle_timeout", actor=staff_a).exists()
    # The participant is not affected; the staff member's other device is still signed in.
    assert person.get("/dashboard/").status_code == 200
    assert staff_phone.get(console).status_code == 200


def test_recent_staff_activity_keeps_the_session(hub_a, staff_a, client, settings):
    client.force_login(staff_a)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get(f"/manage/{hub_a.slug}/").status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] >= int(time.time()) - 5  # refreshed


# --- 4. Cookies in production mode ---------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]

_COOKIE_PROBE = """
import json, django
django.setup()
from django.conf import settings
# Production settings otherwise; the hashed-name manifest needs collectstatic, not the point here.
# override_settings (not an assignment): the storage handler may already have read STORAGES
# during set-up, and only the setting_changed signal makes it read them again.
from django.test.utils import override_settings
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
from django.db import transaction
from django.test import Client
from allauth.account.models import EmailAddress
from creaconnect.accounts.models import User

out = {}
with transaction.atomic():
    user = User.objects.create_user("cookie-probe@example.org", "Probe-password-2026")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    page = client.get("/accounts/login/", secure=True)
    response = client.post("/accounts/login/", {"login": user.email,
                           "password": "Probe-password-2026"}, secure=True)
    for name in ("sessionid", "csrftoken"):
        morsel = response.cookies.get(name) or page.cookies.get(name)
        out[name] = {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
                     "samesite": morsel["samesite"]}
    out["status"] = response.status_code
    transaction.set_rollback(True)
print("PROBE" + json.dumps(out))
"""


def test_production_cookies_are_secure_httponly_and_samesite(settings):
    env = {
        "PATH": "/usr/bin:/bin", "DEBUG": "false", "TESTING": "false",
        "DJANGO_SETTINGS_MODULE": "creaconnect.settings",
        "SECRET_KEY": "k" * 20 + "Zx9!qP2@vR7#mT4$wL8%nB3^cF6&hJ1*",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": db_url_from_settings(settings.DATABASES["default"]),
        "REDIS_URL": settings.REDIS_URL,
    }
    result = subprocess.run([sys.executable, "-c", _COOKIE_PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads(result.stdout.rsplit("PROBE", 1)[1])
    assert probe["status"] == 302
    assert probe["sessionid"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert probe["csrftoken"]["secure"] is True
    assert probe["csrftoken"]["samesite"] == "Lax"


# --- 5. Audit trail ---------------------------------------------------------------------


def test_login_failure_success_and_logout_are_audited_without_the_password(client, participant):
    client.post(LOGIN, {"login": participant.email, "password": "Wr0ng-secret-pw"})
    client.post(LOGIN, {"login": "nobody@example.org", "password": "Wr0ng-secret-pw"})
    failures = list(AuditEntry.objects.filter(action="account.login_failed").order_by("id"))
    assert len(failures) == 2
    assert failures[0].target_id == str(participant.pk)  # an existing account is named
    assert failures[1].target_id == ""  # an unknown address is not stored, only its hash
    for entry in failures:
        assert entry.data["ip"] == "127.0.0.1"
        assert re.fullmatch(r"[0-9a-f]{32}", entry.data["login_hash"])
        assert "Wr0ng-secret-pw" not in json.dumps(entry.data) + entry.target_label
        assert "nobody@example.org" not in json.dumps(entry.data)
    login_with_password(client, participant)
    assert AuditEntry.objects.filter(action="account.login", actor=participant).count() == 1
    client.post("/accounts/logout/")
    assert AuditEntry.objects.filter(action="account.logout", actor=participant).count() == 1


def test_mfa_deactivation_is_audited(client, participant, django_capture_on_commit_callbacks):
    from tests.factories import give_totp

    give_totp(participant)
    client.force_login(participant)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert urlsplit(response["Location"]).path.startswith("/accounts/")  # reauthenticate first
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=participant, type="totp").exists()
    assert AuditEntry.objects.filter(action="account.mfa_deactivated", actor=participant).exists()


def test_hackathon_csv_export_is_audited(client, hub_a, staff_a):
    from tests.factories import make_hackathon

    hackathon = make_hackathon(hub_a)
    client.force_login(staff_a)
    url = reverse("hackathons_console:export", kwargs={
        "hub_slug": hub_a.slug, "slug": hackathon.slug, "what": "registrations"})
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(action="hackathon.exported")
    assert entry.actor == staff_a
    assert entry.hub_id == hub_a.pk
    assert entry.data == {"export": "registrations"}


# --- 6. No secret in the logs --------------------------------------------------------------


def test_no_secret_reaches_the_logs(caplog, hub_a, staff_a, participant, settings,
                                    django_capture_on_commit_callbacks):
    from django.core import mail

    caplog.set_level(logging.DEBUG)  # the root logger: django.request, django.security, ...
    for name in ("django.request", "django.security", "django.security.csrf", "allauth"):
        caplog.set_level(logging.DEBUG, logger=name)
    secrets = {"wrong password": "Wr0ng-Guess-2026!", "password": PASSWORD,
               "new password": "Fresh-Reset-pass-2026", "changed password": "Chang3d-pass-2026!"}
    session_keys = []

    # A failed login, then a successful one with password and TOTP code.
    c = Client()
    c.post(LOGIN, {"login": staff_a.email, "password": secrets["wrong password"]})
    login_with_password(c, staff_a)
    code = totp_code(staff_a)
    c.post(reverse("mfa_authenticate"), {"code": code})
    assert c.session[SESSION_KEY] == str(staff_a.pk)
    session_keys.append(c.session.session_key)
    assert c.get(f"/manage/{hub_a.slug}/").status_code == 200

    # A password reset: the token travels in the e-mailed link only.
    r = Client()
    r.post(reverse("account_reset_password"), {"email": participant.email})
    link = re.search(r"/accounts/password/reset/key/(\S+)/", mail.outbox[-1].body)
    token = link.group(1)
    secrets["reset token"] = token
    secrets["reset token (key part)"] = token.split("-", 1)[-1]
    response = r.get(link.group(0), follow=True)
    r.post(response.request["PATH_INFO"], {"password1": secrets["new password"],
                                           "password2": secrets["new password"]})
    participant.refresh_from_db()
    assert participant.check_password(secrets["new password"])

    # A password change, then MFA activation (after reauthentication) for the participant.
    p = Client()
    login_with_password(p, participant, secrets["new password"])
    session_keys.append(p.session.session_key)
    p.post(reverse("account_change_password"), {
        "oldpassword": secrets["new password"], "password1": secrets["changed password"],
        "password2": secrets["changed password"]})
    participant.refresh_from_db()
    assert participant.check_password(secrets["changed password"])
    p.post(reverse("account_reauthenticate"), {"password": secrets["changed password"]})
    p.get(reverse("mfa_activate_totp"))
    totp_secret = p.session[SECRET_SESSION_KEY]
    secrets["TOTP secret"] = totp_secret
    with django_capture_on_commit_callbacks(execute=True):
        p.post(reverse("mfa_activate_totp"), {"code": current_code(totp_secret)})
    assert Authenticator.objects.filter(user=participant, type="totp").exists()
    secrets["staff TOTP secret"] = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    # Bad requests, answered without a 500: no CSRF token, a forged Host header.
    strict = Client(enforce_csrf_checks=True)
    strict.get(LOGIN)
    secrets["CSRF token"] = strict.cookies["csrftoken"].value
    assert strict.post(LOGIN, {"login": participant.email,
                               "password": secrets["changed password"]}).status_code == 403
    assert Client().get("/", HTTP_HOST="evil.example").status_code == 400
    for i, key in enumerate(session_keys):
        secrets[f"session key {i}"] = key

    # What a handler writes: the message, its arguments, any traceback, and the line as our
    # LOGGING formatter prints it. (django.request/security records also carry the request
    # object; none of our handlers formats it, and ADMINS is empty so mail_admins sends none.)
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
    records = caplog.records
    haystacks = []
    for record in records:
        haystacks += [record.getMessage(), repr(record.args), record.exc_text or "",
                      formatter.format(record)]
    leaks = [(name, h) for name, value in secrets.items() for h in haystacks if value in h]
    print(f"\nsecrets in logs: {len(records)} log records scanned, {len(secrets)} secrets "
          f"searched, {len(leaks)} hits")
    assert len(records) >= 2  # the 403 and the 400 were logged: the capture works
    assert leaks == []


def test_demo_totp_secret_is_the_one_printed_and_enrols_staff(hub_a, staff_no_totp):
    from devstack import DEMO_TOTP_SECRET as printed
    from hubs.demo import DEMO_TOTP_SECRET, ensure_demo_totp

    assert printed == DEMO_TOTP_SECRET
    ensure_demo_totp(staff_no_totp)
    ensure_demo_totp(staff_no_totp)  # idempotent
    auth = Authenticator.objects.get(user=staff_no_totp, type="totp")
    from allauth.mfa.totp.internal.auth import TOTP

    assert TOTP(auth).validate_code(current_code(DEMO_TOTP_SECRET))


def test_idle_htmx_request_sends_the_page_to_the_login(hub_a, staff_a, client, settings):
    client.force_login(staff_a)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(f"/manage/{hub_a.slug}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert urlsplit(response["HX-Redirect"]).path == LOGIN
    assert SESSION_KEY not in client.session


def test_staff_cannot_switch_totp_off_but_a_participant_can(client, staff_a, participant):
    from tests.factories import give_totp

    for user, allowed in ((staff_a, False), (participant, True)):
        give_totp(user)
        c = Client()
        c.force_login(user)
        c.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = c.post(reverse("mfa_deactivate_totp"))
        still_on = Authenticator.objects.filter(user=user, type="totp").exists()
        assert still_on is (not allowed), user
        if not allowed:
            assert "You cannot deactivate two-factor authentication" in page.content.decode()


def test_someone_who_becomes_staff_mid_session_is_timed_out_too(hub_a, participant, settings):
    c = Client()
    c.force_login(participant)
    assert c.get("/dashboard/").status_code == 200
    with scopes_disabled():
        MembershipFactory(hub=hub_a, user=participant)
    console = f"/manage/{hub_a.slug}/"
    assert c.get(console).status_code == 200
    session = c.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_IDLE_SECONDS - 5
    session.save()
    assert urlsplit(c.get(console)["Location"]).path == LOGIN


def test_a_password_change_signs_the_other_devices_out(participant):
    phone, laptop = signed_in_client(participant), signed_in_client(participant)
    phone.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "An0ther-long-pass!",
        "password2": "An0ther-long-pass!"})
    assert phone.get("/dashboard/").status_code == 200  # the device that changed it stays in
    assert laptop.get("/dashboard/").status_code == 302


def test_deactivating_a_user_in_django_admin_ends_their_sessions(participant):
    admin = UserFactory(is_superuser=True, is_staff=True, is_programme_admin=True)
    device = signed_in_client(participant)
    staff = Client()
    staff.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[participant.pk])
    assert staff.get(url).status_code == 200
    response = staff.post(url, {"email": participant.email, "display_name": "Someone",
                                "preferred_language": "en"})  # "active" left unticked
    assert response.status_code == 302, response.content.decode()[:2000]
    participant.refresh_from_db()
    assert participant.is_active is False
    assert device.get("/dashboard/").status_code == 302


def test_report_download_is_audited(client, hub_a, staff_a):
    from django.core.files.base import ContentFile

    from creaconnect.reports.models import Report, ReportState
    from tests.conftest import close_response

    report = Report.objects.create(kind="hub_overview", hub_id=hub_a.pk, requested_by=staff_a,
                                   state=ReportState.DONE)
    report.file.save("overview.pdf", ContentFile(b"%PDF-1.4 audit probe"))
    client.force_login(staff_a)
    response = client.get(reverse("hub_reports:download",
                                  kwargs={"hub_slug": hub_a.slug, "pk": report.pk}))
    assert response.status_code == 200
    close_response(response)
    entry = AuditEntry.objects.get(action="report.downloaded")
    assert entry.actor == staff_a
    assert entry.hub_id == hub_a.pk
    assert entry.target_id == str(report.pk)
    assert entry.data == {"kind": "hub_overview"}


def test_the_session_map_forgets_expired_sessions(participant):
    first = signed_in_client(participant)
    Session.objects.filter(session_key=first.session.session_key).delete()  # expired, cleared
    second = signed_in_client(participant)
    assert list(UserSession.objects.filter(user=participant).values_list(
        "session_key", flat=True)) == [second.session.session_key]
