"""Applying: answers validated per question, state machine, one per person, deadlines."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from programme.calls.forms import answer_form
from programme.calls.services import applications as svc
from programme.models import Application, CallStatus, CohortMember, QuestionKind
from programme.models import ApplicationState as S
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory, UserFactory


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="open-call")
        QuestionFactory(call=call, label="Project name", kind=QuestionKind.SHORT_TEXT, step=1)
        QuestionFactory(call=call, label="Describe it", kind=QuestionKind.LONG_TEXT,
                        word_limit=5, step=2)
        QuestionFactory(call=call, label="Stage", kind=QuestionKind.SINGLE_CHOICE,
                        choices=["Idea", "Prototype"], step=2)
        return call


def questions(call):
    with scopes_disabled():
        return {q.label: q for q in call.questions.all()}


@pytest.mark.django_db
def test_answers_are_validated_per_question_type(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        qs = [
            QuestionFactory(call=call, kind=QuestionKind.LONG_TEXT, word_limit=3),
            QuestionFactory(call=call, kind=QuestionKind.SINGLE_CHOICE, choices=["A", "B"]),
            QuestionFactory(call=call, kind=QuestionKind.MULTIPLE_CHOICE, choices=["x", "y"]),
            QuestionFactory(call=call, kind=QuestionKind.NUMBER),
            QuestionFactory(call=call, kind=QuestionKind.URL),
            QuestionFactory(call=call, kind=QuestionKind.FILE, allowed_extensions=["pdf"],
                            max_file_mb=1),
        ]
        bad = {f"q{qs[0].pk}": "one two three four", f"q{qs[1].pk}": "C",
               f"q{qs[2].pk}": ["z"], f"q{qs[3].pk}": "many", f"q{qs[4].pk}": "not a url"}
        files = {f"q{qs[5].pk}": SimpleUploadedFile("cv.pdf", b"<html>not a pdf</html>")}
        form = answer_form(qs, data=bad, files=files)
        assert not form.is_valid()
        assert set(form.errors) == {f"q{q.pk}" for q in qs}
        assert "3 words" in form.errors[f"q{qs[0].pk}"][0]
        good = {f"q{qs[0].pk}": "one two three", f"q{qs[1].pk}": "A", f"q{qs[2].pk}": ["x"],
                f"q{qs[3].pk}": "12.5", f"q{qs[4].pk}": "https://example.org"}
        pdf = {f"q{qs[5].pk}": SimpleUploadedFile("cv.pdf", b"%PDF-1.7 fine")}
        assert answer_form(qs, data=good, files=pdf).is_valid()
        wrong_type = {f"q{qs[5].pk}": SimpleUploadedFile("cv.exe", b"MZ")}
        assert not answer_form(qs, data=good, files=wrong_type).is_valid()


@pytest.mark.django_db
def test_apply_multi_step_resume_and_submit_in_the_browser_flow(client, call, participant):
    client.force_login(participant)
    q = questions(call)
    response = client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    assert response["Location"].endswith("/step-1/")
    # Step 1, then leave.
    client.post(response["Location"], {f"q{q['Project name'].pk}": "Green Loom",
                                       "next": "1"})
    # Autosave of step 2 through htmx: partial answer kept, status fragment returned.
    step2 = reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 2})
    auto = client.post(step2, {f"q{q['Describe it'].pk}": "Weaving with waste",
                               "autosave": "1"}, HTTP_HX_REQUEST="true")
    assert auto.status_code == 200
    assert "Draft saved at" in auto.content.decode()
    # Coming back later: the answers are still there and the review lists what is missing.
    review = client.get(reverse("programme:apply_review", kwargs={"slug": call.slug}))
    html = review.content.decode()
    assert "Green Loom" in html
    assert "Weaving with waste" in html
    assert "Stage" in html
    # Submitting with a missing answer is refused with the list.
    client.post(reverse("programme:apply_review", kwargs={"slug": call.slug}), {"submit": "1"})
    with scope(hub=call.hub):
        application = Application.objects.get(applicant=participant)
        assert application.state == S.DRAFT
        assert application.project_title == "Green Loom"
    client.post(step2, {f"q{q['Describe it'].pk}": "Weaving with waste",
                        f"q{q['Stage'].pk}": "Idea", "next": "1"})
    client.post(reverse("programme:apply_review", kwargs={"slug": call.slug}), {"submit": "1"})
    with scope(hub=call.hub):
        application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.submitted_at
    assert Notification.objects.filter(recipient=participant,
                                       kind="programme.application.submitted").exists()
    dashboard = client.get("/dashboard/").content.decode()
    assert "Submitted" in dashboard
    assert call.title in dashboard


@pytest.mark.django_db
def test_bad_answer_keeps_saved_answers_and_shows_message(client, call, participant):
    client.force_login(participant)
    q = questions(call)
    client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    step2 = reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 2})
    client.post(step2, {f"q{q['Stage'].pk}": "Idea", "save": "1"})
    response = client.post(step2, {f"q{q['Describe it'].pk}": "far too many words for this",
                                   f"q{q['Stage'].pk}": "Prototype"})
    assert response.status_code == 422
    assert "Please keep to 5 words" in response.content.decode()
    with scope(hub=call.hub):
        answers = {a.question.label: a.value for a in Application.objects.get().answers.all()}
    # Nothing typed is lost: the valid answer is stored, the invalid one kept as typed …
    assert answers == {"Stage": "Prototype", "Describe it": "far too many words for this"}
    # … flagged on the step, and refused at submission until it is corrected.
    assert "not valid yet" in client.get(step2).content.decode()
    with scope(hub=call.hub):
        application = Application.objects.get()
        assert [x.label for x in svc.invalid_answers(application)] == ["Describe it"]
        application.answers.create(question=q["Project name"], value="Loom")
        with pytest.raises(svc.ApplicationError, match="not valid yet"):
            svc.submit_application(application=application, actor=participant)


@pytest.mark.django_db
def test_no_submission_after_close(call, participant):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, applicant=participant)
        call.closes_at = timezone.now() - timedelta(minutes=1)
        call.opens_at = timezone.now() - timedelta(days=5)
        call.save()
        with pytest.raises(svc.ApplicationError, match="closed"):
            svc.submit_application(application=application, actor=participant)
        with pytest.raises(svc.ApplicationError):
            svc.start_application(call=call, user=UserFactory())


@pytest.mark.django_db
def test_every_illegal_move_is_refused(call, participant, staff_a):
    with scope(hub=call.hub):
        for state, allowed in svc.APPLICATION.table.items():
            for target in S.values:
                if target in allowed:
                    continue
                application = ApplicationFactory(call=call, state=state)
                with pytest.raises(svc.ApplicationError):  # noqa: PT012  one call per branch: the branch picks the service that reaches the target
                    if target in (S.ACCEPTED, S.WAITLISTED, S.REJECTED):
                        svc.decide_application(application=application, decision=target,
                                               message="", actor=staff_a)
                    elif target == S.WITHDRAWN:
                        svc.withdraw_application(application=application,
                                                 actor=application.applicant)
                    elif target == S.CONFIRMED:
                        svc.confirm_place(application=application, actor=application.applicant)
                    elif target == S.DECLINED:
                        svc.decline_place(application=application, actor=application.applicant)
                    elif target == S.SUBMITTED:
                        svc.submit_application(application=application,
                                               actor=application.applicant)
                    else:  # back to draft: only a withdrawn application can be reopened
                        svc.reopen_application(application=application,
                                               actor=application.applicant)
                application.refresh_from_db()
                assert application.state == state


@pytest.mark.django_db(transaction=True)
def test_one_application_per_person_per_call_under_concurrent_starts(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
    person = UserFactory()
    results, errors = [], []
    barrier = threading.Barrier(4)

    def start():
        try:
            barrier.wait()
            with scope(hub=hub_a):
                results.append(svc.start_application(call=call, user=person).pk)
        except Exception as exc:  # noqa: BLE001  collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1
    with scopes_disabled():
        assert Application.objects.filter(call=call, applicant=person).count() == 1


@pytest.mark.django_db
def test_accept_confirm_joins_cohort_and_decline_promotes_waitlist(call, staff_a):
    with scope(hub=call.hub):
        first = ApplicationFactory(call=call, state=S.SUBMITTED)
        second = ApplicationFactory(call=call, state=S.SUBMITTED)
        svc.decide_application(application=first, decision=S.ACCEPTED,
                               message="Welcome {name} to {call}!", actor=staff_a)
        svc.decide_application(application=second, decision=S.WAITLISTED, message="",
                               actor=staff_a)
        first.refresh_from_db()
        assert first.decision_message == f"Welcome {first.applicant} to {call.title}!"
        promoted = svc.decline_place(application=first, actor=first.applicant)
        assert promoted.pk == second.pk
        assert promoted.state == S.ACCEPTED
        member = svc.confirm_place(application=promoted, actor=second.applicant)
        assert member.cohort == call.cohort
        assert CohortMember.objects.filter(cohort=call.cohort, user=second.applicant).exists()
    kinds = set(Notification.objects.filter(recipient=second.applicant)
                .values_list("kind", flat=True))
    assert {"programme.application.waitlisted", "programme.application.accepted",
            "programme.application.welcome"} <= kinds


@pytest.mark.django_db
def test_withdraw_from_dashboard_and_dossier_pdf(client, call, participant):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, applicant=participant, state=S.SUBMITTED,
                                         project_title="Green Loom")
    client.force_login(participant)
    response = client.get(reverse("programme:dossier", kwargs={"pk": application.pk}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("programme:dossier",
                              kwargs={"pk": application.pk})).status_code == 404
    withdraw = reverse("programme:withdraw", kwargs={"pk": application.pk})
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw).status_code == 404
    client.force_login(participant)
    # The dashboard links to a confirmation page; showing it changes nothing.
    assert withdraw in client.get(reverse("accounts:dashboard")).content.decode()
    page = client.get(withdraw)
    assert page.status_code == 200
    assert "The hub team will no longer review it" in \
        page.content.decode()
    with scope(hub=call.hub):
        application.refresh_from_db()
    assert application.state == S.SUBMITTED
    client.post(withdraw)
    with scope(hub=call.hub):
        application.refresh_from_db()
    assert application.state == S.WITHDRAWN


@pytest.mark.django_db
def test_withdrawn_application_can_be_reopened_while_the_call_is_open(client, call,
                                                                        participant):
    q = questions(call)
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, applicant=participant, state=S.DRAFT)
        svc.withdraw_application(application=application, actor=participant)
        application.answers.create(question=q["Project name"], value="Green Loom")
    client.force_login(participant)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Apply again" in dashboard
    response = client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    assert "/step-" in response["Location"]  # back into the form, not to the dashboard
    with scope(hub=call.hub):
        application.refresh_from_db()
        assert application.state == S.DRAFT
        assert application.answers.get(question=q["Project name"]).value == "Green Loom"
        assert Application.objects.filter(call=call, applicant=participant).count() == 1


@pytest.mark.django_db
def test_withdrawn_application_stays_withdrawn_once_the_call_is_closed(call, participant):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, applicant=participant, state=S.WITHDRAWN)
        call.closes_at = timezone.now() - timedelta(minutes=1)
        call.save()
        with pytest.raises(svc.ApplicationError, match="closed"):
            svc.reopen_application(application=application, actor=participant)
        application.refresh_from_db()
        assert application.state == S.WITHDRAWN


@pytest.mark.django_db
def test_declining_a_place_asks_for_confirmation_first(client, call, participant):
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, applicant=participant, state=S.ACCEPTED)
    client.force_login(participant)
    decline = reverse("programme:decline", kwargs={"pk": application.pk})
    assert "waiting list" in client.get(decline).content.decode()
    with scope(hub=call.hub):
        application.refresh_from_db()
    assert application.state == S.ACCEPTED
    client.post(decline)
    with scope(hub=call.hub):
        application.refresh_from_db()
    assert application.state == S.DECLINED


@pytest.mark.django_db
def test_draft_reminder_is_sent_once_per_deadline(call, participant):
    from programme.tasks import task_remind_draft_applications

    with scope(hub=call.hub):
        ApplicationFactory(call=call, applicant=participant)
        call.closes_at = timezone.now() + timedelta(hours=30)
        call.save()
    assert task_remind_draft_applications.apply().get() == 1
    assert task_remind_draft_applications.apply().get() == 0
    assert Notification.objects.filter(kind="programme.application.draft_reminder").count() == 1


@pytest.mark.django_db
def test_public_list_shows_open_calls_first_and_hides_drafts(client, hub_a, hub_b):
    with scope(hub=hub_a):
        CallFactory(hub=hub_a, title="Open A")
        CallFactory(hub=hub_a, title="Secret draft", status=CallStatus.DRAFT)
    with scope(hub=hub_b):
        CallFactory(hub=hub_b, title="Closed B", opens_at=timezone.now() - timedelta(days=20),
                    closes_at=timezone.now() - timedelta(days=2))
    html = client.get("/programme/").content.decode()
    assert html.index("Open A") < html.index("Closed B")
    assert "Secret draft" not in html
    html = client.get(f"/programme/?hub={hub_b.slug}").content.decode()
    assert "Open A" not in html
    assert "Closed B" in html
    assert "Open A" in client.get("/").content.decode()  # the home page's "open now"


@pytest.mark.django_db
def test_uploaded_answer_files_are_attachments_for_their_people_only(client, hub_a, staff_a,
                                                                     staff_b, participant):
    from tests.conftest import close_response

    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        q = QuestionFactory(call=call, kind=QuestionKind.FILE, allowed_extensions=["pdf"])
        application = ApplicationFactory(call=call, applicant=participant, state=S.SUBMITTED)
        from programme.models import Answer

        answer = Answer.objects.create(application=application, question=q,
                                       file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    staff_url = reverse("programme_console:answer_file", kwargs={
        "hub_slug": hub_a.slug, "call_pk": call.pk, "pk": application.pk,
        "answer_pk": answer.pk})
    own_url = reverse("programme:own_answer_file", kwargs={"pk": application.pk,
                                                           "answer_pk": answer.pk})
    for user, target in ((staff_a, staff_url), (participant, own_url)):
        client.force_login(user)
        response = client.get(target)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        close_response(response)
    client.force_login(staff_b)
    assert client.get(staff_url).status_code == 404
    assert client.get(own_url).status_code == 404
