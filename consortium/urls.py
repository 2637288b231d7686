from django.urls import include, path

from .views import audit, events, experts, home, people, showcase, surveys

app_name = "consortium"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("people/<int:pk>/", people.PersonPathView.as_view(), name="person"),
    path("audit/", audit.AuditView.as_view(), name="audit"),
    path("audit/export.csv", audit.AuditExportView.as_view(), name="audit_export"),
    path("experts/", experts.ExpertListView.as_view(), name="experts"),
    path("experts/invite/", experts.ExpertInviteView.as_view(), name="expert_invite"),
    path("experts/<int:pk>/", experts.ExpertEditView.as_view(), name="expert_edit"),
    path("showcase/", showcase.ModerationView.as_view(), name="showcase"),
    path("showcase/<int:pk>/consents/", showcase.RequestConsentsView.as_view(),
         name="showcase_consents"),
    path("showcase/<int:pk>/publish/", showcase.PublishView.as_view(), name="showcase_publish"),
    path("showcase/<int:pk>/withdraw/", showcase.WithdrawView.as_view(),
         name="showcase_withdraw"),
    path("indicators/", include("consortium.views.indicators")),
    path("surveys/", surveys.SurveyResultsView.as_view(), name="surveys"),
    path("events/", events.EventsView.as_view(), name="events"),
    path("events/new/", events.ProgrammeEventCreateView.as_view(), name="event_create"),
    path("showcase/<int:pk>/draft/", showcase.ReturnToDraftView.as_view(),
         name="showcase_draft"),
]
