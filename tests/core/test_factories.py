"""One factory per model: every model of our apps has a factory (in its app's
``factories.py``, re-exported by ``tests.factories``), and each one makes a row on its own."""

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

import tests.factories as factories

OUR_PACKAGES = ("creaconnect", "hubs", "programme", "hackathons", "showcase", "events",
                "consortium")
# What a factory of the infrastructure cannot make itself: it imports no people factory.
NEEDS = {"notifications.Preference": lambda: {"user": factories.UserFactory()}}


def our_models() -> list:
    return sorted((m for m in apps.get_models() if m.__module__.split(".")[0] in OUR_PACKAGES),
                  key=lambda m: m._meta.label)


def factories_by_model() -> dict:
    found = {}
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, DjangoModelFactory) and \
                value._meta.model is not None:
            found.setdefault(value._meta.model, value)
    return found


def test_every_model_has_a_factory():
    have = factories_by_model()
    assert [m._meta.label for m in our_models() if m not in have] == []


@pytest.mark.django_db
@pytest.mark.parametrize("label", [m._meta.label for m in our_models()])
def test_the_factory_makes_a_row(label, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_MEDIA_ROOT = tmp_path / "public"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    model = apps.get_model(label)
    factory = factories_by_model()[model]
    row = factory(**NEEDS.get(label, lambda: {})())
    assert model._base_manager.filter(pk=row.pk).exists()
