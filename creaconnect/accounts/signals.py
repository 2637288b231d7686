"""Security notices (a password change or reset is always e-mailed to the account holder),
the user→session map, and audit entries for sign-ins, sign-outs and the second factor."""

import hashlib
import hmac
import time

from allauth.account.signals import password_changed, password_reset
from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from creaconnect.core import audit
from creaconnect.notifications.services import notify


def _security_notice(user, title: str, message: str):
    notify(user=user, kind="account.security", url=reverse("account_change_password"),
           context={"title": title, "message": message})


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs):
    _security_notice(user, gettext_noop("Your password was changed"),
                     gettext_noop("The password of your CreaConnect account was just changed."))


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs):
    _security_notice(user, gettext_noop("Your password was reset"),
                     gettext_noop("The password of your CreaConnect account was just reset "
                                  "with a link sent by e-mail."))


# --- Sessions and the audit trail of sign-ins ---------------------------------------------


def _client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def _email_digest(email: str) -> str:
    """A keyed hash of an attempted login name: lets failed attempts be grouped without
    storing addresses that may belong to nobody (or be a mistyped password)."""
    return hmac.new(settings.SECRET_KEY.encode(), email.strip().lower().encode(),
                    hashlib.sha256).hexdigest()[:32]


@receiver(user_logged_in)
def on_user_logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from .middleware import LAST_SEEN_SESSION_KEY, PRIVILEGED_SESSION_KEY
    from .services import needs_mfa, remember_session

    session = request.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time())
    session[PRIVILEGED_SESSION_KEY] = needs_mfa(user)
    if session.session_key is None:
        session.save()
    remember_session(user=user, session_key=session.session_key)
    audit.record(actor=user, action="account.login", target=user,
                 data={"ip": _client_ip(request)})


@receiver(user_logged_out)
def on_user_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    from .services import end_all_sessions

    idle = getattr(request, "cc_idle_logout", False)
    audit.record(actor=user, action="account.idle_timeout" if idle else "account.logout",
                 target=user, data={"ip": _client_ip(request)})
    if idle:
        from .models import UserSession

        UserSession.objects.filter(session_key=request.session.session_key).delete()
    else:
        end_all_sessions(user=user)  # signing out signs out every device


@receiver(user_login_failed)
def on_user_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    login = str(credentials.get("email") or credentials.get(User.USERNAME_FIELD) or "")
    user = User.objects.filter(email__iexact=login).first() if login else None
    audit.record(actor=None, action="account.login_failed", target=user,
                 data={"ip": _client_ip(request), "login_hash": _email_digest(login)})


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def on_user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    from .services import end_all_sessions

    end_all_sessions(user=instance)  # a deactivated account is signed out everywhere


@receiver(mfa_signals.authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit.record(actor=user, action="account.mfa_activated", target=user,
                 data={"type": authenticator.type, "ip": _client_ip(request)})


@receiver(mfa_signals.authenticator_removed)
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.record(actor=user, action="account.mfa_deactivated", target=user,
                 data={"type": authenticator.type, "ip": _client_ip(request)})
