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
    path("staff/invite/", console.InviteStaffView.as_view(), name="staff_invite"),
    path("staff/<int:pk>/role/", console.ChangeRoleView.as_view(), name="staff_role"),
    path("staff/<int:pk>/remove/", console.RemoveStaffView.as_view(), name="staff_remove"),
    path("staff/invitations/<int:pk>/revoke/", console.RevokeInvitationView.as_view(),
         name="invitation_revoke"),
]
