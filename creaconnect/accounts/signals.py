"""Security notices: a password change or reset is always e-mailed to the account holder."""

from allauth.account.signals import password_changed, password_reset
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

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
