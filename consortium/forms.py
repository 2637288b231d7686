"""Filters of the programme console. All are GET forms: they change nothing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hubs.forms import offered_hubs


def hub_choices(hubs, *extra) -> list:
    """A hub filter's choices: "Every hub", then ``extra`` ones, then the offered hubs."""
    return [("", _("Every hub")), *extra] + [(str(hub.pk), hub.name)
                                             for hub in offered_hubs(hubs)]


# A period longer than this is surely a typing mistake (a year 20206).
MAX_YEAR = 2100
MIN_YEAR = 2000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """An optional date range, both ends included. Dates are read in ISO form (the date
    picker) or as European day-first dates (31/12/2026, 31.12.2026)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end"):
            value = data.get(name)
            if value and not MIN_YEAR <= value.year <= MAX_YEAR:
                self.add_error(name, _("Choose a date between %(first)s and %(last)s.")
                               % {"first": MIN_YEAR, "last": MAX_YEAR})
        if start and end and start > end:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data

    def period(self) -> tuple:
        """(start, end) when valid, else (None, None): a bad period shows every date, with
        the error beside the field."""
        if self.is_valid():
            return self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return None, None


class AuditFilterForm(PeriodForm):
    NO_HUB = "none"

    hub = forms.ChoiceField(label=_("Hub"), required=False)
    actor = forms.CharField(label=_("Who (name or e-mail)"), required=False, max_length=120)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target = forms.CharField(label=_("Object (part of its name)"), required=False,
                             max_length=120)

    field_order = ["hub", "actor", "action", "target", "start", "end"]

    def __init__(self, *args, hubs, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = hub_choices(hubs, (self.NO_HUB, _("No hub")))
        self.fields["action"].choices = [("", _("Every action"))] + list(actions)


class ShowcaseFilterForm(forms.Form):
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, hubs, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = hub_choices(hubs)
        self.fields["state"].choices = [("", _("Every state"))] + list(states)


class SurveyFilterForm(forms.Form):
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    kind = forms.ChoiceField(label=_("Activity"), required=False)

    def __init__(self, *args, hubs, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = hub_choices(hubs)
        self.fields["kind"].choices = [("", _("Every activity"))] + list(kinds)
