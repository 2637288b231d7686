"""Forms of the events app: the staff's event form and a person's registration form."""

import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from django_scopes import scopes_disabled

from creaconnect.core.i18n_content import TranslationsFormMixin

from .models import TIME_ZONES, Event, EventKind

MAX_QUESTIONS = 8
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_INPUT, **kwargs)


def parse_questions(text: str) -> list[dict]:
    """One question a line; a line ending with ``*`` must be answered."""
    questions = []
    for line in (text or "").splitlines():
        label = " ".join(line.split())
        required = label.endswith("*")
        label = label.rstrip("*").strip()
        if label:
            questions.append({"label": label[:200], "required": required})
    return questions


def questions_text(questions) -> str:
    return "\n".join(q["label"] + (" *" if q.get("required") else "") for q in questions or [])


class EventForm(TranslationsFormMixin, forms.ModelForm):
    """Dates are typed as wall-clock times of the event's own time zone."""

    translatable_fields = Event.TRANSLATABLE_FIELDS
    DATE_FIELDS = ("starts_at", "ends_at", "registration_opens", "registration_closes")

    questions_text = forms.CharField(
        label=_("Questions asked at registration"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question a line (for example: Accessibility needs). End a line with * "
                    "to make its answer required. At most 8."))

    class Meta:
        model = Event
        fields = ["title", "slug", "kind", "description", "venue", "address", "venue_notes", "city",
                  "online_url", "time_zone", "starts_at", "ends_at", "capacity",
                  "registration_opens", "registration_closes"]
        widgets = {
            "slug": forms.TextInput(attrs={"data-slug-from": "id_title"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput(),
            "registration_opens": LocalDateTimeInput(),
            "registration_closes": LocalDateTimeInput(),
        }

    def __init__(self, *args, programme_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not programme_admin:
            self.fields["kind"].choices = [c for c in EventKind.choices
                                           if c[0] != EventKind.FINAL_EVENT]
        self.fields["time_zone"].choices = TIME_ZONES
        self.fields["questions_text"].initial = questions_text(self.instance.questions)
        tz = self.instance.tz if self.instance.time_zone else timezone.get_current_timezone()
        for name in self.DATE_FIELDS:
            value = getattr(self.instance, name, None)
            if value and not self.is_bound:
                self.initial[name] = timezone.localtime(value, tz).strftime(LOCAL_INPUT)
            self.fields[name].input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        # Addresses are unique across hubs (the public page has no hub in its URL).
        with scopes_disabled():
            taken = Event.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
        if taken:
            raise forms.ValidationError(_("Another event already uses this address."))
        return slug

    def validate_unique(self):
        """The slug is checked across every hub in :meth:`clean_slug`; the scoped default
        manager would see this hub only."""

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("An event has at least one place."))
        return capacity

    def clean_questions_text(self):
        questions = parse_questions(self.cleaned_data.get("questions_text", ""))
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(_("Ask at most 8 questions."))
        return questions

    def _in_zone(self, cleaned, tz):
        """The typed times are the event's local times: re-read them in its zone."""
        for name in self.DATE_FIELDS:
            value = cleaned.get(name)
            if isinstance(value, datetime):
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                cleaned[name] = timezone.make_aware(naive, tz)

    def clean(self):
        cleaned = super().clean()
        tz = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "UTC")
        self._in_zone(cleaned, tz)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if opens and closes and closes <= opens:
            self.add_error("registration_closes",
                           _("Registration must close after it opens."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes",
                           _("Registration must close before the event ends."))
        if not cleaned.get("venue") and not cleaned.get("online_url"):
            self.add_error("venue", _("Give a venue, an online link, or both."))
        return cleaned

    def save(self, commit=True):
        self.instance.questions = self.cleaned_data.get("questions_text", [])
        return super().save(commit=commit)


class RegistrationForm(forms.Form):
    """Organisation and country (for the funder's attendance list) and the event's questions."""

    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = LazyTypedChoiceField(label=_("Country you live in"), choices=countries,
                                   required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for index, question in enumerate(event.questions or []):
            self.fields[f"q{index}"] = forms.CharField(
                label=question.get("label", ""), max_length=500,
                required=bool(question.get("required")),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Seen only by the organisers."))

    def answers(self) -> dict[int, str]:
        return {index: self.cleaned_data.get(f"q{index}", "")
                for index in range(len(self.event.questions or []))}
