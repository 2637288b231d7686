import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from showcase.models import (
    CONSENT_TEXT_VERSION,
    ConsentState,
    CreditedMember,
    ProjectState,
    ShowcaseProject,
)
from tests.factories import UserFactory


def png_upload(name="pic.png", size=(800, 500), colour=(200, 80, 40)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hundreds of factory users: a fast hasher keeps the suite quick (not a security test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_project(db):
    """Create a project directly (bypassing the workflow) in a given state.

    ``consented`` approves every member; published projects get ``published_at``.
    """
    counter = {"n": 0}

    def make(hub, *, state=ProjectState.PUBLISHED, members=1, consented=True, users=None,
             **fields):
        counter["n"] += 1
        n = counter["n"]
        defaults = {"title": f"Project {n}", "slug": f"project-{n}-{hub.slug}",
                    "tagline": f"Tagline {n}", "theme": "climate", "stage": "idea"}
        defaults.update(fields)
        with scopes_disabled():
            project = ShowcaseProject.objects.create(
                hub=hub, state=state,
                published_at=timezone.now() if state == ProjectState.PUBLISHED else None,
                **defaults)
            for i, user in enumerate(users or [UserFactory() for _ in range(members)]):
                CreditedMember.objects.create(
                    project=project, user=user, display_name=f"Member {n}.{i}", order=i,
                    consent=ConsentState.APPROVED if consented else ConsentState.PENDING,
                    consent_version=CONSENT_TEXT_VERSION)
        return project

    return make
