from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/settings/", views.preferences, name="preferences"),
    path("notifications/<int:pk>/", views.notification_detail, name="notification"),
    path("notifications/<int:pk>/open/", views.OpenNotificationView.as_view(), name="open"),
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
    path("outbox/announce/", views.AnnounceView.as_view(), name="announce"),
    path("outbox/<int:pk>/", views.OutboxMessageView.as_view(), name="outbox_message"),
    path("outbox/<int:pk>/html/", views.OutboxMessageHtmlView.as_view(), name="outbox_html"),
]

console_urlpatterns = [
    path("outbox/", views.OutboxView.as_view(), name="hub_outbox"),
    path("outbox/<int:pk>/", views.OutboxMessageView.as_view(), name="hub_outbox_message"),
    path("outbox/<int:pk>/html/", views.OutboxMessageHtmlView.as_view(),
         name="hub_outbox_html"),
]
