"""Programme URLs, composed from the calls half and the cohorts half of the app."""

from .urls_calls import console_urlpatterns as calls_console
from .urls_calls import urlpatterns as calls_public
from .urls_cohorts import console_urlpatterns as cohorts_console
from .urls_cohorts import urlpatterns as cohorts_public

app_name = "programme"

# Public and participant pages (namespace "programme").
urlpatterns = calls_public + cohorts_public

# Hub console pages under manage/<slug:hub_slug>/ (namespace "programme_console").
console_urlpatterns = calls_console + cohorts_console
