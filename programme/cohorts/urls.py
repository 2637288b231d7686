"""URLs of the cohorts half. Participant pages take ``hub``/``cohort`` slugs (never
``hub_slug``: that name marks console URLs for the hub scope middleware)."""

from django.urls import path

from .views import certificates, cohorts, mentor, milestones, training, translations

member = "programme/cohort/<slug:hub>/<slug:cohort>/"

urlpatterns: list = [
    path(member, cohorts.cohort_page, name="cohort"),
    path(f"{member}sessions/<int:session>/signup/", training.session_signup,
         name="session_signup"),
    path(f"{member}sessions/<int:session>/leave/", training.session_leave,
         name="session_leave"),
    path(f"{member}milestones/<int:milestone>/evidence/", cohorts.submit_evidence,
         name="milestone_evidence"),
    path("programme/evidence/<int:pk>/file/", cohorts.evidence_file, name="evidence_file"),
    path("programme/calendar/<str:token>.ics", training.calendar_feed, name="calendar"),
    path("certificates/<str:code>/", certificates.verify, name="certificate"),
    path("certificates/<str:code>/pdf/", certificates.download, name="certificate_pdf"),
    path("mentor/", mentor.mentor_space, name="mentor"),
    path("mentor/participants/<int:pk>/", mentor.mentee, name="mentee"),
    path("mentor/participants/<int:pk>/evidence/<int:submission>/review/",
         mentor.mentee_review, name="mentee_review"),
]

# Hub console, under manage/<slug:hub_slug>/ (namespace "programme_console").
console_urlpatterns: list = [
    path("cohorts/", cohorts.CohortListView.as_view(), name="cohorts"),
    path("cohorts/<int:pk>/", cohorts.CohortDetailView.as_view(), name="cohort"),
    path("cohorts/<int:pk>/edit/", cohorts.CohortEditView.as_view(), name="cohort_edit"),
    path("cohorts/<int:pk>/report/", cohorts.CohortReportView.as_view(), name="cohort_report"),
    path("cohorts/<int:pk>/sessions/", training.SessionsView.as_view(), name="sessions"),
    path("cohorts/<int:pk>/milestones/", milestones.MilestonesView.as_view(), name="milestones"),
    path("cohorts/<int:pk>/reviews/", milestones.ReviewQueueView.as_view(), name="reviews"),
    path("cohorts/<int:pk>/reviews/<int:submission>/", milestones.EvidenceReviewView.as_view(),
         name="evidence_review"),
    path("cohorts/<int:pk>/mentors/", cohorts.MentorsView.as_view(), name="mentors"),
    path("cohorts/<int:pk>/translations/", translations.CohortTranslationsView.as_view(),
         name="cohort_translations"),
    path("cohorts/<int:pk>/translations/<str:kind>/<int:item>/",
         translations.CohortTranslateItemView.as_view(), name="cohort_translate"),
    path("cohorts/<int:pk>/mentors/<int:assignment>/remove/",
         cohorts.MentorRemoveView.as_view(), name="mentor_remove"),
    path("sessions/<int:pk>/", training.SessionEditView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/cancel/", training.SessionCancelView.as_view(),
         name="session_cancel"),
    path("sessions/<int:pk>/attendance/", training.AttendanceView.as_view(),
         name="attendance"),
    path("milestones/<int:pk>/", milestones.MilestoneEditView.as_view(), name="milestone_edit"),
    path("milestones/<int:pk>/delete/", milestones.MilestoneDeleteView.as_view(),
         name="milestone_delete"),
    path("members/<int:pk>/", cohorts.MemberDetailView.as_view(), name="member"),
    path("members/<int:pk>/certificate/", certificates.IssueCertificateView.as_view(),
         name="issue_certificate"),
]
