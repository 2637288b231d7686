"""Forms of call review on the engine: rounds, the ranking figure, reviewers, conflicts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RankFigure, ReviewRound


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("For example “Eligibility” or “Expert scoring”."))
    deadline = forms.DateTimeField(label=_("Deadline"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    per_application = forms.IntegerField(label=_("Reviewers per application"), initial=2,
                                         min_value=1,
                                         max_value=ReviewRound.MAX_PER_APPLICATION)
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria scored in this round"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every criterion of the call."))

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = call.criteria.all()


class RankFigureForm(forms.Form):
    rank_by = forms.ChoiceField(label=_("Rank the applications by"), choices=RankFigure.choices,
                                widget=forms.RadioSelect)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Why (seen by the hub team only)"), max_length=300,
                             required=False)
