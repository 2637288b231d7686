"""Privacy: data export (real worker), consents, erasure without trace, retention, notice."""

import io
import json
import os
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.accounts import privacy_services
from creaconnect.accounts.models import ConsentRecord, DataExport, ExportState, Profile, User
from creaconnect.core import audit
from creaconnect.notifications.models import Notification, State
from creaconnect.notifications.services import notify
from hackathons.models import Criterion as HackathonCriterion
from hackathons.models import (
    FeedbackMessage,
    JoinRequest,
    Score,
    SubmissionFile,
    TeamMembership,
)
from hubs.models import HubInvitation
from programme.models import (
    Answer,
    ApplicationState,
    CoApplicant,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneSubmission,
    QuestionKind,
    Review,
    SessionSignup,
    TrainingSession,
)
from showcase.models import ConsentState, CreditedMember, ProjectState, ShowcaseProject
from showcase.services import send_interest
from tests.conftest import close_response, wait_for
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CallFactory,
    CohortMemberFactory,
    QuestionFactory,
    UserFactory,
    make_hackathon,
    make_submission,
    make_team,
    registered,
)
from tests.helpers import PRIVACY_EMAIL, PRIVACY_FIRST, PRIVACY_LAST

FIRST, LAST, EMAIL = PRIVACY_FIRST, PRIVACY_LAST, PRIVACY_EMAIL


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    """A MEDIA_ROOT of this test's own, so "every file" means every file it made."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_MEDIA_ROOT = settings.MEDIA_ROOT / "public"
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT / "private"
    return settings.MEDIA_ROOT


def build_person(hub, project_maker):
    """Someone who did everything: applied with a file, cohort, team with a submission file,
    credited on a showcase project, expressed interest, got notifications, has MFA."""
    person = UserFactory(email=EMAIL, display_name=f"{FIRST} {LAST}")
    profile, _ = Profile.objects.get_or_create(user=person)
    profile.city, profile.bio = "Marseille", f"I am {FIRST}, a designer."
    profile.avatar.save(f"{LAST.lower()}.png", ContentFile(b"\x89PNG fake avatar"), save=True)
    ConsentRecord.objects.create(user=person, kind="demographics", version="2026-09")
    Authenticator.objects.create(user=person, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    other = UserFactory(display_name="Other Applicant")
    with scopes_disabled():
        call = CallFactory(hub=hub)
        text_q = QuestionFactory(call=call, kind=QuestionKind.LONG_TEXT)
        file_q = QuestionFactory(call=call, kind=QuestionKind.FILE)
        app = ApplicationFactory(call=call, applicant=person, project_title="Loom of light",
                                 state=ApplicationState.SUBMITTED, submitted_at=timezone.now(),
                                 decision_message=f"Dear {FIRST}, thank you.")
        other_app = ApplicationFactory(call=call, applicant=other,
                                       state=ApplicationState.SUBMITTED)
        other_answer = Answer(application=other_app, question=file_q)
        other_answer.file.save("other-cv.txt", ContentFile(b"Someone else"), save=True)
        Answer.objects.create(application=app, question=text_q,
                              value=f"My name is {FIRST} {LAST} and I weave light.")
        answer = Answer(application=app, question=file_q)
        answer.file.save(f"cv-{LAST.lower()}.txt",
                         ContentFile(f"CV of {FIRST} {LAST}, {EMAIL}".encode()), save=True)
        reviewer = UserFactory(display_name="Rita Reviewer")
        Review.objects.create(application=app, reviewer=reviewer,
                              comment=f"{FIRST} has a strong idea.", total=4)
        member = CohortMemberFactory(cohort=call.cohort, user=person, application=app)
        CohortMemberFactory(cohort=call.cohort, user=other)
        session = TrainingSession.objects.create(cohort=call.cohort, title="Pitching",
                                                 starts_at=timezone.now() - timedelta(days=1))
        SessionSignup.objects.create(session=session, member=member, attended=True)
        milestone = Milestone.objects.create(cohort=call.cohort, title="Prototype",
                                             due_on=timezone.localdate())
        evidence = MilestoneSubmission(milestone=milestone, member=member,
                                       text=f"{FIRST} built it.", link="https://example.org/z")
        evidence.file.save("evidence.txt", ContentFile(f"by {LAST}".encode()), save=True)
        # Invited by e-mail: as a co-applicant on someone else's application, and to a hub.
        CoApplicant.objects.create(application=other_app, email=EMAIL, user=person)
        HubInvitation.objects.create(hub=hub, email=EMAIL)
        mentor = UserFactory(display_name="Mona Mentor")
        assignment = MentorAssignment.objects.create(member=member, mentor=mentor)
        MentoringSession.objects.create(assignment=assignment, date=timezone.localdate(),
                                        duration_minutes=60, topics="Pricing",
                                        private_notes=f"{FIRST} is shy.",
                                        shared_notes=f"Well done {FIRST}.")
    hackathon = make_hackathon(hub, slug="privacy-hack")
    registered(hackathon, person, motivation=f"{FIRST} loves circular design.",
               dietary_needs="vegan", access_needs="step-free")
    team = make_team(hackathon, size=2, name="Light Weavers")
    with scopes_disabled():
        TeamMembership.objects.create(team=team, hackathon=hackathon, user=person)
        submission = make_submission(team, title="Woven light")
        upload = SubmissionFile(submission=submission, name="plan.txt", uploaded_by=person)
        upload.file.save("plan.txt", ContentFile(f"Plan by {FIRST} {LAST}".encode()), save=True)
        JoinRequest.objects.create(team=team, user=person, message=f"{FIRST} wants to join")
        FeedbackMessage.objects.create(team=team, author=person, body=f"Thanks, {FIRST}")
        judge = UserFactory(display_name="Jude Judge")
        for criterion, value in zip(HackathonCriterion.objects.filter(hackathon=hackathon),
                                    (8, 6), strict=True):
            Score.objects.create(hackathon=hackathon, submission=submission, judge=judge,
                                 criterion=criterion, value=value)
    credited = project_maker(hub, users=[person, other])
    with scopes_disabled():
        CreditedMember.objects.filter(project=credited, user=person).update(
            display_name=f"{FIRST} {LAST}", role="Lead designer")
    elsewhere = project_maker(hub, title="Another project")
    send_interest(project=elsewhere, name=f"{FIRST} {LAST}", email=EMAIL, kind="partnership",
                  message=f"Hello, {FIRST} here, let us work together.")
    notify(user=person, kind="account.security", context={"title": f"Hi {FIRST}",
                                                            "message": "pending"})
    sent = notify(user=person, kind="account.security", context={"title": f"Hello {FIRST}",
                                                                  "message": "sent"})
    Notification.objects.filter(pk=sent.pk).update(state=State.SENT, sent_at=timezone.now(),
                                                   subject=f"Hello {FIRST} {LAST}")
    audit.record(actor=person, action="account.profile_changed", target=person)
    return person, {"call": call, "session": session, "submission": submission,
                    "hackathon": hackathon, "credited": credited, "team": team}


def aggregates(ctx) -> dict:
    with scopes_disabled():
        return {
            "applications_per_call": ctx["call"].applications.count(),
            "attendance": SessionSignup.objects.filter(session=ctx["session"],
                                                       attended=True).count(),
            "score_sum": sum(Score.objects.filter(submission=ctx["submission"])
                             .values_list("value", flat=True)),
            "team_size": TeamMembership.objects.filter(team=ctx["team"]).count(),
            "registrations": ctx["hackathon"].registrations.count(),
            "credited_members": CreditedMember.objects.filter(project=ctx["credited"]).count(),
            "cohort_members": ctx["call"].cohort.members.count(),
        }


def search_database(terms):
    """ILIKE every column (cast to text) of every table for every term."""
    tables = columns = 0
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.get_table_list(cursor):
            if table.type != "t":
                continue
            tables += 1
            description = connection.introspection.get_table_description(cursor, table.name)
            for col in description:
                columns += 1
                quoted_t = connection.ops.quote_name(table.name)
                quoted_c = connection.ops.quote_name(col.name)
                cursor.execute(f"SELECT count(*) FROM {quoted_t} "  # noqa: S608  names from introspection
                               f"WHERE {quoted_c}::text ILIKE ANY(%s)",
                               [[f"%{t}%" for t in terms]])
                if cursor.fetchone()[0]:
                    hits.append(f"{table.name}.{col.name}")
    return tables, columns, hits


def search_files(root: Path, terms):
    files, hits = 0, []
    needles = [t.lower().encode() for t in terms]
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            path = Path(dirpath) / name
            blob = path.read_bytes().lower() + b"\n" + str(path).lower().encode()
            if any(n in blob for n in needles):
                hits.append(str(path))
    return files, hits


# --- The page ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_privacy_page_needs_sign_in_and_lists_consents_with_version(client, participant):
    response = client.get(reverse("accounts:privacy"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    ConsentRecord.objects.create(user=participant, kind="privacy", version="2026-09")
    client.force_login(participant)
    page = client.get(reverse("accounts:privacy")).content.decode()
    for text in ("Download my data", "My consents", "Delete my account", "2026-09",
                 "Privacy notice", 'name="password"'):
        assert text in page
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse("accounts:privacy")}"' in dashboard  # the user menu links it


@pytest.mark.django_db
def test_account_consent_is_withdrawn_with_its_time(client, participant):
    record = ConsentRecord.objects.create(user=participant, kind="demographics", version="v3")
    client.force_login(participant)
    asked = client.post(reverse("accounts:privacy_consent_withdraw"),
                        {"consent": f"account:{record.pk}"})
    assert asked.status_code == 200
    assert "data-confirmation" in asked.content.decode()
    record.refresh_from_db()
    assert record.withdrawn_at is None  # asked first, nothing changed
    response = client.post(reverse("accounts:privacy_consent_withdraw"),
                           {"consent": f"account:{record.pk}", "confirmed": "1"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "Withdrawn" in page


@pytest.mark.django_db
def test_terms_consent_ends_only_with_the_account(client, participant):
    terms = ConsentRecord.objects.create(user=participant, kind="terms", version="2026-09")
    client.force_login(participant)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert f'value="account:{terms.pk}"' not in page
    assert "Ends when you delete your account" in page
    client.post(reverse("accounts:privacy_consent_withdraw"), {"consent": f"account:{terms.pk}",
                                                                "confirmed": "1"})
    terms.refresh_from_db()
    assert terms.withdrawn_at is None


@pytest.mark.django_db
def test_someone_elses_consent_id_cannot_be_withdrawn(client, participant):
    stranger = UserFactory()
    record = ConsentRecord.objects.create(user=stranger, kind="demographics", version="v3")
    client.force_login(participant)
    client.post(reverse("accounts:privacy_consent_withdraw"), {"consent": f"account:{record.pk}",
                                                                "confirmed": "1"})
    client.post(reverse("accounts:privacy_consent_withdraw"), {"consent": "nonsense:x",
                                                                "confirmed": "1"})
    record.refresh_from_db()
    assert record.withdrawn_at is None


@pytest.mark.django_db
def test_withdrawing_showcase_consent_takes_the_published_project_down(
        client, hub_a, participant, make_project):
    project = make_project(hub_a, users=[participant])
    with scopes_disabled():
        credit = CreditedMember.objects.get(project=project, user=participant)
    client.force_login(participant)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert project.title in page
    assert f"showcase:{credit.pk}" in page
    client.post(reverse("accounts:privacy_consent_withdraw"), {"consent": f"showcase:{credit.pk}",
                                                                "confirmed": "1"})
    with scopes_disabled():
        project.refresh_from_db()
        credit.refresh_from_db()
    assert credit.consent == ConsentState.WITHDRAWN
    assert project.state == ProjectState.WITHDRAWN
    assert client.get(project.get_absolute_url()).status_code == 404


# --- Export ------------------------------------------------------------------------------

@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_builds_the_export_and_only_the_owner_downloads_it(
        celery_worker_process, client, hub_a, make_project):
    person, _ctx = build_person(hub_a, make_project)
    client.force_login(person)
    response = client.post(reverse("accounts:privacy_export"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=person)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert 'hx-trigger="every 2s"' in page  # polls while queued
    assert wait_for(lambda: DataExport.objects.get(pk=export.pk).state == ExportState.DONE,
                    timeout=60), celery_worker_process.log_path.read_text()[-3000:]
    row = client.get(reverse("accounts:privacy_export_status", args=[export.pk])).content.decode()
    download_url = reverse("accounts:privacy_export_download", args=[export.pk])
    assert download_url in row
    assert "every 2s" not in row

    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    payload = b"".join(response.streaming_content)
    close_response(response)
    archive = zipfile.ZipFile(io.BytesIO(payload))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == EMAIL
    assert data["account"]["consents"][0]["version"] == "2026-09"
    application = data["programme"]["applications"][0]
    assert any(f"{FIRST} {LAST}" in str(a["value"]) for a in application["answers"])
    assert data["programme"]["cohort_memberships"]
    assert data["programme"]["training_sessions"]
    assert data["programme"]["mentoring_received"][0]["notes_for_participant"]
    assert data["hackathons"]["registrations"][0]["dietary_needs"] == "vegan"
    assert data["hackathons"]["submissions"][0]["files"] == ["plan.txt"]
    assert data["showcase"]["credits"][0]["role"] == "Lead designer"
    assert data["showcase"]["interest_expressed"][0]["email"] == EMAIL
    assert len(data["notifications"]["notifications"]) >= 2
    assert any(e["action"] == "account.profile_changed" for e in data["audit"])
    names = archive.namelist()
    assert any(n.startswith("files/programme/cv-") for n in names)
    assert "files/hackathons/plan.txt" in names
    assert any(n.startswith("files/account/") for n in names)
    cv = next(n for n in names if n.startswith("files/programme/cv-"))
    assert FIRST.encode() in archive.read(cv)

    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(download_url).status_code == 404
    assert client.get(reverse("accounts:privacy_export_status",
                              args=[export.pk])).status_code == 404
    # Past its retention period the link is dead even before the job removes the file.
    client.force_login(person)
    DataExport.objects.filter(pk=export.pk).update(created=timezone.now() - timedelta(days=8))
    assert client.get(download_url).status_code == 404


@pytest.mark.django_db
def test_a_second_request_while_one_is_queued_reuses_it(participant):
    with transaction.atomic():
        first = privacy_services.request_export(user=participant)
        second = privacy_services.request_export(user=participant)
    assert first.pk == second.pk
    assert DataExport.objects.count() == 1


# --- Erasure -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_delete_needs_the_right_password_and_the_confirmation(client, participant):
    client.force_login(participant)
    url = reverse("accounts:privacy_delete")
    response = client.post(url, {"password": "wrong-one", "confirm": "on"})
    assert response.status_code == 400
    assert "This password is not correct." in response.content.decode()
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 400
    assert "Please tick the box" in response.content.decode()
    participant.refresh_from_db()
    assert participant.is_active
    assert participant.email.endswith("@example.org")


@pytest.mark.django_db
def test_deleting_the_account_signs_out_every_device(client, participant):
    from django.test import Client

    phone = Client()
    phone.force_login(participant)
    assert phone.get("/dashboard/").status_code == 200
    client.force_login(participant)
    response = client.post(reverse("accounts:privacy_delete"),
                           {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert phone.get("/dashboard/").status_code == 302  # back to the login page


@pytest.mark.django_db
def test_deleted_account_leaves_no_trace_and_figures_stay(
        client, hub_a, media, make_project, capsys,
        django_capture_on_commit_callbacks):
    person, ctx = build_person(hub_a, make_project)
    before = aggregates(ctx)
    terms = [EMAIL, EMAIL.split("@")[0], FIRST, LAST]
    found_before = search_database(terms)[2]
    # The search finds the person everywhere they left something before the erasure.
    assert {"accounts_user.email", "accounts_user.display_name", "programme_answer.value",
            "showcase_creditedmember.display_name", "showcase_interestmessage.email",
            "notifications_notification.context", "core_auditentry.target_label",
            "hackathons_registration.motivation", "programme_review.comment",
            "account_emailaddress.email"} <= set(found_before), found_before
    assert len(search_files(media, terms)[1]) == 4  # avatar, CV, evidence, submission plan
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):  # files go after commit
        response = client.post(reverse("accounts:privacy_delete"),
                               {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    tables, columns, db_hits = search_database(terms)
    files, file_hits = search_files(media, terms)
    print(f"tables searched: {tables}, columns: {columns}, files: {files}, "
          f"traces: {len(db_hits) + len(file_hits)}")
    assert db_hits == []
    assert file_hits == []
    assert files == 1  # the other applicant's file stays
    # The person leaves the team (so the team's rules no longer count them); every other
    # figure stays as it was.
    assert aggregates(ctx) == {**before, "team_size": before["team_size"] - 1}

    person.refresh_from_db()
    assert person.email == f"deleted-{person.pk}@invalid"
    assert person.display_name == "Former member"
    assert not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not Profile.objects.get(user=person).avatar
    with scopes_disabled():
        assert not SubmissionFile.objects.filter(uploaded_by=person).exists()
        assert all(a.value is None and not a.file for a in
                   Answer.objects.filter(application__applicant=person))
        assert CreditedMember.objects.get(project=ctx["credited"],
                                          user=person).display_name == "Former member"
        assert ShowcaseProject.objects.get(pk=ctx["credited"].pk).state == ProjectState.PUBLISHED
    # Nothing pending to them any more; delivered rows lost what they said.
    mine = Notification.objects.filter(recipient=person)
    assert not mine.exclude(state=State.SENT).exists()
    assert all(n.context == {} and n.subject == "" for n in mine)
    # Signed out everywhere.
    assert client.get(reverse("accounts:privacy")).status_code == 302
    assert not client.login(email=EMAIL, password=PASSWORD)
    out = capsys.readouterr().out
    assert "traces: 0" in out
    with capsys.disabled():
        print(out)


# --- Retention ---------------------------------------------------------------------------

def _days_ago(days, minutes=0):
    return timezone.now() - timedelta(days=days, minutes=minutes)


@pytest.mark.django_db
def test_unverified_accounts_go_after_the_period_verified_or_used_ones_stay(settings):
    settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30

    def unverified(email, joined):
        user = User.objects.create_user(email=email, password=PASSWORD, date_joined=joined)
        EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
        return user

    old = unverified("old@example.org", _days_ago(30, minutes=5))
    young = unverified("young@example.org", _days_ago(29, minutes=55 * 24))  # 29d22h ago
    used = unverified("used@example.org", _days_ago(40))
    User.objects.filter(pk=used.pk).update(last_login=_days_ago(39))
    verified = UserFactory(date_joined=_days_ago(100))
    assert privacy_services.apply_retention()["unverified_accounts"] == 1
    assert not User.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk__in=[young.pk, used.pk, verified.pk]).count() == 3


@pytest.mark.django_db
def test_rejected_applications_lose_their_files_after_the_period(settings, media, hub_a):
    settings.RETENTION_REJECTED_APPLICATION_FILES_DAYS = 365
    with scopes_disabled():
        call = CallFactory(hub=hub_a)
        question = QuestionFactory(call=call, kind=QuestionKind.FILE)

        def application(state, decided_days_ago):
            app = ApplicationFactory(call=call, state=state,
                                     decided_at=_days_ago(decided_days_ago))
            answer = Answer(application=app, question=question)
            answer.file.save("cv.txt", ContentFile(b"cv"), save=True)
            return answer

        expired = application(ApplicationState.REJECTED, 365.01)
        recent = application(ApplicationState.REJECTED, 364.99)
        accepted = application(ApplicationState.ACCEPTED, 900)
        path = Path(expired.file.path)
        assert privacy_services.apply_retention()["rejected_application_files"] == 1
        for answer in (expired, recent, accepted):
            answer.refresh_from_db()
        assert not expired.file
        assert not path.exists()
        assert recent.file
        assert accepted.file
        assert Path(recent.file.path).exists()


@pytest.mark.django_db
def test_exports_are_removed_after_the_period(settings, media, participant):
    settings.RETENTION_DATA_EXPORT_DAYS = 7
    old = DataExport.objects.create(user=participant, state=ExportState.DONE,
                                    created=_days_ago(7, minutes=1))
    old.file.save("old.zip", ContentFile(b"zip"), save=True)
    young = DataExport.objects.create(user=participant, state=ExportState.DONE,
                                      created=_days_ago(6, minutes=24 * 60 - 1))
    path = Path(old.file.path)
    assert privacy_services.apply_retention()["data_exports"] == 1
    assert not DataExport.objects.filter(pk=old.pk).exists()
    assert not path.exists()
    assert DataExport.objects.filter(pk=young.pk).exists()


@pytest.mark.django_db
def test_delivered_notifications_lose_their_body_after_the_period(settings, participant):
    settings.RETENTION_NOTIFICATION_BODY_DAYS = 90

    def delivered(sent_days_ago):
        n = notify(user=participant, kind="account.security",
                   context={"title": "t", "message": "secret body"})
        Notification.objects.filter(pk=n.pk).update(state=State.SENT, subject="Subject",
                                                    sent_at=_days_ago(sent_days_ago))
        return n

    old, young = delivered(90.01), delivered(89.99)
    pending = notify(user=participant, kind="account.security", context={"message": "x"})
    Notification.objects.filter(pk=pending.pk).update(created=_days_ago(200))
    assert privacy_services.apply_retention()["notification_bodies"] == 1
    old.refresh_from_db(), young.refresh_from_db(), pending.refresh_from_db()
    assert old.context == {}
    assert old.subject == ""
    assert old.state == State.SENT
    assert young.context["message"] == "secret body"
    assert pending.context == {"message": "x"}


def test_retention_job_is_on_the_beat_schedule():
    tasks = {e["task"] for e in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "creaconnect.accounts.tasks.task_apply_retention" in tasks
    from creaconnect.accounts.tasks import task_apply_retention
    assert task_apply_retention.name == "creaconnect.accounts.tasks.task_apply_retention"


# --- The public notice -------------------------------------------------------------------

@pytest.mark.django_db
def test_privacy_notice_states_the_periods_the_job_uses(client):
    with override_settings(RETENTION_UNVERIFIED_ACCOUNT_DAYS=30,
                           RETENTION_REJECTED_APPLICATION_FILES_DAYS=365,
                           RETENTION_DATA_EXPORT_DAYS=7, RETENTION_NOTIFICATION_BODY_DAYS=180):
        page = client.get(reverse("accounts:privacy_notice")).content.decode()
    for text in ("after 30 days", "365 days after the decision", "7 days after you asked",
                 "180 days after delivery", reverse("accounts:privacy")):
        assert text in page
    with override_settings(RETENTION_UNVERIFIED_ACCOUNT_DAYS=45,
                           RETENTION_REJECTED_APPLICATION_FILES_DAYS=400,
                           RETENTION_DATA_EXPORT_DAYS=3, RETENTION_NOTIFICATION_BODY_DAYS=1):
        page = client.get(reverse("accounts:privacy_notice")).content.decode()
    for text in ("after 45 days", "400 days after the decision", "3 days after you asked",
                 "1 day after delivery"):
        assert text in page
    assert "after 30 days" not in page


@pytest.mark.django_db
def test_notice_is_linked_from_the_footer_and_the_signup_page(client):
    notice = reverse("accounts:privacy_notice")
    assert f'href="{notice}"' in client.get(reverse("home")).content.decode()
    assert f'href="{notice}"' in client.get(reverse("account_signup")).content.decode()


@pytest.mark.django_db
def test_privacy_page_queries_do_not_grow_with_consents_and_exports(
        client, hub_a, participant, make_project):
    client.force_login(participant)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("accounts:privacy")).status_code == 200
        return len(ctx.captured_queries)

    make_project(hub_a, users=[participant])
    DataExport.objects.create(user=participant, state=ExportState.DONE)
    small = count()
    for _ in range(8):
        make_project(hub_a, users=[participant])
        ConsentRecord.objects.create(user=participant, kind="demographics", version="v")
        DataExport.objects.create(user=participant, state=ExportState.DONE)
    assert count() == small
