"""A person's path across the three actions, at ``/consortium/people/<id>/``.

Programme admins see everything. Hub staff see it too, but only the steps their own hubs
touched: their calls and cohorts, their showcase projects, and the hackathons they hosted or
the person registered with them as their hub (the hub that sent or supports them). A mentor
or judge who happens to work at a hub acts in their own name: that does not make the team
the hub's. Staff of a hub the person never met, and everyone else, get a 404, as for a
person id that does not exist."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from hubs.queries import hubs_for_user
from showcase.queries import person_path


def _touched(step) -> set:
    """The hubs that touched a step: its own hub, or those the feature names (hackathons)."""
    return set(step.get("hub_ids") or {step["hub_id"]})


class PersonPathView(View):
    def get(self, request, pk):
        if not request.user.is_authenticated:
            raise Http404
        person = get_object_or_404(get_user_model(), pk=pk)
        steps = person_path(person)
        everything = request.user.is_programme_admin
        hub_names = []
        if not everything:
            staff_hubs = {h.pk: h.name for h in hubs_for_user(request.user)}
            involved = {h for s in steps for h in _touched(s)} & staff_hubs.keys()
            if not involved:
                raise Http404
            steps = [s for s in steps if _touched(s) & involved]
            hub_names = sorted(staff_hubs[h] for h in involved)
        return render(request, "consortium/person.html", {
            "person": person, "path": {"steps": steps}, "everything": everything,
            "hub_names": hub_names})
