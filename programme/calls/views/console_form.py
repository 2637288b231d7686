"""Hub console: editing, ordering, previewing and removing the questions of a call's form,
and removing review criteria. Each change has its own URL; removals are confirmed first."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ..forms import QuestionForm, answer_form
from ..models import Criterion, Question
from ..services import applications as app_svc
from ..services import calls as call_svc
from .console_calls import HubCallMixin


class QuestionMixin(HubCallMixin):
    def get_question(self, call) -> Question:
        return get_object_or_404(Question, call=call, pk=self.kwargs["q_pk"])

    def builder(self, call):
        return redirect("programme_console:form_builder", hub_slug=self.request.hub.slug,
                        call_pk=call.pk)


class QuestionEditView(QuestionMixin, View):
    def page(self, call, question, form, status=200):
        return render(self.request, "programme/console/question_form.html", {
            "call": call, "hub": self.request.hub, "question": question, "form": form,
            "locked": call_svc.has_submissions(call)}, status=status)

    def get(self, request, **kwargs):
        call = self.get_call()
        question = self.get_question(call)
        return self.page(call, question, QuestionForm(instance=question))

    def post(self, request, **kwargs):
        call = self.get_call()
        question = self.get_question(call)
        form = QuestionForm(request.POST, instance=question)
        if not form.is_valid():
            return self.page(call, question, form, status=422)
        try:
            call_svc.save_question(question=form.save(commit=False), actor=request.user)
        except call_svc.CallError as exc:
            form.add_error(None, str(exc))
            return self.page(call, question, form, status=422)
        messages.success(request, _("The question is saved."))
        return self.builder(call)


class QuestionMoveView(QuestionMixin, View):
    direction = "up"

    def post(self, request, **kwargs):
        call = self.get_call()
        try:
            call_svc.move_question(question=self.get_question(call), direction=self.direction,
                                   actor=request.user)
        except call_svc.CallError as exc:
            messages.error(request, str(exc))
        return self.builder(call)


class QuestionDeleteView(QuestionMixin, View):
    """GET: what removing the question means (or why it cannot be); POST: remove it."""

    def get(self, request, **kwargs):
        call = self.get_call()
        question = self.get_question(call)
        return render(request, "programme/console/confirm_delete.html", {
            "call": call, "hub": request.hub, "thing": question.label,
            "title": _("Remove this question?"),
            "refused": (_("Applications were already submitted: questions cannot be removed, "
                          "so that every submitted application stays whole.")
                        if call_svc.has_submissions(call) else ""),
            "lost": call_svc.draft_answers_count(question),
            "back": self.builder(call).url,
        })

    def post(self, request, **kwargs):
        call = self.get_call()
        try:
            call_svc.delete_question(question=self.get_question(call), actor=request.user)
            messages.success(request, _("The question is removed."))
        except call_svc.CallError as exc:
            messages.error(request, str(exc))
        return self.builder(call)


class FormPreviewView(HubCallMixin, View):
    """The form as applicants will see it, every step on one page; nothing can be sent."""

    def get(self, request, **kwargs):
        call = self.get_call()
        questions = list(call.questions.all())
        steps = [(step, answer_form([q for q in questions if q.step == step]))
                 for step in app_svc.steps_of(call)]
        return render(request, "programme/console/form_preview.html", {
            "call": call, "hub": request.hub, "steps": steps})


class CriterionDeleteView(HubCallMixin, View):
    def get_criterion(self, call) -> Criterion:
        return get_object_or_404(Criterion, call=call, pk=self.kwargs["c_pk"])

    def criteria_page(self, call):
        return redirect("programme_console:criteria", hub_slug=self.request.hub.slug,
                        call_pk=call.pk)

    def get(self, request, **kwargs):
        call = self.get_call()
        criterion = self.get_criterion(call)
        scored = call_svc.criterion_scores_count(criterion)
        return render(request, "programme/console/confirm_delete.html", {
            "call": call, "hub": request.hub, "thing": criterion.name,
            "title": _("Remove this criterion?"),
            "refused": (_("Reviewers have already scored this criterion in %(n)s reviews: it "
                          "cannot be removed, or the weighted totals of their reviews would "
                          "change.") % {"n": scored} if scored else ""),
            "lost": 0, "back": self.criteria_page(call).url,
        })

    def post(self, request, **kwargs):
        call = self.get_call()
        try:
            call_svc.delete_criterion(criterion=self.get_criterion(call), actor=request.user)
            messages.success(request, _("The criterion is removed."))
        except call_svc.CallError as exc:
            messages.error(request, str(exc))
        return self.criteria_page(call)
