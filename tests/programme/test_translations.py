"""A call's form questions and review criteria, a cohort's training sessions and milestones
in five languages: shown in the visitor's language (else the original), e-mailed in the
recipient's language, CSV headers in the reader's language, validated like the original, and
listed on the call's checklist of missing languages (another hub: 404)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from programme.calls.forms import ReviewForm
from programme.cohorts.services import milestones as milestone_services
from programme.cohorts.services import training
from programme.models import ApplicationState as S
from programme.models import Criterion, Question, QuestionKind
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    QuestionFactory,
    make_milestone,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="open-call", title="Open call")
        QuestionFactory(call=call, label="Project name", help_text="As you call it.", step=1,
                        kind=QuestionKind.SHORT_TEXT,
                        translations={"fr": {"label": "Nom du projet",
                                             "help_text": "Comme vous l'appelez."},
                                      "sr-latn": {"label": "Naziv projekta"}})
        QuestionFactory(call=call, label="Team size", kind=QuestionKind.NUMBER, step=1)
        CriterionFactory(call=call, name="Originality", description="New ideas.",
                         translations={"fr": {"name": "Originalité",
                                              "description": "Des idées neuves."}})
        return call


def console(name, call, **kw):
    return reverse(f"programme_console:{name}", kwargs={"hub_slug": call.hub.slug,
                                                       "call_pk": call.pk, **kw})


def step_one(call, language):
    with translation.override(language):
        return reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 1})


def test_apply_step_shows_questions_in_the_visitors_language(client, call, participant):
    client.force_login(participant)
    client.post(reverse("programme:apply", kwargs={"slug": call.slug}))
    fr = client.get(step_one(call, "fr")).content.decode()
    assert "Nom du projet" in fr
    assert "Comme vous l&#x27;appelez." in fr
    assert "Team size" in fr  # no French: the original
    sr = client.get(step_one(call, "sr-latn")).content.decode()
    assert "Naziv projekta" in sr
    assert "As you call it." in sr
    it = client.get(step_one(call, "it")).content.decode()
    assert "Project name" in it
    assert "Nom du projet" not in it


def test_review_form_labels_follow_the_language(call):
    with scopes_disabled():
        criteria = list(Criterion.objects.filter(call=call))
    with translation.override("fr"):
        field = ReviewForm(criteria=criteria).fields[f"c{criteria[0].pk}"]
        assert str(field.label).startswith("Originalité")
        assert field.help_text == "Des idées neuves."
    with translation.override("es"):
        assert str(ReviewForm(criteria=criteria).fields[f"c{criteria[0].pk}"].label
                   ).startswith("Originality")


def test_applications_csv_heads_answer_columns_with_the_readers_language(client, call,
                                                                         staff_a):
    with scope(hub=call.hub):
        questions = {q.label: q for q in Question.objects.filter(call=call)}
        for n in range(2):
            app = ApplicationFactory(call=call, state=S.SUBMITTED, project_title=f"P{n}")
            AnswerFactory(application=app, question=questions["Project name"],
                          value=f"Loom {n}")
            AnswerFactory(application=app, question=questions["Team size"], value="3")
    client.force_login(staff_a)
    with translation.override("fr"):
        fr_url = console("applications", call)
    rows = list(csv.reader(io.StringIO(
        client.get(fr_url, {"format": "csv"}).content.decode())))
    assert rows[0][-2:] == ["Nom du projet", "Team size"]
    assert sorted(row[-2] for row in rows[1:]) == ["Loom 0", "Loom 1"]
    with translation.override("en"):
        en_url = console("applications", call)
    header = next(csv.reader(io.StringIO(
        client.get(en_url, {"format": "csv"}).content.decode())))
    assert header[-2:] == ["Project name", "Team size"]


def test_question_form_validates_translations_like_the_original(client, call, staff_a):
    client.force_login(staff_a)
    url = console("form_builder", call)
    page = client.get(url).content.decode()
    assert 'name="tr_fr_label"' in page
    assert 'name="tr_sr_latn_help_text"' in page
    data = {"label": "Budget", "kind": QuestionKind.NUMBER, "step": 1, "required": "on",
            "tr_it_label": "Bilancio", "tr_fr_help_text": "z" * 501}
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["tr_fr_help_text"]
    assert 'value="Bilancio"' in response.content.decode()  # kept, not lost
    with scopes_disabled():
        assert not Question.objects.filter(call=call, label="Budget").exists()
    assert client.post(url, {**data, "tr_fr_help_text": "En euros."}).status_code == 302
    with scopes_disabled():
        budget = Question.objects.get(call=call, label="Budget")
    assert budget.translations == {"fr": {"help_text": "En euros."},
                                   "it": {"label": "Bilancio"}}


def test_training_session_page_and_mail_in_the_recipients_language(client, hub_a, cohort_a,
                                                                    member_a, staff_a):
    member_a.user.preferred_language = "fr"
    member_a.user.save()
    with scope(hub=hub_a):
        session = training.create_session(
            cohort=cohort_a, actor=staff_a, title="Pitch training",
            description="Five minutes to convince.",
            starts_at=timezone.now() + timedelta(days=5),
            duration_minutes=90, place="Studio", online_url="", capacity=10, trainer="",
            translations={"fr": {"title": "Atelier pitch",
                                 "description": "Cinq minutes pour convaincre."}})
    with scopes_disabled():
        mail = Notification.objects.get(kind="programme.session.scheduled",
                                    recipient=member_a.user)
    assert mail.context["session"] == "Atelier pitch"
    client.force_login(member_a.user)
    with translation.override("fr"):
        fr_page = reverse("programme:cohort", kwargs={"hub": hub_a.slug,
                                                      "cohort": cohort_a.slug})
    fr = client.get(fr_page).content.decode()
    assert "Atelier pitch" in fr
    assert "Cinq minutes pour convaincre." in fr
    client.cookies.clear()
    client.force_login(member_a.user)
    with translation.override("it"):
        it_page = reverse("programme:cohort", kwargs={"hub": hub_a.slug,
                                                      "cohort": cohort_a.slug})
    assert "Pitch training" in client.get(it_page).content.decode()
    assert session.translations["fr"]["title"] == "Atelier pitch"


def test_milestone_page_and_mail_in_the_recipients_language(client, hub_a, cohort_a,
                                                            member_a, staff_a):
    member_a.user.preferred_language = "sr-latn"
    member_a.user.save()
    with scope(hub=hub_a):
        milestone = make_milestone(cohort_a, title="Business model")
        milestone.translations = {"sr-latn": {"title": "Poslovni model"}}
        milestone.save()
        submission = milestone_services.submit_evidence(
            milestone=milestone, member=member_a, actor=member_a.user, text="Done.")
        milestone_services.review_evidence(submission=submission, actor=staff_a,
                                           approve=False, feedback="More numbers.")
    with scopes_disabled():
        mail = Notification.objects.get(kind="programme.milestone.reviewed",
                                        recipient=member_a.user)
    assert mail.context["milestone"] == "Poslovni model"
    client.force_login(member_a.user)
    with translation.override("sr-latn"):
        sr = reverse("programme:cohort", kwargs={"hub": hub_a.slug, "cohort": cohort_a.slug})
    assert "Poslovni model" in client.get(sr).content.decode()
    with translation.override("es"):
        es = reverse("programme:cohort", kwargs={"hub": hub_a.slug, "cohort": cohort_a.slug})
    assert "Business model" in client.get(es).content.decode()


def test_milestone_form_saves_translations(client, hub_a, cohort_a, staff_a):
    client.force_login(staff_a)
    url = reverse("programme_console:milestones", kwargs={"hub_slug": hub_a.slug,
                                                          "pk": cohort_a.pk})
    data = {"title": "Prototype", "description": "", "due_on": "2027-03-01", "order": 1,
            "tr_fr_title": "Prototype (fr)" + "x" * 160}
    assert client.post(url, data).status_code == 422
    assert client.post(url, {**data, "tr_fr_title": "Maquette"}).status_code == 302
    with scopes_disabled():
        from programme.models import Milestone

        assert Milestone.objects.get(cohort=cohort_a, title="Prototype").translations == {
            "fr": {"title": "Maquette"}}


def test_call_checklist_counts_and_translates(client, call, staff_a):
    client.force_login(staff_a)
    url = console("call_translations", call)
    assert f'href="{url}"' in client.get(console("criteria", call)).content.decode()
    checklist = client.get(url).context["checklist"]
    # The call, two questions, one criterion.
    assert checklist["total"] == 4
    # French lacks only the call and "Team size"; Serbian also the first question's help
    # text and the criterion.
    assert checklist["missing"] == {"fr": 2, "es": 4, "it": 4, "sr-latn": 4}
    with scopes_disabled():
        team_size = Question.objects.get(call=call, label="Team size")
    item = console("call_translate", call, kind="question", pk=team_size.pk)
    assert client.post(item, {"tr_fr_label": "q" * 301}).status_code == 422
    assert client.post(item, {"tr_fr_label": "Taille de l'équipe"}).status_code == 302
    with scopes_disabled():
        team_size.refresh_from_db()
    assert team_size.translations == {"fr": {"label": "Taille de l'équipe"}}
    assert client.get(url).context["checklist"]["missing"]["fr"] == 1


def test_call_checklist_is_404_for_another_hub(client, call, hub_b, staff_b):
    client.force_login(staff_b)
    assert client.get(console("call_translations", call)).status_code == 404
    with scope(hub=hub_b):
        other = CallFactory(hub=hub_b, slug="other-call")
    with scopes_disabled():
        question = Question.objects.filter(call=call).first()
    # A's question through B's own call: not found.
    url = console("call_translate", other, kind="question", pk=question.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"tr_fr_label": "Pirate"}).status_code == 404
    assert client.get(console("call_translate", other, kind="call",
                              pk=call.pk)).status_code == 404
    assert client.get(console("call_translate", other, kind="application",
                              pk=other.pk)).status_code == 404


def test_office_hour_note_in_the_readers_language(client, hub_a, assignment_a, mentor,
                                                  participant):
    participant.preferred_language = "fr"
    participant.save(update_fields=["preferred_language"])
    client.force_login(mentor)
    start = (timezone.now() + timedelta(days=4)).strftime("%Y-%m-%dT10:00")
    data = {"hub": hub_a.pk, "starts_at": start, "time_zone": "Europe/Paris",
            "duration_minutes": 30, "weeks": 1, "online_url": "https://meet.example.org/m",
            "place": "", "note": "Bring your budget.", "weekly_limit": 1,
            "tr_fr_note": "n" * 301}
    url = reverse("programme:mentor_office_hours")
    assert 'name="tr_sr_latn_note"' in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["tr_fr_note"]
    assert client.post(url, {**data, "tr_fr_note": "Apportez votre budget."}
                       ).status_code == 302
    with scopes_disabled():
        from programme.models import OfficeHourSlot

        slot = OfficeHourSlot.objects.get(mentor=mentor)
    assert slot.translations == {"fr": {"note": "Apportez votre budget."}}
    client.force_login(participant)
    with translation.override("fr"):
        fr = client.get(reverse("programme:office_hours")).content.decode()
    assert "Apportez votre budget." in fr
    with translation.override("it"):
        it = client.get(reverse("programme:office_hours")).content.decode()
    assert "Bring your budget." in it
    from programme.cohorts.services import office_hours

    office_hours.book_slot(slot_id=slot.pk, actor=participant, topic="Pricing",
                           time_zone="Europe/Paris")
    with scopes_disabled():
        mail = Notification.objects.get(kind="programme.office_hours.booked")
    assert mail.context["note"] == "Apportez votre budget."


def test_call_checklist_query_count_is_the_same_at_two_sizes(client, call, staff_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    url = console("call_translations", call)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)
    small = count()
    with scope(hub=call.hub):
        for i in range(8):
            QuestionFactory(call=call, label=f"Extra {i}", step=2)
            CriterionFactory(call=call, name=f"Extra {i}")
    assert count() == small


def test_cohort_checklist_counts_translates_and_is_404_for_another_hub(
        client, hub_a, cohort_a, cohort_b, staff_a, staff_b):
    from tests.factories import make_session

    with scope(hub=hub_a):
        session = make_session(cohort_a, title="Pitch training", description="Five minutes.",
                               translations={"fr": {"title": "Atelier pitch",
                                                    "description": "Cinq minutes."}})
        milestone = make_milestone(cohort_a, title="Business model")
    client.force_login(staff_a)
    url = reverse("programme_console:cohort_translations",
                  kwargs={"hub_slug": hub_a.slug, "pk": cohort_a.pk})
    sessions_page = reverse("programme_console:sessions",
                            kwargs={"hub_slug": hub_a.slug, "pk": cohort_a.pk})
    assert f'href="{url}"' in client.get(sessions_page).content.decode()
    checklist = client.get(url).context["checklist"]
    assert checklist["total"] == 2
    assert checklist["missing"] == {"fr": 1, "es": 2, "it": 2, "sr-latn": 2}
    item = reverse("programme_console:cohort_translate",
                   kwargs={"hub_slug": hub_a.slug, "pk": cohort_a.pk, "kind": "milestone",
                           "item": milestone.pk})
    assert client.post(item, {"tr_fr_title": "m" * 161}).status_code == 422
    assert client.post(item, {"tr_fr_title": "Modèle économique"}).status_code == 302
    assert client.get(url).context["checklist"]["missing"]["fr"] == 0
    # Another hub's staff: the page, and this hub's milestone through their own cohort.
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    theirs = reverse("programme_console:cohort_translate",
                     kwargs={"hub_slug": cohort_b.hub.slug, "pk": cohort_b.pk,
                             "kind": "session", "item": session.pk})
    assert client.post(theirs, {"tr_fr_title": "Pirate"}).status_code == 404
    with scopes_disabled():
        session.refresh_from_db()
    assert session.translations["fr"]["title"] == "Atelier pitch"
