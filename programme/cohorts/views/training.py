"""Training sessions: console scheduling and attendance, participant sign-up, the .ics feed."""

from datetime import UTC, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from creaconnect.core.confirm import confirmation_required

from ..forms import TrainingSessionForm
from ..models import MemberStatus, SessionSignup, TrainingSession
from ..services import training as training_services
from ..services.cohorts import CohortError
from ..services.training import calendar_token
from .cohorts import ConsoleActionView, ConsoleView, cohort_url, member_view, sessions_for_member

# --- Console ----------------------------------------------------------------------------------


def _console_session(request, pk) -> TrainingSession:
    """A session of the console's hub (another hub's id: 404)."""
    return get_object_or_404(TrainingSession.objects.select_related("cohort__hub"),
                             cohort__hub=request.hub, pk=pk)


class SessionsView(ConsoleView):
    def get(self, request, pk, form=None, status=200, **kwargs):
        cohort = self.get_cohort(pk)
        return render(request, "programme/cohorts/console_sessions.html", {
            "hub": request.hub, "cohort": cohort, "now": timezone.now(),
            "sessions": TrainingSession.objects.filter(cohort=cohort).annotate(
                n_signed=Count("signups"),
                n_attended=Count("signups", filter=Q(signups__attended=True)))
            .order_by("starts_at", "pk"),
            "form": form or TrainingSessionForm(),
        }, status=status)

    def post(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        form = TrainingSessionForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form=form, status=422)
        session = training_services.create_session(cohort=cohort, actor=request.user,
                                                   **form.cleaned_data)
        messages.success(request, _("“%(title)s” is scheduled; the cohort is told.")
                         % {"title": session.title})
        return redirect("programme_console:sessions", hub_slug=request.hub.slug, pk=cohort.pk)


class SessionEditView(ConsoleView):
    def get(self, request, pk, form=None, status=200, **kwargs):
        session = _console_session(request, pk)
        return render(request, "programme/cohorts/console_session_form.html", {
            "hub": request.hub, "cohort": session.cohort, "session": session,
            "form": form or TrainingSessionForm(instance=session)}, status=status)

    def post(self, request, pk, **kwargs):
        session = _console_session(request, pk)
        form = TrainingSessionForm(request.POST, instance=_console_session(request, pk))
        if not form.is_valid():
            return self.get(request, pk, form=form, status=422)
        try:
            training_services.update_session(session=session, actor=request.user,
                                             **form.cleaned_data)
        except CohortError as exc:
            form.add_error(None, str(exc))
            return self.get(request, pk, form=form, status=422)
        messages.success(request, _("The session is saved."))
        return redirect("programme_console:sessions", hub_slug=request.hub.slug,
                        pk=session.cohort_id)


