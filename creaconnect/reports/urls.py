from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "reports"

# Programme-wide reports (programme admins); the same views serve a hub under /manage/.
urlpatterns = [
    path("reports/", views.ReportsView.as_view(), name="programme"),
    path("reports/<int:pk>/status/", login_required(views.report_status),
         name="programme_status"),
    path("reports/<int:pk>/download/", login_required(views.report_download),
         name="programme_download"),
]

console_urlpatterns = [
    path("reports/", views.ReportsView.as_view(), name="list"),
    path("reports/<int:pk>/status/", views.report_status, name="status"),
    path("reports/<int:pk>/download/", views.report_download, name="download"),
]
