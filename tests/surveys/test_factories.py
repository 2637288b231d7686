"""The surveys' factories make valid rows (the scale seeder builds its rows with them)."""

import pytest
from django_scopes import scopes_disabled

from surveys.models import ActivityKind, Answer, SurveyState
from tests.factories import SurveyAnswerFactory, SurveyFactory


@pytest.mark.django_db
def test_an_answer_brings_its_response_invitation_question_and_survey():
    answer = SurveyAnswerFactory()
    with scopes_disabled():
        answer = Answer.objects.select_related(
            "question__survey__session__cohort", "response__invitation__survey").get(
            pk=answer.pk)
    survey = answer.question.survey
    assert answer.response.invitation.survey == survey
    assert survey.kind == ActivityKind.SESSION
    assert survey.state == SurveyState.OPEN
    assert survey.session.cohort.hub_id == survey.hub_id
    assert answer.score == 4


@pytest.mark.django_db
def test_two_surveys_follow_two_sessions():
    first, second = SurveyFactory(), SurveyFactory()
    assert first.session_id != second.session_id
