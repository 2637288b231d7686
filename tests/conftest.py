import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled

from tests.factories import HubFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters and cached fragments live in (the test database of) Redis."""
    cache.clear()
    yield


@pytest.fixture
def hub_a(db):
    return HubFactory(slug="hub-a", name="Hub Alpha")


@pytest.fixture
def hub_b(db):
    return HubFactory(slug="hub-b", name="Hub Beta", brand_colour="#b91c1c")


@pytest.fixture
def staff_a(hub_a):
    with scopes_disabled():
        return MembershipFactory(hub=hub_a).user


@pytest.fixture
def staff_b(hub_b):
    with scopes_disabled():
        return MembershipFactory(hub=hub_b).user


@pytest.fixture
def admin_user(db):
    return UserFactory(is_programme_admin=True)


@pytest.fixture
def participant(db):
    return UserFactory()
