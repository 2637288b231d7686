from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_scopes import scopes_disabled

from creaconnect.accounts.choices import Discipline
from creaconnect.core.i18n_content import TranslationsFormMixin
from creaconnect.core.uploads import validate_upload
from hubs.forms import offered_hubs

from .models import (
    RESERVED_SLUGS,
    InterestKind,
    LookingFor,
    ShowcaseProject,
    Stage,
    Theme,
)

PROJECT_FIELDS = ["title", "slug", "tagline", "story", "theme", "stage", "disciplines",
                  "countries", "looking_for", "video_url", "website", "cover_alt",
                  "from_team", "from_submission", "from_cohort_member", "source_label"]


def _blank(label):
    return [("", label)]


class GalleryFilterForm(forms.Form):
    """The gallery's filters; every field optional, invalid values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    theme = forms.ChoiceField(label=_("Theme"), required=False,
                              choices=_blank(_("All themes")) + Theme.choices)
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False,
                              choices=_blank(_("Any stage")) + Stage.choices)
    looking_for = forms.ChoiceField(label=_("Looking for"), required=False,
                                    choices=_blank(_("Anything")) + LookingFor.choices)
    awards = forms.BooleanField(label=_("Award winners only"), required=False)

    def __init__(self, data=None, *, hubs, country_codes=()):
        super().__init__(data)
        self.fields["hub"].choices = _blank(_("All hubs")) + [
            (h.slug, h.name) for h in offered_hubs(hubs)]
        names = dict(countries)
        self.fields["country"].choices = _blank(_("All countries")) + sorted(
            ((c, names.get(c, c)) for c in country_codes), key=lambda c: str(c[1]))

    def filters(self) -> dict:
        """Cleaned filters; a field with an invalid value is dropped, not an error."""
        self.is_valid()
        data = {}
        for name in self.fields:
            if name in self.cleaned_data:
                data[name] = self.cleaned_data[name]
        return {k: v for k, v in data.items() if v not in ("", None, False)}


class ProjectForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = ShowcaseProject.TRANSLATABLE_FIELDS
    cover_upload = forms.ImageField(
        label=_("Cover image"), required=False,
        help_text=_("JPEG, PNG or WebP up to 6 MB. We resize it for the web."))
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines"), required=False, choices=Discipline.choices,
        widget=forms.CheckboxSelectMultiple)
    countries = forms.MultipleChoiceField(label=_("Countries"), required=False,
                                          choices=list(countries))
    looking_for = forms.MultipleChoiceField(
        label=_("Looking for"), required=False, choices=LookingFor.choices,
        widget=forms.CheckboxSelectMultiple)
    from_team = forms.ModelChoiceField(
        label=_("Grew from the hackathon team"), required=False, queryset=None,
        help_text=_("Filled in from the submission when you choose one."))
    from_submission = forms.ModelChoiceField(label=_("Grew from the hackathon submission"),
                                             required=False, queryset=None)
    from_cohort_member = forms.ModelChoiceField(
        label=_("Grew from the cohort membership"), required=False, queryset=None)

    class Meta:
        model = ShowcaseProject
        fields = PROJECT_FIELDS
        widgets = {"story": forms.Textarea(attrs={"rows": 10}),
                   "slug": forms.TextInput(attrs={"data-slug-from": "id_title"})}

    def __init__(self, *args, hub=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices limited to what the hub hosted, read through the owning apps' queries.
        from hackathons.queries import submissions_for_showcase, teams_for_showcase
        from programme.queries import cohort_members_for_showcase

        hub = hub or getattr(self.instance, "hub", None)
        self.fields["from_team"].queryset = teams_for_showcase(hub)
        self.fields["from_team"].label_from_instance = lambda t: f"{t.hackathon} — {t.name}"
        self.fields["from_submission"].queryset = submissions_for_showcase(hub)
        self.fields["from_submission"].label_from_instance = (
            lambda s: f"{s.hackathon} — {s.team.name}: {s.title}")
        self.fields["from_cohort_member"].queryset = cohort_members_for_showcase(hub)

    def clean_cover_upload(self):
        upload = self.cleaned_data.get("cover_upload")
        return validate_upload(upload, kind="showcase_image", reencode=False) if upload else upload

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved. Please choose another."))
        # Slugs are unique across hubs (public URLs), so look beyond this hub's scope.
        with scopes_disabled():
            taken = ShowcaseProject.objects.filter(slug=slug).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(_("Another project already uses this address."))
        return slug

    def clean(self):
        data = super().clean()
        submission = data.get("from_submission")
        if submission is not None:
            if data.get("from_team") and data["from_team"].pk != submission.team_id:
                self.add_error("from_team", _("This submission belongs to another team."))
            else:
                data["from_team"] = submission.team
        return data

    def model_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in PROJECT_FIELDS if f in self.cleaned_data}
        data["translations"] = self.cleaned_translations
        return data


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Their account e-mail"),
                             help_text=_("The person needs a CreaConnect account: they will "
                                         "approve publication in the browser."))
    display_name = forms.CharField(label=_("Credited as"), max_length=120, required=False,
                                   help_text=_("Leave empty to use their profile name."))
    role = forms.CharField(label=_("Role in the team"), max_length=120, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account uses this e-mail address. Ask "
                                          "the person to sign up first."))
        self.user = user
        return email


class ImageForm(forms.Form):
    image = forms.ImageField(label=_("Image"),
                             help_text=_("JPEG, PNG or WebP up to 6 MB."))
    alt = forms.CharField(label=_("Description"), max_length=200, required=False,
                          help_text=_("What the image shows, for people who cannot see it."))

    def clean_image(self):
        return validate_upload(self.cleaned_data["image"], kind="showcase_image", reencode=False)


class AwardForm(forms.Form):
    title = forms.CharField(label=_("Award"), max_length=160)
    given_by = forms.CharField(label=_("Given by"), max_length=160, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class InterestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    organisation = forms.CharField(label=_("Organisation"), max_length=160, required=False)
    email = forms.EmailField(label=_("Your e-mail address"),
                             help_text=_("The team receives it so they can answer you."))
    kind = forms.ChoiceField(label=_("Kind of interest"), choices=InterestKind.choices)
    message = forms.CharField(label=_("Message"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    # Honeypot: hidden from people by CSS and from assistive tech by aria-hidden wrapper.
    website = forms.CharField(label=_("Leave this empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off"}))

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
