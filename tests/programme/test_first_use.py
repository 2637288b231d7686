"""First-time-use defects of the calls half: bulk previews that tell the truth, accepting on a
call without a cohort, co-applicants who can find and edit their joint application."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from programme.calls.services import applications as svc
from programme.models import Application, QuestionKind
from programme.models import ApplicationState as S
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory, UserFactory


def url(name, call, **kw):
    return reverse(f"programme_console:{name}", kwargs={"hub_slug": call.hub.slug,
                                                       "call_pk": call.pk, **kw})


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        QuestionFactory(call=call, label="Project name", kind=QuestionKind.SHORT_TEXT, step=1)
        return call


@pytest.mark.django_db
def test_bulk_preview_counts_only_legal_moves_and_lists_the_skipped(client, call, staff_a):
    with scope(hub=call.hub):
        ok = ApplicationFactory(call=call, state=S.SUBMITTED, project_title="Loom")
        waiting = ApplicationFactory(call=call, state=S.WAITLISTED, project_title="Kiln")
        confirmed = ApplicationFactory(call=call, state=S.CONFIRMED, project_title="Press")
    client.force_login(staff_a)
    data = {"ids": [ok.pk, waiting.pk, confirmed.pk], "decision": S.WAITLISTED,
            "message": "Dear {name}"}
    html = client.post(url("applications", call), data).content.decode()
    assert "1 application will be marked" in html
    assert "2 applications will be left as they are" in html
    assert "Kiln" in html
    assert "Press" in html
    assert "cannot become" in html
    # Only the legal one is carried to the confirmation.
    assert f'name="ids" value="{ok.pk}"' in html
    assert f'name="ids" value="{waiting.pk}"' not in html
    response = client.post(url("applications", call), {**data, "confirm": "1"})
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert "success" in levels
    with scopes_disabled():
        assert Application.objects.get(pk=ok.pk).state == S.WAITLISTED


@pytest.mark.django_db
def test_bulk_decision_that_changes_nothing_is_not_a_success(client, call, staff_a):
    with scope(hub=call.hub):
        apps = [ApplicationFactory(call=call, state=S.WAITLISTED) for _ in range(2)]
    client.force_login(staff_a)
    data = {"ids": [a.pk for a in apps], "decision": S.WAITLISTED, "message": ""}
    html = client.post(url("applications", call), data).content.decode()
    assert "None of the chosen applications" in html
    assert 'name="confirm"' not in html  # no button that would send nothing
    response = client.post(url("applications", call), {**data, "confirm": "1"})
    messages = list(get_messages(response.wsgi_request))
    assert not any(m.level_tag == "success" for m in messages)
    assert any(m.level_tag == "error" and "No decision" in m.message for m in messages)


@pytest.mark.django_db
def test_accepting_without_a_cohort_warns_staff_then_applicant_confirms_later(
        client, hub_a, staff_a):
    from tests.factories import CohortFactory

    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, cohort=None)
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
    client.force_login(staff_a)
    detail = url("application", call, pk=application.pk)
    assert "selects for no cohort yet" in client.get(detail).content.decode()
    data = {"ids": [application.pk], "decision": S.ACCEPTED, "message": ""}
    assert "selects for no cohort yet" in client.post(url("applications", call),
                                                      data).content.decode()
    client.post(url("applications", call), {**data, "confirm": "1"})
    applicant = application.applicant
    client.force_login(applicant)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "still setting up the cohort" in dashboard
    assert "Confirm my place" not in dashboard
    with scope(hub=hub_a):
        call.cohort = CohortFactory(hub=hub_a)
        call.save()
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Confirm my place" in dashboard
    client.post(reverse("programme:confirm_place", kwargs={"pk": application.pk}))
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).state == S.CONFIRMED


@pytest.mark.django_db
def test_co_applicant_finds_edits_and_staff_see_the_joint_application(client, call, staff_a):
    owner, partner = UserFactory(display_name="Lea Martin"), UserFactory(display_name="Ana Kos")
    with scopes_disabled():
        q = {x.label: x for x in call.questions.all()}
    with scope(hub=call.hub):
        application = ApplicationFactory(call=call, applicant=owner, state=S.DRAFT)
        co = svc.invite_co_applicant(application=application, email=partner.email, actor=owner)
        svc.accept_co_application(co=co, user=partner)
    client.force_login(partner)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Nothing here yet" not in dashboard
    assert "co-applicant" in dashboard
    review = reverse("programme:apply_review", kwargs={"slug": call.slug})
    assert review in dashboard
    page = client.get(review).content.decode()
    assert "You are a co-applicant" in page
    assert 'name="submit"' not in page
    step = reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 1})
    client.post(step, {f"q{q['Project name'].pk}": "Joint loom", "save": "1"})
    with scope(hub=call.hub):
        application.refresh_from_db()
        assert application.project_title == "Joint loom"
        # Submitting stays the main applicant's move.
        with pytest.raises(svc.ApplicationError):
            svc.submit_application(application=application, actor=partner)
        svc.submit_application(application=application, actor=owner)
    # After submission: read-only (the dossier), no more edits.
    assert client.get(reverse("programme:dossier", kwargs={"pk": application.pk})
                      ).status_code == 200
    client.post(step, {f"q{q['Project name'].pk}": "Changed", "save": "1"})
    with scope(hub=call.hub):
        application.refresh_from_db()
        assert application.project_title == "Joint loom"
    client.force_login(staff_a)
    assert "Ana Kos" in client.get(url("applications", call)).content.decode()
    assert "Ana Kos" in client.get(url("application", call, pk=application.pk)).content.decode()
    csv = client.get(url("applications", call), {"format": "csv"}).content.decode()
    assert "co-applicants" in csv.splitlines()[0]
    assert f"Ana Kos <{partner.email}>" in csv
    # Somebody else is no co-applicant: the same URLs do not reveal the draft.
    client.force_login(UserFactory())
    assert client.get(review).status_code == 404
