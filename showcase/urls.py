from django.urls import path, re_path

from .api import api, not_found
from .views import consent, console, exports, public

app_name = "showcase"

# Public and participant pages, mounted at the site root (inside i18n_patterns).
urlpatterns = [
    path("showcase/", public.gallery, name="gallery"),
    path("showcase/event/", public.event, name="event"),
    path("showcase/event/calendar.ics", exports.event_ics, name="event_ics"),
    path("showcase/event/calendar/<int:pk>.ics", exports.agenda_item_ics,
         name="agenda_item_ics"),
    path("showcase/feed/", exports.NewProjectsFeed(), name="feed"),
    path("showcase/export.csv", exports.export_csv, name="export_csv"),
    path("showcase/consents/", consent.consent_list, name="consents"),
    path("showcase/consents/<int:pk>/", consent.consent_detail, name="consent"),
    path("showcase/<slug:slug>/", public.project_detail, name="project"),
    path("showcase/<slug:slug>/interest/", public.express_interest, name="interest"),
    path("sitemap.xml", exports.sitemap, name="sitemap"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),  # the API's errors are JSON, its 404 too
]

# Hub console pages, mounted under manage/<slug:hub_slug>/ with namespace "showcase_console".
console_urlpatterns = [
    path("showcase/", console.ProjectListView.as_view(), name="list"),
    path("showcase/new/", console.ProjectCreateView.as_view(), name="create"),
    path("showcase/<int:pk>/", console.ProjectDetailView.as_view(), name="detail"),
    path("showcase/<int:pk>/edit/", console.ProjectEditView.as_view(), name="edit"),
]
