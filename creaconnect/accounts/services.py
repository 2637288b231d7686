"""Account services: consents and profile changes."""

from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

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


# --- Sessions and second factor ----------------------------------------------------------


def save_profile(*, user, profile: Profile, actor) -> None:
    """Save a person's own account fields and profile together (the forms' unsaved
    instances). A personal edit, so not audited."""
    if actor != user or profile.user_id != user.pk:
        raise PermissionError("People edit only their own profile.")
    with transaction.atomic():
        user.save()
        profile.save()


def set_preferred_language(*, user, language: str, actor) -> None:
    """Remember the language ``user`` picked, for e-mails and the next sign-in."""
    if actor != user:
        raise PermissionError("People choose only their own language.")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def remember_session(*, user, session_key: str) -> None:
    """Map a freshly signed-in session to its user (called at every login), and forget the
    user's rows whose session expired or was cleared meanwhile, so the map does not grow."""
    from django.contrib.sessions.models import Session

    from .models import UserSession

    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    UserSession.objects.filter(user=user).exclude(session_key__in=live).delete()
    if session_key:
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def end_all_sessions(*, user) -> int:
    """Delete every stored session of ``user`` (all devices); returns how many were ended.

    Side effect: the sessions' rows disappear from ``django_session``, so each of the user's
    browsers is anonymous on its next request.
    """
    from django.contrib.sessions.models import Session

    from .models import UserSession

    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
    # With cached sessions (cached_db) a copy in the cache would keep the browser signed in.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if keys and hasattr(store, "cache_key_prefix"):
        caches[settings.SESSION_CACHE_ALIAS].delete_many(
            [store.cache_key_prefix + key for key in keys])
    return len(keys)


def deactivate_user(*, user, actor) -> None:
    """Switch an account off and sign it out everywhere (audit entry ``account.deactivated``)."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])  # the post_save handler ends the sessions
        audit.record(actor=actor, action="account.deactivated", target=user)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_mfa(user) -> bool:
    """Hub staff, programme admins and Django admin users must use a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_programme_admin or user.is_superuser or user.is_staff:
        return True
    # A person's staff roles span hubs: this checks "any hub", so no single hub scope applies.
    with scopes_disabled():
        return user.hub_memberships.exists()
