"""The call form builder: edit, reorder, preview; removals confirmed and refused where answers
or scores exist; the size limit only for file questions; the slug made from the title."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from programme.calls.forms import QuestionForm
from programme.models import ApplicationState as S
from programme.models import Call, Criterion, Question, QuestionKind, Review, ReviewScore
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    QuestionFactory,
)


def url(name, call, **kw):
    return reverse(f"programme_console:{name}", kwargs={"hub_slug": call.hub.slug,
                                                       "call_pk": call.pk, **kw})


@pytest.fixture
def call(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        for n, label in enumerate(["First", "Second", "Third"], start=1):
            QuestionFactory(call=call, label=label, step=1, order=n)
        return call


def labels(call):
    with scopes_disabled():
        return list(call.questions.values_list("label", flat=True))


def q(call, label):
    with scopes_disabled():
        return Question.objects.get(call=call, label=label)


@pytest.mark.django_db
def test_questions_are_edited_and_reordered(client, call, staff_a):
    client.force_login(staff_a)
    builder = client.get(url("form_builder", call)).content.decode()
    assert url("question_edit", call, q_pk=q(call, "Second").pk) in builder
    edit = url("question_edit", call, q_pk=q(call, "Second").pk)
    assert 'value="Second"' in client.get(edit).content.decode()
    response = client.post(edit, {"label": "Second, clearer", "kind": "short_text",
                                  "step": "1", "order": "2", "required": "on"})
    assert response.status_code == 302
    assert labels(call) == ["First", "Second, clearer", "Third"]
    client.post(url("question_up", call, q_pk=q(call, "Third").pk))
    assert labels(call) == ["First", "Third", "Second, clearer"]
    client.post(url("question_down", call, q_pk=q(call, "First").pk))
    assert labels(call) == ["Third", "First", "Second, clearer"]
    client.post(url("question_up", call, q_pk=q(call, "Third").pk))  # already first
    assert labels(call) == ["Third", "First", "Second, clearer"]


@pytest.mark.django_db
def test_preview_shows_the_form_as_applicants_see_it(client, call, staff_a):
    with scope(hub=call.hub):
        QuestionFactory(call=call, label="Stage", kind=QuestionKind.SINGLE_CHOICE, step=2,
                        choices=["Idea", "Prototype"])
    client.force_login(staff_a)
    html = client.get(url("form_preview", call)).content.decode()
    assert "Step 2 of 2" in html
    assert 'type="radio"' in html
    assert "Prototype" in html
    assert "First" in html
    assert 'method="post"' not in html.split("form-preview")[1]


@pytest.mark.django_db
def test_removing_a_question_is_confirmed_and_says_what_is_lost(client, call, staff_a):
    first = q(call, "First")
    with scope(hub=call.hub):
        draft = ApplicationFactory(call=call, state=S.DRAFT)
        draft.answers.create(question=first, value="x")
    client.force_login(staff_a)
    delete = url("question_delete", call, q_pk=first.pk)
    page = client.get(delete).content.decode()
    assert "1 draft application has already answered it" in page
    assert "First" in labels(call)  # the GET removed nothing
    client.post(delete)
    assert "First" not in labels(call)
    # Once an application is submitted, removal is refused with the reason.
    with scope(hub=call.hub):
        ApplicationFactory(call=call, state=S.SUBMITTED)
    delete = url("question_delete", call, q_pk=q(call, "Second").pk)
    assert "cannot be removed" in client.get(delete).content.decode()
    client.post(delete)
    assert "Second" in labels(call)


@pytest.mark.django_db
def test_removing_a_criterion_is_confirmed_and_refused_once_scored(client, call, staff_a):
    with scope(hub=call.hub):
        free = CriterionFactory(call=call, name="Originality")
        scored = CriterionFactory(call=call, name="Feasibility")
        application = ApplicationFactory(call=call, state=S.SUBMITTED)
        review = Review.objects.create(application=application, reviewer=staff_a)
        ReviewScore.objects.create(review=review, criterion=scored, score=3)
    client.force_login(staff_a)
    delete = url("criterion_delete", call, c_pk=free.pk)
    assert "Remove this criterion?" in client.get(delete).content.decode()
    with scopes_disabled():
        assert Criterion.objects.filter(pk=free.pk).exists()
    client.post(delete)
    delete_scored = url("criterion_delete", call, c_pk=scored.pk)
    assert "already scored" in client.get(delete_scored).content.decode()
    client.post(delete_scored)
    with scopes_disabled():
        assert list(Criterion.objects.filter(call=call).values_list("name", flat=True)) == \
            ["Feasibility"]


@pytest.mark.django_db
def test_other_hubs_staff_get_404_on_the_builder_urls(client, call, staff_b):
    with scope(hub=call.hub):
        criterion = CriterionFactory(call=call)
    client.force_login(staff_b)
    first = q(call, "First")
    for name, kw in [("question_edit", {"q_pk": first.pk}), ("question_delete", {"q_pk": first.pk}),
                     ("form_preview", {}), ("criterion_delete", {"c_pk": criterion.pk})]:
        assert client.get(url(name, call, **kw)).status_code == 404
    assert client.post(url("question_delete", call, q_pk=first.pk)).status_code == 404
    assert client.post(url("question_up", call, q_pk=first.pk)).status_code == 404
    assert "First" in labels(call)


def test_file_size_is_asked_of_file_questions_only():
    base = {"label": "Your project", "kind": "short_text", "step": "1", "required": "on"}
    form = QuestionForm(data=base)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["max_file_mb"] == 10
    file_form = QuestionForm(data={**base, "kind": "file", "max_file_mb": "3"})
    assert file_form.is_valid()
    assert file_form.cleaned_data["max_file_mb"] == 3


@pytest.mark.django_db
def test_the_call_slug_is_made_from_the_title_when_left_empty(client, hub_a, staff_a):
    client.force_login(staff_a)
    new = reverse("programme_console:call_new", kwargs={"hub_slug": hub_a.slug})
    assert 'data-slug-from="id_title"' in client.get(new).content.decode()
    response = client.post(new, {
        "title": "Makers’ Call 2031 — Île", "slug": "", "summary": "s", "description": "d",
        "eligibility": "e", "opens_at": "2031-01-01T09:00", "closes_at": "2031-02-01T09:00",
        "max_places": "10", "languages": ["en"]})
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        assert Call.objects.filter(slug="makers-call-2031-ile").exists()
