"""Hub console: the hub's hackathons, their set-up and status moves."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from creaconnect.core.permissions import PermissionRequiredMixin

from ..forms import ChallengeForm, CriterionForm, HackathonForm, PrizeForm
from ..models import (
    Challenge,
    Criterion,
    Hackathon,
    HackathonStatus,
    Prize,
    Registration,
    RegistrationStatus,
    Submission,
    SubmissionStatus,
    Team,
)
from ..queries import judging_progress
from ..services import HackathonError
from ..services import event as services
from .base import ConsoleActionView, ConsoleView

# What each status move does, shown under its button (one sentence per move).
MOVE_HELP = {
    HackathonStatus.REGISTRATION: gettext_lazy(
        "Opening registration makes the hackathon public: people can register and form "
        "teams. It needs at least one challenge."),
    HackathonStatus.RUNNING: gettext_lazy(
        "Starting the hackathon closes registration and locks every forming team; teams "
        "that miss a composition rule are marked and can be reopened from the Teams tab."),
    HackathonStatus.JUDGING: gettext_lazy(
        "Starting judging closes submissions (except extensions you granted) and lets the "
        "judges score. It needs a rubric."),
    HackathonStatus.RESULTS_PUBLISHED: gettext_lazy(
        "Publishing the results freezes the ranking, shows the winners and the ranking on "
        "the public page and tells every team where to read its feedback. Every judge "
        "assignment must be scored first."),
    HackathonStatus.ARCHIVED: gettext_lazy(
        "Archiving closes the hackathon for good: nothing can change any more; its public "
        "page and results stay online."),
}


class ListView(PermissionRequiredMixin, View):
    permission_required = "hubs.view_console"

    def get(self, request, **kwargs):
        return render(request, "hackathons/console/list.html", {
            "hub": request.hub,
            "hackathons": list(Hackathon.objects.filter(hub=request.hub).order_by("-starts_at")),
        })


class CreateView(PermissionRequiredMixin, View):
    permission_required = "hubs.view_console"

    def get(self, request, **kwargs):
        return render(request, "hackathons/console/form.html",
                      {"hub": request.hub, "form": HackathonForm()})

    def post(self, request, **kwargs):
        form = HackathonForm(request.POST)
        if not form.is_valid():
            return render(request, "hackathons/console/form.html",
                          {"hub": request.hub, "form": form}, status=422)
        hackathon = form.save(commit=False)
        hackathon.hub = request.hub
        services.save_hackathon(hackathon=hackathon, actor=request.user)
        messages.success(request, _("The hackathon is created as a draft. Add its challenges, "
                                    "rubric and prizes, then open registration."))
        return redirect(hackathon.get_console_url())


class EditView(ConsoleView):
    def get(self, request, **kwargs):
        return render(request, "hackathons/console/form.html",
                      {"hub": request.hub, "hackathon": self.hackathon,
                       "form": HackathonForm(instance=self.hackathon)})

    def post(self, request, **kwargs):
        form = HackathonForm(request.POST, instance=self.hackathon)
        if not form.is_valid():
            return render(request, "hackathons/console/form.html",
                          {"hub": request.hub, "hackathon": self.hackathon, "form": form},
                          status=422)
        services.save_hackathon(hackathon=form.save(commit=False), actor=request.user,
                                fields=form.changed_data)
        messages.success(request, _("Saved."))
        return redirect(self.hackathon.get_console_url())


SETUP = {
    "challenge": (Challenge, ChallengeForm),
    "criterion": (Criterion, CriterionForm),
    "prize": (Prize, PrizeForm),
}
DELETE_TITLE = {"challenge": gettext_lazy("Remove this challenge?"),
                "criterion": gettext_lazy("Remove this criterion?"),
                "prize": gettext_lazy("Remove this prize?")}
DELETE_CONSEQUENCE = {
    "challenge": gettext_lazy("Teams can no longer choose it."),
    "criterion": gettext_lazy("Judges no longer score it, and the weighted totals no longer "
                              "count it."),
    "prize": gettext_lazy("It is no longer listed or awarded."),
}


class DetailView(ConsoleView):
    """Overview: status and its moves, figures, set-up (challenges, rubric, prizes)."""

    def forms(self, bound=None, which=None):
        h = self.hackathon
        out = {}
        for key, (_model, form_class) in SETUP.items():
            kwargs = {"hackathon": h} if form_class is PrizeForm else {}
            out[key] = bound if key == which else form_class(prefix=key, **kwargs)
        return out

    def render_page(self, forms=None, status=200):
        h = self.hackathon
        _per, done, total = judging_progress(h)
        regs = Registration.objects.filter(hackathon=h)
        figures = [
            (_("Registered"), regs.filter(status=RegistrationStatus.REGISTERED).count()),
            (_("Waiting list"), regs.filter(status=RegistrationStatus.WAITLISTED).count()),
            (_("Teams"), Team.objects.filter(hackathon=h).count()),
            (_("Submitted"), Submission.objects.filter(
                hackathon=h, status=SubmissionStatus.SUBMITTED).count()),
            (_("Scores given"), f"{done}/{total}"),
        ]
        return render(self.request, "hackathons/console/detail.html", {
            "hub": self.request.hub, "hackathon": h, "figures": figures,
            "moves": [{"value": m, "label": HackathonStatus(m).label,
                       "help": MOVE_HELP.get(HackathonStatus(m), "")}
                      for m in sorted(services.HACKATHON.allowed(h.status))],
            "challenges": list(h.challenges.all()), "criteria": list(h.criteria.all()),
            "prizes": list(h.prizes.select_related("challenge", "winner")),
            "forms": forms or self.forms(),
        }, status=status)

    def get(self, request, **kwargs):
        return self.render_page()


class MoveView(ConsoleActionView):
    """Move the hackathon to the status in the URL (``to``), through its service; a status
    the machine does not offer from here is refused with its sentence."""

    def act(self, request, to, **kwargs):
        if to not in services.MOVES:
            raise Http404
        services.MOVES[to](hackathon=self.hackathon, actor=request.user)
        self.done(_("The hackathon is now: %(s)s.") % {"s": HackathonStatus(to).label})


class AddSetupItemView(ConsoleActionView):
    """Add a challenge, a rubric criterion or a prize (``kind``, one URL each)."""

    kind = ""

    def act(self, request, **kwargs):
        _model, form_class = SETUP[self.kind]
        extra = {"hackathon": self.hackathon} if form_class is PrizeForm else {}
        form = form_class(request.POST, prefix=self.kind, **extra)
        if not form.is_valid():
            page = DetailView(request=request, kwargs=self.kwargs)
            page.hackathon = self.hackathon
            return page.render_page(page.forms(form, self.kind), status=422)
        item = form.save(commit=False)
        item.hackathon = self.hackathon
        if "challenge" in form.cleaned_data:
            item.challenge = form.cleaned_data["challenge"]
        try:
            with transaction.atomic():
                services.save_setup_item(item=item, actor=request.user)
        except IntegrityError as exc:  # the criterion name is unique per hackathon
            raise HackathonError(_("An item with this name already exists.")) from exc
        self.done(_("Added."))
        return None


class DeleteSetupItemView(ConsoleActionView):
    """Remove a challenge, a rubric criterion or a prize (``kind``), after confirming."""

    kind = ""

    def act(self, request, pk, **kwargs):
        model, _form = SETUP[self.kind]
        item = get_object_or_404(model, hackathon=self.hackathon, pk=pk)
        confirm = self.confirm(
            title=DELETE_TITLE[self.kind], thing=str(item),
            consequence=DELETE_CONSEQUENCE[self.kind],
            undo=_("To get it back, add it again."), confirm_label=_("Yes, remove it"))
        if confirm:
            return confirm
        services.delete_setup_item(item=item, actor=request.user)
        self.done(_("Removed."))
        return None
