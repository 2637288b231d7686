"""One convention for forms that offer a choice of hubs (issue 19): the caller passes the hubs
it may offer as a queryset, and the form accepts only those. Another hub's id is refused, and
a list instead of a queryset is the caller's mistake (TypeError), not something to convert."""

import pytest

from consortium.forms import AuditFilterForm, ShowcaseFilterForm, SurveyFilterForm
from hubs.models import Hub
from programme.cohorts.forms import OfficeHoursPublishForm
from tests.factories import HubFactory

OFFICE_HOUR = {"starts_at": "2030-03-06T10:00", "time_zone": "Europe/Paris",
               "duration_minutes": "30", "weeks": "1", "place": "Room 2", "weekly_limit": "1"}
# (form, the data besides the hub that makes it valid)
FORMS = [
    (OfficeHoursPublishForm, OFFICE_HOUR),
    (AuditFilterForm, {}),
    (ShowcaseFilterForm, {}),
    (SurveyFilterForm, {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "data"), FORMS,
                         ids=[form.__name__ for form, _data in FORMS])
def test_a_hub_outside_the_given_hubs_is_refused(form_class, data):
    mine, other = HubFactory(), HubFactory()
    offered = Hub.objects.filter(pk=mine.pk)

    accepted = form_class({**data, "hub": str(mine.pk)}, hubs=offered)
    assert accepted.is_valid(), accepted.errors

    refused = form_class({**data, "hub": str(other.pk)}, hubs=offered)
    assert not refused.is_valid()
    assert "hub" in refused.errors


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [form for form, _data in FORMS],
                         ids=[form.__name__ for form, _data in FORMS])
def test_hubs_must_be_a_queryset(form_class):
    hub = HubFactory()
    with pytest.raises(TypeError, match="queryset of Hub"):
        form_class(hubs=[hub])


@pytest.mark.django_db
def test_the_gallery_filter_takes_the_same_queryset_and_drops_another_hub():
    from showcase.forms import GalleryFilterForm

    shown, hidden = HubFactory(), HubFactory()
    offered = Hub.objects.filter(pk=shown.pk)
    assert GalleryFilterForm({"hub": shown.slug}, hubs=offered).filters() == {"hub": shown.slug}
    # The gallery's filters ignore a bad value rather than fail: another hub is dropped.
    assert "hub" not in GalleryFilterForm({"hub": hidden.slug}, hubs=offered).filters()
    with pytest.raises(TypeError, match="queryset of Hub"):
        GalleryFilterForm(hubs=[shown])
