from urllib.parse import urlsplit, urlunsplit

from allauth.account.views import email as allauth_email
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creaconnect.core.confirm import confirmation_required
from creaconnect.core.registry import dashboard_section_providers

from .dashboard_cache import sections_html
from .forms import ProfileForm, UserForm
from .services import profile_for, save_profile, set_preferred_language


@login_required
def dashboard(request):
    """The signed-in person's home: profile, roles and every feature's own section."""
    def build():
        sections = []
        for provider in dashboard_section_providers:
            sections.extend(provider(request))
        return sections

    return render(request, "accounts/dashboard.html", {
        "profile": profile_for(request.user),
        # Rendered once per person until something they see changes (dashboard_cache).
        "sections_html": sections_html(request, build),
    })


@login_required
def profile_edit(request):
    profile = profile_for(request.user)
    if request.method == "POST":
        user_form = UserForm(request.POST, instance=request.user, prefix="user")
        profile_form = ProfileForm(request.POST, request.FILES, instance=profile, prefix="profile")
        if user_form.is_valid() and profile_form.is_valid():
            save_profile(user=user_form.save(commit=False),
                         profile=profile_form.save(commit=False), actor=request.user)
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


def path_in_language(url: str, lang: str) -> str:
    """``url`` (a local path with its query string) with its language prefix replaced by the
    one ``lang`` takes: none for the default language, ``/<lang>/`` for the others.

    Django's own switch translates the URL by resolving it in the language active during the
    switch request, which is always the default one (``/i18n/setlang/`` has no prefix): a
    ``/fr/...`` path does not resolve there and came back unchanged, so nobody could leave
    French. Swapping the prefix works for every page, including one that does not resolve.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1:] or "/"
    # One leading slash only: "/fr//evil.example" without its prefix would otherwise be the
    # scheme-relative "//evil.example" (an open redirect); "/\\evil" likewise for browsers.
    path = "/" + path.lstrip("/\\")
    if lang != settings.LANGUAGE_CODE:
        path = f"/{lang}{path}"
    return urlunsplit(("", "", path, parts.query, ""))


@require_POST
def set_language(request):
    """Switch the interface language: back to the same page (query string kept) in the chosen
    language, the choice kept in the language cookie and, for a signed-in person, on the
    account (so ``UserLanguageMiddleware`` sends them to it from unprefixed URLs)."""
    lang = request.POST.get("language", "")
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    if lang not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(path_in_language(next_url, lang))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    if request.user.is_authenticated:
        set_preferred_language(user=request.user, language=lang, actor=request.user)
    return response


def email_addresses(request):
    """allauth's e-mail addresses page, with the shared confirmation before one is removed."""
    if request.method == "POST" and "action_remove" in request.POST:
        confirm = confirmation_required(
            request, title=_("Remove this e-mail address?"),
            thing=request.POST.get("email", "")[:254],
            consequence=_("You can no longer sign in with it, and no mail is sent to it."),
            undo=_("You can add it again; it then needs confirming again."),
            confirm_label=_("Yes, remove the address"))
        if confirm:
            return confirm
    return allauth_email(request)
