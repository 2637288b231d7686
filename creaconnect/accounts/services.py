"""Account services: consents and profile changes."""

from django.db import transaction
from django.utils import timezone

from creaconnect.core import audit

from .models import ConsentRecord, Profile


def record_consent(*, user, kind: str, version: str) -> ConsentRecord:
    """Record that ``user`` accepted text ``kind`` in ``version`` now."""
    return ConsentRecord.objects.create(user=user, kind=kind, version=version)


def withdraw_consent(*, user, kind: str) -> int:
    """Mark every active consent of ``kind`` withdrawn; returns how many were open."""
    with transaction.atomic():
        count = ConsentRecord.objects.filter(
            user=user, kind=kind, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        audit.record(actor=user, action="account.consent_withdrawn", target=user,
                     data={"kind": kind})
    return count


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile
