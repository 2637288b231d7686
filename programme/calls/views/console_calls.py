"""Hub console: calls, their form, criteria, the applications table, review and decisions."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_countries import countries

from creaconnect.core.actions import ActionView
from creaconnect.core.http import attachment, int_or_404
from creaconnect.core.i18n_content import localised
from creaconnect.core.permissions import PermissionRequiredMixin
from creaconnect.core.ratelimit import enforce

from ..forms import CallForm, CriterionForm, DecisionForm, QuestionForm, ReviewForm
from ..models import Answer, Application, Call, Criterion, Question
from ..models import ApplicationState as S
from ..services import applications as app_svc
from ..services import calls as call_svc
from ..services import reviews as review_svc


class HubCallMixin(PermissionRequiredMixin):
    permission_required = "programme.manage_calls"

    def get_call(self) -> Call:
        # Filtered by hub explicitly; the scope (set by the middleware) is the safety net.
        return get_object_or_404(Call.objects.select_related("cohort"), hub=self.request.hub,
                                 pk=self.kwargs["call_pk"])


class CallListView(HubCallMixin, View):
    def get(self, request, **kwargs):
        return render(request, "programme/console/calls.html", {
            "calls": call_svc.calls_for_hub(request.hub), "hub": request.hub})


class CallEditView(HubCallMixin, View):
    """Create (no ``call_pk``) or edit a call."""

    def get_call(self):
        return super().get_call() if "call_pk" in self.kwargs else None

    def get(self, request, **kwargs):
        call = self.get_call()
        form = CallForm(instance=call, hub=request.hub)
        return self.page(call, form)

    def page(self, call, form, status=200):
        return render(self.request, "programme/console/call_form.html", {
            "call": call, "form": form, "hub": self.request.hub,
            "moves": call_svc.CALL.allowed(call.status) if call else frozenset(),
        }, status=status)

    def post(self, request, **kwargs):
        call = self.get_call()
        form = CallForm(request.POST, instance=call, hub=request.hub)
        if not form.is_valid():
            return self.page(call, form, status=422)
        obj = call_svc.save_call(call=form.save(commit=False), hub=request.hub,
                                 actor=request.user)
        messages.success(request, _("The call is saved."))
        return redirect("programme_console:call_edit", hub_slug=request.hub.slug, call_pk=obj.pk)


class CallActionView(HubCallMixin, ActionView):
    """One move of a call (POST only), back to the call's page; a refused move is an error
    message there."""

    errors = (call_svc.CallError,)

    def back_url(self) -> str:
        return reverse("programme_console:call_edit", kwargs={
            "hub_slug": self.request.hub.slug, "call_pk": self.kwargs["call_pk"]})


class CallPublishView(CallActionView):
    def act(self, request, **kwargs):
        call_svc.publish_call(call=self.get_call(), actor=request.user)
        self.done(_("The call is published."))
        return None


class CallCloseView(CallActionView):
    def act(self, request, **kwargs):
        call_svc.close_call(call=self.get_call(), actor=request.user)
        self.done(_("The call is closed."))
        return None


class FormBuilderView(HubCallMixin, View):
    def page(self, call, form=None, status=200):
        return render(self.request, "programme/console/form_builder.html", {
            "call": call, "hub": self.request.hub, "questions": list(call.questions.all()),
            "form": form or QuestionForm(), "locked": call_svc.has_submissions(call),
        }, status=status)

    def get(self, request, **kwargs):
        return self.page(self.get_call())

    def post(self, request, **kwargs):
        call = self.get_call()
        form = QuestionForm(request.POST, instance=Question(call=call))
        if not form.is_valid():
            return self.page(call, form, status=422)
        try:
            call_svc.save_question(question=form.save(commit=False), actor=request.user)
        except call_svc.CallError as exc:
            form.add_error(None, str(exc))
            return self.page(call, form, status=422)
        messages.success(request, _("The question is added."))
        return redirect(request.path)


class CriteriaView(HubCallMixin, View):
    def page(self, call, form=None, status=200):
        return render(self.request, "programme/console/criteria.html", {
            "call": call, "hub": self.request.hub, "criteria": list(call.criteria.all()),
            "form": form or CriterionForm()}, status=status)

    def get(self, request, **kwargs):
        return self.page(self.get_call())

    def post(self, request, **kwargs):
        call = self.get_call()
        form = CriterionForm(request.POST, instance=Criterion(call=call))
        if not form.is_valid():
            return self.page(call, form, status=422)
        try:
            call_svc.add_criterion(criterion=form.save(commit=False), actor=request.user)
        except call_svc.CallError as exc:
            form.add_error(None, str(exc))
            return self.page(call, form, status=422)
        messages.success(request, _("The criterion is added."))
        return redirect(request.path)


class ApplicationsView(HubCallMixin, View):
    """The applications table: filters, sort, search, pagination, CSV, bulk decisions."""

    def filters(self):
        g = self.request.GET
        return {"state": g.get("state", ""), "country": g.get("country", ""),
                "q": g.get("q", "")[:100], "min_score": g.get("min_score", "")[:6],
                "sort": g.get("sort", "-submitted")}

    def get(self, request, **kwargs):
        call = self.get_call()
        filters = self.filters()
        qs = review_svc.applications_table(call=call, reviewer=request.user, **filters)
        if request.GET.get("format") == "csv":
            return self.csv(call, qs)
        paginator = Paginator(qs, 25)
        total = review_svc.applications_table_count(call=call, **filters)
        if total is not None:
            paginator.count = total  # a plain count, not one over the grouped statistics
        page = paginator.get_page(request.GET.get("page"))
        return render(request, "programme/console/applications.html", {
            "call": call, "hub": request.hub, "page": page, "filters": filters,
            "states": [(v, label) for v, label in S.choices if v != S.DRAFT],
            "countries": list(countries), "decisions": DecisionForm.base_fields["decision"].choices,
            "criteria_count": call.criteria.count(),
        })

    def csv(self, call, qs):
        from creaconnect.core import audit

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{call.slug}-applications.csv"'
        response["Cache-Control"] = "private, no-store"  # people's personal data
        writer = csv.writer(response)
        # One column per question, headed by its label in the reader's language.
        questions = list(call.questions.all())
        writer.writerow(["id", "project", "applicant", "email", "country", "state",
                         "submitted", "mean score", "spread", "reviews", "co-applicants",
                         *(_cell(localised(q, "label")) for q in questions)])
        qs = qs.prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by()))
        for a in qs.iterator(chunk_size=500):
            answers = {answer.question_id: answer for answer in a.answers.all()}
            writer.writerow([a.pk, _cell(a.project_title), _cell(str(a.applicant)),
                             a.applicant.email,
                             str(getattr(getattr(a.applicant, "profile", None), "country", "")),
                             a.state, a.submitted_at.isoformat() if a.submitted_at else "",
                             f"{a.mean_score:.1f}" if a.mean_score is not None else "",
                             f"{a.spread:.1f}" if a.spread is not None else "", a.n_reviews,
                             _cell("; ".join(_co_label(co) for co in a.co_applicants.all())),
                             *(_cell(_answer_text(answers.get(q.pk))) for q in questions)])
        audit.record(actor=self.request.user, action="call.applications_exported", target=call)
        return response

    def post(self, request, **kwargs):
        """Bulk decision: first a preview (``confirm`` absent), then the real thing."""
        call = self.get_call()
        ids = [int_or_404(i) for i in request.POST.getlist("ids")]
        form = DecisionForm(request.POST)
        chosen = list(Application.objects.filter(call=call, pk__in=ids)
                      .select_related("applicant", "call__hub"))
        if not chosen or not form.is_valid():
            messages.error(request, _("Choose applications and a decision first."))
            return redirect(request.get_full_path())
        decision = form.cleaned_data["decision"]
        will, skipped = app_svc.split_for_decision(chosen, decision)
        if "confirm" not in request.POST:
            return render(request, "programme/console/decision_preview.html", {
                "call": call, "hub": request.hub, "form": form, "chosen": will,
                "skipped": skipped,
                "preview": app_svc.render_message(form.cleaned_data["message"],
                                                  (will or chosen)[0]),
                "decision_label": S(decision).label,
                "no_cohort": decision == S.ACCEPTED and call.cohort_id is None,
            })
        done, refused = 0, [f"{a}: {reason}" for a, reason in skipped]
        for application in will:
            try:
                app_svc.decide_application(application=application, decision=decision,
                                           message=form.cleaned_data["message"],
                                           actor=request.user)
                done += 1
            except app_svc.ApplicationError as exc:
                refused.append(f"{application}: {exc}")
        if done:
            messages.success(request, ngettext("%(n)s decision recorded and sent.",
                                               "%(n)s decisions recorded and sent.", done)
                             % {"n": done})
        else:
            messages.error(request, _("No decision was recorded: none of the chosen "
                                      "applications can take this decision."))
        for line in refused[:5]:
            messages.warning(request, line)
        if len(refused) > 5:
            messages.warning(request, _("…and %(n)s more not changed.") % {"n": len(refused) - 5})
        return redirect("programme_console:applications", hub_slug=request.hub.slug,
                        call_pk=call.pk)


class ApplicationDetailView(HubCallMixin, View):
    def page(self, application, review_form=None, decision_form=None, status=200):
        criteria = list(application.call.criteria.all())
        answers = app_svc.answers_by_question(application)
        return render(self.request, "programme/console/application.html", {
            "application": application, "call": application.call, "hub": self.request.hub,
            "rows": [(q, answers.get(q.pk)) for q in application.call.questions.all()],
            "criteria": criteria,
            "review_form": review_form or ReviewForm(criteria=criteria, initial=self.initial(
                application)),
            "decision_form": decision_form or DecisionForm(),
            "reviews": review_svc.visible_reviews(application, self.request.user),
            "has_reviewed": review_svc.has_reviewed(application, self.request.user),
            "staff": review_svc.reviewers_for_hub(self.request.hub),
            "assigned": list(application.review_assignments.select_related("reviewer")),
            "co_applicants": list(application.co_applicants.select_related("user")),
            "can_decide": bool(app_svc.APPLICATION.allowed(application.state)
                               & set(app_svc.DECISIONS)),
        }, status=status)

    def initial(self, application):
        from ..models import Review

        review = Review.objects.filter(application=application, reviewer=self.request.user) \
            .prefetch_related("scores").first()
        if review is None:
            return {}
        data = {f"c{s.criterion_id}": s.score for s in review.scores.all()}
        data["comment"] = review.comment
        return data

    def get_application(self) -> Application:
        application = get_object_or_404(
            Application.objects.select_related("applicant", "applicant__profile", "call__hub"),
            call__hub=self.request.hub, pk=self.kwargs["pk"])
        if application.state == S.DRAFT:
            raise Http404  # drafts are the applicant's private work
        return application

    def get(self, request, **kwargs):
        return self.page(self.get_application())


class ApplicationActionView(ApplicationDetailView):
    """One staff action on an application (POST only); then back to its page."""

    http_method_names = ["post"]

    def back(self):
        return redirect("programme_console:application", hub_slug=self.request.hub.slug,
                        call_pk=self.kwargs["call_pk"], pk=self.kwargs["pk"])


class ReviewApplicationView(ApplicationActionView):
    """Save or update the signed-in staff member's scores and comment."""

    def post(self, request, **kwargs):
        application = self.get_application()
        enforce(request, "score")
        form = ReviewForm(request.POST, criteria=application.call.criteria.all())
        if not form.is_valid():
            return self.page(application, review_form=form, status=422)
        try:
            review_svc.submit_review(application=application, reviewer=request.user,
                                     scores=form.scores(), comment=form.cleaned_data["comment"])
        except review_svc.ReviewError as exc:
            form.add_error(None, str(exc))
            return self.page(application, review_form=form, status=422)
        messages.success(request, _("Your review is saved."))
        return self.back()


