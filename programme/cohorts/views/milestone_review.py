"""Reviewing a participant's milestone evidence, shared by the hub console and the mentor page.

Both pages post the same ``ReviewForm``; the rule (who may review, feedback required to ask for
changes, the participant told) lives once in ``services.milestones.review_evidence``, and the
form-to-service step lives once here.
"""

from django.contrib import messages
from django.utils.translation import gettext as _

from ..forms import ReviewForm
from ..services import milestones as milestone_services
from ..services.cohorts import CohortError


def review_from_post(request, submission) -> ReviewForm | None:
    """Review ``submission`` from the posted ``ReviewForm``.

    Returns the bound form when it is invalid (the caller re-renders it with a 422), else
    ``None`` after the review is saved (success message) or refused (error message).
    """
    form = ReviewForm(request.POST, prefix=f"s{submission.pk}")
    if not form.is_valid():
        return form
    try:
        milestone_services.review_evidence(
            submission=submission, actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            feedback=form.cleaned_data["feedback"])
        messages.success(request, _("Review saved; %(name)s is told.")
                         % {"name": submission.member.user})
    except CohortError as exc:
        messages.error(request, str(exc))
    return None
