"""A credited member's own consent requests: read what will be shown, approve, decline,
withdraw, hide their name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core.confirm import confirmation_required

from .. import services
from ..models import CONSENT_TEXT_VERSION, ConsentState, CreditedMember
from ..queries import consents_for_user

DECISIONS = {"approve": ConsentState.APPROVED, "decline": ConsentState.DECLINED,
             "withdraw": ConsentState.WITHDRAWN}


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
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in DECISIONS:
                if action == "withdraw":
                    confirm = confirmation_required(
                        request, title=_("Withdraw your consent?"), thing=member.project.title,
                        consequence=_("The project will not be shown publicly; if it is public "
                                      "now, it is taken down at once."),
                        undo=_("The team can ask for your consent again later."),
                        confirm_label=_("Yes, withdraw my consent"))
                    if confirm:
                        return confirm
                services.answer_consent(member=member, decision=DECISIONS[action],
                                        actor=request.user)
                messages.success(request, {
                    "approve": _("Thank you. Your consent is recorded."),
                    "decline": _("Your answer is recorded: the project will not be shown."),
                    "withdraw": _("Your consent is withdrawn; the project is no longer public."),
                }[action])
            elif action in ("hide", "show"):
                services.set_member_hidden(member=member, hidden=action == "hide",
                                           actor=request.user)
                messages.success(request, _("Your name is hidden on the public page.")
                                 if action == "hide" else
                                 _("Your name is shown on the public page."))
            else:
                messages.error(request, _("Unknown action."))
        except services.ShowcaseError as exc:
            messages.error(request, str(exc))
        return redirect("showcase:consent", pk=member.pk)
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