class SessionCancelView(ConsoleActionView):
    """Cancel a session after confirmation: it is deleted and the people signed up are told."""

    def act(self, request, pk, **kwargs):
        session = self.session = _console_session(request, pk)
        confirm = confirmation_required(
            request, title=_("Cancel this session?"), thing=session.title,
            consequence=_("The session is deleted, and the people signed up are told it "
                          "is cancelled."),
            confirm_label=_("Yes, cancel the session"),
            cancel_url=reverse("programme_console:session_edit",
                               kwargs={"hub_slug": request.hub.slug, "pk": session.pk}))
        if confirm:
            return confirm
        training_services.cancel_session(session=session, actor=request.user)
        self.done(_("The session is cancelled; the people signed up are told."))
        return None

    def back_url(self) -> str:
        return reverse("programme_console:sessions",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": self.session.cohort_id})


class AttendanceView(ConsoleView):
    """A phone-friendly checklist of the people signed up: tick who came, one POST."""

    def get(self, request, pk, **kwargs):
        session = _console_session(request, pk)
        return render(request, "programme/cohorts/console_attendance.html", {
            "hub": request.hub, "cohort": session.cohort, "session": session,
            "started": session.starts_at <= timezone.now(),
            "signups": SessionSignup.objects.filter(session=session)
            .select_related("member__user").order_by("member__user__display_name"),
        })

    def post(self, request, pk, **kwargs):
        session = _console_session(request, pk)
        try:
            ids = [int(v) for v in request.POST.getlist("present")]
        except ValueError:
            raise Http404 from None
        # Only this session's sign-ups: any other id is a 404 that names nobody.
        if set(ids) - set(SessionSignup.objects.filter(session=session)
                          .values_list("member_id", flat=True)):
            raise Http404
        try:
            result = training_services.take_attendance(session=session, present_member_ids=ids,
                                                       actor=request.user)
            messages.success(request, _("Attendance saved: %(present)s present, %(absent)s "
                                        "absent.") % result)
        except CohortError as exc:
            messages.error(request, str(exc))
            return redirect("programme_console:attendance", hub_slug=request.hub.slug,
                            pk=session.pk)
        return redirect("programme_console:sessions", hub_slug=request.hub.slug,
                        pk=session.cohort_id)


# --- Participant ------------------------------------------------------------------------------

def _signup_answer(request, member, session, message: str, level: int):
    """After joining or leaving: with htmx, the session's row with the message in it;
    otherwise the message and the cohort page at that session."""
    if request.htmx:
        row = sessions_for_member(member).get(pk=session.pk)
        return render(request, "programme/cohorts/participant.html#session-row", {
            "s": row, "member": member, "cohort": member.cohort, "hub": member.cohort.hub,
            "now": timezone.now(), "row_message": message,
            "row_error": level == messages.ERROR})
    messages.add_message(request, level, message)
    return redirect(f"{cohort_url(member.cohort)}#session-{session.pk}")


@require_POST
@member_view
def session_signup(request, member, session):
    """Take a place at a session."""
    session_obj = get_object_or_404(TrainingSession, cohort=member.cohort, pk=session)
    try:
        training_services.sign_up(session=session_obj, member=member, actor=request.user)
        message, level = _("You are signed up."), messages.SUCCESS
    except CohortError as exc:
        message, level = str(exc), messages.ERROR
    return _signup_answer(request, member, session_obj, message, level)


@require_POST
@member_view
def session_leave(request, member, session):
    """Give a place back, after confirmation."""
    session_obj = get_object_or_404(TrainingSession, cohort=member.cohort, pk=session)
    confirm = confirmation_required(
        request, title=_("Give your place back?"), thing=session_obj.title,
        consequence=_("You are no longer signed up for this session."),
        undo=_("You can sign up again while places are left."),
        confirm_label=_("Yes, give my place back"),
        cancel_url=f"{cohort_url(member.cohort)}#session-{session_obj.pk}")
    if confirm:
        return confirm
    try:
        training_services.cancel_signup(session=session_obj, member=member, actor=request.user)
        message, level = _("Your place is given back."), messages.SUCCESS
    except CohortError as exc:
        message, level = str(exc), messages.ERROR
    return _signup_answer(request, member, session_obj, message, level)


def _ics_escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _ics_time(dt) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """RFC 5545 line folding at 75 octets."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, chunk = [], b""
    for ch in line:
        b = ch.encode()
        if len(chunk) + len(b) > (75 if not parts else 74):
            parts.append(chunk.decode())
            chunk = b""
        chunk += b
    parts.append(chunk.decode())
    return "\r\n ".join(parts)


def calendar_feed(request, token):
    """The participant's signed-up sessions as iCalendar; the secret token replaces a login so
    calendar apps can subscribe."""
    user_pk, _sep, _digest = token.partition("-")
    user = get_user_model().objects.filter(pk=int(user_pk) if user_pk.isdigit() else 0,
                                           is_active=True).first()
    if user is None or not constant_time_compare(token, calendar_token(user)):
        raise Http404
    # The person's own sign-ups span hubs; filtered by the member's user.
    with scopes_disabled():
        signups = list(SessionSignup.objects.filter(member__user=user)
                       .exclude(member__status=MemberStatus.LEFT)
                       .select_related("session__cohort__hub"))
    now = timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CreaConnect//Programme//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_ics_escape(_('CreaConnect training'))}"]
    for signup in signups:
        s = signup.session
        end = s.starts_at + timedelta(minutes=s.duration_minutes)
        where = s.place or s.online_url
        description = "\n".join(x for x in [s.description, s.online_url,
                                             _("Trainer: %(t)s") % {"t": s.trainer}
                                             if s.trainer else ""] if x)
        lines += ["BEGIN:VEVENT", f"UID:programme-session-{s.pk}@creaconnect",
                  f"DTSTAMP:{_ics_time(now)}", f"DTSTART:{_ics_time(s.starts_at)}",
                  f"DTEND:{_ics_time(end)}",
                  f"SUMMARY:{_ics_escape(s.title)} · {_ics_escape(s.cohort.hub.name)}"]
        if where:
            lines.append(f"LOCATION:{_ics_escape(where)}")
        if description:
            lines.append(f"DESCRIPTION:{_ics_escape(description)}")
        lines.append(f"URL:{request.build_absolute_uri(cohort_url(s.cohort))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="creaconnect.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response

