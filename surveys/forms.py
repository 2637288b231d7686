from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind


class PrepareForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity"),
                                 help_text=_("A session, cohort or hackathon that has not "
                                             "ended yet. Its survey goes out when it ends."))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", _("Choose…")), *choices]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices,
                             initial=QuestionKind.LIKERT)
