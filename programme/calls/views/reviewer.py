"""A reviewer's own pages (hub staff or an expert of the pool): what they are asked to
review, one application to score, and declaring a conflict of interest. Anyone else's
assignment, or an application not assigned to them, answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope

from creaconnect.core.actions import ActionView
from creaconnect.core.ratelimit import enforce

from ..forms import ReviewForm
from ..forms_review import ConflictForm
from ..models import Review
from ..services import applications as app_svc
from ..services import review_rounds as svc
from ..services import reviews as review_svc


@login_required
def my_reviews(request):
    return render(request, "programme/reviewer/list.html", {
        "assignments": svc.assignments_for_reviewer(request.user)})


@method_decorator(login_required, name="dispatch")
class AssignmentView(View):
    """GET: the application and the score form. The actions below post elsewhere."""

    http_method_names = ["get"]

    def get_assignment(self):
        assignment = svc.assignment_for_reviewer(self.request.user, self.kwargs["pk"])
        if assignment is None:
            raise Http404
        return assignment

    def dispatch(self, request, *args, **kwargs):
        self.assignment = self.get_assignment()
        with scope(hub=self.assignment.application.call.hub):
            return super().dispatch(request, *args, **kwargs)

    def page(self, form=None, status=200):
        a = self.assignment
        application = a.application
        criteria = review_svc.review_criteria(application, a.round)
        review = (Review.objects.filter(application=application, reviewer=self.request.user,
                                        round=a.round).prefetch_related("scores").first())
        initial = {}
        if review is not None:
            initial = {f"c{s.criterion_id}": s.score for s in review.scores.all()}
            initial["comment"] = review.comment
        answers = app_svc.answers_by_question(application)
        return render(self.request, "programme/reviewer/application.html", {
            "assignment": a, "application": application, "call": application.call,
            "round": a.round, "review": review,
            "rows": [(q, answers.get(q.pk)) for q in application.call.questions.all()],
            "form": form or ReviewForm(criteria=criteria, initial=initial),
            "conflict_form": ConflictForm(),
        }, status=status)

    def get(self, request, **kwargs):
        return self.page()


class ScoreView(AssignmentView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        a = self.assignment
        enforce(request, "score")
        form = ReviewForm(request.POST, criteria=review_svc.review_criteria(a.application,
                                                                            a.round))
        if not form.is_valid():
            return self.page(form, status=422)
        try:
            review_svc.submit_review(application=a.application, reviewer=request.user,
                                     scores=form.scores(), comment=form.cleaned_data["comment"],
                                     review_round=a.round)
        except review_svc.ReviewError as exc:
            form.add_error(None, str(exc))
            return self.page(form, status=422)
        messages.success(request, _("Your review is saved."))
        return redirect("programme:my_reviews")


class ConflictView(AssignmentView, ActionView):
    """Declare a conflict of interest (asks first); someone else takes the application."""

    http_method_names = ["post"]
    errors = (review_svc.ReviewError,)

    def back_url(self) -> str:
        return reverse("programme:review_assignment", kwargs={"pk": self.assignment.pk})

    def act(self, request, **kwargs):
        a = self.assignment
        asked = self.confirm(
            title=_("Declare a conflict of interest?"), thing=str(a.application),
            consequence=_("You will no longer review this application, in any round, and "
                          "another reviewer takes it over."),
            confirm_label=_("Yes, I have a conflict"))
        if asked:
            return asked
        form = ConflictForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        svc.declare_conflict(assignment=a, actor=request.user, reason=reason)
        self.done(_("Thank you. The conflict is recorded and the application goes to another "
                    "reviewer."))
        return redirect("programme:my_reviews")
