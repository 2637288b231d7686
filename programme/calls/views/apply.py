"""Applying: a multi-step form with autosave, the review step, withdrawing, the dossier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from creaconnect.core.ratelimit import rate_limited
from creaconnect.core.savemarks import client_of, parse_seq
from creaconnect.reports.services import render_pdf

from ..forms import CoApplicantForm, answer_form
from ..models import Application, ApplicationState, CoApplicant
from ..services import applications as svc
from ..services.calls import public_call


def _own_application(request, pk) -> Application:
    # The applicant's own object; its hub is only known after the lookup.
    with scopes_disabled():
        application = (Application.objects.select_related("call__hub", "call__cohort")
                       .filter(Q(applicant=request.user)
                               | Q(co_applicants__user=request.user,
                                   co_applicants__accepted_at__isnull=False), pk=pk)
                       .distinct().first())
    if application is None:
        raise Http404
    return application


def _initial(application, questions):
    answers = svc.answers_by_question(application)
    initial = {}
    for q in questions:
        a = answers.get(q.pk)
        if a is not None:
            initial[f"q{q.pk}"] = a.file if q.kind == "file" else a.value
    return initial


@login_required
def apply_start(request, slug):
    """GET shows the start page and changes nothing (a draft already begun is resumed); POST
    starts the application — or reopens a withdrawn one — and goes to its first step."""
    call = public_call(slug)
    if call is None:
        raise Http404
    with scope(hub=call.hub):
        if request.method == "POST":
            return _start(request, call)
        application = svc.application_for_person(call=call, user=request.user)
        if application is not None and application.state == ApplicationState.DRAFT:
            return redirect("programme:apply_step", slug=slug, step=svc.steps_of(call)[0])
        if application is not None and application.state != ApplicationState.WITHDRAWN:
            messages.info(request, _("You already applied to this call. Here is where it "
                                     "stands."))
            return redirect("accounts:dashboard")
        return render(request, "programme/calls/apply_start.html",
                      {"call": call, "withdrawn": application is not None})


@rate_limited("apply")
def _start(request, call):
    try:
        application = svc.start_application(call=call, user=request.user)
    except svc.ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect(call.get_absolute_url())
    if application.state != ApplicationState.DRAFT:
        messages.info(request, _("You already applied to this call. Here is where it "
                                 "stands."))
        return redirect("accounts:dashboard")
    return redirect("programme:apply_step", slug=call.slug, step=svc.steps_of(call)[0])


@login_required
def apply_step(request, slug, step):  # noqa: C901  the apply flow's steps, read top to bottom
    call = public_call(slug)
    if call is None:
        raise Http404
    with scope(hub=call.hub):
        application = svc.application_for_person(call=call, user=request.user)
        if application is None:
            return redirect("programme:apply", slug=slug)
        if application.state != ApplicationState.DRAFT:
            return redirect("accounts:dashboard")
        steps = svc.steps_of(call)
        if step not in steps:
            raise Http404
        questions = list(call.questions.filter(step=step))
        is_autosave = request.method == "POST" and request.headers.get("HX-Request") and \
            request.POST.get("autosave")
        if request.method == "POST":
            form = answer_form(questions, data=request.POST, files=request.FILES,
                               initial=_initial(application, questions))
            # The browser's order of its own saves (static/js/app.js sends its clock).
            order = {"client": client_of(request),
                     "seq": parse_seq(request.POST.get("autosave_seq"))}
            if form.is_valid():
                try:
                    svc.save_answers(application=application, form=form, actor=request.user,
                                     **order)
                except svc.ApplicationError as exc:
                    messages.error(request, str(exc))
                    return redirect("accounts:dashboard")
                if is_autosave:
                    return render(request, "programme/calls/apply_step.html#save-status",
                                  {"saved_at": timezone.now()})
                index = steps.index(step)
                if "previous" in request.POST and index > 0:
                    return redirect("programme:apply_step", slug=slug, step=steps[index - 1])
                if index + 1 < len(steps) and "save" not in request.POST:
                    return redirect("programme:apply_step", slug=slug, step=steps[index + 1])
                if "save" in request.POST:
                    messages.success(request, _("Your draft is saved. You can come back to it "
                                                "any time before the call closes."))
                    return redirect("programme:apply_step", slug=slug, step=step)
                return redirect("programme:apply_review", slug=slug)
            try:  # keep what was typed, the invalid answers too (flagged, not dropped)
                svc.save_answers(application=application, form=form, actor=request.user,
                                 **order)
            except svc.ApplicationError as exc:
                messages.error(request, str(exc))
                return redirect("accounts:dashboard")
            if is_autosave:
                return render(request, "programme/calls/apply_step.html#save-status", {
                    "saved_at": timezone.now(),
                    "invalid": [q for q in questions if f"q{q.pk}" in form.errors]})
            messages.error(request, _("Please correct the answers marked below. Your other "
                                      "answers are kept."))
        else:
            form = answer_form(questions, initial=_initial(application, questions))
        return render(request, "programme/calls/apply_step.html", {
            "call": call, "application": application, "form": form, "step": step,
            "steps": steps, "step_index": steps.index(step) + 1,
            "progress": round(100 * steps.index(step) / (len(steps) + 1)),
            "missing": svc.missing_questions(application),
            "invalid": [q for q in svc.invalid_answers(application) if q.step == step],
        }, status=422 if request.method == "POST" else 200)


@login_required
@rate_limited("apply")
def apply_review(request, slug):
    call = public_call(slug)
    if call is None:
        raise Http404
    with scope(hub=call.hub):
        application = svc.application_for_person(call=call, user=request.user)
        if application is None:
            raise Http404
        if request.method == "POST":
            if "invite" in request.POST:
                co_form = CoApplicantForm(request.POST)
                if co_form.is_valid():
                    try:
                        svc.invite_co_applicant(application=application,
                                                email=co_form.cleaned_data["email"],
                                                actor=request.user)
                        messages.success(request, _("Invitation sent."))
                        return redirect("programme:apply_review", slug=slug)
                    except svc.ApplicationError as exc:
                        co_form.add_error("email", str(exc))
            else:
                co_form = CoApplicantForm()
                try:
                    svc.submit_application(application=application, actor=request.user)
                except svc.ApplicationError as exc:
                    # A repeated submit (a double click, a retry after a slow answer near
                    # the deadline) finds it submitted: that is success, not an error.
                    application.refresh_from_db(fields=["state"])
                    if application.state == ApplicationState.SUBMITTED:
                        messages.info(request, _("Your application is already submitted."))
                        return redirect("accounts:dashboard")
                    messages.error(request, str(exc))
                    return redirect("programme:apply_review", slug=slug)
                messages.success(request, _("Your application is submitted. We sent you a "
                                            "confirmation by e-mail."))
                return redirect("accounts:dashboard")
        else:
            co_form = CoApplicantForm()
        questions = list(call.questions.all())
        answers = svc.answers_by_question(application)
        steps = svc.steps_of(call)
        return render(request, "programme/calls/apply_review.html", {
            "call": call, "application": application, "steps": steps,
            "rows": [(q, answers.get(q.pk)) for q in questions],
            "missing": svc.missing_questions(application), "co_form": co_form,
            "co_applicants": list(application.co_applicants.all()),
            "progress": round(100 * len(steps) / (len(steps) + 1)),
        })


@login_required
@require_POST
def confirm_place(request, pk):
    """The accepted applicant takes the place (withdrawing and declining have their own
    confirmation pages, views/applicant.py)."""
    application = _own_application(request, pk)
    with scope(hub=application.call.hub):
        try:
            svc.confirm_place(application=application, actor=request.user)
            messages.success(request, _("Welcome to the cohort! Your place is confirmed."))
        except svc.ApplicationError as exc:
            messages.error(request, str(exc))
    return redirect("accounts:dashboard")


@login_required
def dossier(request, pk):
    """The applicant's application as a PDF (small: rendered in the request)."""
    application = _own_application(request, pk)
    with scope(hub=application.call.hub):
        answers = svc.answers_by_question(application)
        rows = [(q, answers.get(q.pk)) for q in application.call.questions.all()]
        pdf, _pages, _fetcher = render_pdf("reports/application_dossier.html", {
            "application": application, "call": application.call, "hub": application.call.hub,
            "rows": rows, "generated": timezone.now()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="application-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def own_answer_file(request, pk, answer_pk):
    """The applicant's own uploaded file (download only)."""
    from creaconnect.core.http import attachment

    from ..models import Answer

    application = _own_application(request, pk)
    with scope(hub=application.call.hub):
        answer = get_object_or_404(Answer, application=application, pk=answer_pk)
        if not answer.file:
            raise Http404
        return attachment(answer.file)


@login_required
def co_applicant(request, token):
    with scopes_disabled():  # the invitation is found by its secret token, across hubs
        co = CoApplicant.objects.select_related("application__call__hub",
                                                "application__applicant").filter(
            token=token).first()
    if co is None:
        raise Http404
    if request.method == "POST":
        with scope(hub=co.application.call.hub):
            try:
                svc.accept_co_application(co=co, user=request.user)
                messages.success(request, _("You are now a co-applicant of this application."))
                return redirect("accounts:dashboard")
            except svc.ApplicationError as exc:
                messages.error(request, str(exc))
    return render(request, "programme/calls/co_applicant.html", {"co": co})


