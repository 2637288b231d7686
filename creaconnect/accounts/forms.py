from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.postgres.forms import SimpleArrayField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from creaconnect.core.uploads import validate_upload

from .choices import ConsentKind, Discipline, SpokenLanguage
from .models import Profile, User
from .services import record_consent
from .timezones import zone_choices, zone_for_country


class LoginForm(AllauthLoginForm):
    """The library's sign-in form with the house's sentence-case labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")
        if "login" in self.fields:
            self.fields["login"].label = _("E-mail address")


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Shown to hub staff, mentors and your team."),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and have read the privacy notice."),
        required=True,
        error_messages={"required": _("Please accept the terms of use to create an account.")},
    )

    field_order = ["display_name", "email", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The terms of use are part of the privacy notice, the one page that holds them.
        notice = reverse("accounts:privacy_notice")
        self.fields["accept_terms"].label = format_html(
            _('I accept the <a href="{terms}">terms of use</a> and have read the '
              '<a href="{privacy}">privacy notice</a>.'), terms=notice, privacy=notice)

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data["display_name"].strip()
        lang = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if lang in dict(settings.LANGUAGES):
            user.preferred_language = lang
        user.save(update_fields=["display_name", "preferred_language"])
        record_consent(user=user, kind=ConsentKind.TERMS, version=settings.TERMS_VERSION)
        record_consent(user=user, kind=ConsentKind.PRIVACY, version=settings.PRIVACY_VERSION)
        Profile.objects.get_or_create(user=user)
        return user


class AvatarInput(forms.ClearableFileInput):
    """The current photo as an image with a "Remove photo" box, not Django's "Currently:
    avatars/98/avatar.png ☐ Clear"."""

    template_name = "accounts/widgets/avatar_input.html"
    initial_text = _("Your current photo")
    input_text = _("Choose another photo to replace it.")
    clear_checkbox_label = _("Remove photo")


def with_empty_label(form, label=None):
    """Selects of ``form`` offer a meaningful, translated empty choice instead of "---------"."""
    for field in form.fields.values():
        choices = getattr(field, "choices", None)
        if isinstance(field.widget, forms.Select) and choices and not isinstance(
                field.widget, forms.SelectMultiple):
            field.choices = [("", label or _("Choose…")) if value == "" else (value, text)
                             for value, text in choices]


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]


class ProfileForm(forms.ModelForm):
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines"),
        choices=Discipline.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = SimpleArrayField(
        forms.CharField(max_length=40),
        label=_("Skills"),
        required=False,
        max_length=15,
        help_text=_("Comma-separated, for example: prototyping, video editing, fundraising."),
    )
    # Grouped by region (option groups); unset, it shows the zone of the country.
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=zone_choices, required=False,
        help_text=Profile._meta.get_field("time_zone").help_text)

    class Meta:
        model = Profile
        fields = ["country", "city", "time_zone", "organisation", "disciplines", "skills",
                  "languages", "gender", "birth_year", "fewer_opportunities", "bio", "avatar"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
                   "avatar": AvatarInput(attrs={"accept": "image/*"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_empty_label(self)
        if not (self.instance and self.instance.time_zone):
            self.initial["time_zone"] = zone_for_country(getattr(self.instance, "country", ""))

    def clean_skills(self):
        skills = [s.strip() for s in self.cleaned_data.get("skills") or [] if s.strip()]
        return list(dict.fromkeys(skills))

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and hasattr(avatar, "content_type"):  # a new upload, not the stored file
            return validate_upload(avatar, kind="avatar", max_side=600)
        return avatar
