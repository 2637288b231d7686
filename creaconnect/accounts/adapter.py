from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import landing_page_providers

_CONFIRM = ("activate_url", _("Confirm my e-mail address"))
_RESET = ("password_reset_url", _("Choose a new password"))

# The main link of an account e-mail, shown as the HTML part's button: (context key, label).
EMAIL_ACTIONS = {
    "account/email/email_confirmation": _CONFIRM,
    "account/email/email_confirmation_signup": _CONFIRM,
    "account/email/password_reset_key": _RESET,
    "account/email/account_already_exists": _RESET,
    "account/email/unknown_account": ("signup_url", _("Create an account")),
}


class AccountAdapter(DefaultAccountAdapter):
    """Links in account e-mails point at SITE_URL, so mail sent by a worker is right too.
    Account e-mails look like the platform's own: branded text (``templates/account/email``)
    and an HTML part in the notifications' layout."""

    def render_mail(self, template_prefix, email, context, headers=None):
        context = {**context, "site_url": settings.SITE_URL}
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            message.attach_alternative(self._html_part(template_prefix, context, message),
                                       "text/html")
        return message

    def _html_part(self, template_prefix, context, message) -> str:
        """The text message's own words (without greeting and signature) in the HTML layout;
        ``strip()`` turns the rendered text into a plain string, so it is escaped once."""
        request = allauth_context.request
        body = render_to_string(f"{template_prefix}_message.txt",
                                {**context, "content_only": True}, request).strip()
        key, label = EMAIL_ACTIONS.get(template_prefix, (None, ""))
        user = context.get("user")
        return render_to_string("account/email/message.html", {
            "subject": message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX),
            "body": body, "url": context.get(key, "") if key else "", "action": label,
            "greet": True, "recipient_name": getattr(user, "display_name", "") or "",
            "site_url": settings.SITE_URL,
        }, request)

    def get_login_redirect_url(self, request):
        """Programme admins land on the programme-wide view, hub staff on their console
        (through ``landing_page_providers``), everybody else on their dashboard. An explicit
        ``next`` is honoured before this is asked."""
        user = request.user
        for provider in landing_page_providers:
            url = provider(user)
            if url:
                return url
        if user.is_programme_admin:  # without the programme console installed
            return reverse("reports:programme")
        return super().get_login_redirect_url(request)

    def get_email_confirmation_url(self, request, emailconfirmation):
        url = super().get_email_confirmation_url(request, emailconfirmation)
        if request is None and url.startswith("/"):
            return settings.SITE_URL + url
        return url


class MFAAdapter(DefaultMFAAdapter):
    """Hub staff, programme admins and Django admin users cannot switch their TOTP off: the
    consoles require it (``MFARequiredMiddleware``). Everybody else may."""

    def can_delete_authenticator(self, authenticator) -> bool:
        from allauth.mfa.models import Authenticator

        from .services import needs_mfa

        if authenticator.type == Authenticator.Type.TOTP and needs_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
