"""Factories of the surveys app (re-exported in ``tests/factories.py``; the scale seeder builds
its rows with them). A survey follows one activity: a training session by default."""

from datetime import timedelta

import factory
from django.utils import timezone

from creaconnect.accounts.factories import UserFactory
from creaconnect.core.factories import ModelFactory
from hubs.factories import HubFactory
from programme.factories import TrainingSessionFactory

from .models import (
    ActivityKind,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyState,
)


class SurveyFactory(ModelFactory):
    """An open survey of a training session of the same hub, sent now, open for two weeks."""

    class Meta:
        model = Survey

    hub = factory.SubFactory(HubFactory)
    kind = ActivityKind.SESSION
    session = factory.SubFactory(TrainingSessionFactory,
                                 cohort__hub=factory.SelfAttribute("...hub"))
    title = factory.LazyAttribute(lambda o: o.session.title if o.session else "Activity")
    state = SurveyState.OPEN
    sent_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyAttribute(lambda o: o.sent_at + timedelta(days=14))


class QuestionFactory(ModelFactory):
    """A staff member's own Likert question (``key=`` for a default one)."""

    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = QuestionKind.LIKERT
    text = factory.Sequence(lambda n: f"Question {n}")


class InvitationFactory(ModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory)
    user = factory.SubFactory(UserFactory)


class ResponseFactory(ModelFactory):
    class Meta:
        model = Response

    invitation = factory.SubFactory(InvitationFactory)
    survey = factory.SelfAttribute("invitation.survey")


class AnswerFactory(ModelFactory):
    """A score of 4 to a Likert question of the response's survey."""

    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory,
                                  survey=factory.SelfAttribute("..response.survey"))
    score = 4
