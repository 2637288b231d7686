"""The hub console's surveys: the list with response rates, preparing a survey ahead of an
activity, adding or removing the hub's own questions while it is a draft, and the results
(response rate, mean and distribution per question, free texts; from MIN_RESPONSES on)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from creaconnect.core.actions import ActionView
from creaconnect.core.permissions import PermissionRequiredMixin

from .. import services, sources
from ..forms import PrepareForm, QuestionForm
from ..models import MIN_RESPONSES, Question, Survey, SurveyState
from ..queries import results, surveys_for_hub


class SurveyConsoleMixin(PermissionRequiredMixin):
    permission_required = "surveys.manage_surveys"

    def get_survey(self):
        # Explicit hub filter on top of the scope: another hub's survey is a 404.
        return get_object_or_404(Survey.objects.select_related("hub"), hub=self.request.hub,
                                 pk=self.kwargs["pk"])

    def list_url(self):
        return reverse("surveys_console:list", kwargs={"hub_slug": self.request.hub.slug})


class SurveyListView(SurveyConsoleMixin, View):
    template_name = "surveys/console/list.html"

    def page(self, request, form=None, status=200):
        choices = sources.upcoming_choices(request.hub, now=timezone.now())
        return render(request, self.template_name, {
            "hub": request.hub, "surveys": surveys_for_hub(request.hub),
            "form": form or PrepareForm(choices=choices), "has_choices": bool(choices),
            "min_responses": MIN_RESPONSES},
            status=status)

    def get(self, request, **kwargs):
        return self.page(request)


class SurveyPrepareView(SurveyConsoleMixin, ActionView):
    errors = (services.SurveyError,)

    def back_url(self):
        return self.list_url()

    def act(self, request, **kwargs):
        now = timezone.now()
        form = PrepareForm(request.POST,
                           choices=sources.upcoming_choices(request.hub, now=now))
        activity = form.is_valid() and sources.activity_for_choice(
            request.hub, form.cleaned_data["activity"], now=now)
        if not activity:
            messages.error(request, _("Choose an activity of your hub that has not ended."))
            return None
        survey = services.prepare_survey(activity=activity, actor=request.user)
        self.done(_("The survey of “%(activity)s” is ready: add your own questions below. "
                    "It goes out when the activity ends.") % {"activity": survey.title})
        return redirect(survey.get_console_url())


class SurveyDetailView(SurveyConsoleMixin, View):
    template_name = "surveys/console/detail.html"

    def get(self, request, **kwargs):
        survey = self.get_survey()
        return render(request, self.template_name, {
            "hub": request.hub, "survey": survey, "results": results(survey),
            "editable": survey.state == SurveyState.DRAFT, "form": QuestionForm()})


class QuestionAddView(SurveyConsoleMixin, ActionView):
    errors = (services.SurveyError,)

    def back_url(self):
        return reverse("surveys_console:detail",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": self.kwargs["pk"]})

    def act(self, request, **kwargs):
        survey = self.get_survey()
        form = QuestionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write the question (300 characters at most) and "
                                      "choose the kind of answer."))
            return None
        services.add_question(survey=survey, text=form.cleaned_data["text"],
                              kind=form.cleaned_data["kind"], actor=request.user)
        self.done(_("The question was added."))
        return None


class QuestionRemoveView(SurveyConsoleMixin, ActionView):
    errors = (services.SurveyError,)

    def back_url(self):
        return reverse("surveys_console:detail",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": self.kwargs["pk"]})

    def act(self, request, **kwargs):
        survey = self.get_survey()
        question = get_object_or_404(Question, survey=survey, pk=self.kwargs["question_pk"])
        response = self.confirm(
            title=_("Remove this question?"), thing=str(question.label),
            consequence=_("The survey will go out without it."),
            confirm_label=_("Yes, remove the question"),
            undo=_("You can add it again while the survey is being prepared."))
        if response is not None:
            return response
        services.remove_question(question=question, actor=request.user)
        self.done(_("The question was removed."))
        return None
