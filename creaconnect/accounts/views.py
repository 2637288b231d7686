from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from creaconnect.core.registry import dashboard_section_providers

from .forms import ProfileForm, UserForm
from .services import profile_for


@login_required
def dashboard(request):
    """The signed-in person's home: profile, roles and every feature's own section."""
    sections = []
    for provider in dashboard_section_providers:
        sections.extend(provider(request))
    return render(request, "accounts/dashboard.html", {
        "profile": profile_for(request.user),
        "sections": sections,
    })


@login_required
def profile_edit(request):
    profile = profile_for(request.user)
    if request.method == "POST":
        user_form = UserForm(request.POST, instance=request.user, prefix="user")
        profile_form = ProfileForm(request.POST, request.FILES, instance=profile, prefix="profile")
        if user_form.is_valid() and profile_form.is_valid():
            with transaction.atomic():
                user_form.save()
                profile_form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
        messages.error(request, _("Please correct the fields marked below."))
    else:
        user_form = UserForm(instance=request.user, prefix="user")
        profile_form = ProfileForm(instance=profile, prefix="profile")
    return render(request, "accounts/profile_form.html", {
        "user_form": user_form,
        "profile_form": profile_form,
        "profile": profile,
    })


@require_POST
def set_language(request):
    """Django's language switch, plus remembering the choice on the account."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(settings.LANGUAGES):
        request.user.preferred_language = lang
        request.user.save(update_fields=["preferred_language"])
    return response