class AssignReviewerView(ApplicationActionView):
    """Ask one of the hub's staff to review this application."""

    def post(self, request, **kwargs):
        application = self.get_application()
        reviewer = next((u for u in review_svc.reviewers_for_hub(request.hub)
                         if str(u.pk) == request.POST.get("reviewer")), None)
        if reviewer is None:  # not this hub's staff: a 404 that names nobody
            raise Http404
        try:
            review_svc.assign_reviewer(application=application, reviewer=reviewer,
                                       actor=request.user)
            messages.success(request, _("%(name)s will review this application.")
                             % {"name": reviewer})
        except review_svc.ReviewError as exc:
            messages.error(request, str(exc))
        return self.back()


class DecideApplicationView(ApplicationActionView):
    """Decide: first the message as the applicant will read it, then (``confirm``) send."""

    def post(self, request, **kwargs):
        application = self.get_application()
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.page(application, decision_form=form, status=422)
        decision = form.cleaned_data["decision"]
        if "confirm" not in request.POST:
            will, skipped = app_svc.split_for_decision([application], decision)
            return render(request, "programme/console/decision_preview.html", {
                "call": application.call, "hub": request.hub, "form": form,
                "chosen": will, "skipped": skipped, "back_url": self.back().url,
                "preview": app_svc.render_message(form.cleaned_data["message"], application),
                "decision_label": S(decision).label,
                "no_cohort": decision == S.ACCEPTED and application.call.cohort_id is None,
            })
        try:
            app_svc.decide_application(application=application, decision=decision,
                                       message=form.cleaned_data["message"],
                                       actor=request.user)
            messages.success(request, _("The decision is recorded and sent."))
        except app_svc.ApplicationError as exc:
            messages.error(request, str(exc))
        return self.back()


