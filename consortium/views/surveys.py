"""Satisfaction survey results across the hubs: every sent survey with its response rate and
overall rating (hidden under MIN_RESPONSES responses), filtered by hub and activity, each
linking to its results in the hub's console."""

from django.core.paginator import Paginator
from django.shortcuts import render

from hubs.queries import public_hubs
from surveys.queries import ACTIVITY_KINDS, MIN_RESPONSES, rate, surveys_for_programme

from ..forms import SurveyFilterForm
from .base import ConsortiumView

PAGE_SIZE = 30


class SurveyResultsView(ConsortiumView):
    def get(self, request):
        hubs = public_hubs()  # evaluated once by the form
        form = SurveyFilterForm(request.GET or None, hubs=hubs, kinds=ACTIVITY_KINDS)
        hub_id, kind = None, ""
        if form.is_bound and form.is_valid():
            hub_id = int(form.cleaned_data["hub"]) if form.cleaned_data["hub"] else None
            kind = form.cleaned_data["kind"]
        page = Paginator(surveys_for_programme(hub_id=hub_id, kind=kind),
                         PAGE_SIZE).get_page(request.GET.get("page"))
        for survey in page.object_list:
            survey.rate = rate(survey.responded, survey.invited)
            survey.enough = survey.responded >= MIN_RESPONSES
        return render(request, "consortium/surveys.html", {"form": form, "page": page})
