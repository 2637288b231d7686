"""Forms of the hackathons app. Choice fields are limited to the hackathon's own objects."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from creaconnect.accounts.choices import Discipline, SpokenLanguage
from creaconnect.core.i18n_content import TranslationsFormMixin, localised
from creaconnect.core.uploads import validate_upload
from hubs.models import Hub

from .models import Challenge, Criterion, Hackathon, Prize, Submission, SubmissionFile


class CommaListField(forms.CharField):
    """A comma-separated list of short words (skills)."""

    def to_python(self, value):
        value = super().to_python(value)
        items = [" ".join(v.split()).lower() for v in value.split(",")] if value else []
        items = [v for v in items if v]
        for item in items:
            if len(item) > 40:
                raise forms.ValidationError(_("Each skill has at most 40 characters."))
        if len(items) > 15:
            raise forms.ValidationError(_("Please list at most 15 skills."))
        return items

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value


class RegistrationForm(forms.Form):
    country = LazyTypedChoiceField(label=_("Country you live in"), choices=countries)
    disciplines = forms.MultipleChoiceField(
        label=_("Your disciplines"), choices=Discipline.choices,
        widget=forms.CheckboxSelectMultiple)
    skills = CommaListField(label=_("Skills"), required=False,
                            help_text=_("Comma-separated, for example: prototyping, video "
                                        "editing, fundraising."))
    languages = forms.MultipleChoiceField(label=_("Languages you work in"),
                                          choices=SpokenLanguage.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    home_hub = forms.ModelChoiceField(label=_("CreaConnect hub you work with"),
                                      queryset=Hub.objects.order_by("name"), required=False,
                                      empty_label=_("Choose…"),
                                      help_text=_("Judges from that hub will not judge your "
                                                  "team."))
    motivation = forms.CharField(label=_("Why do you want to take part?"), max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False,
                                    help_text=_("Seen only by the host hub's staff."))
    access_needs = forms.CharField(label=_("Access needs"), max_length=300, required=False,
                                   help_text=_("Seen only by the host hub's staff."))
    looking_for_team = forms.BooleanField(label=_("Show me in the team finder"),
                                          required=False, initial=True)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=80)
    pitch = forms.CharField(label=_("Short pitch"), max_length=300,
                            widget=forms.Textarea(attrs={"rows": 3}))
    challenge = forms.ModelChoiceField(label=_("Challenge"), queryset=None,
                                       required=False, empty_label=_("Choose…"))
    wanted_skills = CommaListField(label=_("Skills you are looking for"), required=False)
    looking_for_members = forms.BooleanField(label=_("We are looking for members"),
                                             required=False, initial=True)

    def __init__(self, *args, hackathon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = Challenge.objects.filter(hackathon=hackathon)
        self.fields["challenge"].label_from_instance = lambda c: localised(c, "title")


class JoinRequestForm(forms.Form):
    message = forms.CharField(label=_("Message to the captain"), max_length=500,
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class SubmissionForm(forms.ModelForm):
    challenge = forms.ModelChoiceField(label=_("Challenge"), queryset=None, required=False,
                                       empty_label=_("Choose…"))

    class Meta:
        model = Submission
        fields = ["title", "summary", "description", "repository_url", "video_url",
                  "demo_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8}),
                   "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, hackathon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = Challenge.objects.filter(hackathon=hackathon)
        self.fields["challenge"].label_from_instance = lambda c: localised(c, "title")


class FileForm(forms.Form):
    file = forms.FileField(label=_("File or image"),
                           help_text=_("PDF, ZIP, PNG, JPEG, WebP, TXT or Markdown; 10 MB at "
                                       "most."))

    def clean_file(self):
        return validate_upload(self.cleaned_data["file"], kind="submission",
                               extensions=SubmissionFile.ALLOWED_EXTENSIONS,
                               max_bytes=SubmissionFile.MAX_BYTES)


class FeedbackForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class MentoringLogForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ScoreForm(forms.Form):
    """One number field per criterion, plus the comment and the private note."""

    comment_to_team = forms.CharField(label=_("Comment to the team"), max_length=4000,
                                      required=False, widget=forms.Textarea(attrs={"rows": 4}))
    private_note = forms.CharField(label=_("Private note to the organisers"), max_length=4000,
                                   required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for c in criteria:
            fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{localised(c, 'name')} (0–{c.scale_max}, ×{float(c.weight):g})",
                min_value=0, max_value=c.scale_max, help_text=localised(c, "description"))
        self.fields = {**fields, **self.fields}

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class DeclareConflictForm(forms.Form):
    reason = forms.CharField(label=_("Why?"), max_length=300, required=False)


# --- console ---------------------------------------------------------------------------

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HackathonForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Hackathon.TRANSLATABLE_FIELDS

    class Meta:
        model = Hackathon
        fields = ["title", "slug", "theme", "summary", "description", "place", "is_online",
                  "starts_at", "ends_at", "registration_opens", "registration_closes",
                  "submission_deadline", "judging_opens", "judging_closes", "capacity",
                  "team_min", "team_max", "min_countries", "min_disciplines",
                  "judges_per_submission", "judging_mode", "expo_per_criterion",
                  "vote_closes", "schedule", "rules", "prizes_text"]
        widgets = {**{f: DT for f in ("starts_at", "ends_at", "registration_opens",
                                      "registration_closes", "submission_deadline",
                                      "judging_opens", "judging_closes", "vote_closes")},
                   "slug": forms.TextInput(attrs={"data-slug-from": "id_title"})}

    def clean(self):
        data = super().clean()
        order = ["registration_opens", "registration_closes", "submission_deadline",
                 "judging_opens", "judging_closes"]
        values = [data.get(f) for f in order]
        if all(values) and values != sorted(values):
            raise forms.ValidationError(_("The dates must follow each other: registration "
                                          "opens, closes, submission deadline, judging "
                                          "opens, closes."))
        if data.get("starts_at") and data.get("ends_at") and data["starts_at"] > data["ends_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        if data.get("team_min") and data.get("team_max") and data["team_min"] > data["team_max"]:
            self.add_error("team_max", _("The maximum must be at least the minimum."))
        if (data.get("vote_closes") and data.get("starts_at")
                and data["vote_closes"] <= data["starts_at"]):
            self.add_error("vote_closes", _("The community vote must close after the "
                                            "hackathon starts."))
        return data


class ChallengeForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Challenge.TRANSLATABLE_FIELDS
    class Meta:
        model = Challenge
        fields = ["title", "description", "order"]


class CriterionForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Criterion.TRANSLATABLE_FIELDS
    class Meta:
        model = Criterion
        fields = ["name", "description", "scale_max", "weight", "order"]


class PrizeForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Prize.TRANSLATABLE_FIELDS
    challenge = forms.ModelChoiceField(label=_("Challenge"), queryset=None, required=False,
                                       empty_label=_("Choose…"),
                                       help_text=_("For a challenge prize."))

    class Meta:
        model = Prize
        fields = ["name", "category", "description", "order"]

    def __init__(self, *args, hackathon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = Challenge.objects.filter(hackathon=hackathon)

    def clean(self):
        data = super().clean()
        if data.get("category") == "challenge" and not data.get("challenge"):
            self.add_error("challenge", _("A challenge prize needs its challenge."))
        return data


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(label=_("Extension until"), widget=DT)


class MentorForm(forms.Form):
    email = forms.EmailField(label=_("Mentor's e-mail address"))