class AssignReviewersView(HubCallMixin, View):
    def post(self, request, **kwargs):
        call = self.get_call()
        try:
            n = review_svc.assign_evenly(call=call,
                                         reviewers=review_svc.reviewers_for_hub(request.hub),
                                         per_application=int_or_404(request.POST.get("per", "2")),
                                         actor=request.user)
            messages.success(request, _("%(n)s review assignments made.") % {"n": n})
        except review_svc.ReviewError as exc:
            messages.error(request, str(exc))
        return redirect("programme_console:applications", hub_slug=request.hub.slug,
                        call_pk=call.pk)


class AnswerFileView(HubCallMixin, View):
    """An uploaded answer file, for the hub's staff: always a download, never inline."""

    def get(self, request, **kwargs):
        from ..models import Answer

        answer = get_object_or_404(Answer.objects.select_related("application__call"),
                                   application__call__hub=request.hub,
                                   application__call_id=kwargs["call_pk"],
                                   application_id=kwargs["pk"], pk=kwargs["answer_pk"])
        if answer.application.state == S.DRAFT or not answer.file:
            raise Http404
        return attachment(answer.file)



def _answer_text(answer) -> str:
    """An answer as one CSV cell: the file's name, the choices joined, or the text."""
    if answer is None:
        return ""
    if answer.file:
        return answer.file.name.rsplit("/", 1)[-1]
    if isinstance(answer.value, list):
        return "; ".join(str(v) for v in answer.value)
    return "" if answer.value is None else str(answer.value)


def _co_label(co) -> str:
    """A co-applicant in the CSV: name and e-mail once joined, the e-mail while invited."""
    if co.user_id and co.accepted_at:
        return f"{co.user} <{co.email}>"
    return _("%(email)s (invited)") % {"email": co.email}


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas in exported cells (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
