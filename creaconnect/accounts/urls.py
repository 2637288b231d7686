from django.urls import path

from . import privacy_views, views

app_name = "accounts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/profile/", views.profile_edit, name="profile"),
]

# Privacy: the person's own data, and the public notice.
urlpatterns += [
    path("account/privacy/", privacy_views.privacy_home, name="privacy"),
    path("account/privacy/export/", privacy_views.export_request, name="privacy_export"),
    path("account/privacy/export/<int:pk>/status/", privacy_views.export_status,
         name="privacy_export_status"),
    path("account/privacy/export/<int:pk>/download/", privacy_views.export_download,
         name="privacy_export_download"),
    path("account/privacy/consents/withdraw/", privacy_views.consent_withdraw,
         name="privacy_consent_withdraw"),
    path("account/privacy/delete/", privacy_views.delete_account, name="privacy_delete"),
    path("privacy/", privacy_views.privacy_notice, name="privacy_notice"),
]
