"""Fixtures of the hackathon tests (the builders are in ``tests.factories``)."""

import pytest

from tests.factories import make_hackathon


@pytest.fixture
def hackathon(hub_a):
    return make_hackathon(hub_a, slug="circular")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests create many people; a slow password hash is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
