"""URLs of office hours (namespace "programme"; the console's under manage/<slug:hub_slug>/,
namespace "programme_console")."""

from django.urls import path

from .views import office_hours as v

urlpatterns: list = [
    path("office-hours/", v.OfficeHoursView.as_view(), name="office_hours"),
    path("office-hours/slots/<int:pk>/book/", v.BookSlotView.as_view(),
         name="office_hours_book"),
    path("office-hours/bookings/<int:pk>/cancel/", v.CancelBookingView.as_view(),
         name="office_hours_cancel"),
    path("office-hours/bookings/<int:pk>/reschedule/", v.RescheduleView.as_view(),
         name="office_hours_reschedule"),
    path("office-hours/bookings/<int:pk>/move/", v.MoveBookingView.as_view(),
         name="office_hours_move"),
    path("office-hours/bookings/<int:pk>/rate/", v.RateBookingView.as_view(),
         name="office_hours_rate"),
    path("mentor/office-hours/", v.MentorOfficeHoursView.as_view(),
         name="mentor_office_hours"),
    path("mentor/office-hours/slots/<int:pk>/withdraw/", v.WithdrawSlotView.as_view(),
         name="office_hours_withdraw"),
    path("mentor/office-hours/bookings/<int:pk>/held/", v.MarkHeldView.as_view(),
         name="office_hours_held"),
    path("mentor/office-hours/bookings/<int:pk>/no-show/", v.MarkNoShowView.as_view(),
         name="office_hours_no_show"),
]

console_urlpatterns: list = [
    path("office-hours/", v.ConsoleOfficeHoursView.as_view(), name="office_hours"),
    path("office-hours/policy/", v.ConsolePolicyView.as_view(), name="office_hours_policy"),
]
