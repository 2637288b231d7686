"""Factories of the programme app (shared by the calls and the cohorts tests)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from programme.models import (
    Application,
    Call,
    CallStatus,
    Cohort,
    CohortMember,
    Criterion,
    Question,
    QuestionKind,
)
from tests.factories import HubFactory, UserFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=120))


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    hub = factory.SubFactory(HubFactory)
    cohort = factory.SubFactory(CohortFactory, hub=factory.SelfAttribute("..hub"))
    title = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    summary = "Support for creative projects."
    description = "A call for creative projects."
    eligibility = "Anyone over 18."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    status = CallStatus.PUBLISHED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    kind = QuestionKind.SHORT_TEXT
    label = factory.Sequence(lambda n: f"Question {n}")
    required = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    scale_max = 5


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    project_title = factory.Sequence(lambda n: f"Project {n}")


class CohortMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortMember

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
