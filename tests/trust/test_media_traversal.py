"""Issue 13 (C1): no request reaches a private file except through its permission check.

Public images and private files live in two storages (``creaconnect.core.storage``); the
public route ``/media/<name>`` reads only the public one and only names of the exact public
shape. This module attacks every file-serving route (``/media/`` and each permission-checked
download) with path tricks — ``..`` and its encodings (``%2e%2e``, double-encoded
``%252e%252e``, overlong UTF-8 ``%c0%ae``), encoded and doubled separators, backslashes,
absolute paths, NUL, symbolic links planted in the public root — as anonymous and as each
role, and asserts a refusal and that no byte of any private file comes back.

Requests go through the real WSGI stack twice: through the test client (``PATH_INFO``
decoded the way WSGI servers decode it, with and without gunicorn's ``RAW_URI``), and over
raw sockets to a real gunicorn, so encoded forms reach Django exactly as a client sent them.
The end of the module checks every file the demo data and the factories create (each private
one unreachable without permission, each public one served) and the data migration that
moves files out of the old single media folder.
"""

import http.client
import importlib
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from creaconnect.accounts import privacy_services
from creaconnect.accounts.models import DataExport, Profile
from creaconnect.core.storage import is_public_name, public_storage
from creaconnect.reports.models import Report
from creaconnect.reports.services import run_report
from hackathons.models import JudgeAssignment, SubmissionFile, Team, TeamMembership
from hackathons.models import MentorAssignment as TeamMentor
from programme.models import (
    Answer,
    ApplicationState,
    Certificate,
    MentorAssignment,
    MilestoneSubmission,
    QuestionKind,
)
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    CohortMemberFactory,
    QuestionFactory,
    UserFactory,
    make_hackathon,
    make_judge,
    make_milestone,
    make_submission,
    registered,
)

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("anonymous", "participant", "mentor", "judge", "staff_other_hub", "staff_hub")
PUBLIC_DENIALS = {400, 404}  # 400: NUL bytes, refused before any view; else the view's 404
PRIVATE_DENIALS = {301, 302, 400, 403, 404, 405}  # a login redirect or slash redirect is no leak


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    """Media roots of this test's own: the old single folder, and the two new roots in it
    (the defaults' layout, so "one level up from public" is where private files are)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.PUBLIC_MEDIA_ROOT = root / "public"
    settings.PRIVATE_MEDIA_ROOT = root / "private"
    return root


def png_bytes(colour=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "PNG")
    return out.getvalue()


# --- The world: private files of every kind, and who may download each ---------------------

@dataclass
class PrivateFile:
    kind: str
    name: str  # in the private storage
    content: bytes
    downloads: dict = field(default_factory=dict)  # permission-checked URL → roles allowed

    def fingerprints(self) -> list[bytes]:
        """Byte strings that would show this file's content in a response."""
        data = self.content
        if b"PRIVATE-" in data:
            start = data.index(b"PRIVATE-")
            return [data[start:start + 40]]
        n = len(data)
        return [data[i:i + 24] for i in (n // 4, n // 2, 3 * n // 4)]


@dataclass
class World:
    users: dict
    private: list
    public: list  # names in the public storage
    legacy: list  # private bytes left in the old layout, MEDIA_ROOT/<name>
    symlinks: list  # public-shaped names that are links to private files
    fingerprints: list = field(default_factory=list)

    def leaks(self, body: bytes) -> list[bytes]:
        return [f for f in self.fingerprints if f in body]


def secret(kind: str) -> bytes:
    return f"PRIVATE-{kind}-{os.urandom(8).hex()}: not for you\n".encode() * 4


def build_world(hub_a, hub_b, staff_a, staff_b) -> World:
    """Private files of each kind in hub A, made through the app's own code where it has
    some (reports, certificates and exports are rendered by their services)."""
    participant = UserFactory(display_name="Pia Participant")
    mentor = UserFactory(display_name="Mona Mentor")
    users = {"anonymous": None, "participant": participant, "mentor": mentor,
             "staff_other_hub": staff_b, "staff_hub": staff_a}
    private, public = [], []
    with scopes_disabled():
        # Public images: a hub logo (its name made safe), an avatar.
        hub_a.logo.save("Logo Été (1).png", ContentFile(png_bytes()), save=True)
        profile, _ = Profile.objects.get_or_create(user=participant)
        profile.avatar.save("me.png", ContentFile(png_bytes((0, 90, 0))), save=True)
        public += [hub_a.logo.name, profile.avatar.name]

        # An application with an uploaded file, submitted.
        call = CallFactory(hub=hub_a)
        question = QuestionFactory(call=call, kind=QuestionKind.FILE)
        application = ApplicationFactory(call=call, applicant=participant,
                                         state=ApplicationState.SUBMITTED)
        answer = Answer(application=application, question=question)
        answer.file.save("cv.pdf", ContentFile(secret("application")), save=True)
        private.append(PrivateFile("application file", answer.file.name, b"", {
            reverse("programme:own_answer_file", kwargs={
                "pk": application.pk, "answer_pk": answer.pk}): {"participant"},
            reverse("programme_console:answer_file", kwargs={
                "hub_slug": hub_a.slug, "call_pk": call.pk, "pk": application.pk,
                "answer_pk": answer.pk}): {"staff_hub"},
        }))

        # A cohort member with a mentor, approved evidence with a file, a certificate.
        cohort = CohortFactory(hub=hub_a)
        member = CohortMemberFactory(cohort=cohort, user=participant)
        MentorAssignment.objects.create(member=member, mentor=mentor)
        evidence = MilestoneSubmission.objects.create(
            milestone=make_milestone(cohort), member=member, text="plan", state="approved")
        evidence.file.save("plan.pdf", ContentFile(secret("evidence")), save=True)
        private.append(PrivateFile("milestone evidence", evidence.file.name, b"", {
            reverse("programme:evidence_file", kwargs={"pk": evidence.pk}):
                {"participant", "mentor", "staff_hub"}}))
        certificate = Certificate.objects.create(member=member, issued_by=staff_a)
        cert_report = Report.objects.create(kind="certificate", hub_id=hub_a.pk,
                                            params={"certificate": certificate.pk},
                                            requested_by=staff_a, language="en")
        certificate.report_id = cert_report.pk
        certificate.save(update_fields=["report_id"])
        assert run_report(cert_report.pk) == "done"
        cert_report.refresh_from_db()
        private.append(PrivateFile("certificate", cert_report.file.name, b"", {
            reverse("programme:certificate_pdf", kwargs={"code": certificate.code}):
                {"participant"},
            reverse("hub_reports:download", kwargs={"hub_slug": hub_a.slug,
                                                    "pk": cert_report.pk}): {"staff_hub"}}))

        # A hub report.
        report = Report.objects.create(kind="hub_overview", hub_id=hub_a.pk,
                                       requested_by=staff_a, language="en")
        assert run_report(report.pk) == "done"
        report.refresh_from_db()
        private.append(PrivateFile("hub report", report.file.name, b"", {
            reverse("hub_reports:download", kwargs={"hub_slug": hub_a.slug, "pk": report.pk}):
                {"staff_hub"}}))

        # A hackathon team (the participant in it) with a mentor, an assigned judge, a file.
        hackathon = make_hackathon(hub_a, slug="traversal")
        registered(hackathon, participant)
        team = Team.objects.create(hackathon=hackathon, name="Team T", pitch="p",
                                   captain=participant)
        TeamMembership.objects.create(team=team, hackathon=hackathon, user=participant)
        TeamMentor.objects.create(hackathon=hackathon, team=team, mentor=mentor)
        judge = make_judge(hackathon)
        users["judge"] = judge
        submission = make_submission(team)
        JudgeAssignment.objects.create(hackathon=hackathon, submission=submission, judge=judge)
        upload = SubmissionFile(submission=submission, name="plan.pdf", uploaded_by=participant)
        upload.file.save("plan.pdf", ContentFile(secret("submission")), save=False)
        upload.size = upload.file.size
        upload.save()
        private.append(PrivateFile("submission file", upload.file.name, b"", {
            reverse("hackathons:file", kwargs={"pk": upload.pk}):
                {"participant", "mentor", "judge", "staff_hub"}}))

        # The participant's personal data export (a zip of all the above).
        export = DataExport.objects.create(user=participant)
        assert privacy_services.run_export(export.pk) == "done"
        export.refresh_from_db()
        private.append(PrivateFile("data export", export.file.name, b"", {
            reverse("accounts:privacy_export_download", kwargs={"pk": export.pk}):
                {"participant"}}))

    for item in private:  # what each holds, as stored
        with default_storage.open(item.name, "rb") as handle:
            item.content = handle.read()

    # Private files with image names: one of the exact public shape, one in an export folder.
    for name, kind in ((f"showcase/covers/secret-{participant.pk}.png", "public-shaped"),
                       (f"exports/{participant.pk}/photo.png", "image-named")):
        data = secret(kind)
        private.append(PrivateFile(kind, default_storage.save(name, ContentFile(data)), data))

    # Leftovers in the old single folder (as if never migrated): also out of reach.
    legacy_storage = FileSystemStorage(location=str(settings.MEDIA_ROOT))
    legacy = []
    for item in private:
        if item.kind in ("hub report", "submission file"):
            legacy.append(legacy_storage.save(item.name, ContentFile(item.content)))

    # Symbolic links planted inside the public root, public-shaped, to private files.
    public_root = Path(public_storage().path(""))
    private_root = Path(default_storage.path(""))
    symlinks = []
    covers = public_root / "showcase" / "covers"
    covers.mkdir(parents=True, exist_ok=True)
    for i, item in enumerate(private):
        (covers / f"leak-{i}.png").symlink_to(private_root / item.name)
        symlinks.append(f"showcase/covers/leak-{i}.png")
    (public_root / "avatars").mkdir(parents=True, exist_ok=True)
    (public_root / "avatars" / "424242").symlink_to(private_root / "exports" /
                                                  str(participant.pk))
    symlinks.append("avatars/424242/photo.png")
    (public_root / "hubs" / "logos" / "old.png").symlink_to(Path(settings.MEDIA_ROOT) /
                                                           legacy[0])
    symlinks.append("hubs/logos/old.png")

    world = World(users=users, private=private, public=public, legacy=legacy,
                  symlinks=symlinks)
    world.fingerprints = [f for item in private for f in item.fingerprints()]
    return world


@pytest.fixture
def world(media, hub_a, hub_b, staff_a, staff_b):
    return build_world(hub_a, hub_b, staff_a, staff_b)


# --- The variants ----------------------------------------------------------------------------

DOTS = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%25252e%25252e",
        "%c0%ae%c0%ae", "%e0%80%ae%e0%80%ae", "..%00", "..;", "...."]
SEPARATORS = ["/", "%2f", "%2F", "%5c", "%5C", "\\", "%252f", "%255c", "%c0%af", "%c1%9c",
              "//", "/./", "%2f%2f"]
PREFIXES = [["showcase"], ["avatars", "1"], ["hubs", "logos"]]


def _climbs(prefix, dots, sep, target_segments) -> list[str]:
    """``/media/<prefix>/<dots>/…/<target>``: up to the old single folder (where the old
    view resolved names) and one more level (out of the public root, which sits in it)."""
    return ["/media/" + sep.join(quote(s, safe="%\\.;") for s in
                                 [*prefix, *([dots] * ups), *target_segments])
            for ups in (len(prefix), len(prefix) + 1)]


def media_variants(world) -> list[str]:
    """Raw request targets (as sent on the wire) aiming at private files via /media/."""
    variants = []
    private_root = Path(default_storage.path(""))
    private_dir = os.path.basename(private_root)  # "private", next to "public"
    for i, item in enumerate(world.private):
        target = [private_dir, *item.name.split("/")]
        # Every dot form × separator on the first file (and from every public folder with
        # plain separators); a sample of them on each other file.
        if i == 0:
            combos = [(p, d, s) for d in DOTS for s in SEPARATORS for p in PREFIXES[:1]]
            combos += [(p, d, s) for d in DOTS for s in ("/", "%2f") for p in PREFIXES[1:]]
        else:
            combos = [(PREFIXES[0], d, s) for d in ("..", "%2e%2e", "%252e%252e", "%c0%ae%c0%ae")
                      for s in ("/", "%2f", "%5c")]
        variants += [v for p, d, s in combos for v in _climbs(p, d, s, target)]
        absolute = str(private_root / item.name)
        variants += [
            f"/media/{item.name}", f"/media/private/{item.name}",
            f"/media/../private/{item.name}", f"/media/%2e%2e/private/{item.name}",
            f"/media/%2e%2e%2fprivate%2f{quote(item.name, safe='')}",
            f"/media/showcase/%2e%2e/private/{item.name}",  # the issue's own form
            f"/media/showcase/%2e%2e/../private/{item.name}",
            f"/media/{absolute}", f"/media/{quote(absolute, safe='')}",
            f"/media//{absolute.lstrip('/')}", f"/media/%2f{absolute.lstrip('/')}",
            "/media/" + absolute.replace("/", "\\"), "/media/" + absolute.replace("/", "%5c"),
            f"/media/file://{absolute}", f"/media/showcase//..//private//{item.name}",
            f"/media/showcase/covers/x.png%00/../../private/{item.name}",
            f"/media/showcase/covers/%00{quote(item.name, safe='')}",
            f"/media/{item.name}%00.png", f"/media/showcase/covers/{item.name}",
        ]
    for n, name in enumerate(world.legacy):  # left in the old single folder
        dots, seps = (DOTS, SEPARATORS[:6]) if n == 0 else (DOTS[:3], SEPARATORS[:3])
        variants += [v for d in dots for s in seps
                     for v in _climbs(PREFIXES[0], d, s, name.split("/"))]
        variants += [f"/media/../{name}", f"/media/{name}", f"/media/%2e%2e/{name}",
                     f"/media/showcase/%2e%2e/{name}"]  # exactly the reported request
    variants += [f"/media/{name}" for name in world.symlinks]
    variants += [f"/media/{name}".replace("/media/", "/media//") for name in world.symlinks]
    variants += ["/media/../../../../etc/passwd", "/media//etc/passwd", "/media/%2fetc%2fpasswd",
                 "/media/..%2f..%2f..%2fetc%2fpasswd",
                 "/media/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
                 "/media/showcase/..\\..\\..\\etc\\passwd", "/media/%00", "/media/.",
                 "/media/..", "/media/./showcase/covers/x.png", "/media/showcase/./covers/x.png"]
    return list(dict.fromkeys(variants))


ID_PAYLOADS = ["..", "%2e%2e", "%252e%252e", "%c0%ae%c0%ae", "{id}%2f..%2f{id}",
               "{id}/../{id}", "{id}%5c..%5c{id}", "{id}\\..\\{id}", "{id}%00", "-1",
               "{id};.pdf", "{abs}"]
SUFFIXES = ["..%2f", "%2e%2e/", "/", "%00", "%5c..", "%252e%252e/"]


def route_variants(url: str, item) -> list[str]:
    """Raw targets built on a permission-checked download ``url`` (an id replaced by a path
    trick, tricks appended, slashes doubled)."""
    parts = url.rstrip("/").split("/")
    ident = parts[-1] if parts[-1] not in ("pdf", "file", "download") else parts[-2]
    index = len(parts) - 1 - parts[::-1].index(ident)
    absolute = quote(str(Path(default_storage.path(item.name))), safe="")
    variants = []
    for payload in ID_PAYLOADS:
        value = payload.replace("{id}", ident).replace("{abs}", absolute)
        variants.append("/".join([*parts[:index], value, *parts[index + 1:]]) + "/")
    variants += [url + suffix for suffix in SUFFIXES]
    variants += [url.replace("/", "//", 2), url[:-1] + "%2f",
                 url + "%2e%2e%2f" + quote(item.name, safe=""), url.replace("/", "%2f"),
                 url.replace("/", "\\")]
    # Not the URL itself in another spelling (%2f for /): that is the download, not a trick.
    return [v for v in dict.fromkeys(variants)
            if unquote_to_bytes(v).decode("iso-8859-1") != url]


# --- Sending -------------------------------------------------------------------------------

def wsgi_get(client, raw: str, *, raw_uri: bool):
    """One request through Django's WSGI handler, the path decoded as WSGI servers decode it
    (%2f becomes /), and with ``raw_uri`` the undecoded target in ``RAW_URI`` (gunicorn)."""
    environ = {"REQUEST_METHOD": "GET", "QUERY_STRING": "",
               "PATH_INFO": unquote_to_bytes(raw).decode("iso-8859-1")}
    if raw_uri:
        environ["RAW_URI"] = raw
    response = client.request(**environ)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def clients_for(world) -> dict:
    clients = {}
    for role in ROLES:
        c = Client()
        if world.users[role] is not None:
            c.force_login(world.users[role])
        clients[role] = c
    return clients


def attack(world, send, plan: dict) -> dict[str, int]:
    """Send every ``(role, raw target)`` of ``plan`` (route → list of them) with ``send``
    (which may run them in parallel); assert each is refused with no private byte in the
    answer. Returns the variants tried per route."""
    failures, counts = [], {}
    for route, requests in plan.items():
        if not requests:
            continue
        denials = PUBLIC_DENIALS if route == "/media/" else PRIVATE_DENIALS
        statuses = Counter()
        for (role, raw), (status, body) in zip(requests, send(requests), strict=True):
            statuses[status] += 1
            if status not in denials or world.leaks(body):
                failures.append((role, raw, status, bool(world.leaks(body))))
        counts[route] = (len({raw for _role, raw in requests}), statuses)
    assert not failures, f"{len(failures)} variants got through, e.g. {failures[:10]}"
    return counts


def attack_plan(world, media_roles, route_roles, media_sample_roles=()) -> dict:
    """Route → [(role, raw target)]: every /media/ variant for ``media_roles``, one in seven
    (and every planted link) for ``media_sample_roles``, every variant of each download
    route for ``route_roles``."""
    media = media_variants(world)
    sample = media[::7] + [f"/media/{name}" for name in world.symlinks]
    plan = {"/media/": [(role, raw) for role in media_roles for raw in media]
            + [(role, raw) for role in media_sample_roles for raw in dict.fromkeys(sample)]}
    for item in world.private:
        for url in item.downloads:
            route = "/".join(p if not p.isdigit() and not p.startswith("CC-") else "<id>"
                             for p in url.split("/"))
            plan.setdefault(route, [])
            plan[route] += [(role, raw) for raw in route_variants(url, item)
                            for role in route_roles]
    return plan


def report(counts: dict, how: str, plan: dict) -> None:
    for route, (n, statuses) in counts.items():
        per_role = Counter(role for role, _raw in plan[route])
        by_count = {}
        for role in ROLES:
            if per_role[role]:
                by_count.setdefault(per_role[role], []).append(role)
        who = "; ".join(f"{k} as {', '.join(roles)}" for k, roles in by_count.items())
        answers = ", ".join(f"{code}: {k}" for code, k in sorted(statuses.items()))
        print(f"[traversal] {how}: {route} {n} variants ({who}): {len(plan[route])} "
              f"requests, answered {answers}")


# --- The tests -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_traversal_variants_through_the_wsgi_stack(world):
    clients = clients_for(world)
    # Sanity: the variants aim at files that exist, and the route itself works.
    assert all(default_storage.exists(item.name) for item in world.private)
    for name in world.public:
        assert wsgi_get(clients["anonymous"], f"/media/{name}", raw_uri=True)[0] == 200

    def send(raw_uri):
        return lambda requests: [wsgi_get(clients[role], raw, raw_uri=raw_uri)
                                 for role, raw in requests]

    # As a WSGI server without the raw target (runserver, wsgiref), then as gunicorn passes
    # it (RAW_URI, which the /media/ route also checks). /media/ answers the same whoever
    # asks: every variant as anonymous (the reported attack), a sample as each other role.
    plan = attack_plan(world, ["anonymous"], ROLES, media_sample_roles=ROLES[1:])
    report(attack(world, send(False), plan), "test client", plan)
    plan = attack_plan(world, ["anonymous"], [], media_sample_roles=ROLES[1:])
    report(attack(world, send(True), plan), "test client with RAW_URI", plan)
    assert len(set(media_variants(world))) > 800


@pytest.mark.django_db
def test_downloads_answer_only_the_permitted_and_are_never_cached(world):
    """Each permission-checked route: the right people get the file, as an attachment,
    ``Cache-Control: private, no-store``; everyone else is refused without a byte of it."""
    clients = clients_for(world)
    checked = 0
    for item in world.private:
        for url, allowed in item.downloads.items():
            for role in ROLES:
                response = clients[role].get(url)
                body = (b"".join(response.streaming_content) if response.streaming
                        else response.content)
                if role in allowed:
                    assert response.status_code == 200, (item.kind, url, role)
                    assert body == item.content, (item.kind, role)
                    assert response["Cache-Control"] == "private, no-store", url
                    assert response["Content-Disposition"].startswith("attachment")
                    assert response["X-Content-Type-Options"] == "nosniff"
                else:
                    assert response.status_code in PRIVATE_DENIALS, (item.kind, url, role)
                    assert not world.leaks(body), (item.kind, url, role)
                checked += 1
    print(f"[traversal] {checked} download checks (route × role)")
    # Public images: public caching, never sniffed.
    for name in world.public:
        response = clients["anonymous"].get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=86400"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        response.close()


@pytest.mark.django_db
def test_generated_documents_have_unguessable_names(world):
    """Reports, certificates and exports: the readable name, then 22 random URL-safe
    characters (``secrets.token_urlsafe(16)``), in the private storage."""
    from creaconnect.reports import kinds

    token = r"-[A-Za-z0-9_-]{22}"
    by_kind = {item.kind: item.name for item in world.private}
    for kind in ("certificate", "hub report"):
        with scopes_disabled():
            row = Report.objects.get(file=by_kind[kind])
        stem = kinds.get(row.kind).filename(row).removesuffix(".pdf")
        assert re.fullmatch(rf"reports/\d{{4}}/\d{{2}}/{re.escape(stem)}{token}\.pdf",
                            by_kind[kind]), by_kind[kind]
    user = world.users["participant"].pk
    assert re.fullmatch(rf"exports/{user}/creaconnect-data-\d{{8}}-\d{{6}}{token}\.zip",
                        by_kind["data export"]), by_kind["data export"]
    assert not any(item.name.startswith("private/") for item in world.private)


# --- Through a real server ---------------------------------------------------------------

def _database_url() -> str:
    from devstack import db_url_from_settings

    return db_url_from_settings(settings.DATABASES["default"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(media, tmp_path):
    """The production server (gunicorn, DEBUG off) on the test database and these roots."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL,
           "TESTING": "true", "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY,
           "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "0",
           "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PUBLIC_MEDIA_ROOT": str(settings.PUBLIC_MEDIA_ROOT),
           "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "creaconnect.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "4", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if raw_get(port, "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("gunicorn did not start:\n" + log_path.read_text()[-3000:])
    proc.port = port
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def raw_get(port: int, target: str, cookie: str | None = None) -> tuple[int, bytes]:
    """GET ``target`` exactly as written (http.client sends the path unchanged)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.putheader("X-Forwarded-Proto", "https")  # as behind the TLS proxy
        if cookie:
            conn.putheader("Cookie", cookie)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_traversal_variants_through_a_real_server(media, hub_a, hub_b, staff_a, staff_b,
                                                  gunicorn):
    world = build_world(hub_a, hub_b, staff_a, staff_b)
    cookies = {}
    for role in ROLES:
        if world.users[role] is not None:
            c = Client()
            c.force_login(world.users[role])
            cookies[role] = f"{settings.SESSION_COOKIE_NAME}=" \
                            f"{c.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = gunicorn.port
    # Sanity: public images come, and a signed-in role really is signed in over this server.
    assert raw_get(port, f"/media/{world.public[0]}")[0] == 200
    mine = next(item for item in world.private if item.kind == "data export")
    url = next(iter(mine.downloads))
    status, body = raw_get(port, url, cookies["participant"])
    assert status == 200
    assert body == mine.content
    assert raw_get(port, url)[0] == 302  # anonymous: to the sign-in page

    def send(requests):
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda r: raw_get(port, r[1], cookies.get(r[0])), requests))

    plan = attack_plan(world, ["anonymous"], ROLES, media_sample_roles=ROLES[1:])
    report(attack(world, send, plan), "gunicorn over sockets", plan)


# --- Every file the demo and the factories create ----------------------------------------

def file_fields():
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                yield model, f


def download_urls(model, row, hub_slug: str | None) -> list[str]:
    """The permission-checked routes that serve a private file row."""
    label = model._meta.label
    if label == "reports.Report" and hub_slug:
        return [reverse("hub_reports:download", kwargs={"hub_slug": hub_slug, "pk": row.pk})]
    if label == "accounts.DataExport":
        return [reverse("accounts:privacy_export_download", kwargs={"pk": row.pk})]
    if label == "programme.Answer":
        return [reverse("programme:own_answer_file", kwargs={
            "pk": row.application_id, "answer_pk": row.pk})]
    if label == "programme.MilestoneSubmission":
        return [reverse("programme:evidence_file", kwargs={"pk": row.pk})]
    if label == "hackathons.SubmissionFile":
        return [reverse("hackathons:file", kwargs={"pk": row.pk})]
    return []


@pytest.mark.django_db
def test_every_file_of_the_demo_and_the_factories_is_public_or_unreachable(
        media, hub_a, hub_b, staff_a, staff_b):
    call_command("seed_demo", verbosity=0)
    build_world(hub_a, hub_b, staff_a, staff_b)  # the factories' files, next to the demo's
    outsider = UserFactory()  # signed in, with no role anywhere
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(outsider)
    other_staff = Client()
    other_staff.force_login(staff_b)
    public_root = Path(public_storage().path(""))
    counted = {"public": 0, "private": 0}
    with scopes_disabled():
        for model, f in file_fields():
            is_public = f.storage is public_storage()
            for row in model._base_manager.exclude(**{f.name: ""}):
                name = getattr(row, f.name).name
                assert f.storage.exists(name), f"{model._meta.label}.{f.name}: {name} missing"
                with f.storage.open(name, "rb") as handle:
                    content = handle.read()
                if is_public:
                    assert is_public_name(name), name
                    response = anonymous.get(getattr(row, f.name).url)
                    assert response.status_code == 200, name
                    assert b"".join(response.streaming_content) == content
                    counted["public"] += 1
                    continue
                counted["private"] += 1
                assert not (public_root / name).exists()
                fingerprints = PrivateFile("", name, content).fingerprints()
                hub_id = getattr(row, "hub_id", None)
                hub_slug = hub_a.slug if hub_id == hub_a.pk else (
                    model._meta.apps.get_model("hubs", "Hub").objects.get(pk=hub_id).slug
                    if hub_id else None)
                urls = [f"/media/{name}", f"/media/../private/{name}",
                        f"/media/showcase/%2e%2e/%2e%2e/private/{name}",
                        *download_urls(model, row, hub_slug)]
                outsiders = [anonymous, signed_in] + ([other_staff] if hub_id != hub_b.pk
                                                      else [])
                for client in outsiders:
                    for url in urls:
                        status, body = wsgi_get(client, url, raw_uri=False)
                        assert status in PRIVATE_DENIALS, (url, status)
                        assert not any(fp in body for fp in fingerprints), url
    # Nothing in the public root that no public field names (but the planted links).
    named = {getattr(row, f.name).name for model, f in file_fields()
             if f.storage is public_storage()
             for row in model._base_manager.exclude(**{f.name: ""})}
    on_disk = {os.path.relpath(os.path.join(folder, f), public_root)
               for folder, _dirs, files in os.walk(public_root)  # links not followed
               for f in files if not os.path.islink(os.path.join(folder, f))}
    assert on_disk <= named, on_disk - named
    print(f"[traversal] demo + factories: {counted['public']} public files served, "
          f"{counted['private']} private files unreachable without permission")
    assert counted["public"] >= 20
    assert counted["private"] >= 6


# --- The data migration ------------------------------------------------------------------

MIGRATIONS = ["creaconnect.accounts.migrations.0004_media_storages",
              "hubs.migrations.0002_media_storages",
              "showcase.migrations.0004_media_storages",
              "creaconnect.reports.migrations.0002_media_storages",
              "programme.migrations.0003_media_storages",
              "hackathons.migrations.0003_media_storages"]


def run_data_migrations():
    for module in MIGRATIONS:
        importlib.import_module(module).move_files(apps, None)


@pytest.mark.django_db
def test_data_migration_moves_every_old_file_and_each_still_resolves(
        client, media, hub_a, staff_a, participant, make_project):
    """Files planted in the old single folder, rows naming them the old way: after the
    migration each row names a file in its new storage with the same bytes; public ones are
    served, private ones are not; running it again changes nothing."""
    from showcase.models import GalleryImage

    old = FileSystemStorage(location=str(media))
    planted = {}  # (model, pk, field) → bytes

    def plant(obj, field_name, name, data):
        saved = old.save(name, ContentFile(data))
        assert saved == name
        type(obj)._base_manager.filter(pk=obj.pk).update(**{field_name: name})
        planted[(type(obj), obj.pk, field_name)] = (name, data)

    with scopes_disabled():
        profile, _ = Profile.objects.get_or_create(user=participant)
        plant(profile, "avatar", f"avatars/{participant.pk}/Photo Été (2).png", png_bytes())
        plant(hub_a, "logo", "hubs/logos/logo.png", png_bytes((1, 2, 3)))
        project = make_project(hub_a)
        plant(project, "cover", "showcase/covers/cover.jpg", b"\xff\xd8\xff cover")
        plant(project, "cover_card", "showcase/covers/cover-card.jpg", b"\xff\xd8\xff card")
        image = GalleryImage.objects.create(project=project, image="x", thumb="y", order=1)
        plant(image, "image", "showcase/gallery/one.webp", b"RIFF gallery")
        plant(image, "thumb", "showcase/gallery/one-thumb.webp", b"RIFF thumb")
        report = Report.objects.create(kind="hub_overview", hub_id=hub_a.pk, language="en")
        plant(report, "file", "reports/2026/12/hub-overview-20261204-1.pdf", secret("report"))
        export = DataExport.objects.create(user=participant)
        plant(export, "file", f"private/exports/{participant.pk}/creaconnect-data-20261204-"
                              f"101010.zip", secret("export"))
        call = CallFactory(hub=hub_a)
        question = QuestionFactory(call=call, kind=QuestionKind.FILE)
        answer = Answer.objects.create(application=ApplicationFactory(call=call),
                                       question=question)
        plant(answer, "file", f"private/applications/{answer.application_id}/{question.pk}/"
                              f"cv.pdf", secret("answer"))
        cohort = CohortFactory(hub=hub_a)
        member = CohortMemberFactory(cohort=cohort)
        evidence = MilestoneSubmission.objects.create(milestone=make_milestone(cohort),
                                                      member=member, text="t")
        plant(evidence, "file", f"private/milestones/{evidence.milestone_id}/{member.pk}/"
                                f"plan.pdf", secret("evidence"))
        hackathon = make_hackathon(hub_a, slug="migrated")
        registered(hackathon, participant)
        team = Team.objects.create(hackathon=hackathon, name="M", pitch="p",
                                   captain=participant)
        upload = SubmissionFile.objects.create(submission=make_submission(team), name="p.pdf")
        plant(upload, "file", f"hackathons/submissions/{upload.submission_id}/p.pdf",
              secret("submission"))
        # A row whose file was already lost before the migration: left alone, no error.
        lost = Report.objects.create(kind="hub_overview", hub_id=hub_a.pk, language="en")
        Report.objects.filter(pk=lost.pk).update(file="reports/2026/01/gone.pdf")

    run_data_migrations()
    names = {}
    with scopes_disabled():
        for (model, pk, field_name), (old_name, data) in planted.items():
            field_file = getattr(model._base_manager.get(pk=pk), field_name)
            names[(model, pk, field_name)] = field_file.name
            assert field_file.storage.exists(field_file.name), (old_name, field_file.name)
            with field_file.storage.open(field_file.name, "rb") as handle:
                assert handle.read() == data, old_name
            public = field_file.storage is public_storage()
            assert public == (field_name in ("avatar", "logo", "cover", "cover_card", "image",
                                             "thumb"))
            assert not field_file.name.startswith("private/")
            if public:
                assert is_public_name(field_file.name), field_file.name
                response = client.get(field_file.url)
                assert response.status_code == 200, field_file.name
                assert b"".join(response.streaming_content) == data
            else:
                assert client.get(f"/media/{field_file.name}").status_code == 404
                assert not Path(public_storage().path(""), field_file.name).exists()
            if model in (Report, DataExport):
                assert field_file.name != old_name.removeprefix("private/")  # random part
            if not (old_name.startswith("private/") and not public
                    and model not in (Report, DataExport)):
                assert not old.exists(old_name), f"{old_name} left behind in the old folder"
        assert Report.objects.get(pk=lost.pk).file.name == "reports/2026/01/gone.pdf"
    # Again: nothing moves, nothing is renamed, every file still there.
    run_data_migrations()
    with scopes_disabled():
        for (model, pk, field_name), name in names.items():
            field_file = getattr(model._base_manager.get(pk=pk), field_name)
            assert field_file.name == name
            assert field_file.storage.exists(name)
    print(f"[traversal] migration: {len(planted)} files moved, each resolves; second run "
          f"changed nothing")


# --- The report renderer reads media through the storages ----------------------------------

@pytest.mark.django_db
def test_report_fetcher_reads_only_the_allowed_files_through_their_storages(media, hub_a):
    from creaconnect.reports.fetcher import BASE_URL, RefusedURL, SafeURLFetcher

    hub_a.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    with scopes_disabled():
        evidence = MilestoneSubmission.objects.create(
            milestone=make_milestone(CohortFactory(hub=hub_a)),
            member=CohortMemberFactory(cohort=CohortFactory(hub=hub_a)), text="t")
    evidence.file.save("chart.png", ContentFile(png_bytes((9, 9, 9))), save=True)
    fetcher = SafeURLFetcher(allowed_media={hub_a.logo.name, evidence.file})
    logo = fetcher.fetch(f"{BASE_URL}media/{hub_a.logo.name}")
    assert logo.read() == png_bytes()
    assert logo.headers["Content-Type"] == "image/png"
    chart = fetcher.fetch(f"{BASE_URL}private-media/{evidence.file.name}")
    assert chart.read() == png_bytes((9, 9, 9))
    refused = [
        f"media/{evidence.file.name}",  # a private file is not in the public storage
        f"private-media/{hub_a.logo.name}",  # nor the other way round
        f"media/hubs/logos/../../private/{evidence.file.name}",
        f"media/hubs/logos/%2e%2e/%2e%2e/private/{evidence.file.name}",
        f"private-media/{evidence.file.name}/../../public/{hub_a.logo.name}",
        f"media/{hub_a.logo.name}%00", f"media//{hub_a.logo.name}", "media/",
    ]
    for url in refused:
        with pytest.raises(RefusedURL):
            fetcher.fetch(BASE_URL + url)
    assert len(fetcher.refused) == len(refused)


def test_overlapping_public_and_private_roots_fail_the_system_check(settings, tmp_path):
    from creaconnect.core.storage import check_media_roots

    settings.PUBLIC_MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "a", tmp_path / "b"
    assert check_media_roots() == []
    for public, private in ((tmp_path, tmp_path / "private"), (tmp_path / "x", tmp_path / "x"),
                            (tmp_path / "p" / "public", tmp_path / "p")):
        settings.PUBLIC_MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = public, private
        assert [e.id for e in check_media_roots()] == ["core.E010"]
