"""The expert pool: inviting an expert by e-mail, accepting, editing a profile.

Each function runs in its own transaction and writes an audit entry. The pool is
programme-wide (no hub), so entries carry no hub.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creaconnect.accounts.choices import ConsentKind
from creaconnect.accounts.services import profile_for, record_consent
from creaconnect.core import audit
from creaconnect.notifications.services import notify

from ..models import ExpertInvitation, ExpertProfile
from . import HackathonError

PROFILE_FIELDS = ("country", "hub", "organisation", "expertise", "languages", "availability",
                  "declared_conflicts", "bio", "is_active")


def invite_expert(*, email: str, actor, display_name: str = "", country: str = "",
                  organisation: str = "", expertise=()) -> ExpertInvitation:
    """Invite ``email`` to the expert pool: an invitation row and an e-mail (after commit)
    with a link that creates the account and the profile. Refused when the address already
    belongs to an expert or has an open invitation."""
    email = email.strip().lower()
    if ExpertProfile.objects.filter(user__email__iexact=email).exists():
        raise HackathonError(_("%(email)s is already in the expert pool.") % {"email": email})
    try:
        with transaction.atomic():
            invitation = ExpertInvitation.objects.create(
                email=email, display_name=display_name.strip(), country=country,
                organisation=organisation.strip(), expertise=list(expertise),
                invited_by=actor)
            audit.record(actor=actor, action="expert.invited", target=invitation,
                         data={"email": email})
            notify(email=email, kind="hackathon.expert_invited",
                   url=reverse("hackathons:expert_invitation",
                               kwargs={"token": invitation.token}),
                   context={"inviter": str(actor), "valid_days": ExpertInvitation.VALID_DAYS},
                   dedup_key=f"hackathon.expert_invited:{invitation.pk}")
    except IntegrityError as exc:
        raise HackathonError(_("%(email)s already has an open invitation.")
                             % {"email": email}) from exc
    return invitation


def _check_open(invitation: ExpertInvitation) -> ExpertInvitation:
    invitation = ExpertInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise HackathonError(_("This invitation has already been used."))
    if invitation.is_expired:
        raise HackathonError(_("This invitation has expired. Ask the programme team for a "
                               "new one."))
    return invitation


def accept_expert_invitation(*, invitation: ExpertInvitation, user) -> ExpertProfile:
    """Turn an open invitation into ``user``'s expert profile (the e-mail must be theirs)."""
    with transaction.atomic():
        invitation = _check_open(invitation)
        if invitation.email.lower() != user.email.lower():
            raise HackathonError(_("This invitation was sent to another e-mail address."))
        profile, _created = ExpertProfile.objects.get_or_create(user=user, defaults={
            "country": invitation.country, "organisation": invitation.organisation,
            "expertise": invitation.expertise})
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit.record(actor=user, action="expert.joined", target=profile)
    return profile


def create_expert_account(*, invitation: ExpertInvitation, display_name: str, password: str,
                          language: str = ""):
    """Sign-up through an invitation: the account (its e-mail counts as verified, the token
    came to that address), the consents to the terms and privacy notice, and the profile.
    Returns the new user."""
    with transaction.atomic():
        invitation = _check_open(invitation)
        users = get_user_model().objects
        if users.filter(email__iexact=invitation.email).exists():
            raise HackathonError(_("An account with this e-mail address exists: sign in to "
                                   "accept the invitation."))
        user = users.create_user(invitation.email, password,
                                 display_name=display_name.strip() or invitation.display_name)
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        record_consent(user=user, kind=ConsentKind.TERMS, version=settings.TERMS_VERSION)
        record_consent(user=user, kind=ConsentKind.PRIVACY, version=settings.PRIVACY_VERSION)
        profile_for(user)
        audit.record(actor=user, action="account.created_by_invitation", target=user)
        accept_expert_invitation(invitation=invitation, user=user)
    return user


def update_expert(*, profile: ExpertProfile, actor, data: dict) -> ExpertProfile:
    """Change an expert's profile; ``data`` holds any of :data:`PROFILE_FIELDS`."""
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
        changed = [f for f in PROFILE_FIELDS if f in data and getattr(profile, f) != data[f]]
        for field in changed:
            setattr(profile, field, data[field])
        if changed:
            profile.save(update_fields=changed)
            audit.record(actor=actor, action="expert.updated", target=profile,
                         data={"fields": changed})
    return profile
