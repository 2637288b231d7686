"""Privacy pages: the person's own data (/account/privacy/) and the public notice (/privacy/)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from creaconnect.core.confirm import confirmation_required
from creaconnect.core.http import attachment

from . import privacy_services as services
from .models import DataExport, ExportState


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account is deleted for good and cannot be "
                           "restored."),
        error_messages={"required": gettext_lazy("Please tick the box to confirm.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password


def _exports(user):
    return DataExport.objects.filter(user=user)[:5]


def _page(request, delete_form=None, status=200):
    exports = list(_exports(request.user))
    return render(request, "accounts/privacy.html", {
        "exports": exports,
        "polling": any(e.is_active for e in exports),
        "consents": services.consents_for_user(request.user),
        "delete_form": delete_form or DeleteAccountForm(user=request.user),
        "periods": services.retention_periods(),
    }, status=status)


@login_required
def privacy_home(request):
    return _page(request)


@login_required
@require_POST
def export_request(request):
    services.request_export(user=request.user)
    messages.success(request, _("Your data is being gathered. The download appears on this "
                                "page when it is ready; you can leave the page."))
    return redirect("accounts:privacy")


def _export_for(request, pk) -> DataExport:
    # Only the owner: anyone else's export id is a 404.
    return get_object_or_404(DataExport, pk=pk, user=request.user)


@login_required
def export_status(request, pk):
    """The htmx-polled row of one export: progress, then the download link."""
    return render(request, "accounts/privacy.html#export-row",
                  {"export": _export_for(request, pk)})


@login_required
def export_download(request, pk):
    export = _export_for(request, pk)
    if export.state != ExportState.DONE or not export.file or export.expires_at < timezone.now():
        raise Http404
    return attachment(export.file, filename=f"creaconnect-my-data-{export.created:%Y-%m-%d}.zip",
                      content_type="application/zip")


@login_required
@require_POST
def consent_withdraw(request):
    consent_id = request.POST.get("consent", "")
    label = next((c["label"] for c in services.consents_for_user(request.user)
                  if c["id"] == consent_id), "")
    confirm = confirmation_required(
        request, title=_("Withdraw your consent?"), thing=str(label),
        consequence=_("What you consented to stops from now on. Withdrawing your consent to "
                      "the showcase takes the project off the public showcase at once."),
        undo=_("Withdrawing does not undo what was lawfully done with your consent before."),
        confirm_label=_("Yes, withdraw my consent"), cancel_url=reverse("accounts:privacy"))
    if confirm:
        return confirm
    if services.withdraw(user=request.user, consent_id=request.POST.get("consent", "")):
        messages.success(request, _("Your consent is withdrawn."))
    else:
        messages.error(request, _("This consent cannot be withdrawn (any more)."))
    return redirect("accounts:privacy")


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Your account was not deleted. Please correct the fields "
                                  "marked below."))
        return _page(request, delete_form=form, status=400)
    services.delete_account(user=request.user)
    logout(request)
    messages.success(request, _("Your account is deleted. Thank you for having been part of "
                                "CreaConnect."))
    return redirect("home")


def privacy_notice(request):
    """The public privacy notice; its retention periods are the job's own settings."""
    return render(request, "accounts/privacy_notice.html", {
        "periods": services.retention_periods(),
        "contact": settings.PRIVACY_CONTACT_EMAIL,
        "privacy_version": settings.PRIVACY_VERSION,
    })
