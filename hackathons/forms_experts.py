"""Forms of the expert pool: inviting an expert, editing a profile, signing up through an
invitation."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from creaconnect.accounts.choices import SpokenLanguage
from hubs.models import Hub

from .models import Availability


class TagListField(forms.CharField):
    """A comma-separated list of expertise tags (each at most 60 characters, at most 20)."""

    def to_python(self, value):
        value = super().to_python(value)
        items = [" ".join(v.split()).lower() for v in value.split(",")] if value else []
        items = list(dict.fromkeys(v for v in items if v))
        if any(len(item) > 60 for item in items):
            raise forms.ValidationError(_("Each area of expertise has at most 60 characters."))
        if len(items) > 20:
            raise forms.ValidationError(_("Please list at most 20 areas of expertise."))
        return items

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value


def country_choices():
    return [("", _("Choose a country…")), *countries]


EXPERTISE_HELP = _("Comma-separated, for example: game design, circular fashion, funding.")


class ExpertInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    display_name = forms.CharField(label=_("Name"), max_length=120, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    expertise = TagListField(label=_("Expertise"), required=False, help_text=EXPERTISE_HELP)


class ExpertProfileForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    hub = forms.ModelChoiceField(label=_("Hub affiliation"), required=False,
                                 queryset=Hub.objects.order_by("name"),
                                 help_text=_("The expert never judges teams linked to it."))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    expertise = TagListField(label=_("Expertise"), required=False, help_text=EXPERTISE_HELP)
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False,
                                          choices=SpokenLanguage.choices,
                                          widget=forms.CheckboxSelectMultiple)
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    declared_conflicts = forms.CharField(
        label=_("Declared conflicts of interest"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Organisations, teams or people the expert should not judge, and why."))
    bio = forms.CharField(label=_("Public bio"), max_length=1000, required=False,
                          widget=forms.Textarea(attrs={"rows": 4}))
    is_active = forms.BooleanField(label=_("In the pool"), required=False)

    FIELDS = ("country", "hub", "organisation", "expertise", "languages", "availability",
              "declared_conflicts", "bio", "is_active")

    @classmethod
    def initial_for(cls, profile) -> dict:
        return {name: getattr(profile, name) for name in cls.FIELDS}


class ExpertSignupForm(forms.Form):
    """The account part of accepting an invitation without an account."""

    display_name = forms.CharField(label=_("Your name"), max_length=120)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and have read the privacy notice."),
        error_messages={"required": _("Please accept the terms of use to create an account.")})

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from django.contrib.auth import get_user_model
            probe = get_user_model()(email=self.email, display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
