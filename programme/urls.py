"""Programme URLs, composed from the calls side and the cohorts side of the app."""

from .calls.urls import console_urlpatterns as calls_console
from .calls.urls import urlpatterns as calls_public
from .cohorts.office_hours_urls import console_urlpatterns as office_hours_console
from .cohorts.office_hours_urls import urlpatterns as office_hours_public
from .cohorts.urls import console_urlpatterns as cohorts_console
from .cohorts.urls import urlpatterns as cohorts_public

app_name = "programme"

# Public and participant pages (namespace "programme").
urlpatterns = calls_public + cohorts_public + office_hours_public

# Hub console pages under manage/<slug:hub_slug>/ (namespace "programme_console").
console_urlpatterns = calls_console + cohorts_console + office_hours_console
