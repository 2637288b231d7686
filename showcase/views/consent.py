"""A credited member's own consent requests: read what will be shown, approve, decline,
withdraw, hide their name."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core.actions import ActionView

from .. import services
from ..models import CONSENT_TEXT_VERSION, ConsentState, CreditedMember
from ..queries import consents_for_user


@login_required
def consent_list(request):
    return render(request, "showcase/consent_list.html",
                  {"credits": consents_for_user(request.user)})


def _member_or_404(request, pk):
    # A person's credit may be in any hub; the permission check below limits it to theirs.
    with scopes_disabled():
        member = (CreditedMember.objects.select_related("project", "project__hub")
                  .filter(pk=pk).first())
        if member is None or not request.user.has_perm("showcase.answer_consent", member):
            raise Http404
    return member


@login_required
def consent_detail(request, pk):
    member = _member_or_404(request, pk)
    with scopes_disabled():  # the member previews their own project, whatever its hub
        project = member.project
        team = list(project.members.all())
        images = list(project.images.all())
        history = list(member.consent_records.all()[:10])
    return render(request, "showcase/consent.html", {
        "member": member, "project": project, "team": team,
        "story_html": services.clean_story(project.story), "images": images,
        "history": history, "text_version": CONSENT_TEXT_VERSION,
    })


class ConsentActionView(ActionView):
    """One answer of a credited member about their own credit (POST only); anyone else's
    credit is not found (404), an anonymous visitor is sent to sign in."""

    errors = (services.ShowcaseError,)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.member = _member_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("showcase:consent", kwargs={"pk": self.member.pk})


class ApproveConsentView(ConsentActionView):
    def act(self, request, **kwargs):
        services.answer_consent(member=self.member, decision=ConsentState.APPROVED,
                                actor=request.user)
        self.done(_("Thank you. Your consent is recorded."))


class DeclineConsentView(ConsentActionView):
    def act(self, request, **kwargs):
        services.answer_consent(member=self.member, decision=ConsentState.DECLINED,
                                actor=request.user)
        self.done(_("Your answer is recorded: the project will not be shown."))


class WithdrawConsentView(ConsentActionView):
    def act(self, request, **kwargs):
        confirm = self.confirm(
            title=_("Withdraw your consent?"), thing=self.member.project.title,
            consequence=_("The project will not be shown publicly; if it is public now, it is "
                          "taken down at once."),
            undo=_("The team can ask for your consent again later."),
            confirm_label=_("Yes, withdraw my consent"))
        if confirm:
            return confirm
        services.answer_consent(member=self.member, decision=ConsentState.WITHDRAWN,
                                actor=request.user)
        self.done(_("Your consent is withdrawn; the project is no longer public."))
        return None


class HideNameView(ConsentActionView):
    def act(self, request, **kwargs):
        services.set_member_hidden(member=self.member, hidden=True, actor=request.user)
        self.done(_("Your name is hidden on the public page."))


class ShowNameView(ConsentActionView):
    def act(self, request, **kwargs):
        services.set_member_hidden(member=self.member, hidden=False, actor=request.user)
        self.done(_("Your name is shown on the public page."))
