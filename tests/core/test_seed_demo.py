import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled


def row_counts():
    with scopes_disabled():
        return {m._meta.label: m._default_manager.count() for m in apps.get_models()
                if m._meta.app_label in {"accounts", "hubs", "account", "core",
                                         "programme", "hackathons", "showcase"}}


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == first
    assert first["hubs.Hub"] == 6
    assert first["accounts.User"] >= 10


@pytest.mark.django_db
def test_seed_demo_refuses_production(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
