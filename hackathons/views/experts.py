"""Accepting an invitation to the expert pool: with an account, or creating one here."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..forms_experts import ExpertSignupForm
from ..queries import expert_invitation_by_token
from ..services import HackathonError
from ..services import experts as services

BACKEND = "django.contrib.auth.backends.ModelBackend"


def accept_invitation(request, token):
    """The invitation's page. The token is the credential. A signed-in person accepts with
    one button; a visitor without an account creates it here (the e-mail is the invited
    one), which also creates the expert profile."""
    invitation = expert_invitation_by_token(token)
    if invitation is None:
        return render(request, "hackathons/expert_invitation.html", {"invitation": None},
                      status=404)
    form = None
    if not request.user.is_authenticated:
        form = ExpertSignupForm(request.POST or None, email=invitation.email,
                                initial={"display_name": invitation.display_name})
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.accept_expert_invitation(invitation=invitation, user=request.user)
            elif form.is_valid():
                user = services.create_expert_account(
                    invitation=invitation, display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password1"],
                    language=getattr(request, "LANGUAGE_CODE", ""))
                login(request, user, backend=BACKEND)
            else:
                return render(request, "hackathons/expert_invitation.html",
                              _context(request, invitation, form))
        except HackathonError as exc:
            messages.error(request, str(exc))
            return redirect("hackathons:expert_invitation", token=token)
        messages.success(request, _("Welcome to the CreaConnect expert pool."))
        return redirect("hackathons:judge_queue")
    return render(request, "hackathons/expert_invitation.html", _context(request, invitation, form))


def _context(request, invitation, form):
    login_url = reverse("account_login") + "?" + urlencode({"next": request.get_full_path()})
    return {"invitation": invitation, "form": form, "login_url": login_url}
