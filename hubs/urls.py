from django.urls import path

from .views import console, invitations, public

app_name = "hubs"

urlpatterns = [
    path("hubs/", public.hub_list, name="list"),
    path("hubs/<slug:slug>/", public.hub_detail, name="detail"),
    path("invitations/<str:token>/", invitations.accept, name="invitation"),
]

# Mounted under manage/<slug:hub_slug>/ with the namespace "console".
console_urlpatterns = [
    path("", console.ConsoleHomeView.as_view(), name="home"),
    path("staff/", console.StaffView.as_view(), name="staff"),
]
