from django.urls import path

from .views import checkin, console, public

app_name = "events"

urlpatterns = [
    path("events/", public.event_list, name="list"),
    path("events/<slug:slug>/", public.event_detail, name="detail"),
    path("events/<slug:slug>/register/", public.RegisterView.as_view(), name="register"),
    path("events/<slug:slug>/cancel/", public.CancelView.as_view(), name="cancel"),
    path("events/<slug:slug>/ticket/", public.ticket, name="ticket"),
    path("events/<slug:slug>/calendar.ics", public.calendar, name="calendar"),
]

# Included under ``manage/<slug:hub_slug>/`` with the namespace ``events_console``.
console_urlpatterns = [
    path("events/", console.ListView.as_view(), name="list"),
    path("events/new/", console.CreateView.as_view(), name="create"),
    path("events/<slug:slug>/", console.DetailView.as_view(), name="detail"),
    path("events/<slug:slug>/edit/", console.EditView.as_view(), name="edit"),
    path("events/<slug:slug>/publish/", console.PublishView.as_view(), name="publish"),
    path("events/<slug:slug>/unpublish/", console.UnpublishView.as_view(), name="unpublish"),
    path("events/<slug:slug>/registrations/", console.RegistrationsView.as_view(),
         name="registrations"),
    path("events/<slug:slug>/registrations/<int:pk>/cancel/",
         console.CancelRegistrationView.as_view(), name="cancel_registration"),
    path("events/<slug:slug>/export/<str:what>.csv", console.ExportView.as_view(),
         name="export"),
    path("events/<slug:slug>/attendance/", console.AttendanceReportView.as_view(),
         name="attendance"),
    path("events/<slug:slug>/check-in/", checkin.CheckInView.as_view(), name="check_in"),
    path("events/<slug:slug>/check-in/scan/", checkin.CheckInTokenView.as_view(),
         name="check_in_token"),
    path("events/<slug:slug>/check-in/<int:pk>/", checkin.CheckInPersonView.as_view(),
         name="check_in_person"),
    path("events/<slug:slug>/check-in/<int:pk>/undo/", checkin.UndoCheckInView.as_view(),
         name="undo_check_in"),
]
