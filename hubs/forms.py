from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HubRole


class InviteStaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"),
                             help_text=_("They receive a link to join this hub's staff."))
    role = forms.ChoiceField(label=_("Role"), choices=HubRole.choices, initial=HubRole.STAFF)


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=HubRole.choices)
