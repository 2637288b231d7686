"""Forms of the cohorts half: cohorts, sessions, milestones, evidence, mentoring."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creaconnect.accounts.timezones import available_zones, zone_choices
from creaconnect.core.i18n_content import TranslationsFormMixin
from hubs.forms import offered_hubs

from .models import (
    Cohort,
    MentoringSession,
    Milestone,
    OfficeHourSlot,
    OfficeHoursPolicy,
    TrainingSession,
)
from .services.milestones import EVIDENCE_EXTENSIONS, check_evidence_file


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "slug", "description", "starts_on", "ends_on",
                  "min_attendance_percent", "require_all_milestones"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def clean_min_attendance_percent(self):
        value = self.cleaned_data["min_attendance_percent"]
        if value > 100:
            raise forms.ValidationError(_("A share cannot exceed 100%."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A cohort cannot end before it starts."))
        return data

    def validate_unique(self):
        pass  # (hub, slug) is checked by the service, which knows the hub


class TrainingSessionForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = TrainingSession.TRANSLATABLE_FIELDS
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = TrainingSession
        fields = ["title", "description", "starts_at", "duration_minutes", "place",
                  "online_url", "capacity", "trainer"]
        widgets = {"starts_at": DateTimeInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if value < 1:
            raise forms.ValidationError(_("At least one place."))
        return value


class MilestoneForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Milestone.TRANSLATABLE_FIELDS

    class Meta:
        model = Milestone
        fields = ["title", "description", "due_on", "order"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class EvidenceForm(forms.Form):
    text = forms.CharField(label=_("What you did"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https",
                          help_text=_("A document, a video, a web page…"))
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("Up to 10 MB: %(types)s")
                           % {"types": ", ".join(EVIDENCE_EXTENSIONS)})

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            upload = check_evidence_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("text", "").strip() or data.get("link") or data.get("file")):
            raise forms.ValidationError(_("Describe what you did, add a link or attach a file."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        ("approve", _("Sign off")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect)
    feedback = forms.CharField(label=_("Feedback for the participant"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not data.get("feedback", "").strip():
            self.add_error("feedback", _("Say what should change."))
        return data


class MentoringSessionForm(forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["date", "duration_minutes", "topics", "shared_notes", "private_notes"]
        widgets = {"date": DateInput(),
                   "shared_notes": forms.Textarea(attrs={"rows": 3}),
                   "private_notes": forms.Textarea(attrs={"rows": 3})}

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value < 5:
            raise forms.ValidationError(_("A session lasts at least five minutes."))
        return value


class AssignMentorForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    email = forms.EmailField(label=_("Mentor's e-mail address"),
                             help_text=_("Any person with an account can mentor."))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        # Limited to the cohort's own members (never another hub's).
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.user.name


class OfficeHoursPublishForm(TranslationsFormMixin, forms.Form):
    """A mentor offers an office hour, once or weekly; the hub is one where they mentor. The
    note may be written in the other languages too."""

    translatable_fields = OfficeHourSlot.TRANSLATABLE_FIELDS

    hub = forms.ModelChoiceField(label=_("Hub"), queryset=None)
    starts_at = forms.DateTimeField(label=_("First office hour starts"), widget=DateTimeInput(),
                                    input_formats=["%Y-%m-%dT%H:%M"])
    # Every named zone, grouped by region: a mentor may live anywhere.
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), initial=30,
                                          min_value=OfficeHourSlot.MIN_MINUTES,
                                          max_value=OfficeHourSlot.MAX_MINUTES)
    weeks = forms.IntegerField(label=_("Repeat weekly for (weeks)"), initial=1, min_value=1,
                               max_value=26, help_text=_("1 for a single office hour."))
    online_url = forms.URLField(label=_("Online link"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    note = forms.CharField(label=_("What to bring or ask"), max_length=300, required=False)
    weekly_limit = forms.IntegerField(label=_("Bookings per person per week"), initial=1,
                                      min_value=1, max_value=10)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = offered_hubs(hubs)

    def clean(self):
        data = super().clean()
        if not (data.get("online_url") or data.get("place")):
            raise forms.ValidationError(_("Give an online link or a place."))
        start, zone = data.get("starts_at"), data.get("time_zone")
        if start is not None and zone:
            # The time typed is a time in the chosen zone, not the server's.
            data["starts_at"] = timezone.make_aware(timezone.make_naive(start),
                                                    zoneinfo.ZoneInfo(zone))
        return data


class OfficeHourBookForm(forms.Form):
    topic = forms.CharField(label=_("What would you like to talk about?"), max_length=300)
    # Any named zone: the page offers the hubs' and the person's own (their profile's).
    time_zone = forms.ChoiceField(label=_("Your time zone"),
                                  choices=lambda: [(z, z) for z in sorted(available_zones())])


class OfficeHourMoveForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)


class OfficeHourRatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How useful was it?"), coerce=int,
                                    choices=[(n, str(n)) for n in range(5, 0, -1)],
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class OfficeHoursPolicyForm(forms.ModelForm):
    class Meta:
        model = OfficeHoursPolicy
        fields = ["open_to_cohorts", "open_to_hackathons"]
