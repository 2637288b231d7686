"""The expert pool: list with load, invitations, profile editing. Writes go through the
hackathons app's services (it owns the pool)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from creaconnect.accounts.choices import SpokenLanguage
from hackathons.forms_experts import ExpertInviteForm, ExpertProfileForm
from hackathons.queries import experts_for_pool, open_expert_invitations
from hackathons.services import HackathonError
from hackathons.services import experts as expert_services
from programme.queries import review_load_for_users

from .base import ConsortiumView


class ExpertListView(ConsortiumView):
    def get(self, request, invite_form=None):
        q = request.GET.get("q", "").strip()[:120]
        experts = experts_for_pool(q=q)
        reviews = review_load_for_users(e.user_id for e in experts)
        names = dict(SpokenLanguage.choices)
        for expert in experts:
            expert.open_reviews = reviews.get(expert.user_id, 0)
            expert.language_names = [str(names.get(code, code)) for code in expert.languages]
        return render(request, "consortium/experts.html", {
            "experts": experts, "q": q, "invitations": open_expert_invitations(),
            "invite_form": invite_form or ExpertInviteForm(),
        })


class ExpertInviteView(ExpertListView):
    def get(self, request):
        return redirect("consortium:experts")

    def post(self, request):
        form = ExpertInviteForm(request.POST)
        if form.is_valid():
            try:
                invitation = expert_services.invite_expert(actor=request.user,
                                                           **form.cleaned_data)
            except HackathonError as exc:
                form.add_error("email", str(exc))
            else:
                messages.success(request, _("Invitation sent to %(email)s.")
                                 % {"email": invitation.email})
                return redirect("consortium:experts")
        return super().get(request, invite_form=form)


class ExpertEditView(ConsortiumView):
    def get_profile(self, pk):
        profile = next(iter(experts_for_pool(pk=pk)), None)
        if profile is None:
            raise Http404
        return profile

    def get(self, request, pk):
        profile = self.get_profile(pk)
        form = ExpertProfileForm(initial=ExpertProfileForm.initial_for(profile))
        return render(request, "consortium/expert_edit.html", {"expert": profile, "form": form})

    def post(self, request, pk):
        profile = self.get_profile(pk)
        form = ExpertProfileForm(request.POST)
        if form.is_valid():
            expert_services.update_expert(profile=profile, actor=request.user,
                                          data=form.cleaned_data)
            messages.success(request, _("The profile of %(name)s is saved.") % {"name": profile})
            return redirect("consortium:experts")
        return render(request, "consortium/expert_edit.html", {"expert": profile, "form": form})
