"""Forms of the programme console's events page: the filter, and a programme-wide event
(the hub form's fields and a host hub)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import EventForm
from events.models import EventKind
from hubs.forms import offered_hubs

from .forms import hub_choices


class EventFilterForm(forms.Form):
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    upcoming = forms.BooleanField(label=_("Only events still to come"), required=False)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = hub_choices(hubs)


class ProgrammeEventForm(EventForm):
    """A programme-wide event: an event hosted by a hub (usually the coordinating one),
    marked as the programme's own."""

    host = forms.ModelChoiceField(
        label=_("Host hub"), queryset=None,
        help_text=_("The hub whose console runs registration and check-in (usually the "
                    "coordinating hub)."))

    field_order = ["host"]

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, programme_admin=True, **kwargs)
        self.fields["host"].queryset = offered_hubs(hubs)
        if not self.is_bound:
            self.initial.setdefault("kind", EventKind.FINAL_EVENT)
