"""The participant's answer page, ``/surveys/<token>/``: the e-mail's link. It needs the
token *and* the invited person signed in; anyone else (another person with the link, a
guessed token) gets 404. GET only shows; POST records the answers once."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope

from ..models import LIKERT_LABELS
from ..services import SurveyError, invitation_for, is_open, submit_response


class AnswerView(View):
    template_name = "surveys/answer.html"

    def dispatch(self, request, *args, token, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.invitation = invitation_for(request.user, token)
        if self.invitation is None:
            raise Http404
        # The person's own invitation, found: the rest of the page reads its hub's rows.
        with scope(hub=self.invitation.survey.hub):
            return super().dispatch(request, *args, **kwargs)

    def page(self, request, *, values=None, error="", status=200):
        survey = self.invitation.survey
        questions = list(survey.questions.all())
        values = values or {}
        for q in questions:
            q.value = values.get(f"q{q.pk}", "")
            q.field = f"q{q.pk}"
        return render(request, self.template_name, {
            "invitation": self.invitation, "survey": survey, "questions": questions,
            "likert": LIKERT_LABELS, "open": is_open(survey),
            "answered": self.invitation.answered_at is not None, "error": error},
            status=status)

    def get(self, request):
        return self.page(request)

    def post(self, request):
        try:
            submit_response(invitation=self.invitation, values=request.POST)
        except SurveyError as exc:
            self.invitation.refresh_from_db()
            return self.page(request, values=request.POST, error=str(exc), status=422)
        messages.success(request, _("Thank you! Your answers were recorded."))
        return redirect(self.invitation.get_absolute_url())
