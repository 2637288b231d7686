"""One moderation queue for every hub's showcase projects. The moves are the showcase
app's own services (the ``PROJECT`` state machine and ``_move`` live there); each runs inside the
project's hub scope."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_scopes import scope

from creaconnect.core.confirm import confirmation_required
from hubs.queries import public_hubs
from showcase import services as showcase_services
from showcase.queries import project_for_moderation, projects_for_moderation
from showcase.services import ProjectState

from ..forms import ShowcaseFilterForm
from .base import ConsortiumView

PAGE_SIZE = 30
# The URL of each target state's move (the moves themselves are the showcase services).
MOVE_URLS = {
    ProjectState.AWAITING_CONSENT: ("consortium:showcase_consents", _lazy("Ask for consent")),
    ProjectState.PUBLISHED: ("consortium:showcase_publish", _lazy("Publish")),
    ProjectState.WITHDRAWN: ("consortium:showcase_withdraw", _lazy("Take down")),
    ProjectState.DRAFT: ("consortium:showcase_draft", _lazy("Back to draft")),
}
BADGE_TONES = {ProjectState.DRAFT: "neutral", ProjectState.AWAITING_CONSENT: "info",
               ProjectState.PUBLISHED: "ok", ProjectState.WITHDRAWN: "warn"}


class ModerationView(ConsortiumView):
    def get(self, request):
        hubs = public_hubs()  # evaluated once by the form
        form = ShowcaseFilterForm(request.GET or None, hubs=hubs, states=ProjectState.choices)
        hub_id, state = None, ""
        if form.is_bound and form.is_valid():
            hub_id = int(form.cleaned_data["hub"]) if form.cleaned_data["hub"] else None
            state = form.cleaned_data["state"]
        page = Paginator(projects_for_moderation(hub_id=hub_id, state=state),
                         PAGE_SIZE).get_page(request.GET.get("page"))
        for project in page.object_list:
            project.moves = [(reverse(MOVE_URLS[to][0], kwargs={"pk": project.pk}),
                              MOVE_URLS[to][1])
                             for to in sorted(showcase_services.PROJECT.allowed(project.state))]
            project.tone = BADGE_TONES.get(project.state, "neutral")
        return render(request, "consortium/showcase.html", {"form": form, "page": page})


class MoveView(ConsortiumView):
    """POST only: one move of one project, through the showcase service."""

    def post(self, request, pk):
        project = project_for_moderation(pk)
        if project is None:
            raise Http404
        confirm = self.confirm(request, project)
        if confirm:
            return confirm
        try:
            with scope(hub=project.hub):
                self.move(project, request.user)
        except showcase_services.ShowcaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(self.done) % {"project": project.title})
        return redirect(self.back(request))

    def confirm(self, request, project):
        return None

    @staticmethod
    def back(request):
        return reverse("consortium:showcase") + (
            "?" + request.POST["next_query"] if request.POST.get("next_query") else "")


class RequestConsentsView(MoveView):
    done = _lazy("Consent was requested for “%(project)s”.")

    def move(self, project, actor):
        showcase_services.request_consents(project=project, actor=actor)


class PublishView(MoveView):
    done = _lazy("“%(project)s” is published.")

    def move(self, project, actor):
        showcase_services.publish_project(project=project, actor=actor)


class WithdrawView(MoveView):
    done = _lazy("“%(project)s” was taken down.")

    def confirm(self, request, project):
        return confirmation_required(
            request, title=_("Take this project down?"), thing=project.title,
            consequence=_("The project leaves the public showcase and the search at once."),
            undo=_("You can ask the team for consent again and publish it later."),
            confirm_label=_("Yes, take it down"), cancel_url=reverse("consortium:showcase"))

    def move(self, project, actor):
        showcase_services.withdraw_project(project=project, actor=actor)


class ReturnToDraftView(MoveView):
    done = _lazy("“%(project)s” is back in draft.")

    def confirm(self, request, project):
        return confirmation_required(
            request, title=_("Return this project to draft?"), thing=project.title,
            consequence=_("Consents collected so far are reset; the team is asked again "
                          "before publication."),
            confirm_label=_("Yes, back to draft"), cancel_url=reverse("consortium:showcase"))

    def move(self, project, actor):
        showcase_services.return_to_draft(project=project, actor=actor)
