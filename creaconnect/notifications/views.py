from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from creaconnect.core.actions import ActionView
from creaconnect.core.http import int_or_404
from creaconnect.core.permissions import PermissionRequiredMixin

from . import announcements, kinds, services
from .models import Channel, Notification, Preference, State


@login_required
def inbox(request):
    page = Paginator(services.inbox_for_user(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html",
                  {"page": page, "unread": services.unread_count(request.user)})


@login_required
def bell(request):
    """The header bell, polled by htmx."""
    return render(request, "notifications/inbox.html#bell",
                  {"unread_notifications": services.unread_count(request.user)})


def _own_notification(request, pk):
    return get_object_or_404(services.inbox_for_user(request.user), pk=pk)


def _safe_target(request, notification) -> str | None:
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@login_required
def notification_detail(request, pk):
    """One notification, read: showing it changes nothing (it is marked read by the "Open"
    button, a POST)."""
    notification = _own_notification(request, pk)
    subject, body = services.message(notification)
    return render(request, "notifications/notification.html", {
        "n": notification, "subject": subject, "body": body,
        "target": _safe_target(request, notification)})


class OpenNotificationView(LoginRequiredMixin, ActionView):
    """Mark one notification read and go to what it is about (or back to the inbox)."""

    def back_url(self) -> str:
        return reverse("notifications:inbox")

    def act(self, request, pk, **kwargs):
        notification = _own_notification(request, pk)
        services.mark_read(user=request.user, notification_id=notification.pk)
        target = _safe_target(request, notification)
        return redirect(target) if target else None


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    registered = sorted(kinds.KINDS.values(), key=lambda k: str(k.label))
    stored = dict(Preference.objects.filter(user=request.user).values_list("kind", "email_enabled"))
    if request.method == "POST":
        services.set_email_preferences(user=request.user, actor=request.user,
                                       wanted=set(request.POST.getlist("email")))
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    rows = [{"kind": k, "email": True if k.always_on else stored.get(k.key, True)}
            for k in registered]
    return render(request, "notifications/preferences.html", {"rows": rows})


class OutboxView(PermissionRequiredMixin, View):
    """What was sent, pending or failed, for a hub (console) or the whole programme."""

    template_name = "notifications/outbox.html"

    @property
    def permission_required(self):
        return "hubs.view_console" if self.request.hub else "notifications.view_all_outbox"

    def queryset(self):
        qs = Notification.objects.select_related("recipient")
        if self.request.hub is not None:
            qs = qs.filter(hub_id=self.request.hub.pk)
        return qs

    def get(self, request, **kwargs):
        qs = self.queryset()
        state = request.GET.get("state", "")
        if state in State.values:
            qs = qs.filter(state=state)
        page = Paginator(qs.order_by("-created", "-id"), 50).get_page(request.GET.get("page"))
        return render(request, self.template_name, {
            "page": page, "states": State.choices, "state": state, "hub": request.hub,
        })

    def post(self, request, **kwargs):
        notification = get_object_or_404(self.queryset(),
                                         pk=int_or_404(request.POST.get("notification", "0")))
        services.resend(notification=notification, actor=request.user)
        messages.success(request, _("The message is queued again."))
        return redirect(request.get_full_path())


class OutboxMessageView(OutboxView):
    """One outbox row, shown as it was sent: subject, text part and the HTML part in a
    sandboxed frame, rendered in the recipient's language. Another hub's row is a 404."""

    template_name = "notifications/outbox_message.html"

    def get_notification(self, pk):
        return get_object_or_404(self.queryset(), pk=pk)

    def get(self, request, pk, **kwargs):
        notification = self.get_notification(pk)
        subject, text, _html = services.render(notification)
        hub = request.hub
        back = (reverse("hub_notifications:hub_outbox", kwargs={"hub_slug": hub.slug}) if hub
                else reverse("notifications:outbox"))
        html_url = (reverse("hub_notifications:hub_outbox_html",
                            kwargs={"hub_slug": hub.slug, "pk": notification.pk}) if hub
                    else reverse("notifications:outbox_html", kwargs={"pk": notification.pk}))
        return render(request, self.template_name, {
            "n": notification, "subject": subject, "text": text, "hub": hub,
            "back": back, "html_url": html_url,
            "language_name": dict(settings.LANGUAGES).get(notification.language,
                                                          notification.language),
            "by_email": Channel.EMAIL in notification.channels,
        })

    def post(self, request, **kwargs):
        raise Http404


@method_decorator(xframe_options_sameorigin, name="dispatch")
class OutboxMessageHtmlView(OutboxMessageView):
    """The HTML part alone, for the detail page's sandboxed frame (scripts off, nothing
    loaded from elsewhere; inline styles allowed because e-mail HTML needs them)."""

    def get(self, request, pk, **kwargs):
        _subject, _text, html = services.render(self.get_notification(pk))
        response = HttpResponse(html)
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            "frame-ancestors 'self'; sandbox")
        return response


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_lazy("Subject"), max_length=200)
    body = forms.CharField(label=_lazy("Message"), max_length=5000, widget=forms.Textarea(
        attrs={"rows": 8}), help_text=_lazy("Plain text. It goes out as written, to everyone."))


class AnnounceView(PermissionRequiredMixin, View):
    """Programme admins write one message to every participant (e-mail and inbox)."""

    permission_required = "notifications.send_announcement"
    template_name = "notifications/announce.html"

    def get(self, request, **kwargs):
        return render(request, self.template_name,
                      {"form": AnnouncementForm(), "audience": announcements.recipients().count()})

    def post(self, request, **kwargs):
        form = AnnouncementForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {
                "form": form, "audience": announcements.recipients().count()}, status=422)
        count = announcements.announce(subject=form.cleaned_data["subject"],
                                       body=form.cleaned_data["body"], actor=request.user)
        messages.success(request, _("The announcement is queued for %(count)s people.")
                         % {"count": count})
        return redirect("notifications:outbox")
