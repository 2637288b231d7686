from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Hub, HubRole


def offered_hubs(hubs) -> QuerySet:
    """The one convention for a form that offers a choice of hubs: the caller passes the hubs
    it may offer as a queryset of ``Hub`` (``hubs_for_user``, ``mentor_hubs``,
    ``public_hubs``), and the form accepts only those. A list or anything else is a mistake
    in the caller, not input to convert."""
    if not isinstance(hubs, QuerySet) or hubs.model is not Hub:
        raise TypeError("hubs: a queryset of Hub, the hubs this form may offer")
    return hubs


class InviteStaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"),
                             help_text=_("They receive a link to join this hub's staff."))
    role = forms.ChoiceField(label=_("Role"), choices=HubRole.choices, initial=HubRole.STAFF)


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=HubRole.choices)
