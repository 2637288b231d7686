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
    path("showcase/consents/<int:pk>/approve/", consent.ApproveConsentView.as_view(),
         name="consent_approve"),
    path("showcase/consents/<int:pk>/decline/", consent.DeclineConsentView.as_view(),
         name="consent_decline"),
    path("showcase/consents/<int:pk>/withdraw/", consent.WithdrawConsentView.as_view(),
         name="consent_withdraw"),
    path("showcase/consents/<int:pk>/hide/", consent.HideNameView.as_view(),
         name="consent_hide"),
    path("showcase/consents/<int:pk>/show/", consent.ShowNameView.as_view(),
         name="consent_show"),
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
    path("showcase/<int:pk>/members/add/", console.AddMemberView.as_view(), name="member_add"),
    path("showcase/<int:pk>/members/<int:item>/remove/", console.RemoveMemberView.as_view(),
         name="member_remove"),
    path("showcase/<int:pk>/images/add/", console.AddImageView.as_view(), name="image_add"),
    path("showcase/<int:pk>/images/<int:item>/remove/", console.RemoveImageView.as_view(),
         name="image_remove"),
    path("showcase/<int:pk>/awards/add/", console.AddAwardView.as_view(), name="award_add"),
    path("showcase/<int:pk>/awards/<int:item>/remove/", console.RemoveAwardView.as_view(),
         name="award_remove"),
    path("showcase/<int:pk>/request-consents/", console.RequestConsentsView.as_view(),
         name="request_consents"),
    path("showcase/<int:pk>/publish/", console.PublishView.as_view(), name="publish"),
    path("showcase/<int:pk>/withdraw/", console.WithdrawView.as_view(), name="withdraw"),
    path("showcase/<int:pk>/draft/", console.ReturnToDraftView.as_view(), name="draft"),
    path("showcase/<int:pk>/present/", console.PresentView.as_view(), name="present"),
    path("showcase/<int:pk>/unpresent/", console.UnpresentView.as_view(), name="unpresent"),
]
