"""The judge's queue and scoring page. An unassigned submission answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope, scopes_disabled

from creaconnect.core.actions import ActionView
from creaconnect.core.ratelimit import enforce
from creaconnect.core.scoring import weighted_total

from ..forms import DeclareConflictForm, ScoreForm
from ..models import EXPO_MODES, HackathonStatus, JudgeAssignment, PanelJudge, Score
from ..queries import judge_queue
from ..services import HackathonError
from ..services import judging as services
from ..services.submissions import current_files


@login_required
def queue(request):
    assignments = judge_queue(request.user)
    done = sum(1 for a in assignments if a.scored_at)
    with scopes_disabled():  # the judge's own panels, in every hub
        expos = [p.hackathon for p in PanelJudge.objects.filter(
            judge=request.user, hackathon__status=HackathonStatus.JUDGING,
            hackathon__judging_mode__in=EXPO_MODES)
            .select_related("hackathon__hub")]
    return render(request, "hackathons/judge_queue.html", {
        "assignments": assignments, "expos": expos, "done": done, "total": len(assignments),
        "percent": round(100 * done / len(assignments)) if assignments else 0,
    })


class ScoreView(View):
    """Scoring page of one submission; the URL's ``pk`` is the submission."""

    def dispatch(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with scopes_disabled():  # find the judge's own assignment, then enter its hub
            self.assignment = (JudgeAssignment.objects.filter(submission_id=pk, judge=request.user)
                               .select_related("hackathon__hub", "submission__team",
                                               "submission__challenge").first())
        if self.assignment is None:
            raise Http404
        with scope(hub=self.assignment.hackathon.hub):
            if not request.user.has_perm("hackathons.score_submission",
                                         self.assignment.submission):
                raise Http404
            return super().dispatch(request, pk)

    def render_page(self, form=None, status=200):
        a = self.assignment
        h, sub = a.hackathon, a.submission
        criteria = list(h.criteria.all())
        mine = {s.criterion_id: s.value for s in Score.objects.filter(submission=sub,
                                                                      judge=self.request.user)}
        initial = {f"c{c}": v for c, v in mine.items()}
        initial.update(comment_to_team=a.comment_to_team, private_note=a.private_note)
        others = []
        if a.scored_at:  # other judges' scores stay hidden until this judge has scored
            rows = {}
            for s in (Score.objects.filter(submission=sub).exclude(judge=self.request.user)
                      .select_related("judge")):
                rows.setdefault(s.judge, {})[s.criterion_id] = s.value
            others = [(judge, [values.get(c.pk) for c in criteria])
                      for judge, values in sorted(rows.items(), key=lambda kv: str(kv[0]))]
        open_ = h.status == HackathonStatus.JUDGING and timezone.now() < h.judging_closes
        queue_ = judge_queue(self.request.user)
        done = sum(1 for x in queue_ if x.scored_at)
        ids = [x.submission_id for x in queue_]
        here = ids.index(sub.pk) if sub.pk in ids else -1
        after = queue_[here + 1:] + queue_[:max(here, 0)]
        my_total = weighted_total(criteria=criteria, scores=mine) if criteria else None
        return render(self.request, "hackathons/judge_score.html", {
            "assignment": a, "hackathon": h, "submission": sub, "criteria": criteria,
            "form": form or ScoreForm(criteria=criteria, initial=initial),
            "conflict_form": DeclareConflictForm(), "others": others, "open": open_,
            "files": list(current_files(sub)), "done": done,
            "total": len(queue_),
            "my_scores": [(c, mine.get(c.pk)) for c in criteria],
            "percent": round(100 * done / len(queue_)) if queue_ else 0,
            "previous": queue_[here - 1] if here > 0 else None,
            "next": queue_[here + 1] if 0 <= here < len(queue_) - 1 else None,
            "next_to_score": next((x for x in after if x.scored_at is None), None),
            "position": here + 1, "my_total": my_total,
            "weights": [(c.pk, float(c.weight), c.scale_max) for c in criteria],
        }, status=status)

    def get(self, request, pk):
        return self.render_page()

    def post(self, request, pk):
        enforce(request, "score")
        a = self.assignment
        form = ScoreForm(request.POST, criteria=list(a.hackathon.criteria.all()))
        if not form.is_valid():
            return self.render_page(form=form, status=422)
        try:
            services.save_scores(assignment=a, values=form.values(),
                                 comment=form.cleaned_data["comment_to_team"],
                                 note=form.cleaned_data["private_note"], actor=request.user)
            messages.success(request, _("Your scores are saved."))
        except HackathonError as exc:
            messages.error(request, str(exc))
        return redirect(request.path)


class DeclareConflictView(ActionView, ScoreView):
    """POST only: the judge declares a conflict of interest, after confirming that their
    assignment (and any score they gave) goes and the submission goes to another judge."""

    errors = (HackathonError,)

    def back_url(self) -> str:
        return reverse("hackathons:judge_score", kwargs={"pk": self.assignment.submission_id})

    def act(self, request, **kwargs):
        enforce(request, "score")
        confirm = self.confirm(
            title=_("Declare a conflict of interest?"), thing=str(self.assignment.submission),
            consequence=_("Your assignment to this submission is removed, with any score you "
                          "gave it, and the submission goes to another judge of the panel."),
            undo=_("Only the organisers can assign it to you again."),
            confirm_label=_("Yes, declare the conflict"))
        if confirm:
            return confirm
        form = DeclareConflictForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.declare_conflict(assignment=self.assignment, reason=reason, actor=request.user)
        self.done(_("Thank you. The submission was given to another judge."))
        return redirect("hackathons:judge_queue")
